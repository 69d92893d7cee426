import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rules, snapshotRules } from '../../server/src/core/rules/index';

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

describe('rule catalog as the user sees it', () => {
  const root = resolve(__dirname, '../../..');
  const codes = [...rules, ...snapshotRules].map((r) => ({ code: r.code, severity: r.severity }));

  test('the severity setting offers every rule code with the rule\'s own default severity', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const offered: Record<string, { description: string }> =
      pkg.contributes.configuration.properties['iisAuth.diagnostics.severity'].properties;
    assert.deepEqual(Object.keys(offered).sort(), codes.map((c) => c.code).sort());
    for (const { code, severity } of codes) {
      assert.match(offered[code].description, new RegExp(`\\(default: ${severity}\\)\\.$`), code);
    }
  });

  test('the README rule table has one row per rule code with its default severity', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const rows = new Map(
      [...readme.matchAll(/^\| `(IIS-AUTH-\d{3})` \| ([a-z]+) \|/gm)].map((m) => [m[1], m[2]]),
    );
    assert.deepEqual([...rows.keys()].sort(), codes.map((c) => c.code).sort());
    for (const { code, severity } of codes) assert.equal(rows.get(code), severity, code);
  });
});
