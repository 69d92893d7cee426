import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalBase64Length, decodeBase64Prefix, decodeCanonicalBase64, decodeStrictBase64 } from '../../server/src/core/certificate/base64';
import { cannotBeKnownDer, cannotBeKnownDerOf } from '../../server/src/core/certificate/derStructure';

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
      // Its length without decoding: the same texts, the same number of bytes.
      assert.equal(canonicalBase64Length(text), decoded?.length, text);
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

  test("a value's first bytes and its length give the verdict the whole bytes give on whether they can be DER", () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    let settled = 0;
    for (let n = 0; n < 20000; n++) {
      const bytes = new Uint8Array(9 + Math.floor(random() * 40));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      // Mostly SEQUENCE headers, short, long, indefinite and cut-off lengths, around the true length.
      if (random() < 0.8) bytes[0] = 0x30;
      const form = random();
      if (form < 0.3) bytes[1] = Math.max(0, bytes.length - 2 + Math.floor(random() * 5) - 2);
      else if (form < 0.6) [bytes[1], bytes[2]] = [0x81, Math.max(0, bytes.length - 3 + Math.floor(random() * 5) - 2)];
      else if (form < 0.7) bytes[1] = 0x80;
      if (random() < 0.5) bytes[bytes[1] < 0x80 ? 2 : 2 + (bytes[1] & 0x7f)] = [0x02, 0x06, 0x30, 0xa0, 0x04][Math.floor(random() * 5)];
      const whole = cannotBeKnownDer(bytes);
      assert.equal(cannotBeKnownDerOf(bytes.subarray(0, 9), bytes.length), whole, Buffer.from(bytes).toString('hex'));
      if (whole) settled++;
    }
    // Both verdicts came up often: the comparison was not of one answer only.
    assert.ok(settled > 2000 && settled < 18000, `${settled} of 20000 settled`);
  });
});
