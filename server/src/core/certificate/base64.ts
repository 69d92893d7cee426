// Buffer.from(text, 'base64') skips characters it does not understand, so a damaged body would
// silently decode to different bytes. These helpers say where and why a body is not base64.

export type Base64Decoding =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: string; index: number };

function isBase64Char(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 47;
}

/** Decodes base64 that must contain no whitespace; reports the first offending character. */
export function decodeStrictBase64(text: string): Base64Decoding {
  if (text.length === 0) return { ok: false, reason: 'it is empty', index: 0 };
  const canonical = decodeCanonicalBase64(text);
  if (canonical) return { ok: true, bytes: canonical };
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '=') {
      padding++;
      continue;
    }
    if (padding > 0) return { ok: false, reason: "'=' padding in the middle", index: i - padding };
    if (!isBase64Char(ch.charCodeAt(0))) {
      const shown = /\s/.test(ch) ? 'whitespace' : `character '${ch}'`;
      return { ok: false, reason: `invalid ${shown}`, index: i };
    }
  }
  if (padding > 2) return { ok: false, reason: 'too much = padding', index: text.length - padding };
  if (text.length % 4 !== 0) {
    return { ok: false, reason: `length ${text.length} is not a multiple of 4 (cut off?)`, index: text.length };
  }
  return { ok: true, bytes: new Uint8Array(Buffer.from(text, 'base64')) };
}

/**
 * The usual case, at native speed (configs hold thousands of certificates): the bytes when `text` is
 * exactly what encoding them gives back, undefined for anything else (whitespace, other characters,
 * missing or stray padding), which then needs the careful character-by-character reading.
 */
export function decodeCanonicalBase64(text: string): Uint8Array | undefined {
  const length = text.length;
  if (length === 0 || length % 4 !== 0) return undefined;
  const padding = text.charCodeAt(length - 1) !== 61 ? 0 : text.charCodeAt(length - 2) === 61 ? 2 : 1;
  const bytes = Buffer.from(text, 'base64');
  // Buffer skips what is not base64 (whitespace, stray characters, '=' inside): each one skipped
  // leaves fewer bytes than the length promises. It also reads the URL alphabet's '-' and '_',
  // which encoding never writes. And encoding gives back the same text only when the bits of the
  // last character that carry no byte are zero. Checked this way rather than by encoding the bytes
  // again and comparing kilobytes of text, or by a regular expression over every character.
  if (bytes.length !== (length / 4) * 3 - padding || text.includes('-') || text.includes('_')) return undefined;
  if (padding > 0 && (base64Value(text.charCodeAt(length - 1 - padding)) & (padding === 2 ? 0x0f : 0x03)) !== 0) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The bytes the first characters of `text` stand for, written into `into` (its length a multiple of
 * three): false when one of them is not in the base64 alphabet. No string or buffer is made, for a
 * look at the header of each of thousands of certificates.
 */
export function decodeBase64Prefix(text: string, into: Uint8Array): boolean {
  const chars = (into.length / 3) * 4;
  if (text.length < chars) return false;
  for (let i = 0, o = 0; i < chars; i += 4, o += 3) {
    let quantum = 0;
    for (let k = 0; k < 4; k++) {
      const code = text.charCodeAt(i + k);
      if (!isBase64Char(code)) return false;
      quantum = (quantum << 6) | base64Value(code);
    }
    into[o] = quantum >> 16;
    into[o + 1] = (quantum >> 8) & 0xff;
    into[o + 2] = quantum & 0xff;
  }
  return true;
}

function base64Value(code: number): number {
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 71;
  if (code >= 48 && code <= 57) return code + 4;
  return code === 43 ? 62 : 63;
}

export function isBase64Alphabet(text: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
