import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../support/lspClient';
import { exerciseCore } from '../support/fuzz';
import { createLanguageService } from '../../server/src/core/languageService';

// A password planted in every place a config can hold one must never come back out: not in a
// finding, a hover, a completion, a code action, the CLI's text/JSON/SARIF, or the server's log.
const PLANTED = 'Planted-Secret-7f3a9c';

const applicationHost = `<?xml version="1.0"?>
<configuration>
  <system.applicationHost><sites><site name="Vault" id="1"><application path="/"/><application path="/App"/></site></sites></system.applicationHost>
  <location path="Vault/App">
    <system.webServer>
      <security>
        <authentication>
          <anonymousAuthentication enabled="true" userName="IUSR_VAULT" password="${PLANTED}" />
          <basicAuthentication enabled="true" />
          <iisClientCertificateMappingAuthentication enabled="true" manyToOneCertificateMappingsEnabled="true">
            <oneToOneMappings>
              <add userName="VAULT\\one" password="${PLANTED}" certificate="MIIB...AB=" />
            </oneToOneMappings>
            <manyToOneMappings>
              <add name="Everyone" permissionMode="Allow" userName="VAULT\\many" password="${PLANTED}">
                <rules><add certificateField="Subject" certificateSubField="CN" matchCriteria="*" /></rules>
              </add>
            </manyToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
        <access sslFlags="SslRequireCert" />
      </security>
    </system.webServer>
  </location>
</configuration>
`;
const webConfig = `<configuration><system.webServer><security><authentication>
  <anonymousAuthentication userName="x" password="${PLANTED}" />
</authentication></security></system.webServer></configuration>`;

function everyPosition(text: string) {
  const lines = text.split('\n');
  return lines.flatMap((line, lineNumber) => Array.from({ length: line.length + 1 }, (_, character) => ({ line: lineNumber, character })));
}

describe('secrets never leave the server', () => {
  test('core: findings, data, hovers and every position-based feature', () => {
    const service = createLanguageService({ settings: { now: new Date('2026-11-23T00:00:00Z') } });
    service.workspace.set('file:///v/config/applicationHost.config', applicationHost);
    const outputs: unknown[] = [];
    for (const [uri, text] of [['file:///v/config/applicationHost.config', applicationHost], ['file:///v/Vault/web.config', webConfig]]) {
      service.workspace.set(uri, text);
      outputs.push(service.validate(uri));
      for (const position of everyPosition(text)) {
        outputs.push(service.hover(uri, position));
        const features = service as unknown as Record<string, (...args: unknown[]) => unknown>;
        for (const name of ['completion', 'documentSymbols', 'definition', 'references', 'codeLenses']) {
          if (typeof features[name] === 'function') outputs.push(features[name].call(service, uri, position));
        }
      }
      exerciseCore(service, { uri, text, positions: [] });
    }
    const everything = JSON.stringify(outputs);
    assert.ok(everything.length > 100);
    assert.ok(!everything.includes(PLANTED), 'a planted password appeared in core output');
  });

  test('CLI: text, JSON and SARIF output and stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-secret-'));
    mkdirSync(join(dir, 'config'));
    mkdirSync(join(dir, 'Vault'));
    writeFileSync(join(dir, 'config/applicationHost.config'), applicationHost);
    writeFileSync(join(dir, 'Vault/web.config'), webConfig);
    const cli = resolve(__dirname, '../../../bin/iis-auth-check.js');
    for (const format of ['text', 'json', 'sarif']) {
      const result = spawnSync(process.execPath, [cli, '--format', format, dir], { encoding: 'utf8' });
      assert.ok(result.stdout.length > 0);
      assert.ok(!result.stdout.includes(PLANTED) && !result.stderr.includes(PLANTED), `password leaked in --format ${format}`);
    }
  });

  test('server: diagnostics, hovers and log messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-secret-'));
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config/applicationHost.config'), applicationHost);
    const session = await startServer(pathToFileURL(dir).toString());
    const seen: unknown[] = [];
    session.connection.onNotification('window/logMessage', (message: unknown) => {
      seen.push(message);
    });
    try {
      const uri = pathToFileURL(join(dir, 'config/applicationHost.config')).toString();
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: applicationHost } });
      seen.push(await session.nextDiagnostics(uri));
      for (const position of everyPosition(applicationHost).filter((_, i) => i % 7 === 0)) {
        seen.push(await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
      }
    } finally {
      await session.close();
    }
    const everything = JSON.stringify(seen) + session.stderr();
    assert.ok(!everything.includes(PLANTED), 'a planted password appeared in server output');
  });
});
