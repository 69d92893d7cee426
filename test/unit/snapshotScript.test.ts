import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

// The collection script cannot run here (no Windows), so what can be checked is checked: the README
// shows exactly the packaged script, it only reads, it never exports a private key, and the files it
// writes are the ones the snapshot reader recognises.
const root = resolve(__dirname, '../../..');
const script = readFileSync(resolve(root, 'snapshot/Collect-IisSnapshot.ps1'), 'utf8');

test('the README shows the packaged collection script verbatim', () => {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  assert.ok(readme.includes('```powershell\n' + script + '```'), 'README block differs from snapshot/Collect-IisSnapshot.ps1');
});

test('the collection script only reads, and exports public certificates only', () => {
  const code = script
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  for (const forbidden of [/Export-PfxCertificate/i, /\breg (add|delete|import)\b/i, /netsh http (add|update|delete)/i, /\b(Set|Remove|Clear)-Item\b/i, /Remove-/i, /-Type PFX/i]) {
    assert.doesNotMatch(code, forbidden);
  }
  assert.match(code, /Export-Certificate -Cert \$_ .* -Type CERT/);
  assert.match(code, /netsh http show sslcert \| Out-File .*'sslcert\.txt'/);
  assert.match(code, /reg export 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL' .*'schannel\.reg'/);
  assert.match(code, /certificates\\\$store/);
});
