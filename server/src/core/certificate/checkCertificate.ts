// What a careful administrator checks before mapping a certificate to an account. Diagnostics
// (rule 8), hovers and the insert-mapping command all report these same findings.
import type { Severity } from '../types';
import type { ParsedCertificate } from './derStructure';
import { CertificateDescription, describeCertificate, isoDate } from './describeCertificate';
import { EKU_ANY_PURPOSE, EKU_CLIENT_AUTH, EKU_SECURE_EMAIL } from './oidNames';

export type CertificateIssueKind =
  | 'expired'
  | 'not-yet-valid'
  | 'secure-email-only'
  | 'no-client-auth-eku'
  | 'ca-certificate'
  | 'no-crl-distribution-point'
  | 'chain-ca-expired'
  | 'chain-ca-no-crl-distribution-point';

export interface CertificateIssue {
  kind: CertificateIssueKind;
  severity: Severity;
  message: string;
}

function displayName(description: CertificateDescription): string {
  const cn = description.subject.parts.find((p) => p.shortName === 'CN')?.value;
  return cn ? `'${cn}'` : description.subject.text || 'the certificate';
}

export function checkDescribedCertificate(description: CertificateDescription): CertificateIssue[] {
  const issues: CertificateIssue[] = [];
  const { validity } = description;
  if (validity.state === 'expired') {
    issues.push({
      kind: 'expired',
      severity: 'error',
      message: `The certificate expired on ${isoDate(description.notAfter)} (${validity.days} days ago): IIS answers 403.17 before any mapping is tried.`,
    });
  } else if (validity.state === 'not-yet-valid') {
    issues.push({
      kind: 'not-yet-valid',
      severity: 'error',
      message: `The certificate is not valid before ${isoDate(description.notBefore)} (in ${validity.days} days): until then IIS answers 403.17.`,
    });
  }

  const ekus = description.extendedKeyUsages;
  // Without an EKU extension Windows allows every purpose, so only a present-but-narrow list is a problem.
  if (ekus && !ekus.some((e) => e.oid === EKU_CLIENT_AUTH || e.oid === EKU_ANY_PURPOSE)) {
    const names = ekus.map((e) => e.name).join(', ') || 'none';
    if (ekus.some((e) => e.oid === EKU_SECURE_EMAIL)) {
      issues.push({
        kind: 'secure-email-only',
        severity: 'warning',
        message: `This is an e-mail certificate (${names}) without Client Authentication: browsers do not offer it to log on to a site, so this mapping never matches. Map the user's logon (smart card) certificate instead.`,
      });
    } else {
      issues.push({
        kind: 'no-client-auth-eku',
        severity: 'warning',
        message: `Its extended key usages (${names}) lack Client Authentication (1.3.6.1.5.5.7.3.2): Windows does not use it to authenticate to a web site.`,
      });
    }
  }

  if (description.isCa) {
    issues.push({
      kind: 'ca-certificate',
      severity: 'warning',
      message: `This is a CA certificate (Basic Constraints: CA), not a user's certificate: no client logs on with it, so a mapping for it never matches.`,
    });
  }

  // A self-signed certificate is the root of its own chain, and Windows never checks a root's
  // revocation: without a CDP it loses nothing. A CA-issued one is checked.
  if (!description.isCa && !description.selfIssued && description.crlDistributionPoints.length === 0) {
    const ocsp = description.ocsp.length > 0;
    issues.push({
      kind: 'no-crl-distribution-point',
      severity: ocsp ? 'information' : 'warning',
      message: ocsp
        ? 'The certificate has no CRL distribution point, only OCSP: IIS checks the revocation of every certificate in the chain except the root, so the OCSP responder must be reachable from the server (403.13 otherwise).'
        : 'The certificate has no CRL distribution point (and no OCSP): IIS checks the revocation of every certificate in the chain except the root, and cannot for this one, which can end in 403.13.',
    });
  }
  return issues;
}

export function checkCertificateForMapping(certificate: ParsedCertificate, now: Date): CertificateIssue[] {
  return checkDescribedCertificate(describeCertificate(certificate, now));
}

/**
 * Checks the CA certificates that came with the leaf (a .p7b or PEM bundle). Windows checks the
 * validity of every certificate in the chain and revocation for every one except the root
 * (the MSDN blog "Client Certificate revisited"), so an intermediate without a reachable CRL fails requests just like the leaf would.
 */
export function checkChainForMapping(certificates: ParsedCertificate[], leaf: ParsedCertificate, now: Date): CertificateIssue[] {
  const issues: CertificateIssue[] = [];
  for (const certificate of certificates) {
    if (certificate === leaf) continue;
    const description = describeCertificate(certificate, now);
    if (!description.isCa) continue;
    if (description.validity.state !== 'valid') {
      issues.push({
        kind: 'chain-ca-expired',
        severity: 'error',
        message: `The CA certificate ${displayName(description)} in the chain is ${description.validity.text}: clients it issued get 403.17.`,
      });
    }
    if (!description.selfIssued && description.crlDistributionPoints.length === 0) {
      issues.push({
        kind: 'chain-ca-no-crl-distribution-point',
        severity: 'warning',
        message: `The intermediate CA ${displayName(description)} has no CRL distribution point: IIS checks revocation for every CA below the root, which can end in 403.13.`,
      });
    }
  }
  return issues;
}
