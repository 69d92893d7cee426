import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { explainCommand, markdownToText } from '../../server/src/cli/explain';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out, err };
}

describe('iis-auth-check explain', () => {
  test('arguments are joined into one triple; the text has no Markdown markers', async () => {
    const { io, out } = capture();
    assert.equal(await explainCommand(['401', '1', '-1073741715'], io), 0);
    const text = out.join('');
    assert.match(text, /^HTTP 401\.1 — Logon failed/);
    assert.match(text, /sc-win32-status -1073741715 \(= 0xC000006D\): STATUS_LOGON_FAILURE/);
    assert.ok(!text.includes('**'));
  });

  test('--markdown keeps the Markdown', async () => {
    const { io, out } = capture();
    assert.equal(await explainCommand(['--markdown', '0x80070021'], io), 0);
    assert.match(out.join(''), /^\*\*HRESULT_FROM_WIN32\(ERROR_LOCK_VIOLATION\)\*\*/);
  });

  test('an unknown code exits 1 with a short answer; no code is a usage error', async () => {
    const unknown = capture();
    assert.equal(await explainCommand(['0x8007FFFF'], unknown.io), 1);
    assert.match(unknown.out.join(''), /not in the error code tables/);
    const none = capture();
    assert.equal(await explainCommand([], none.io), 2);
    assert.match(none.err.join(''), /No code given/);
  });

  test('links become "text (url)"', () => {
    assert.equal(markdownToText('_Source: [System Error Codes](https://learn.microsoft.com/x)_'), 'Source: System Error Codes (https://learn.microsoft.com/x)');
  });
});
