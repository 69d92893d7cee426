import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { startServer } from '../support/lspClient';
import { issueCertificate, testPki } from '../support/pki';
import { applicationHostWith, dword, netshDump, netshEntry, regExport, SCHANNEL, utf16leWithBom } from '../support/snapshot';

// A server snapshot folder opened in the editor: the server indexes the store folders from disk,
// publishes diagnostics on the netsh dump and the registry export, and explains a netsh field.

describe('server snapshot over stdio', () => {
  test('a snapshot folder gets diagnostics on its netsh and .reg files and a hover on a netsh field', async () => {
    const pki = await testPki();
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-snapshot-'));
    const session = await (async () => {
      writeFileSync(join(dir, 'applicationHost.config'), applicationHostWith({ bindings: [{ info: '*:443:www.fabrikam.example', sslFlags: 1 }], security: '        <access sslFlags="Ssl, SslNegotiateCert" />' }));
      const root = join(dir, 'certificates', 'Root');
      mkdirSync(root, { recursive: true });
      for (let i = 0; i < 70; i++) {
        const partner = await issueCertificate({ cn: `Partner Root ${i} ${'x'.repeat(200)}`, ca: true, keys: pki.root.keys });
        writeFileSync(join(root, `partner-${i}.cer`), partner.der);
      }
      writeFileSync(join(root, 'key.pem'), '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n');
      return startServer(pathToFileURL(dir).toString());
    })();
    try {
      const netshUri = pathToFileURL(join(dir, 'sslcert.txt')).toString();
      const regUri = pathToFileURL(join(dir, 'schannel.reg')).toString();
      const netsh = netshDump(netshEntry('Hostname:port', 'www.fabrikam.example:443'));
      const reg = regExport({ [SCHANNEL]: [dword('SendTrustedIssuerList', 1), dword('ClientAuthTrustMode', 2)] });
      writeFileSync(join(dir, 'schannel.reg'), utf16leWithBom(reg));

      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: netshUri, languageId: 'plaintext', version: 1, text: netsh } });
      const onNetsh = await session.nextDiagnostics(netshUri, (p) => p.diagnostics.some((d) => d.code === 'IIS-AUTH-103'));
      const ctl = onNetsh.diagnostics.find((d) => d.code === 'IIS-AUTH-103')!;
      assert.equal(ctl.severity, 1);
      assert.equal(netsh.split('\r\n')[ctl.range.start.line].trim(), 'Ctl Store Name               : (null)');
      assert.match(ctl.message, /netsh http update sslcert hostnameport=www\.fabrikam\.example:443 .*sslctlstorename=ClientAuthIssuer/);
      assert.ok(onNetsh.diagnostics.some((d) => d.code === 'IIS-AUTH-106'), 'the renegotiation warning lands on the same dump');

      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: regUri, languageId: 'plaintext', version: 1, text: reg } });
      const onReg = await session.nextDiagnostics(regUri, (p) => p.diagnostics.length > 0);
      const list = onReg.diagnostics.find((d) => d.code === 'IIS-AUTH-104');
      assert.ok(list, `issuer-list finding on the .reg file; got ${onReg.diagnostics.map((d) => d.code).join(', ')}`);
      assert.equal(reg.split('\r\n')[list.range.start.line], '"SendTrustedIssuerList"=dword:00000001');
      assert.match(list.message, /over SChannel's 16 KB/);

      const hover = await session.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri: netshUri },
        position: { line: ctl.range.start.line, character: 8 },
      });
      assert.ok(hover);
      assert.match(hover.contents.value, /\*\*Ctl Store Name\*\* — `netsh http … sslcert sslctlstorename=…`/);
      assert.match(hover.contents.value, /Default: \(null\)/);
      assert.match(hover.contents.value, /403\.7/);
      assert.match(hover.contents.value, /https:\/\/learn\.microsoft\.com\/windows\/win32\/http\/add-sslcert/);

      const regHover = await session.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri: regUri },
        position: { line: reg.split('\r\n').indexOf('"ClientAuthTrustMode"=dword:00000002'), character: 3 },
      });
      assert.match(regHover?.contents.value ?? '', /Here: 2 \(0x2\): Exclusive CA Trust/);
      assert.doesNotMatch(session.stderr(), /MIGHAgEA/);
    } finally {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
