import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { marked, type MarkedText } from '../support/fixtures';
import { startServer, type LspSession } from '../support/lspClient';
import { EFFECTIVE_MARKDOWN_COMMAND, SHOW_EFFECTIVE_COMMAND } from '../../server/src/core/effectiveLens';

interface WireCompletionItem {
  label: string;
  textEdit: { range: unknown; newText: string };
  insertTextFormat?: number;
}

describe('IntelliSense over stdio', () => {
  test('textDocument/completion at a marked position answers from the schema, also while the document is broken', async () => {
    const session = await startServer();
    try {
      const uri = 'file:///fixture/intellisense/web.config';
      const doc = marked('<configuration>\n  <system.webServer>\n    <security>\n      <access sslFlags="Ssl, [[|]]\n');
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: doc.text } });
      const list = (await session.connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: doc.cursor,
        context: { triggerKind: 2, triggerCharacter: ' ' },
      })) as { items: WireCompletionItem[] };
      assert.deepEqual(list.items.map((i) => i.label), ['SslNegotiateCert', 'SslRequireCert', 'SslMapCert', 'Ssl128']);
      assert.deepEqual(list.items[0].textEdit.range, doc.ranges[0]);

      // The next keystroke arrives as an incremental change; completion must see it.
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: doc.cursor, end: doc.cursor }, text: 'SslNegotiateCert, ' }],
      });
      const after = (await session.connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: { line: doc.cursor!.line, character: doc.cursor!.character + 'SslNegotiateCert, '.length },
      })) as { items: WireCompletionItem[] };
      assert.deepEqual(after.items.map((i) => i.label), ['SslRequireCert', 'SslMapCert', 'Ssl128']);

      // Finishing the value and closing the elements, again incrementally: the outline follows the
      // edits and shows the value as typed.
      const end = { line: doc.cursor!.line, character: doc.cursor!.character + 'SslNegotiateCert, '.length };
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ range: { start: end, end }, text: 'SslRequireCert" />\n    </security>\n  </system.webServer>\n</configuration>' }],
      });
      const symbols = (await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as WireSymbol[];
      assert.deepEqual(outline(symbols), ['security (this folder and below)', '  access (sslFlags=Ssl, SslNegotiateCert, SslRequireCert)']);
    } finally {
      await session.close();
    }
  });

  test('hover and completion for any IIS section over the wire, inside <location> too', async () => {
    const session = await startServer();
    try {
      const uri = 'file:///fixture/intellisense-schema/applicationHost.config';
      const hoverDoc = marked(
        '<configuration>\n  <location path="Portal">\n    <system.webServer>\n      <httpErrors [[error|Mode]]="Detailed" />\n      <security>\n        <\n      </security>\n    </system.webServer>\n  </location>\n</configuration>\n',
      );
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: hoverDoc.text } });
      const hover = (await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: hoverDoc.cursor })) as {
        contents: { value: string };
        range: unknown;
      };
      assert.match(hover.contents.value, /^\*\*errorMode\*\* on `<httpErrors>` — enum, default `DetailedLocalOnly`/);
      assert.match(hover.contents.value, /learn\.microsoft\.com\/iis\/configuration\/system\.webserver\/httperrors\//);
      assert.deepEqual(hover.range, hoverDoc.ranges[0]);

      const line = hoverDoc.text.split('\n').findIndex((l) => l.trim() === '<');
      const list = (await session.connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: { line, character: hoverDoc.text.split('\n')[line].length },
        context: { triggerKind: 2, triggerCharacter: '<' },
      })) as { items: WireCompletionItem[] };
      const labels = list.items.map((i) => i.label);
      for (const name of ['authorization', 'requestFiltering', 'ipSecurity']) assert.ok(labels.includes(name), name);
    } finally {
      await session.close();
    }
  });

  test('element skeleton as a snippet through the wire', async () => {
    const session = await startServer();
    try {
      const uri = 'file:///fixture/intellisense2/web.config';
      const doc = marked('<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n        <|\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>\n');
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: doc.text } });
      const list = (await session.connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: doc.cursor,
        context: { triggerKind: 2, triggerCharacter: '<' },
      })) as { items: WireCompletionItem[] };
      const mapping = list.items.find((i) => i.label === 'iisClientCertificateMappingAuthentication')!;
      assert.equal(mapping.insertTextFormat, 2);
      assert.match(mapping.textEdit.newText, /<manyToOneMappings>\n {12}<add name="\$\{\d+:mapping name\}"/);
      const symbols = (await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as unknown[];
      assert.deepEqual(symbols, []);
    } finally {
      await session.close();
    }
  });
});

// The fixture workspace on disk: config/applicationHost.config (sites "Portal" with the application
// /Api, and "Fabrikam-Records"), Portal/web.config, Portal/Api/web.config and FabrikamPortal/web.config,
// which holds the rest of seed 000's many-to-one list. The server indexes it from the workspace folder.
const ROOT = resolve(__dirname, '../../../test/fixtures/intellisense-workspace');
const uriOf = (relative: string) => pathToFileURL(resolve(ROOT, relative)).toString();
const textOf = (relative: string) => readFileSync(resolve(ROOT, relative), 'utf8');
const HOST = uriOf('config/applicationHost.config');
const PORTAL = uriOf('Portal/web.config');
const API = uriOf('Portal/Api/web.config');
const FABRIKAM = uriOf('FabrikamPortal/web.config');

interface WireLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
interface WireSymbol {
  name: string;
  detail?: string;
  kind: number;
  children?: WireSymbol[];
}
interface WireLens {
  range: WireLocation['range'];
  command: { title: string; command: string; arguments: unknown[] };
}

/** Line and character of the first occurrence of `needle` in a fixture file (plus `shift` characters). */
function find(relative: string, needle: string, shift = 0) {
  const lines = textOf(relative).split(/\r?\n/);
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not in ${relative}`);
  return { line, character: lines[line].indexOf(needle) + shift };
}

function outline(symbols: WireSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`, ...outline(s.children ?? [], depth + 1)]);
}

describe('IntelliSense on the fixture workspace, over stdio', () => {
  let session: LspSession;

  before(async () => {
    session = await startServer(pathToFileURL(ROOT).toString());
    // The workspace is indexed from disk after `initialized`; the seed 000 lens needs both files.
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: FABRIKAM, languageId: 'xml', version: 1, text: textOf('FabrikamPortal/web.config') },
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const lenses = (await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: FABRIKAM } })) as WireLens[];
      if (lenses.some((l) => /2 mappings/.test(l.command.title))) break;
      assert.ok(Date.now() < deadline, `the workspace was not indexed: ${JSON.stringify(lenses)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(() => session.close());

  /** Opens (or re-opens with new text) a document of the workspace with a marked cursor, and completes there. */
  async function completeIn(relative: string, doc: MarkedText, version: number) {
    const uri = uriOf(relative);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version, text: doc.text } });
    const list = (await session.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: doc.cursor })) as {
      items: Array<{ label: string; detail?: string; sortText?: string; insertTextFormat?: number; textEdit: { range: unknown; newText: string } }>;
    };
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  }

  /** The fixture file with `replace` swapped for `by` (which carries the markers). */
  const edited = (relative: string, replace: string, by: string) => {
    const text = textOf(relative);
    assert.ok(text.includes(replace), `${replace} not in ${relative}`);
    return marked(text.replace(replace, by));
  };

  test('element names: the authentication sections Portal/web.config does not set yet', async () => {
    const items = await completeIn('Portal/web.config', edited('Portal/web.config', '<basicAuthentication enabled="false" />', '<basicAuthentication enabled="false" />\n                <|'), 2);
    assert.deepEqual(items.map((i) => i.label).sort(), ['anonymousAuthentication', 'clientCertificateMappingAuthentication', 'digestAuthentication', 'iisClientCertificateMappingAuthentication']);
    assert.match(items.find((i) => i.label === 'digestAuthentication')!.detail!, /locked by default/);
  });

  test('attribute names of <access>, and sslFlags values: only flags not present, never None beside others', async () => {
    const names = await completeIn('Portal/Api/web.config', edited('Portal/Api/web.config', '<authentication>', '<access |/>\n                <authentication>'), 2);
    assert.deepEqual(names.map((i) => i.label), ['sslFlags']);
    const values = await completeIn('Portal/Api/web.config', edited('Portal/Api/web.config', '<authentication>', '<access sslFlags="SslRequireCert, Ssl, [[|]]" />\n                <authentication>'), 3);
    assert.deepEqual(values.map((i) => i.label), ['SslNegotiateCert', 'SslMapCert', 'Ssl128']);
  });

  test('certificateSubField, permissionMode and the providers of Windows authentication', async () => {
    const subField = await completeIn('FabrikamPortal/web.config', edited('FabrikamPortal/web.config', 'certificateSubField="CN"', 'certificateSubField="[[|CN]]"'), 2);
    assert.deepEqual(subField.map((i) => i.label), ['CN', 'OU', 'O', 'L', 'S', 'C', 'E']);
    const permission = await completeIn('FabrikamPortal/web.config', edited('FabrikamPortal/web.config', 'permissionMode="Allow"', 'permissionMode="[[|Allow]]"'), 3);
    assert.deepEqual(permission.map((i) => i.label), ['Allow', 'Deny']);
    const providers = await completeIn('config/applicationHost.config', edited('config/applicationHost.config', '<add value="NTLM" />', '<add value="|" />'), 2);
    assert.deepEqual(providers.map((i) => i.label), ['Negotiate', 'NTLM', 'Negotiate:Kerberos']);
  });

  test('overrideMode and <location path> from the <sites> of applicationHost.config', async () => {
    const mode = await completeIn('config/applicationHost.config', edited('config/applicationHost.config', '<location path="Portal" overrideMode="Allow">', '<location path="Portal" overrideMode="[[|Allow]]">'), 3);
    assert.deepEqual(mode.map((i) => i.label), ['Inherit', 'Allow', 'Deny']);
    const doc = edited('config/applicationHost.config', '</configuration>', '    <location path="[[Po|]]">\n    </location>\n</configuration>');
    const paths = await completeIn('config/applicationHost.config', doc, 4);
    assert.deepEqual(paths.map((i) => i.label), ['Fabrikam-Records', 'Portal', 'Portal/Api']);
    assert.deepEqual(paths.find((i) => i.label === 'Portal/Api')!.textEdit.range, doc.ranges[0]);
  });

  test('skeletons: a many-to-one mapping with one rule inside <manyToOneMappings>, indented like the file', async () => {
    const items = await completeIn('FabrikamPortal/web.config', edited('FabrikamPortal/web.config', '</manyToOneMappings>', '    <|\n                    </manyToOneMappings>'), 4);
    const add = items.find((i) => i.label === 'add')!;
    assert.equal(add.insertTextFormat, 2, 'a snippet with placeholders');
    assert.match(add.textEdit.newText, /^add name="\$\{1:[^}]*\}"[^\n]*>\n {28}<rules>\n {32}<add certificateField="\$\{\d+\|Subject,Issuer\|\}" certificateSubField=/);
  });

  test('document symbols: sites with applications, server level, locations with their sections and mappings', async () => {
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: HOST, languageId: 'xml', version: 10, text: textOf('config/applicationHost.config') } });
    const symbols = (await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: HOST } })) as WireSymbol[];
    assert.deepEqual(outline(symbols), [
      'Portal (id 2 · https *:443:portal.example)',
      '  / (D:\\Sites\\Portal)',
      '  /Api (D:\\Sites\\Portal\\Api)',
      'Fabrikam-Records (id 3)',
      '  / (D:\\Sites\\FabrikamPortal)',
      'security (server level)',
      '  anonymousAuthentication (on)',
      '  windowsAuthentication (off · Negotiate, NTLM)',
      'location Portal (overrideMode=Allow)',
      '  access (sslFlags=Ssl, SslNegotiateCert, SslRequireCert)',
      '  anonymousAuthentication (off)',
      '  windowsAuthentication (off)',
      '  iisClientCertificateMappingAuthentication (on · 1 many-to-one)',
      '    Portal users (many-to-one → portal-user · 1 rule)',
      'location Fabrikam-Records (overrideMode=Allow)',
      '  access (sslFlags=Ssl, SslNegotiateCert, SslRequireCert)',
      '  anonymousAuthentication (off)',
      '  iisClientCertificateMappingAuthentication (on · 1 many-to-one)',
      '    Dana Ruiz (many-to-one → records-dana · 2 rules)',
    ]);
  });

  test('definition from a web.config section to the <location> that unlocks it and the declaration; references back', async () => {
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: PORTAL, languageId: 'xml', version: 1, text: textOf('Portal/web.config') } });
    const fromSection = (await session.connection.sendRequest('textDocument/definition', {
      textDocument: { uri: PORTAL },
      position: find('Portal/web.config', 'windowsAuthentication', 3),
    })) as WireLocation[];
    const location = find('config/applicationHost.config', '<location path="Portal"');
    const declaration = find('config/applicationHost.config', '<section name="windowsAuthentication"');
    assert.deepEqual(
      fromSection.map((l) => [l.uri, l.range.start.line, l.range.start.character]),
      [
        [HOST, location.line, location.character],
        [HOST, declaration.line, declaration.character],
      ],
    );

    const back = (await session.connection.sendRequest('textDocument/references', {
      textDocument: { uri: HOST },
      position: find('config/applicationHost.config', '<location path="Portal"', 3),
      context: { includeDeclaration: false },
    })) as WireLocation[];
    const sections = back.map((l) => `${l.uri.slice(pathToFileURL(ROOT).toString().length + 1)}:${l.range.start.line}`);
    assert.deepEqual(sections, [
      `Portal/web.config:${find('Portal/web.config', 'windowsAuthentication').line}`,
      `Portal/Api/web.config:${find('Portal/Api/web.config', 'anonymousAuthentication').line}`,
      `Portal/Api/web.config:${find('Portal/Api/web.config', '<anonymousAuthentication enabled="true"').line}`,
    ]);
  });

  test('references from a many-to-one mapping include the diagnostics about it', async () => {
    // A clear-text password is reported on the mapping (IIS-AUTH-009); references list that diagnostic.
    const text = textOf('FabrikamPortal/web.config').replace('password="[enc:IISCngProvider:bGVl:enc]"', 'password="lee-secret"');
    // The completion tests above closed this document again, so it is opened with the edited text.
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: FABRIKAM, languageId: 'xml', version: 2, text } });
    const diagnostics = await session.nextDiagnostics(FABRIKAM, (p) => p.version === 2 && p.diagnostics.some((d) => d.code === 'IIS-AUTH-009'));
    const credential = diagnostics.diagnostics.find((d) => d.code === 'IIS-AUTH-009')!;
    const found = (await session.connection.sendRequest('textDocument/references', {
      textDocument: { uri: FABRIKAM },
      position: find('FabrikamPortal/web.config', 'name="Lee Chen"', 7),
      context: { includeDeclaration: true },
    })) as WireLocation[];
    assert.ok(found.some((l) => l.uri === FABRIKAM && JSON.stringify(l.range) === JSON.stringify(credential.range)), JSON.stringify(found));
    assert.ok(!JSON.stringify(found).includes('lee-secret'));
  });

  test('definition from where a diagnostic points (the switch that skips mappings) to the mapping it is about', async () => {
    const text = textOf('FabrikamPortal/web.config').replace('manyToOneCertificateMappingsEnabled="true"', 'manyToOneCertificateMappingsEnabled="false"');
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: FABRIKAM, version: 3 }, contentChanges: [{ text }] });
    await session.nextDiagnostics(FABRIKAM, (p) => p.version === 3 && p.diagnostics.some((d) => d.code === 'IIS-AUTH-007'));
    const switchAt = find('FabrikamPortal/web.config', 'manyToOneCertificateMappingsEnabled="', 'manyToOneCertificateMappingsEnabled="'.length + 1);
    const targets = (await session.connection.sendRequest('textDocument/definition', { textDocument: { uri: FABRIKAM }, position: switchAt })) as WireLocation[];
    const lee = find('FabrikamPortal/web.config', 'Lee Chen');
    assert.deepEqual(
      targets.filter((t) => t.uri === FABRIKAM).map((t) => t.range),
      [{ start: lee, end: { line: lee.line, character: lee.character + 'Lee Chen'.length } }],
    );
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: FABRIKAM, version: 4 }, contentChanges: [{ text: textOf('FabrikamPortal/web.config') }] });
  });

  test('effective-settings lenses and the Markdown page behind them: seed 000 split mappings shown combined', async () => {
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: API, languageId: 'xml', version: 1, text: textOf('Portal/Api/web.config') } });
    const lenses = (await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: API } })) as WireLens[];
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command.title]),
      [
        [1, 'Portal/Api: Anonymous off · Windows off · Cert mapping on (from site "Portal", 1 mapping) · SSL: require client certificate'],
        [find('Portal/Api/web.config', '<location path="status">').line, 'Anonymous on · Windows off · Cert mapping on (from site "Portal", 1 mapping) · SSL: require client certificate'],
      ],
    );
    assert.equal(lenses[1].command.command, SHOW_EFFECTIVE_COMMAND);

    const fabrikam = (await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: FABRIKAM } })) as WireLens[];
    const page = (await session.connection.sendRequest('workspace/executeCommand', { command: EFFECTIVE_MARKDOWN_COMMAND, arguments: fabrikam[0].command.arguments })) as string;
    const danaLine = find('config/applicationHost.config', '<add name="Dana Ruiz"').line + 1;
    const leeLine = find('FabrikamPortal/web.config', '<add name="Lee Chen"').line + 1;
    assert.match(page, new RegExp(`\\| Dana Ruiz \\| many-to-one \\| records-dana \\| [^|]+ \\| yes \\| \\[config/applicationHost\\.config:${danaLine}\\]`));
    assert.match(page, new RegExp(`\\| Lee Chen \\| many-to-one \\| records-lee \\| [^|]+ \\| yes \\| \\[FabrikamPortal/web\\.config:${leeLine}\\]`));
    const sslLine = find('config/applicationHost.config', '<location path="Fabrikam-Records"').line + 4;
    assert.match(page, new RegExp(`\\| access \\| sslFlags \\| \`Ssl, SslNegotiateCert, SslRequireCert\` \\| \\[config/applicationHost\\.config:${sslLine}\\]`));
    assert.doesNotMatch(page, /enc:|ZGFuYQ|bGVl|lee-secret/, 'passwords never appear');
  });
});
