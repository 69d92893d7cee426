import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../support/lspClient';

// `iisAuth.applicationHostConfig` through the real server: the file it names, outside the workspace,
// decides what a web.config may set; a change of the setting takes effect at once.

const lockedWeb = `<configuration>
  <system.webServer><security><authentication>
    <anonymousAuthentication enabled="false" />
    <windowsAuthentication enabled="true" />
  </authentication></security></system.webServer>
</configuration>
`;

const serverHost = (mode: 'Allow' | 'Deny') => `<configuration>
  <configSections>
    <sectionGroup name="system.applicationHost"><section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" /></sectionGroup>
    <sectionGroup name="system.webServer"><sectionGroup name="security"><sectionGroup name="authentication">
      <section name="anonymousAuthentication" overrideModeDefault="${mode}" />
      <section name="windowsAuthentication" overrideModeDefault="${mode}" />
    </sectionGroup></sectionGroup></sectionGroup>
  </configSections>
  <system.applicationHost><sites>
    <site name="Portal" id="1"><application path="/"><virtualDirectory path="/" physicalPath="D:\\Sites\\Portal" /></application></site>
  </sites></system.applicationHost>
</configuration>
`;

describe('iisAuth.applicationHostConfig in the language server', () => {
  test('a server file that locks: errors naming it; switched to one that unlocks: none; unset: one note that it depends on the server', async () => {
    const root = mkdtempSync(join(tmpdir(), 'iis-auth-hostcfg-'));
    mkdirSync(join(root, 'workspace', 'Portal'), { recursive: true });
    mkdirSync(join(root, 'server'));
    writeFileSync(join(root, 'workspace', 'Portal', 'web.config'), lockedWeb);
    writeFileSync(join(root, 'server', 'deny.config'), serverHost('Deny'));
    writeFileSync(join(root, 'server', 'allow.config'), serverHost('Allow'));
    const session = await startServer(pathToFileURL(join(root, 'workspace')).toString(), undefined, {
      iisAuth: { applicationHostConfig: [join(root, 'server', 'deny.config')] },
    });
    try {
      const uri = pathToFileURL(join(root, 'workspace', 'Portal', 'web.config')).toString();
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: lockedWeb } });
      const locked = await session.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'IIS-AUTH-002' && d.severity === 1));
      const errors = locked.diagnostics.filter((d) => d.code === 'IIS-AUTH-002');
      assert.equal(errors.length, 2, JSON.stringify(errors));
      assert.match(errors[0].message, /^The server's .*deny\.config declares <anonymousAuthentication>/);
      assert.equal(errors[0].relatedInformation?.[0].location.uri, pathToFileURL(join(root, 'server', 'deny.config')).toString());

      session.setSettings({ iisAuth: { applicationHostConfig: join(root, 'server', 'allow.config') } });
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await session.nextDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'IIS-AUTH-002'));

      session.setSettings({ iisAuth: { applicationHostConfig: [] } });
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const lone = await session.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'IIS-AUTH-002'));
      assert.deepEqual(lone.diagnostics.filter((d) => d.code === 'IIS-AUTH-002').map((d) => [d.severity, /^Depends on the server/.test(d.message)]), [[3, true]]);
    } finally {
      await session.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
