import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { simulateCommand } from '../../server/src/cli/simulate';

// A self-signed client certificate (a one-certificate chain that is its own root) pinned in a
// one-to-one mapping, as in the editor-host fixture: the walk must reach authentication and
// answer, not stop at the revocation step, which has no certificate below the root to check.

const fixture = resolve(__dirname, '../../../test/e2e/fixture');

async function simulate(url: string, certificate: string): Promise<{ code: number; json: { status: string; steps: { step: string; outcome: string; detail: string }[] }; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await simulateCommand(['--format', 'json', '--url', url, '--cert', join(fixture, 'certs', certificate), fixture], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  }, new Date('2026-12-01T12:00:00Z'));
  return { code, json: stdout ? JSON.parse(stdout) : undefined, stderr };
}

describe('simulator: a self-signed client certificate', () => {
  test('is walked to the answer: the mapping below site level is ignored, 401.2', async () => {
    const { code, json, stderr } = await simulate('https://extranet.northwind.test/Claims/', 'claims-agent.cer');
    assert.equal(stderr, '');
    assert.equal(code, 1);
    assert.equal(json.status, '401.2');
    const revocation = json.steps.find((s) => s.step === 'Revocation');
    assert.ok(revocation, 'a revocation step');
    assert.equal(revocation.outcome, 'pass');
    assert.match(revocation.detail, /root: Windows does not check the revocation of a trusted root/);
    assert.ok(json.steps.some((s) => s.step === 'Certificate mapping level' && /below site level and ignored/.test(s.detail)));
  });
});
