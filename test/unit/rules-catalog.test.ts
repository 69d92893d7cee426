import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rules } from '../../server/src/core/rules/index';

// What every rule owes the user regardless of its subject: a stable code in order, a severity, and a
// Microsoft documentation page that the editor shows as the code's link (codeDescription).

describe('rule catalog', () => {
  test('codes IIS-AUTH-001..017 in order, one rule per code, each with a learn.microsoft.com page', () => {
    assert.deepEqual(
      rules.map((r) => r.code),
      Array.from({ length: 17 }, (_, i) => `IIS-AUTH-${String(i + 1).padStart(3, '0')}`),
    );
    for (const rule of rules) {
      assert.match(rule.docUrl, /^https:\/\/learn\.microsoft\.com\/iis\//, rule.code);
      assert.ok(['error', 'warning', 'information', 'hint'].includes(rule.severity), rule.code);
      assert.ok(rule.title.length > 10, rule.code);
    }
  });
});
