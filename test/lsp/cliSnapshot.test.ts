import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { issueCertificate, testPki } from '../support/pki';
import { applicationHostWith, dword, netshDump, netshEntry, regExport, SCHANNEL, utf16leWithBom } from '../support/snapshot';

// iis-auth-check on a snapshot folder as the collection script writes it (UTF-16 netsh and reg files,
// certificates/<Store>/ folders): the renewal that dropped Ctl Store Name, and a Trusted Root store
// whose issuer list no longer fits, are named at their lines; bad files are named and survived.
const CLI = resolve(__dirname, '../../../bin/iis-auth-check.js');

test('iis-auth-check pinpoints a dropped Ctl Store Name and an oversized issuer list from a snapshot folder', async () => {
  const pki = await testPki();
  const dir = mkdtempSync(join(tmpdir(), 'iis-auth-cli-snapshot-'));
  try {
    writeFileSync(join(dir, 'applicationHost.config'), applicationHostWith({ bindings: [{ info: '*:443:pki.fabrikam.example', sslFlags: 1 }], security: '        <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />' }));
    writeFileSync(join(dir, 'sslcert.txt'), utf16leWithBom(netshDump(netshEntry('Hostname:port', 'pki.fabrikam.example:443', { 'Negotiate Client Certificate': 'Enabled' }))));
    writeFileSync(join(dir, 'schannel.reg'), utf16leWithBom(regExport({ [SCHANNEL]: [dword('SendTrustedIssuerList', 1), dword('ClientAuthTrustMode', 2)] })));
    const root = join(dir, 'certificates', 'Root');
    mkdirSync(root, { recursive: true });
    for (let i = 0; i < 70; i++) writeFileSync(join(root, `r${i}.cer`), (await issueCertificate({ cn: `Partner Root ${i} ${'y'.repeat(200)}`, ca: true, keys: pki.root.keys })).der);
    mkdirSync(join(dir, 'certificates', 'My'));
    writeFileSync(join(dir, 'certificates', 'My', 'empty.cer'), '');
    writeFileSync(join(dir, 'notes.txt'), 'renewed the certificate on Monday');

    const result = spawnSync(process.execPath, [CLI, '--format', 'json', dir], { encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    const findings = JSON.parse(result.stdout) as Array<{ file: string; code: string; severity: string; message: string; range: { start: { line: number } } }>;
    const brief = findings.map((f) => [f.file.slice(dir.length + 1).replace(/\\/g, '/'), f.code, f.range.start.line]);
    assert.deepEqual(brief.filter(([, code]) => code !== 'IIS-AUTH-106').sort(), [
      ['certificates/My/empty.cer', 'SNAPSHOT-STORE-NOT-CERTIFICATE', 0],
      ['schannel.reg', 'IIS-AUTH-104', 3],
      // The My folder holds no certificate (only an empty file), so the binding's hash is not there.
      ['sslcert.txt', 'IIS-AUTH-102', 5],
      ['sslcert.txt', 'IIS-AUTH-103', 14],
    ]);
    const ctl = findings.find((f) => f.code === 'IIS-AUTH-103')!;
    assert.match(ctl.message, /netsh http update sslcert hostnameport=pki\.fabrikam\.example:443 certhash=846762724f99a530cae257c8d18ceafb46723cd2 appid=\{4dc3e181-e14b-4a21-b022-59fc669b0914\} certstorename=My clientcertnegotiation=enable sslctlstorename=ClientAuthIssuer/);
    assert.equal(findings.some((f) => f.file.endsWith('notes.txt')), false, 'a .txt that is not netsh output is not a finding');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
