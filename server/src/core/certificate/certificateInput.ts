// Turns whatever the user dropped or picked (DER, PEM, bare base64, .p7b, or something that is not a
// certificate at all) into certificates, or into one line that says what the file really is.
import type * as pkijs from 'pkijs';
import { pkijsLibrary } from './libraries';
import { decodeStrictBase64, isBase64Alphabet } from './base64';
import { classifyDer, DerStructure, ParsedCertificate } from './derStructure';
import { readDistinguishedName, subFieldValues } from './distinguishedName';

export type { ParsedCertificate } from './derStructure';

/** A certificate is a few kilobytes; anything above this is refused before it is read or decoded. */
export const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;

export type NotCertificateKind =
  | 'empty'
  | 'too-large'
  | 'private-key'
  | 'encrypted-private-key'
  | 'pkcs12'
  | 'csr'
  | 'crl'
  | 'public-key'
  | 'truncated'
  | 'broken-pem'
  | 'pkcs7-empty'
  | 'not-certificate';

export type CertificateFileFormat = 'DER' | 'PEM' | 'base64' | 'PKCS#7';

export interface CertificateFile {
  ok: true;
  format: CertificateFileFormat;
  /** Every certificate in the file, in file order. */
  certificates: ParsedCertificate[];
  /** The certificate to map: the end-entity certificate when the file holds a chain. */
  leaf: ParsedCertificate;
  /** One-line remarks for the user (which certificate of a chain was chosen, what was ignored). */
  notes: string[];
}

export interface NotACertificate {
  ok: false;
  kind: NotCertificateKind;
  message: string;
}

export type CertificateInputResult = CertificateFile | NotACertificate;

const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const PKCS7_LABELS = new Set(['PKCS7', 'PKCS #7 SIGNED DATA', 'CMS', 'CERTIFICATE CHAIN']);
const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
const ENCRYPTED_KEY_LABELS = new Set(['ENCRYPTED PRIVATE KEY']);
const PUBLIC_KEY_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY']);
const CRL_LABELS = new Set(['X509 CRL']);

function fileLabel(fileName: string | undefined): string {
  if (!fileName) return 'The file';
  const base = fileName.split(/[\\/]/).pop() || fileName;
  return `'${base}'`;
}

function notCertificate(kind: NotCertificateKind, message: string): NotACertificate {
  return { ok: false, kind, message };
}

function structureMessage(it: string, structure: DerStructure, container: string): NotACertificate | undefined {
  switch (structure.kind) {
    case 'pkcs12':
      return notCertificate('pkcs12', `${it} is a PKCS#12 (.pfx/.p12) archive with a private key: export the certificate alone as a .cer (DER or Base-64) and use that.`);
    case 'csr':
      return notCertificate('csr', `${it} is a certificate signing request (CSR), not a certificate: use the certificate the CA issued for it.`);
    case 'crl':
      return notCertificate('crl', `${it} is a certificate revocation list (CRL), not a certificate.`);
    case 'private-key':
      return notCertificate('private-key', `${it} holds a private key, not a certificate: export the certificate alone (.cer) and keep the key private.`);
    case 'encrypted-private-key':
      return notCertificate('encrypted-private-key', `${it} holds an encrypted private key, not a certificate: export the certificate alone (.cer).`);
    case 'public-key':
      return notCertificate('public-key', `${it} holds a bare public key, not a certificate: IIS maps whole certificates.`);
    case 'truncated':
      return notCertificate('truncated', `${it} is cut off: its DER header announces ${structure.declared} bytes but only ${structure.present} are there.`);
    case 'pkcs7-empty':
      return notCertificate('pkcs7-empty', `${it} is a PKCS#7 (.p7b) file with no certificate in it.`);
    case 'unknown-der':
      return notCertificate('not-certificate', `${it} holds ${container} data that is not a certificate.`);
    default:
      return undefined;
  }
}

function isCa(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.19');
  return ext?.parsedValue instanceof pkijsLibrary().BasicConstraints && ext.parsedValue.cA === true;
}

function describeBriefly(cert: pkijs.Certificate): string {
  const name = readDistinguishedName(cert.subject);
  const cn = subFieldValues(name, 'CN')[0];
  return cn ? `'${cn}'` : name.text || '(empty subject)';
}

/**
 * Picks the certificate a user would map: not a CA, and not the issuer of another certificate in the
 * set. Chains come in any order (.p7b files are unordered sets), so position means nothing.
 */
export function chooseLeaf(certificates: ParsedCertificate[]): { leaf: ParsedCertificate; notes: string[] } {
  if (certificates.length === 1) return { leaf: certificates[0], notes: [] };
  const issuesAnother = (candidate: ParsedCertificate) =>
    certificates.some((other) => other !== candidate && other.cert.issuer.isEqual(candidate.cert.subject) && !other.cert.subject.isEqual(other.cert.issuer));
  const endEntities = certificates.filter((c) => !isCa(c.cert) && !issuesAnother(c));
  const pool = endEntities.length > 0 ? endEntities : certificates.filter((c) => !issuesAnother(c));
  const leaf = pool[0] ?? certificates[0];
  const notes = [`The file holds ${certificates.length} certificates; using ${describeBriefly(leaf.cert)}${endEntities.length > 0 ? ', the end-entity certificate' : ''}.`];
  if (endEntities.length === 0) notes.push('Every certificate in the file is a CA certificate.');
  if (endEntities.length > 1) notes.push(`It holds ${endEntities.length} end-entity certificates; map the others one file at a time.`);
  return { leaf, notes };
}

function success(format: CertificateFileFormat, certificates: ParsedCertificate[], extraNotes: string[]): CertificateFile {
  const { leaf, notes } = chooseLeaf(certificates);
  return { ok: true, format, certificates, leaf, notes: [...notes, ...extraNotes] };
}

function fromDer(it: string, bytes: Uint8Array, format: CertificateFileFormat): CertificateInputResult | undefined {
  const structure = classifyDer(bytes);
  if (structure.kind === 'certificate') return success(format, [structure.certificate], []);
  if (structure.kind === 'trailing-data') {
    return success(format, [structure.certificate], [`${structure.extra} bytes after the certificate were ignored.`]);
  }
  if (structure.kind === 'pkcs7') return success('PKCS#7', structure.certificates, []);
  if (structure.kind === 'not-der') return undefined;
  return structureMessage(it, structure, format === 'base64' ? 'base64-encoded DER' : 'DER');
}

function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(bytes.subarray(2)).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return Buffer.from(bytes.subarray(start)).toString('utf8');
}

function looksLikeText(text: string): boolean {
  // Control characters other than tab/CR/LF and U+FFFD (invalid UTF-8) mean binary data.
  const sample = text.slice(0, 4096);
  let odd = 0;
  for (const ch of sample) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd) odd++;
  }
  return odd === 0;
}

interface PemBlock {
  label: string;
  /** 0-based line of the BEGIN line. */
  line: number;
  bodyLines: Array<{ text: string; line: number }>;
  closed: boolean;
}

function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let current: PemBlock | undefined;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const begin = /^-----BEGIN ([^-]+)-----$/.exec(line);
    if (begin) {
      if (current) blocks.push(current);
      current = { label: begin[1].trim(), line: index, bodyLines: [], closed: false };
      return;
    }
    if (!current) return;
    if (/^-----END ([^-]+)-----$/.test(line)) {
      current.closed = true;
      blocks.push(current);
      current = undefined;
      return;
    }
    // RFC 1421 headers ("Proc-Type: ...") and the blank line after them are not part of the body.
    if (line === '' || /^[A-Za-z-]+:/.test(line)) return;
    current.bodyLines.push({ text: line, line: index });
  });
  if (current) blocks.push(current);
  return blocks;
}

type PemOutcome =
  | { kind: 'certificates'; certificates: ParsedCertificate[] }
  | { kind: 'broken'; message: string }
  | { kind: 'other'; result: NotACertificate };

function decodePemBody(it: string, block: PemBlock): { bytes: Uint8Array } | { message: string } {
  if (!block.closed) {
    return { message: `${it} has a PEM ${block.label} block with no END line (the text was cut off).` };
  }
  const joined = block.bodyLines.map((l) => l.text).join('');
  const decoded = decodeStrictBase64(joined);
  if (decoded.ok) return { bytes: decoded.bytes };
  let offset = decoded.index;
  let where = block.bodyLines[block.bodyLines.length - 1]?.line ?? block.line;
  for (const l of block.bodyLines) {
    if (offset < l.text.length) {
      where = l.line;
      break;
    }
    offset -= l.text.length;
  }
  return { message: `${it} has a PEM ${block.label} block whose base64 body is damaged (line ${where + 1}: ${decoded.reason}).` };
}

function readPemBlock(it: string, block: PemBlock): PemOutcome {
  const label = block.label.toUpperCase();
  const wantsCertificates = CERTIFICATE_LABELS.has(label) || PKCS7_LABELS.has(label);
  if (label.endsWith('PRIVATE KEY')) {
    const encrypted = ENCRYPTED_KEY_LABELS.has(label);
    return {
      kind: 'other',
      result: notCertificate(
        encrypted ? 'encrypted-private-key' : 'private-key',
        `${it} holds ${encrypted ? 'an encrypted private key' : 'a private key'} (PEM "${block.label}"), not a certificate: export the certificate alone (.cer) and keep the key private.`,
      ),
    };
  }
  if (CSR_LABELS.has(label)) return { kind: 'other', result: structureMessage(it, { kind: 'csr' }, 'PEM')! };
  if (CRL_LABELS.has(label)) return { kind: 'other', result: structureMessage(it, { kind: 'crl' }, 'PEM')! };
  if (PUBLIC_KEY_LABELS.has(label)) return { kind: 'other', result: structureMessage(it, { kind: 'public-key' }, 'PEM')! };
  if (label === 'PKCS12') return { kind: 'other', result: structureMessage(it, { kind: 'pkcs12' }, 'PEM')! };
  if (!wantsCertificates) {
    return { kind: 'other', result: notCertificate('not-certificate', `${it} holds a PEM "${block.label}" block, not a certificate.`) };
  }
  const body = decodePemBody(it, block);
  if ('message' in body) return { kind: 'broken', message: body.message };
  const structure = classifyDer(body.bytes);
  if (structure.kind === 'certificate' || structure.kind === 'trailing-data') {
    // "TRUSTED CERTIFICATE" (OpenSSL) appends trust settings after the certificate: expected, not damage.
    return { kind: 'certificates', certificates: [structure.certificate] };
  }
  if (structure.kind === 'pkcs7') return { kind: 'certificates', certificates: structure.certificates };
  if (structure.kind === 'truncated') {
    return { kind: 'broken', message: `${it} has a PEM ${block.label} block that is cut off: it announces ${structure.declared} bytes but holds ${structure.present}.` };
  }
  const named = structureMessage(it, structure, 'PEM');
  if (named && structure.kind !== 'unknown-der') return { kind: 'other', result: named };
  return { kind: 'broken', message: `${it} has a PEM ${block.label} block that does not hold a readable certificate (damaged or mislabelled).` };
}

function fromPem(it: string, blocks: PemBlock[]): CertificateInputResult {
  const certificates: ParsedCertificate[] = [];
  const broken: string[] = [];
  const others: NotACertificate[] = [];
  let sawPkcs7 = false;
  for (const block of blocks) {
    const outcome = readPemBlock(it, block);
    if (outcome.kind === 'certificates') {
      certificates.push(...outcome.certificates);
      if (PKCS7_LABELS.has(block.label.toUpperCase())) sawPkcs7 = true;
    } else if (outcome.kind === 'broken') broken.push(outcome.message);
    else others.push(outcome.result);
  }
  if (certificates.length === 0) {
    if (broken.length > 0) return notCertificate('broken-pem', broken[0]);
    const key = others.find((o) => o.kind === 'private-key' || o.kind === 'encrypted-private-key');
    return key ?? others[0] ?? notCertificate('not-certificate', `${it} holds no certificate.`);
  }
  const notes: string[] = [];
  if (others.some((o) => o.kind === 'private-key' || o.kind === 'encrypted-private-key')) {
    notes.push('The file also holds a private key; it was ignored. Do not keep keys next to configuration.');
  }
  if (broken.length > 0) notes.push(`${broken.length} damaged PEM block(s) were skipped.`);
  return success(sawPkcs7 ? 'PKCS#7' : 'PEM', certificates, notes);
}

/**
 * Reads a certificate file of any common encoding. Never throws: anything that is not a certificate
 * comes back as `{ ok: false, message }` with one line naming what the file is.
 */
export function readCertificateInput(bytes: Uint8Array, fileName?: string): CertificateInputResult {
  const it = fileLabel(fileName);
  try {
    if (bytes.length === 0) return notCertificate('empty', `${it} is empty: there is no certificate in it.`);
    if (bytes.length > MAX_CERTIFICATE_FILE_BYTES) {
      const mb = (bytes.length / (1024 * 1024)).toFixed(1);
      return notCertificate('too-large', `${it} is ${mb} MB; a certificate is a few KB, so it was not read (limit 1 MB).`);
    }
    if (bytes[0] === 0x30) {
      const der = fromDer(it, bytes, 'DER');
      if (der) return der;
    }
    const text = decodeText(bytes);
    if (!looksLikeText(text)) {
      return notCertificate('not-certificate', `${it} is not a certificate: its bytes are neither DER, PEM nor base64.`);
    }
    if (text.trim() === '') return notCertificate('empty', `${it} holds only whitespace: there is no certificate in it.`);
    const blocks = pemBlocks(text);
    if (blocks.length > 0) return fromPem(it, blocks);
    const compact = text.replace(/\s+/g, '');
    if (isBase64Alphabet(compact)) {
      const decoded = decodeStrictBase64(compact);
      if (!decoded.ok) {
        return notCertificate('not-certificate', `${it} looks like base64 text but is not valid base64 (${decoded.reason}).`);
      }
      const der = fromDer(it, decoded.bytes, 'base64');
      if (der) return der;
      return notCertificate('not-certificate', `${it} holds base64 text that does not decode to a certificate.`);
    }
    return notCertificate('not-certificate', `${it} is a text file with no certificate in it (no PEM block, not base64).`);
  } catch (error) {
    return notCertificate('not-certificate', `${it} could not be read as a certificate (${(error as Error).message}).`);
  }
}
