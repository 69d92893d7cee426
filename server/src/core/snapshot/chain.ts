// The chain Windows would build for a certificate from the snapshot's store folders: issuer by subject
// name, from the intermediate stores (CA, ClientAuthIssuer, any other folder) up to a self-signed
// certificate, which is trusted only when it is in Root. AIA URLs are reported as hints (Windows may
// download a missing intermediate from them), never fetched. Signatures are not verified here: the
// stores are the server's own, and a name chain is what decides which store is missing what.
import type { ParsedCertificate } from '../certificate/derStructure';
import { readDistinguishedName, type DistinguishedName } from '../certificate/distinguishedName';
import { describeCertificate, type CertificateDescription } from '../certificate/describeCertificate';
import type { ServerSnapshot } from './index';
import { nameKey, sameStoreName, type StoreCertificate } from './stores';

export interface ChainElement {
  certificate: ParsedCertificate;
  description: CertificateDescription;
  /** Where the snapshot holds it (undefined for the certificate the chain starts from, unless a store has it too). */
  stored?: StoreCertificate;
}

export interface CertificateChain {
  /** The certificate first, then its issuers as far as the stores go. */
  elements: ChainElement[];
  /** The chain ends in a self-signed certificate. */
  complete: boolean;
  /** The self-signed end is in the Root store. */
  trusted: boolean;
  /** The issuer the stores lack, when the chain stops short of a self-signed certificate. */
  missingIssuer?: DistinguishedName;
  /** AIA caIssuers URLs of the last element found, when its issuer is missing. */
  aiaHints: string[];
}

const MAX_DEPTH = 8;
const descriptions = new WeakMap<ParsedCertificate, { now: number; description: CertificateDescription }>();

/** describeCertificate, cached per certificate and clock: rules and the simulator ask for the same ones. */
export function describeCached(certificate: ParsedCertificate, now: Date): CertificateDescription {
  const hit = descriptions.get(certificate);
  if (hit && hit.now === now.getTime()) return hit.description;
  const description = describeCertificate(certificate, now);
  descriptions.set(certificate, { now: now.getTime(), description });
  return description;
}

function isSelfIssued(certificate: ParsedCertificate): boolean {
  return nameKey(certificate.cert.subject) === nameKey(certificate.cert.issuer);
}

const issuerIndexes = new WeakMap<ServerSnapshot, Map<string, StoreCertificate[]>>();

/** Candidate issuers by subject: Root first (a trusted end wins), then the other stores; My is not an issuer store. */
function issuersOf(snapshot: ServerSnapshot, certificate: ParsedCertificate): StoreCertificate[] {
  let index = issuerIndexes.get(snapshot);
  if (!index) {
    index = new Map();
    for (const store of snapshot.stores) {
      if (sameStoreName(store.name, 'My')) continue;
      for (const candidate of store.certificates) {
        const key = candidate.subjectKey;
        const list = index.get(key) ?? [];
        list.push(candidate);
        index.set(key, list);
      }
    }
    for (const list of index.values()) list.sort((a, b) => Number(sameStoreName(b.store, 'Root')) - Number(sameStoreName(a.store, 'Root')));
    issuerIndexes.set(snapshot, index);
  }
  return index.get(nameKey(certificate.cert.issuer)) ?? [];
}

const chains = new WeakMap<ServerSnapshot, WeakMap<ParsedCertificate, { now: number; chain: CertificateChain }>>();

export function buildChain(snapshot: ServerSnapshot, certificate: ParsedCertificate, now: Date, stored?: StoreCertificate): CertificateChain {
  let bySnapshot = chains.get(snapshot);
  if (!bySnapshot) chains.set(snapshot, (bySnapshot = new WeakMap()));
  const hit = bySnapshot.get(certificate);
  if (hit && hit.now === now.getTime() && hit.chain.elements[0].stored === stored) return hit.chain;
  const chain = computeChain(snapshot, certificate, now, stored);
  bySnapshot.set(certificate, { now: now.getTime(), chain });
  return chain;
}

function computeChain(snapshot: ServerSnapshot, certificate: ParsedCertificate, now: Date, stored?: StoreCertificate): CertificateChain {
  const elements: ChainElement[] = [{ certificate, description: describeCached(certificate, now), stored }];
  let current = certificate;
  while (!isSelfIssued(current) && elements.length < MAX_DEPTH) {
    const issuer = issuersOf(snapshot, current).find((candidate) => !elements.some((e) => e.certificate.der === candidate.certificate.der));
    if (!issuer) {
      return {
        elements,
        complete: false,
        trusted: false,
        missingIssuer: readDistinguishedName(current.cert.issuer),
        aiaHints: elements[elements.length - 1].description.caIssuers,
      };
    }
    elements.push({ certificate: issuer.certificate, description: describeCached(issuer.certificate, now), stored: issuer });
    current = issuer.certificate;
  }
  const last = elements[elements.length - 1];
  const complete = isSelfIssued(last.certificate);
  const root = complete ? snapshot.stores.find((store) => sameStoreName(store.name, 'Root'))?.certificates.find((c) => Buffer.compare(c.certificate.der, last.certificate.der) === 0) : undefined;
  return { elements, complete, trusted: root !== undefined, aiaHints: [] };
}

/** A short name for messages: the CN, else the whole subject. */
export function certificateName(description: CertificateDescription): string {
  const cn = description.subject.parts.find((p) => p.shortName === 'CN')?.value;
  return cn ? `'${cn}'` : description.subject.text || '(empty subject)';
}
