// Everything an administrator looks up in the Windows certificate dialog, read with pkijs.
// URLs found in the certificate are only reported, never fetched.
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { nodeCrypto, pkijsLibrary } from './libraries';
import type { ParsedCertificate } from './derStructure';
import { DistinguishedName, readDistinguishedName } from './distinguishedName';
import {
  AIA_CA_ISSUERS,
  AIA_OCSP,
  EXTENDED_KEY_USAGES,
  KEY_USAGE_BITS,
  OTHER_NAME_TYPES,
  PUBLIC_KEY_ALGORITHMS,
  SIGNATURE_ALGORITHMS,
} from './oidNames';

export type ValidityState = 'valid' | 'expired' | 'not-yet-valid';

export interface CertificateValidity {
  state: ValidityState;
  /** Whole days left (valid), since expiry (expired) or until the start (not yet valid). */
  days: number;
  /** E.g. "valid until 2049-12-31 (8439 days left)". */
  text: string;
}

export interface ExtendedKeyUsage {
  oid: string;
  name: string;
}

export interface CertificateDescription {
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Upper-case hex, as the Windows dialog shows it (without spaces). */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  validity: CertificateValidity;
  /** Upper-case hex without separators: what IIS Manager, certlm and PowerShell show as Thumbprint. */
  thumbprintSha1: string;
  thumbprintSha256: string;
  /** Undefined when the certificate has no Key Usage extension. */
  keyUsage?: string[];
  /** Undefined when the certificate has no EKU extension (Windows then allows every purpose). */
  extendedKeyUsages?: ExtendedKeyUsage[];
  subjectAltNames: string[];
  crlDistributionPoints: string[];
  caIssuers: string[];
  ocsp: string[];
  isCa: boolean;
  pathLength?: number;
  selfIssued: boolean;
  publicKey: string;
  signatureAlgorithm: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function validityAt(notBefore: Date, notAfter: Date, now: Date): CertificateValidity {
  if (now.getTime() < notBefore.getTime()) {
    const days = Math.ceil((notBefore.getTime() - now.getTime()) / DAY_MS);
    return { state: 'not-yet-valid', days, text: `not valid before ${isoDate(notBefore)} (starts in ${days} day${days === 1 ? '' : 's'})` };
  }
  if (now.getTime() > notAfter.getTime()) {
    const days = Math.floor((now.getTime() - notAfter.getTime()) / DAY_MS);
    return { state: 'expired', days, text: `expired on ${isoDate(notAfter)} (${days} day${days === 1 ? '' : 's'} ago)` };
  }
  const days = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  return { state: 'valid', days, text: `valid until ${isoDate(notAfter)} (${days} day${days === 1 ? '' : 's'} left)` };
}

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex').toUpperCase();
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((e) => e.extnID === oid);
}

function keyUsageNames(cert: pkijs.Certificate): string[] | undefined {
  const ext = extension(cert, '2.5.29.15');
  if (!ext || !(ext.parsedValue instanceof asn1js.BitString)) return undefined;
  const bits = ext.parsedValue.valueBlock.valueHexView;
  const names: string[] = [];
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bits[bit >> 3] ?? 0;
    if (byte & (0x80 >> (bit & 7))) names.push(name);
  });
  return names;
}

function extendedKeyUsages(cert: pkijs.Certificate): ExtendedKeyUsage[] | undefined {
  const ext = extension(cert, '2.5.29.37');
  if (!ext || !(ext.parsedValue instanceof pkijsLibrary().ExtKeyUsage)) return undefined;
  return ext.parsedValue.keyPurposes.map((oid) => ({ oid, name: EXTENDED_KEY_USAGES[oid] ?? oid }));
}

function otherNameText(value: unknown): string {
  const parts = value instanceof asn1js.Sequence || value instanceof asn1js.Constructed ? (value.valueBlock.value as asn1js.AsnType[]) : [];
  const typeOid = parts[0] instanceof asn1js.ObjectIdentifier ? parts[0].valueBlock.toString() : 'unknown';
  const wrapped = parts[1] instanceof asn1js.Constructed ? (parts[1].valueBlock.value as asn1js.AsnType[])[0] : undefined;
  const text = wrapped instanceof asn1js.BaseStringBlock ? wrapped.valueBlock.value : '…';
  return `${OTHER_NAME_TYPES[typeOid] ?? `Other Name ${typeOid}`}=${text}`;
}

function generalNameText(name: pkijs.GeneralName): string {
  switch (name.type) {
    case 0:
      return otherNameText(name.value);
    case 1:
      return `RFC822 Name=${name.value}`;
    case 2:
      return `DNS Name=${name.value}`;
    case 4:
      return `Directory Address=${name.value instanceof pkijsLibrary().RelativeDistinguishedNames ? readDistinguishedName(name.value).text : '…'}`;
    case 6:
      return `URL=${name.value}`;
    case 7: {
      const bytes = name.value instanceof asn1js.OctetString ? name.value.valueBlock.valueHexView : new Uint8Array();
      const address = bytes.length === 4 ? Array.from(bytes).join('.') : hex(bytes).replace(/(.{4})(?!$)/g, '$1:');
      return `IP Address=${address}`;
    }
    default:
      return `General Name (type ${name.type})`;
  }
}

function uriOf(name: pkijs.GeneralName): string | undefined {
  return name.type === 6 && typeof name.value === 'string' ? name.value : undefined;
}

function crlDistributionPoints(cert: pkijs.Certificate): string[] {
  const ext = extension(cert, '2.5.29.31');
  if (!ext || !(ext.parsedValue instanceof pkijsLibrary().CRLDistributionPoints)) return [];
  const urls: string[] = [];
  for (const point of ext.parsedValue.distributionPoints) {
    const names = Array.isArray(point.distributionPoint) ? point.distributionPoint : [];
    for (const name of names) {
      const uri = uriOf(name);
      if (uri) urls.push(uri);
    }
  }
  return urls;
}

function authorityInfoAccess(cert: pkijs.Certificate): { caIssuers: string[]; ocsp: string[] } {
  const found = { caIssuers: [] as string[], ocsp: [] as string[] };
  const ext = extension(cert, '1.3.6.1.5.5.7.1.1');
  if (!ext || !(ext.parsedValue instanceof pkijsLibrary().InfoAccess)) return found;
  for (const access of ext.parsedValue.accessDescriptions) {
    const uri = uriOf(access.accessLocation);
    if (!uri) continue;
    if (access.accessMethod === AIA_CA_ISSUERS) found.caIssuers.push(uri);
    else if (access.accessMethod === AIA_OCSP) found.ocsp.push(uri);
  }
  return found;
}

function subjectAltNames(cert: pkijs.Certificate): string[] {
  const ext = extension(cert, '2.5.29.17');
  if (!ext || !(ext.parsedValue instanceof pkijsLibrary().AltName)) return [];
  return ext.parsedValue.altNames.map(generalNameText);
}

function basicConstraints(cert: pkijs.Certificate): { isCa: boolean; pathLength?: number } {
  const ext = extension(cert, '2.5.29.19');
  if (!ext || !(ext.parsedValue instanceof pkijsLibrary().BasicConstraints)) return { isCa: false };
  const constraints = ext.parsedValue;
  const pathLength =
    typeof constraints.pathLenConstraint === 'number'
      ? constraints.pathLenConstraint
      : constraints.pathLenConstraint instanceof asn1js.Integer
        ? constraints.pathLenConstraint.valueBlock.valueDec
        : undefined;
  return { isCa: constraints.cA === true, pathLength };
}

function publicKeyText(cert: pkijs.Certificate): string {
  const algorithm = cert.subjectPublicKeyInfo.algorithm.algorithmId;
  const name = PUBLIC_KEY_ALGORITHMS[algorithm] ?? algorithm;
  try {
    const spki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false));
    const details = nodeCrypto().createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).asymmetricKeyDetails;
    if (details?.modulusLength) return `${name} (${details.modulusLength} bits)`;
    if (details?.namedCurve) {
      const curve = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }[details.namedCurve] ?? details.namedCurve;
      return `${name} ${curve}`;
    }
  } catch {
    // Unusual key types still get their algorithm name.
  }
  return name;
}

export function describeCertificate(certificate: ParsedCertificate, now: Date): CertificateDescription {
  const { cert, der } = certificate;
  const notBefore = cert.notBefore.value;
  const notAfter = cert.notAfter.value;
  const { caIssuers, ocsp } = authorityInfoAccess(cert);
  return {
    subject: readDistinguishedName(cert.subject),
    issuer: readDistinguishedName(cert.issuer),
    serialNumber: hex(cert.serialNumber.valueBlock.valueHexView),
    notBefore,
    notAfter,
    validity: validityAt(notBefore, notAfter, now),
    thumbprintSha1: nodeCrypto().createHash('sha1').update(der).digest('hex').toUpperCase(),
    thumbprintSha256: nodeCrypto().createHash('sha256').update(der).digest('hex').toUpperCase(),
    keyUsage: keyUsageNames(cert),
    extendedKeyUsages: extendedKeyUsages(cert),
    subjectAltNames: subjectAltNames(cert),
    crlDistributionPoints: crlDistributionPoints(cert),
    caIssuers,
    ocsp,
    ...basicConstraints(cert),
    selfIssued: cert.subject.isEqual(cert.issuer),
    // Reading the key costs more than the rest together, and most callers never show it.
    get publicKey() {
      const text = publicKeyText(cert);
      Object.defineProperty(this, 'publicKey', { value: text, enumerable: true });
      return text;
    },
    signatureAlgorithm: SIGNATURE_ALGORITHMS[cert.signatureAlgorithm.algorithmId] ?? cert.signatureAlgorithm.algorithmId,
  };
}
