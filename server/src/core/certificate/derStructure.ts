// Recognises what a blob of DER bytes is. Certificates come back parsed; everything else comes back
// named, so the user learns what they dropped instead of "invalid certificate".
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { pkijsLibrary } from './libraries';

export interface ParsedCertificate {
  /** Exactly the DER of the certificate (no trailing bytes), as IIS compares it. */
  der: Uint8Array;
  cert: pkijs.Certificate;
}

export type DerStructure =
  | { kind: 'certificate'; certificate: ParsedCertificate }
  | { kind: 'pkcs7'; certificates: ParsedCertificate[] }
  | { kind: 'pkcs7-empty' }
  | { kind: 'pkcs12' }
  | { kind: 'csr' }
  | { kind: 'crl' }
  | { kind: 'private-key' }
  | { kind: 'encrypted-private-key' }
  | { kind: 'public-key' }
  | { kind: 'truncated'; declared: number; present: number }
  | { kind: 'trailing-data'; certificate: ParsedCertificate; extra: number }
  | { kind: 'not-der' }
  | { kind: 'unknown-der' };

const OID_PKCS7_DATA = '1.2.840.113549.1.7.1';
const OID_PKCS7_SIGNED_DATA = '1.2.840.113549.1.7.2';

/** Reads a DER length header by hand: asn1js only says "end of input", not how much was expected. */
export function declaredDerLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < 2) return undefined;
  const first = bytes[1];
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || bytes.length < 2 + count) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + bytes[2 + i];
  return 2 + count + length;
}

function tryParse<T>(make: () => T): T | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

function isInteger(block: asn1js.AsnType | undefined, value?: number): boolean {
  if (!(block instanceof asn1js.Integer)) return false;
  return value === undefined || block.valueBlock.valueDec === value;
}

function childrenOf(block: asn1js.AsnType | undefined): asn1js.AsnType[] {
  return block instanceof asn1js.Sequence ? (block.valueBlock.value as asn1js.AsnType[]) : [];
}

function certificatesFromSignedData(content: asn1js.AsnType): ParsedCertificate[] | undefined {
  const signed = tryParse(() => new (pkijsLibrary().SignedData)({ schema: content }));
  if (!signed) return undefined;
  const found: ParsedCertificate[] = [];
  for (const entry of signed.certificates ?? []) {
    if (!(entry instanceof pkijsLibrary().Certificate)) continue;
    const der = new Uint8Array(entry.toSchema().toBER(false));
    found.push({ der, cert: entry });
  }
  return found;
}

/**
 * True when DER bytes cannot hold any structure classifyDer names: every one of them (certificate,
 * CSR, CRL, PKCS#7, PKCS#12, private and public keys) starts its outer SEQUENCE with a SEQUENCE, an
 * INTEGER or an OBJECT IDENTIFIER. Answers from the first bytes, so a value that is not a certificate
 * costs no ASN.1 parse (thousands of them in a large applicationHost.config).
 */
export function cannotBeKnownDer(bytes: Uint8Array): boolean {
  if (bytes.length < 2 || bytes[0] !== 0x30) return true;
  const declared = bytes[1] === 0x80 ? bytes.length : declaredDerLength(bytes);
  if (declared === undefined || declared > bytes.length) return false;
  return firstTagExcluded(bytes, declared);
}

/** The same verdict from the first bytes alone (a value's first 12 base64 characters): false when unsure. */
export function headerCannotBeKnownDer(header: Uint8Array): boolean {
  if (header.length < 2 || header[0] !== 0x30) return false;
  return firstTagExcluded(header, Infinity);
}

function firstTagExcluded(bytes: Uint8Array, declared: number): boolean {
  const header = bytes[1] < 0x80 ? 2 : 2 + (bytes[1] & 0x7f);
  if (header >= declared || header >= bytes.length) return false;
  const tag = bytes[header];
  const universal = tag >> 6 === 0;
  const number = tag & 0x1f;
  return !universal || (number !== 0x02 && number !== 0x06 && number !== 0x10);
}

export function classifyDer(bytes: Uint8Array): DerStructure {
  if (bytes.length < 2 || bytes[0] !== 0x30) return { kind: 'not-der' };
  // Windows writes some .pfx files with BER indefinite lengths (0x30 0x80): no length to check up front.
  const indefinite = bytes[1] === 0x80;
  const declared = indefinite ? bytes.length : declaredDerLength(bytes);
  if (declared === undefined) return { kind: 'not-der' };
  if (declared > bytes.length) return { kind: 'truncated', declared, present: bytes.length };

  const exact = bytes.subarray(0, declared);
  const asn1 = asn1js.fromBER(exact);
  if (asn1.offset === -1) return { kind: 'not-der' };
  const root = asn1.result;

  // Built from the tree already read: parsing the bytes a second time doubled the cost per mapping.
  const parsedCert = tryParse(() => new (pkijsLibrary().Certificate)({ schema: root }));
  const certificate = parsedCert ? { der: exact, cert: parsedCert } : undefined;
  if (certificate) {
    return declared < bytes.length
      ? { kind: 'trailing-data', certificate, extra: bytes.length - declared }
      : { kind: 'certificate', certificate };
  }

  const top = childrenOf(root);
  if (top[0] instanceof asn1js.ObjectIdentifier && top[0].valueBlock.toString() === OID_PKCS7_SIGNED_DATA) {
    const content = tryParse(() => new (pkijsLibrary().ContentInfo)({ schema: root }));
    const certificates = content ? certificatesFromSignedData(content.content) : undefined;
    if (certificates === undefined) return { kind: 'unknown-der' };
    return certificates.length > 0 ? { kind: 'pkcs7', certificates } : { kind: 'pkcs7-empty' };
  }
  // PFX: version 3, then a ContentInfo of type data (password-integrity) or signedData.
  if (isInteger(top[0], 3) && top[1] instanceof asn1js.Sequence) {
    const inner = childrenOf(top[1])[0];
    if (inner instanceof asn1js.ObjectIdentifier) {
      const oid = inner.valueBlock.toString();
      if (oid === OID_PKCS7_DATA || oid === OID_PKCS7_SIGNED_DATA) return { kind: 'pkcs12' };
    }
  }
  if (tryParse(() => new (pkijsLibrary().CertificationRequest)({ schema: root }))) return { kind: 'csr' };
  if (tryParse(() => new (pkijsLibrary().CertificateRevocationList)({ schema: root }))) return { kind: 'crl' };
  // PKCS#8 PrivateKeyInfo: version 0 or 1, AlgorithmIdentifier, OCTET STRING key.
  if ((isInteger(top[0], 0) || isInteger(top[0], 1)) && top[1] instanceof asn1js.Sequence && top[2] instanceof asn1js.OctetString) {
    return { kind: 'private-key' };
  }
  // PKCS#1 RSAPrivateKey: version 0 then eight INTEGERs.
  if (top.length >= 9 && top.slice(0, 9).every((b) => isInteger(b))) return { kind: 'private-key' };
  // SEC 1 ECPrivateKey: version 1, OCTET STRING key, optional [0] parameters / [1] public key.
  if (isInteger(top[0], 1) && top[1] instanceof asn1js.OctetString) return { kind: 'private-key' };
  // EncryptedPrivateKeyInfo: AlgorithmIdentifier, OCTET STRING.
  if (top.length === 2 && top[0] instanceof asn1js.Sequence && top[1] instanceof asn1js.OctetString) {
    return { kind: 'encrypted-private-key' };
  }
  if (tryParse(() => new (pkijsLibrary().PublicKeyInfo)({ schema: root }))) return { kind: 'public-key' };
  return { kind: 'unknown-der' };
}
