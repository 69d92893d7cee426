// The `certificate` attribute of a one-to-one mapping. IIS compares it as text with the base64 of the
// certificate the client sends, so it must be exactly one line of base64 DER: no PEM armour, no line
// breaks, no spaces, nothing elided.
import { decodeCanonicalBase64, decodeStrictBase64, toBase64 } from './base64';
import { readCertificateInput } from './certificateInput';
import { cannotBeKnownDer, classifyDer, type DerStructure, ParsedCertificate } from './derStructure';

export type IisCertificateValueStatus =
  | 'ok'
  | 'empty'
  | 'pem-armour'
  | 'whitespace'
  | 'elided'
  | 'not-base64'
  | 'not-certificate';

export interface IisCertificateValue {
  status: IisCertificateValueStatus;
  /** One line for a diagnostic or hover; empty when the value is fine. */
  message: string;
  /** The certificate the value holds, also when it is recoverable by cleaning the value up. */
  certificate?: ParsedCertificate;
  /** The value IIS needs (single-line base64 DER), when the cleanup is unambiguous. */
  fixedValue?: string;
  /** Offset in the value of the first offending character, for a precise range. */
  problemOffset?: number;
}

const WHAT_IT_IS: Record<string, string> = {
  csr: 'a certificate signing request (CSR)',
  crl: 'a certificate revocation list (CRL)',
  'private-key': 'a private key (remove it from the configuration now)',
  'encrypted-private-key': 'an encrypted private key (remove it from the configuration)',
  'public-key': 'a bare public key',
  pkcs12: 'a PKCS#12 (.pfx) archive with a private key (remove it from the configuration now)',
  pkcs7: 'a PKCS#7 (.p7b) certificate bundle',
  'pkcs7-empty': 'an empty PKCS#7 (.p7b) bundle',
};

function classifyBase64(compact: string, offsetOf: (compactIndex: number) => number): IisCertificateValue {
  const decoded = decodeStrictBase64(compact);
  if (!decoded.ok) {
    return {
      status: 'not-base64',
      message: `The certificate value is not base64 (${decoded.reason}): IIS can never match it.`,
      problemOffset: offsetOf(decoded.index),
    };
  }
  return classifyBytes(decoded.bytes);
}

function classifyBytes(bytes: Uint8Array): IisCertificateValue {
  const structure = classifyValue(bytes);
  switch (structure.kind) {
    case 'certificate':
      return { status: 'ok', message: '', certificate: structure.certificate, fixedValue: toBase64(structure.certificate.der) };
    case 'trailing-data':
      return {
        status: 'not-certificate',
        message: `The value holds a certificate followed by ${structure.extra} extra bytes: IIS compares the whole value, so it never matches.`,
        certificate: structure.certificate,
        fixedValue: toBase64(structure.certificate.der),
      };
    case 'truncated':
      return {
        status: 'not-certificate',
        message: `The certificate value is cut off: the DER announces ${structure.declared} bytes but the value decodes to ${structure.present}.`,
      };
    case 'pkcs7':
      return {
        status: 'not-certificate',
        message: `The value is ${WHAT_IT_IS.pkcs7}, not a single certificate: IIS compares it with the client's certificate and never matches.`,
      };
    case 'not-der':
    case 'unknown-der':
      return { status: 'not-certificate', message: 'The value is base64 but does not decode to an X.509 certificate.' };
    default:
      return { status: 'not-certificate', message: `The value is ${WHAT_IT_IS[structure.kind] ?? structure.kind}, not a certificate.` };
  }
}

/** What a one-to-one mapping's bytes are; values no ASN.1 reader could make sense of all read as not-der. */
function classifyValue(bytes: Uint8Array): DerStructure {
  if (cannotBeKnownDer(bytes)) return { kind: 'not-der' };
  try {
    return classifyDer(bytes);
  } catch {
    // asn1js throws on some malformed contents (a time it cannot convert): that is not DER either.
    return { kind: 'not-der' };
  }
}

export function parseIisCertificateAttribute(value: string): IisCertificateValue {
  try {
    // The usual value, exactly what encoding its bytes gives back, has no armour, ellipsis or whitespace to look for.
    const canonical = decodeCanonicalBase64(value);
    if (canonical) return classifyBytes(canonical);
    if (value.trim() === '') return { status: 'empty', message: 'The certificate value is empty: the mapping can never match.' };

    const armour = value.indexOf('-----');
    if (armour >= 0) {
      const read = readCertificateInput(new Uint8Array(Buffer.from(value, 'utf8')));
      const recovered = read.ok ? read.leaf : undefined;
      return {
        status: 'pem-armour',
        message: 'The value still has its PEM armour (-----BEGIN CERTIFICATE-----): IIS needs the base64 alone, on one line.',
        certificate: recovered,
        fixedValue: recovered ? toBase64(recovered.der) : undefined,
        problemOffset: armour,
      };
    }

    const elided = /\.\.\.|…/.exec(value);
    if (elided) {
      return {
        status: 'elided',
        message: `The value is shortened ('${elided[0]}'): paste the whole certificate, IIS compares it in full.`,
        problemOffset: elided.index,
      };
    }

    // The usual value, one clean line of base64, needs no offset bookkeeping.
    const firstSpace = /\s/.exec(value);
    if (!firstSpace) return classifyBase64(value, (index) => index);
    // Map offsets in the whitespace-free value back to the original, for precise ranges.
    const kept: number[] = [];
    for (let i = 0; i < value.length; i++) if (!/\s/.test(value[i])) kept.push(i);
    const compact = kept.map((i) => value[i]).join('');
    const offsetOf = (compactIndex: number) => kept[compactIndex] ?? value.length;
    const result = classifyBase64(compact, offsetOf);
    if (result.certificate) {
      const lineBreak = /[\r\n]/.test(value);
      return {
        status: 'whitespace',
        message: lineBreak
          ? 'The certificate value spans several lines: IIS compares it as text, so the line breaks make it never match. Join it into one line.'
          : 'The certificate value contains spaces: IIS compares it as text, so it never matches. Remove them.',
        certificate: result.certificate,
        fixedValue: result.fixedValue,
        problemOffset: firstSpace.index,
      };
    }
    return result;
  } catch (error) {
    return { status: 'not-certificate', message: `The certificate value could not be read (${(error as Error).message}).` };
  }
}
