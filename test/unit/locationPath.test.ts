import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLocationPath } from '../../server/src/core/model/configFile';
import { urlPathKey, urlPathSegments } from '../../server/src/core/effective/paths';

// <location path> values are compared after trimming spaces and slashes and turning backslashes into
// slashes; the common `Site/App` skips that work, and must come out exactly as the full reading would.

function fullReading(path: string): string {
  const trimmed = path.trim().replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  return trimmed === '.' ? '' : trimmed;
}

describe('location paths', () => {
  test('the shortcut for plain paths gives what trimming and replacing give, for any spelling', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const alphabet = ['a', 'B', '1', '.', '/', '\\', ' ', '\t', '\u00a0', '\ufeff', '\u2028', 'é', '~', '-'];
    for (let n = 0; n < 20000; n++) {
      let path = '';
      const length = Math.floor(random() * 7);
      for (let i = 0; i < length; i++) path += alphabet[Math.floor(random() * alphabet.length)];
      assert.equal(normalizeLocationPath(path), fullReading(path), JSON.stringify(path));
      const segments = fullReading(path) === '' ? [] : fullReading(path).split('/').filter((s) => s !== '' && s !== '.');
      assert.deepEqual(urlPathSegments(path), segments, JSON.stringify(path));
    }
  });

  test('spellings of one site and application share one key', () => {
    assert.deepEqual(['Shop/Api', ' /shop/API/ ', 'Shop\\Api', 'shop/./api'].map(urlPathKey), ['shop/api', 'shop/api', 'shop/api', 'shop/api']);
    assert.deepEqual(['.', '/', ' ', ''].map(urlPathKey), ['', '', '', '']);
  });
});
