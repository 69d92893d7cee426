// The client certificate's chain as Windows would build it on the server: from the certificates
// the client sends (the file given) and the server's LocalMachine stores, issuer by issuer, each
// link's signature checked. Authority Information Access URLs are named as a hint, never fetched.
import { nodeCrypto } from '../certificate/libraries';
import type { ParsedCertificate } from '../certificate/derStructure';
import { describeCertificate, type CertificateDescription } from '../certificate/describeCertificate';
import type { SourceRef, StoreCertificate } from './snapshotView';

export interface ChainElement {
  certificate: ParsedCertificate;
  description: CertificateDescription;
  /** Where the element was found: the client's file or a store folder's file. */
  source: SourceRef;
  /** The store it was found in; undefined for certificates that came with the client's file. */
  store?: string;
}

export interface ClientChain {
  elements: ChainElement[];
  /** The last element is self-signed (a root). */
  endsAtRoot: boolean;
  /** Set when the chain stops at a certificate whose issuer is in no store given. */
  missingIssuer?: {
    name: string;
    caIssuers: string[];
    /** Where certificates of the issuer's name were found whose key did not sign it (a re-keyed or impostor CA). */
    sameNameElsewhere: string[];
  };
}

export interface ChainPoolEntry extends StoreCertificate {
  store?: string;
}

// Signature algorithms node:crypto verifies without extra parameters. RSA-PSS and others are
// accepted on the issuer name alone (said in the step), rather than guessed.
const HASH_BY_SIGNATURE_OID: Record<string, string | null> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
};

/** True when `issuer` signed `subject`; undefined when the algorithm is not one checked here. */
export function signedBy(subject: ParsedCertificate, issuer: ParsedCertificate): boolean | undefined {
  const oid = subject.cert.signatureAlgorithm.algorithmId;
  if (!(oid in HASH_BY_SIGNATURE_OID)) return undefined;
  try {
    const spki = new Uint8Array(issuer.cert.subjectPublicKeyInfo.toSchema().toBER(false));
    const key = nodeCrypto().createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const signature = Buffer.from(subject.cert.signatureValue.valueBlock.valueHexView);
    return nodeCrypto().verify(HASH_BY_SIGNATURE_OID[oid], Buffer.from(subject.cert.tbsView), key, signature);
  } catch {
    return false;
  }
}

export function sameCertificate(a: ParsedCertificate, b: ParsedCertificate): boolean {
  return a.der.length === b.der.length && Buffer.from(a.der).equals(Buffer.from(b.der));
}

function isSelfSigned(certificate: ParsedCertificate): boolean {
  return certificate.cert.subject.isEqual(certificate.cert.issuer) && signedBy(certificate, certificate) !== false;
}

const MAX_CHAIN = 10;

export function buildClientChain(leaf: ChainElement, pool: ChainPoolEntry[], now: Date): ClientChain {
  const elements: ChainElement[] = [leaf];
  let current = leaf;
  while (elements.length < MAX_CHAIN) {
    if (isSelfSigned(current.certificate)) return { elements, endsAtRoot: true };
    const byName = pool.filter((p) => p.certificate.cert.subject.isEqual(current.certificate.cert.issuer) && !elements.some((e) => sameCertificate(e.certificate, p.certificate)));
    // Among issuers of the same name (a renewed CA keeps its name), the one whose key signed it.
    const issuer = byName.find((p) => signedBy(current.certificate, p.certificate) !== false);
    if (!issuer) {
      const sameNameElsewhere = [...new Set(byName.map((p) => (p.store ? `store ${p.store}` : 'the client\'s file')))];
      return { elements, endsAtRoot: false, missingIssuer: { name: current.description.issuer.text, caIssuers: current.description.caIssuers, sameNameElsewhere } };
    }
    current = { certificate: issuer.certificate, description: describeCertificate(issuer.certificate, now), source: issuer.source, store: issuer.store };
    elements.push(current);
  }
  return { elements, endsAtRoot: false };
}
