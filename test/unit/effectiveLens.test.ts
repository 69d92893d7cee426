import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { indexWorkspaceFolders } from '../../server/src/configFiles';
import { createLanguageService, type LanguageService } from '../../server/src/core/languageService';
import { SHOW_EFFECTIVE_COMMAND } from '../../server/src/core/effectiveLens';
import { WEB_URI, serviceWith } from '../support/fixtures';

// A workspace on disk: config/applicationHost.config with the sites "Portal" (application /Api) and
// "Fabrikam-Records", Portal/web.config, Portal/Api/web.config (with a <location path="status">), and
// FabrikamPortal/web.config holding the rest of seed 000's split many-to-one list.
const ROOT = resolve(__dirname, '../../../test/fixtures/intellisense-workspace');
const uriOf = (relative: string) => pathToFileURL(resolve(ROOT, relative)).toString();
const HOST = uriOf('config/applicationHost.config');
const PORTAL = uriOf('Portal/web.config');
const API = uriOf('Portal/Api/web.config');
const FABRIKAM = uriOf('FabrikamPortal/web.config');

let service: LanguageService;
before(async () => {
  service = createLanguageService();
  const indexed = await indexWorkspaceFolders([pathToFileURL(ROOT).toString()], (uri, text) => service.workspace.set(uri, text));
  assert.equal(indexed.files, 4);
});

function titles(uri: string) {
  return service.effectiveCodeLenses(uri).map((l) => [l.range.start.line, l.command.title]);
}

describe('effective settings lens over a site/application web.config tree', () => {
  test('above each <location> of applicationHost.config', () => {
    assert.deepEqual(titles(HOST), [
      [51, 'Anonymous off · Windows off · Cert mapping on (1 mapping) · SSL: require client certificate'],
      [71, 'Anonymous off · Windows off · Cert mapping on (2 mappings) · SSL: require client certificate'],
    ]);
  });

  test('at the top of each web.config, with the URL path the folder serves; mappings come from the site', () => {
    assert.deepEqual(titles(PORTAL), [[1, 'Portal: Anonymous off · Windows off · Cert mapping on (1 mapping) · SSL: require client certificate']]);
    assert.deepEqual(titles(API), [
      [1, 'Portal/Api: Anonymous off · Windows off · Cert mapping on (from site "Portal", 1 mapping) · SSL: require client certificate'],
      [9, 'Anonymous on · Windows off · Cert mapping on (from site "Portal", 1 mapping) · SSL: require client certificate'],
    ]);
  });

  test('clicking runs the client command with the file and the location path', () => {
    const lens = service.effectiveCodeLenses(API)[1];
    assert.equal(lens.command.command, SHOW_EFFECTIVE_COMMAND);
    assert.deepEqual(lens.command.arguments, [{ uri: API, path: 'status' }]);
  });

  test('seed 000: the many-to-one list split between applicationHost.config and web.config is shown combined, each with its source', () => {
    assert.deepEqual(titles(FABRIKAM), [[1, 'Fabrikam-Records: Anonymous off · Windows off · Cert mapping on (2 mappings) · SSL: require client certificate']]);
    const page = service.effectiveSettingsMarkdown({ uri: FABRIKAM, path: '' });
    assert.match(page, /^# Effective authentication: `Fabrikam-Records`/);
    assert.match(page, /\| Dana Ruiz \| many-to-one \| records-dana \| Issuer O = Fabrikam Smart Card Authority; Subject CN = dana\.ruiz \| yes \| \[config\/applicationHost\.config:80\]\(file:\/\/\/[^)]*applicationHost\.config#L80\) \|/);
    assert.match(page, /\| Lee Chen \| many-to-one \| records-lee \| .* \| yes \| \[FabrikamPortal\/web\.config:9\]\([^)]*FabrikamPortal\/web\.config#L9\) \|/);
    assert.match(page, /\| access \| sslFlags \| `Ssl, SslNegotiateCert, SslRequireCert` \| \[config\/applicationHost\.config:75\]/);
    assert.match(page, /\| anonymousAuthentication \| logonMethod \| `ClearText` \| IIS default \|/);
    assert.match(page, /1\. config\/applicationHost\.config, server level[^\n]*\n2\. config\/applicationHost\.config, `<location path="Fabrikam-Records">`[^\n]*\n3\. FabrikamPortal\/web\.config/);
    assert.doesNotMatch(page, /enc:|ZGFuYQ|bGVl/, 'passwords never appear');
  });

  test('the page for a location in a web.config says where it applies and how the path was found', () => {
    const page = service.effectiveSettingsMarkdown({ uri: API, path: 'status' });
    assert.match(page, /^# Effective authentication: `Portal\/Api\/status`/);
    assert.match(page, /Folder of site "Portal" · `<location path="status">` in \[Api\/web\.config:10\]/);
    assert.match(page, /physicalPath/);
    assert.match(page, /\| anonymousAuthentication \| enabled \| `true` \| \[Api\/web\.config:14\]/);
    assert.match(page, /## Certificate mappings \(read at site "Portal"\)/);
  });

  test('inlay hints carry the same summary at the end of the start tag, clickable', () => {
    const hints = service.effectiveInlayHints(API);
    assert.deepEqual(hints.map((h) => h.position), [
      { line: 1, character: 15 },
      { line: 9, character: 28 },
    ]);
    assert.equal(hints[1].label[0].value, titles(API)[1][1]);
    assert.equal(hints[1].label[0].command?.command, SHOW_EFFECTIVE_COMMAND);
    assert.deepEqual(service.effectiveInlayHints(API, { start: { line: 5, character: 0 }, end: { line: 20, character: 0 } }).length, 1);
  });
});

describe('effective settings lens on its own', () => {
  test('a lone web.config: IIS defaults stand in for the server, and a dead end shows first', () => {
    const service = serviceWith({
      [WEB_URI]:
        '<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n        <anonymousAuthentication enabled="false" />\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>',
    });
    const [lens] = service.effectiveCodeLenses(WEB_URI);
    assert.equal(lens.command.title, 'Folder not placed in a site: ⚠ no method logs users on (401.2) · Anonymous off · Windows off · Cert mapping off · SSL not required');
    assert.match(service.effectiveSettingsMarkdown({ uri: WEB_URI, path: '' }), /No applicationHost\.config in the workspace governs this file/);
    service.workspace.setServerFile('file:///C:/Windows/System32/inetsrv/config/applicationHost.config', '<configuration><system.applicationHost><sites /></system.applicationHost></configuration>');
    assert.match(service.effectiveSettingsMarkdown({ uri: WEB_URI, path: '' }), /Governed by the server's C:\\Windows\\System32\\inetsrv\\config\\applicationHost\.config/);
  });

  test('files that are not IIS configuration, and stale arguments, get no lens and a clear page', () => {
    const service = serviceWith({ [WEB_URI]: '<root/>' });
    assert.deepEqual(service.effectiveCodeLenses(WEB_URI), []);
    assert.match(service.effectiveSettingsMarkdown({ uri: 'file:///nowhere/web.config', path: '' }), /not open or not an IIS configuration file/);
    const withFile = serviceWith({ [WEB_URI]: '<configuration/>' });
    assert.match(withFile.effectiveSettingsMarkdown({ uri: WEB_URI, path: 'gone' }), /No `<location path="gone">`/);
  });
});
