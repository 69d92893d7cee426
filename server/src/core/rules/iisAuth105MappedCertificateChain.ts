import { isoDate } from '../certificate/describeCertificate';
import { EKU_ANY_PURPOSE, EKU_CLIENT_AUTH } from '../certificate/oidNames';
import { findElementSchema } from '../knowledge/schema';
import {
  bindingFlag,
  buildChain,
  certificateName,
  siteHttpsBindings,
  type CertificateChain,
  type HttpSysBinding,
} from '../snapshot/index';
import { MAPPING_SECTION } from './authSections';
import { bindingsOfSite, httpSysBindingsServing, pinnedCertificates, type PinnedCertificate } from './snapshotContext';
import type { SnapshotRule, SnapshotRuleContext, SnapshotRuleReport } from './snapshotRule';

// The certificate a one-to-one mapping pins is only ever presented with its chain, and Windows checks
// that chain before IIS compares anything: it must end in a root of LocalMachine\Root (else 403.16),
// every CA in it must be in its validity period (else 403.17), and with revocation checking on
// (`Verify Client Certificate Revocation`, the default) every element below the root needs a CRL the
// server can fetch — none, or only an ldap:// one a server outside the domain cannot reach, is a 403.13
// risk (Client Certificate revisited… How to troubleshoot client certificate related issues,
// https://blogs.msdn.microsoft.com/saurabh_singh/2007/06/09/client-certificate-revisited-how-to-troubleshoot-client-certificate-related-issues/).
// A CA whose extended key usages exclude Client Authentication makes browsers offer nothing: 403.7.
// The leaf's own validity, EKU and CDP are IIS-AUTH-008's; this rule looks at the chain.

export const iisAuth105MappedCertificateChain: SnapshotRule = {
  code: 'IIS-AUTH-105',
  title: 'Mapped certificate whose chain the server cannot trust or check',
  severity: 'error',
  docUrl: findElementSchema(`${MAPPING_SECTION}/oneToOneMappings/add`)!.docUrl,
  check(context) {
    const { snapshot, workspace } = context;
    if (snapshot.stores.length === 0) return;
    const siteBindings = siteHttpsBindings(workspace);
    for (const pinned of pinnedCertificates(workspace)) {
      const chain = buildChain(snapshot, pinned.certificate, context.now);
      const serving = httpSysBindingsServing(snapshot, siteBindings, bindingsOfSite(siteBindings, pinned.site));
      checkChain(context, pinned, chain, serving);
    }
  },
};

function checkChain(context: SnapshotRuleContext, pinned: PinnedCertificate, chain: CertificateChain, serving: HttpSysBinding[]): void {
  const leafName = certificateName(chain.elements[0].description);
  const who = `${leafName}${pinned.user ? ` (mapped to '${pinned.user}')` : ''}`;
  const report = (message: string, extra: Partial<SnapshotRuleReport> = {}) =>
    context.report({ at: { file: pinned.file, span: pinned.span }, message, ...extra });
  const storeRelated = chain.elements.slice(1).flatMap((e) => (e.stored ? [{ uri: e.stored.uri, message: `${certificateName(e.description)} in the ${e.stored.store} store` }] : []));

  if (!chain.complete) {
    const hint = chain.aiaHints.length > 0 ? ` Windows may download it from the certificate's AIA address (${chain.aiaHints.join(', ')}) if the server can reach it; the root must be in Root regardless.` : '';
    report(`The chain of ${who} stops at ${certificateName(chain.elements[chain.elements.length - 1].description)}: its issuer '${chain.missingIssuer?.text}' is in none of the snapshot's store folders, so the server cannot build the chain to a trusted root: 403.16 (client certificate untrusted or invalid). Import the CA certificates into LocalMachine\\CA and the root into LocalMachine\\Root.${hint}`, {
      severity: chain.aiaHints.length > 0 ? 'warning' : 'error',
      related: storeRelated,
      data: { issue: 'incomplete-chain' },
    });
  } else if (!chain.trusted) {
    const root = chain.elements[chain.elements.length - 1];
    report(`The chain of ${who} ends in ${certificateName(root.description)}, which is not in the snapshot's Root store: the server does not trust it, 403.16 (client certificate untrusted or invalid). Import that root into LocalMachine\\Root.`, {
      related: storeRelated,
      data: { issue: 'untrusted-root' },
    });
  }

  for (const element of chain.elements.slice(1)) {
    const name = certificateName(element.description);
    const related = element.stored ? [{ uri: element.stored.uri, message: `${name} in the ${element.stored.store} store` }] : [];
    if (element.description.validity.state !== 'valid') {
      report(`${name}, a CA in the chain of ${who}, is ${element.description.validity.state === 'expired' ? `expired since ${isoDate(element.description.notAfter)}` : `not valid before ${isoDate(element.description.notBefore)}`}: every certificate it issued is refused with 403.17 (client certificate expired or not yet valid).`, {
        related,
        data: { issue: 'ca-validity' },
      });
    }
    const ekus = element.description.extendedKeyUsages;
    if (ekus && !ekus.some((e) => e.oid === EKU_CLIENT_AUTH || e.oid === EKU_ANY_PURPOSE)) {
      report(`${name} in the chain of ${who} restricts its certificates to ${ekus.map((e) => e.name).join(', ') || 'no usage'}, without Client Authentication: browsers do not offer ${leafName} to a web site, 403.7 (client certificate required).`, {
        severity: 'warning',
        related,
        data: { issue: 'ca-eku' },
      });
    }
  }

  // Revocation: HTTP.sys checks every element except the root unless the binding turns it off.
  const checking = serving.length === 0 ? undefined : serving.filter((entry) => bindingFlag(entry, 'verifyClientCertificateRevocation') !== false);
  if (checking && checking.length === 0) return;
  const belowRoot = chain.elements.filter((e, i) => i < chain.elements.length - 1 || !chain.complete);
  for (const element of belowRoot) {
    const cdps = element.description.crlDistributionPoints;
    const isLeaf = element === chain.elements[0];
    // A leaf without any CDP is already IIS-AUTH-008's finding.
    if (cdps.length === 0 && isLeaf) continue;
    const ldapOnly = cdps.length > 0 && cdps.every((url) => /^ldap:/i.test(url));
    if (cdps.length > 0 && !ldapOnly) continue;
    const name = certificateName(element.description);
    const where = checking
      ? `${checking.map((e) => `${e.keyField.label} ${e.endpoint}`).join(', ')} check${checking.length === 1 ? 's' : ''} revocation (Verify Client Certificate Revocation: Enabled)`
      : 'revocation checking is on by default (the snapshot has no netsh dump for this site)';
    report(`${name} in the chain of ${who} has ${ldapOnly ? `only an LDAP CRL distribution point (${cdps[0]})` : 'no CRL distribution point'}, and ${where}: ${ldapOnly ? 'a server outside that directory cannot fetch the CRL' : 'the server cannot find its CRL'}, so requests risk 403.13 (client certificate revoked, or revocation status unknown). Publish an http:// CDP, or turn revocation checking off for the binding knowingly.`, {
      severity: checking ? 'warning' : 'information',
      related: [
        ...(element.stored ? [{ uri: element.stored.uri, message: `${name} in the ${element.stored.store} store` }] : []),
        ...(checking ?? []).flatMap((entry) => (entry.known.verifyClientCertificateRevocation ? [{ file: entry.file, span: entry.known.verifyClientCertificateRevocation.span, message: 'Verify Client Certificate Revocation' }] : [])),
      ],
      data: { issue: ldapOnly ? 'ldap-only-cdp' : 'no-cdp' },
    });
  }
}
