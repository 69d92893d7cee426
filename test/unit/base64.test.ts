import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64Prefix, decodeCanonicalBase64, decodeStrictBase64 } from '../../server/src/core/certificate/base64';

// A certificate attribute is read at native speed only when its text is exactly what encoding its
// bytes gives back; anything else goes to the careful reading, which says what is wrong.

describe('canonical base64', () => {
  test('takes exactly the texts that encoding their bytes gives back', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 20000; n++) {
      const length = 1 + Math.floor(random() * 12);
      let text = '';
      // Mostly base64, with what Buffer reads leniently: padding anywhere, whitespace, the URL alphabet, strays.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/====-_ \n@.';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const decoded = decodeCanonicalBase64(text);
      const roundTrips = Buffer.from(Buffer.from(text, 'base64')).toString('base64') === text;
      assert.equal(decoded !== undefined, roundTrips, text);
      if (decoded) assert.deepEqual(Buffer.from(decoded), Buffer.from(text, 'base64'), text);
    }
  });

  test('a last character with stray bits is not canonical, but still decodes when read with care', () => {
    // "QR==" and "QQ==" are both the byte 0x41 to Buffer; only "QQ==" is what encoding 0x41 gives.
    assert.deepEqual([...decodeCanonicalBase64('QQ==')!], [0x41]);
    assert.equal(decodeCanonicalBase64('QR=='), undefined);
    assert.deepEqual([...decodeCanonicalBase64('QUI=')!], [0x41, 0x42]);
    assert.equal(decodeCanonicalBase64('QUJ='), undefined);
    const careful = decodeStrictBase64('QR==');
    assert.equal(careful.ok, true);
  });

  test('whitespace, padding in the middle and cut-off text are left to the careful reading', () => {
    for (const text of ['QU JD', 'QQ==QUJD', 'QUJ', 'QUJD\n', '====', 'QUJD=', 'QQ-_', 'Q=QQ', 'QU@JD===']) assert.equal(decodeCanonicalBase64(text), undefined, JSON.stringify(text));
    assert.deepEqual(decodeStrictBase64('QQ==QUJD'), { ok: false, reason: "'=' padding in the middle", index: 2 });
  });

  test('the first characters of a value give the bytes Buffer gives for them, without a string or a buffer', () => {
    const into = new Uint8Array(9);
    for (const text of ['MIIDdzCCAl+gAwIBAgIQ', 'AAAAAAAAAAAA', '////++++////xyz']) {
      assert.equal(decodeBase64Prefix(text, into), true, text);
      assert.deepEqual([...into], [...Buffer.from(text.slice(0, 12), 'base64')], text);
    }
    for (const text of ['MIIDdzCCAl+g', 'MIID dzCCAl+gAw', 'MIIDdzCC=l+gAw', 'MIIDdzCC-l+gAw', 'short']) {
      assert.equal(decodeBase64Prefix(text, into), text === 'MIIDdzCCAl+g', text);
    }
  });
});
