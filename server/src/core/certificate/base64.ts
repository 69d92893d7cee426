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
  if (text.length === 0 || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
}

export function isBase64Alphabet(text: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
