import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer } from '../support/lspClient';
import { SEED_000_W3C_LOG } from '../support/iisLogSamples';
import { marked } from '../support/fixtures';

const CLI = resolve(__dirname, '../../../bin/iis-auth-check.js');

describe('explain over LSP and the CLI', () => {
  test('workspace/executeCommand iisAuth.explainCode answers Markdown', async () => {
    const session = await startServer();
    try {
      const md = (await session.connection.sendRequest('workspace/executeCommand', { command: 'iisAuth.explainCode', arguments: ['403 13'] })) as string;
      assert.match(md, /\*\*HTTP 403\.13\*\* — Client certificate revoked/);
      const unknown = (await session.connection.sendRequest('workspace/executeCommand', { command: 'iisAuth.explainCode', arguments: ['0x8007FFFF'] })) as string;
      assert.match(unknown, /not in the error code tables/);
    } finally {
      await session.close();
    }
  });

  test('textDocument/hover on an IIS log line (seed 000)', async () => {
    const session = await startServer();
    try {
      const uri = 'file:///logs/W3SVC1/u_ex000101.log';
      session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'iis-w3c-log', version: 1, text: SEED_000_W3C_LOG } });
      const lines = SEED_000_W3C_LOG.split('\r\n');
      const line = lines.findIndex((l) => / 401 1 -1073741715 /.test(l));
      const hover = (await session.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line, character: lines[line].indexOf('-1073741715') + 1 },
      })) as { contents: { kind: string; value: string } };
      assert.equal(hover.contents.kind, 'markdown');
      assert.match(hover.contents.value, /HTTP 401\.1[\s\S]*STATUS_LOGON_FAILURE/);
    } finally {
      await session.close();
    }
  });

  test('every input form of the issue through executeCommand', async () => {
    const session = await startServer();
    try {
      const explain = async (input: string) => (await session.connection.sendRequest('workspace/executeCommand', { command: 'iisAuth.explainCode', arguments: [input] })) as string;
      assert.match(await explain('401.2'), /^\*\*HTTP 401\.2\*\* — Logon failed due to server configuration/);
      assert.match(await explain('401 2 5'), /^\*\*HTTP 401\.2\*\*[\s\S]*\*\*sc-win32-status\*\* `5`: \*\*ERROR_ACCESS_DENIED\*\*/);
      assert.match(await explain('-1073741715'), /^\*\*STATUS_LOGON_FAILURE\*\* \(NTSTATUS `0xC000006D`\)/);
      assert.match(await explain('0x80070021'), /locked at a higher level/);
    } finally {
      await session.close();
    }
  });

  test('textDocument/hover in configuration files and FREB traces', async () => {
    const session = await startServer();
    try {
      const hoverAt = async (uri: string, source: string) => {
        const doc = marked(source);
        await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: doc.text } });
        const hover = (await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.cursor })) as { contents: { value: string }; range: unknown } | null;
        assert.ok(hover, `no hover in ${uri}`);
        assert.deepEqual(hover.range, doc.ranges[0]);
        return hover.contents.value;
      };
      const access = await hoverAt(
        'file:///srv/site/web.config',
        '<configuration>\n  <system.webServer>\n    <security>\n      <access sslFlags="Ssl, [[SslNego|tiateCert]]" />\n    </security>\n  </system.webServer>\n</configuration>\n',
      );
      assert.match(access, /^\*\*SslNegotiateCert\*\* \(32\)[\s\S]*requests without a certificate still pass/);
      const binding = await hoverAt(
        'file:///srv/iis/config/applicationHost.config',
        '<configuration><system.applicationHost><sites><site name="Portal" id="2"><bindings><binding protocol="https" bindingInformation="*:443:portal.example" sslFlags="[[9|7]]" /></bindings></site></sites></system.applicationHost></configuration>',
      );
      assert.match(binding, /`1` \*\*Sni\*\*[\s\S]*`32` \*\*DisableTLS13\*\*[\s\S]*`64` \*\*DisableLegacyTLS\*\*/);
      const freb = await hoverAt(
        'file:///logs/FailedReqLogFiles/W3SVC2/fr000007.xml',
        '<failedRequest url="https://portal.example/" statusCode="403.13">\n <Event><EventData>\n  <Data Name="HttpStatus">403</Data>\n  <Data Name="HttpSubStatus">13</Data>\n  <Data Name="ErrorCode">[[2148|081683]]</Data>\n </EventData></Event>\n</failedRequest>\n',
      );
      assert.match(freb, /^\*\*CRYPT_E_REVOCATION_OFFLINE\*\*/);
    } finally {
      await session.close();
    }
  });

  test('iis-auth-check explain prints plain text and exits 0 for a known code', () => {
    const result = spawnSync(process.execPath, [CLI, 'explain', '-1073741715'], { encoding: 'utf8' });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^STATUS_LOGON_FAILURE \(NTSTATUS 0xC000006D\)/);
  });

  test('the editor command is contributed and registered under the same id', () => {
    const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8'));
    const command = manifest.contributes.commands.find((c: { command: string }) => c.command === 'iisAuth.explainStatusCode');
    assert.deepEqual(command, { command: 'iisAuth.explainStatusCode', title: 'Explain status code…', category: 'IIS Auth' });
    // The client must not register the server's own command id: vscode-languageclient already does.
    const bundle = readFileSync(resolve(__dirname, '../../../dist/client.js'), 'utf8');
    assert.match(bundle, /registerCommand\(\s*"iisAuth\.explainStatusCode"/);
    assert.doesNotMatch(bundle, /registerCommand\(\s*"iisAuth\.explainCode"/);
  });
});
