import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer, type PublishedDiagnostics } from '../support/lspClient';
import { EFFECTIVE_MARKDOWN_COMMAND, SHOW_EFFECTIVE_COMMAND } from '../../server/src/core/effectiveLens';
import { commandsIn, exerciseEveryFeature, isNonEmpty, planFeatures, type FeatureOutput } from '../support/serviceFeatures';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/core/languageService';
import type { CodeAction } from '../../server/src/core/actions/codeAction';

// A password planted in every place a config can hold one must never come back out: not in a
// finding, a hover, a completion, a code action, the CLI's text/JSON/SARIF, or the server's log.
const PLANTED = 'Planted-Secret-7f3a9c';

const applicationHost = `<?xml version="1.0"?>
<configuration>
  <configSections>
    <sectionGroup name="system.webServer"><sectionGroup name="security"><sectionGroup name="authentication">
      <section name="anonymousAuthentication" overrideModeDefault="Deny" />
    </sectionGroup></sectionGroup></sectionGroup>
  </configSections>
  <system.applicationHost><sites><site name="Vault" id="1">
    <application path="/"><virtualDirectory path="/" physicalPath="C:\\inetpub\\Vault" /></application>
    <application path="/App"/>
  </site></sites></system.applicationHost>
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

const occurrences = (text: string) => text.split(PLANTED).length - 1;

/**
 * A code action that moves an element must carry its password along (it keeps every attribute), so
 * the value may appear in its edits, but only as many times as the edits take it out:
 * never in its title or diagnostics, never copied to a new place.
 */
function carriesPasswordElsewhere(textOf: (uri: string) => string | undefined, action: CodeAction): boolean {
  const { edit, ...shown } = action;
  if (JSON.stringify(shown).includes(PLANTED)) return true;
  let before = 0;
  let after = 0;
  // Counted over all the files it edits: a move from web.config to applicationHost.config takes the
  // value out of one and into the other.
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
    const text = textOf(uri) ?? '';
    before += occurrences(text);
    after += occurrences(TextDocument.applyEdits(TextDocument.create(uri, 'xml', 1, text), edits));
  }
  return after > before;
}

describe('secrets never leave the server', () => {
  test('core: every function of the language service, at every position of both files', () => {
    const service = createLanguageService({ settings: { now: new Date('2026-11-23T00:00:00Z') } });
    const plan = planFeatures(service);
    service.workspace.set('file:///v/config/applicationHost.config', applicationHost);
    const outputs: FeatureOutput[] = [];
    for (const [uri, text] of [['file:///v/config/applicationHost.config', applicationHost], ['file:///v/Vault/web.config', webConfig]]) {
      outputs.push(...exerciseEveryFeature(service, { uri, text, positions: everyPosition(text) }, plan));
    }
    // A feature that answered nothing anywhere would pass the leak check below without proving anything.
    const silent = plan.names.filter((name) => !outputs.some((output) => output.feature === name && isNonEmpty(output.result)));
    assert.deepEqual(silent, [], 'these features returned nothing on the planted files, so they were not checked');
    const leaking = new Set<string>();
    for (const output of outputs) {
      if (output.feature === 'codeActions') {
        for (const action of output.result as CodeAction[]) if (carriesPasswordElsewhere((uri) => service.workspace.text(uri), action)) leaking.add(`codeActions: ${action.title}`);
      } else if ((JSON.stringify(output.result) ?? '').includes(PLANTED)) leaking.add(output.feature);
    }
    assert.deepEqual([...leaking], [], 'a planted password appeared in the output of these features');
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

  test('server: every request its capabilities announce, and its log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-secret-'));
    mkdirSync(join(dir, 'config'));
    mkdirSync(join(dir, 'Vault'));
    const files = { [pathToFileURL(join(dir, 'config/applicationHost.config')).toString()]: applicationHost, [pathToFileURL(join(dir, 'Vault/web.config')).toString()]: webConfig };
    for (const [uri, text] of Object.entries(files)) writeFileSync(fileURLToPath(uri), text);
    const session = await startServer(pathToFileURL(dir).toString());
    const seen: Array<{ request: string; result: unknown }> = [];
    session.connection.onNotification('window/logMessage', (message: unknown) => void seen.push({ request: 'window/logMessage', result: message }));
    // Lenses or inlay hints, as iisAuth.effectiveSettings.display says: the inlay hint probe switches it.
    let display = 'codeLens';
    let displayAsked: () => void = () => undefined;
    session.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map((item) => {
        if (item.section !== 'iisAuth.effectiveSettings.display') return null;
        setImmediate(displayAsked);
        return display;
      }),
    );
    const setDisplay = async (value: string, uri: string) => {
      display = value;
      const asked = new Promise<void>((resolve) => (displayAsked = resolve));
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await asked;
      // A request answered after the configuration reply: the server has applied it by then.
      await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    };
    const capabilities = session.initializeResult.capabilities;
    try {
      const unknown = Object.keys(capabilities).filter((name) => name.endsWith('Provider') && !(name in SERVER_REQUESTS));
      assert.deepEqual(unknown, [], 'the server announces capabilities this test does not exercise: add them to SERVER_REQUESTS');
      for (const [uri, text] of Object.entries(files)) {
        await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
      }
      for (const [uri, text] of Object.entries(files)) {
        const diagnostics = await session.nextDiagnostics(uri);
        seen.push({ request: 'publishDiagnostics', result: diagnostics });
        const positions = everyPosition(text).filter((_, i) => i % 7 === 0);
        for (const name of Object.keys(capabilities).filter((c) => c in SERVER_REQUESTS)) {
          const ask = (method: string, params: object) => session.connection.sendRequest(method, params).then((result) => seen.push({ request: method, result }));
          await SERVER_REQUESTS[name]({ uri, positions, diagnostics: diagnostics.diagnostics, seen, commands: (capabilities.executeCommandProvider as { commands: string[] }).commands, ask, setDisplay });
        }
      }
    } finally {
      await session.close();
    }
    const answered = new Set(seen.filter((entry) => isNonEmpty(entry.result)).map((entry) => entry.request));
    const silent = Object.keys(capabilities)
      .filter((c) => c in SERVER_REQUESTS && !(c in SILENT_ON_CONFIG_FILES))
      .filter((c) => !SERVER_METHODS[c].some((method) => answered.has(method)));
    assert.deepEqual(silent, [], 'these capabilities answered nothing on the planted files, so they were not checked');
    const leaking = new Set<string>();
    for (const entry of seen) {
      const actions = entry.request === 'textDocument/codeAction' ? (entry.result as CodeAction[]) : [];
      if (actions.length > 0) {
        for (const action of actions) if (carriesPasswordElsewhere((uri) => files[uri], action)) leaking.add(`codeAction: ${action.title}`);
      } else if ((JSON.stringify(entry.result) ?? '').includes(PLANTED)) leaking.add(entry.request);
    }
    if (session.stderr().includes(PLANTED)) leaking.add('stderr');
    assert.deepEqual([...leaking], [], 'a planted password appeared in server output');
  });
});

interface ServerProbe {
  uri: string;
  positions: Array<{ line: number; character: number }>;
  diagnostics: PublishedDiagnostics['diagnostics'];
  seen: Array<{ request: string; result: unknown }>;
  commands: string[];
  ask(method: string, params: object): Promise<unknown>;
  setDisplay(value: 'codeLens' | 'inlayHint', uri: string): Promise<void>;
}

/** How this test exercises each capability the server announces; one it does not know fails the test. */
const SERVER_REQUESTS: Record<string, (probe: ServerProbe) => Promise<unknown>> = {
  hoverProvider: ({ uri, positions, ask }) => Promise.all(positions.map((position) => ask('textDocument/hover', { textDocument: { uri }, position }))),
  completionProvider: ({ uri, positions, ask }) => Promise.all(positions.map((position) => ask('textDocument/completion', { textDocument: { uri }, position }))),
  documentSymbolProvider: ({ uri, ask }) => ask('textDocument/documentSymbol', { textDocument: { uri } }),
  codeActionProvider: ({ uri, positions, diagnostics, ask }) =>
    Promise.all([
      ...diagnostics.map((diagnostic) => ask('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })),
      ...positions.map((position) => ask('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } })),
    ]),
  definitionProvider: ({ uri, positions, ask }) => Promise.all(positions.map((position) => ask('textDocument/definition', { textDocument: { uri }, position }))),
  referencesProvider: ({ uri, positions, ask }) =>
    Promise.all(positions.map((position) => ask('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }))),
  codeLensProvider: ({ uri, ask }) => ask('textDocument/codeLens', { textDocument: { uri } }),
  inlayHintProvider: async ({ uri, ask, setDisplay }) => {
    await setDisplay('inlayHint', uri);
    await ask('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } });
    await setDisplay('codeLens', uri);
  },
  // Every server command a lens or hint of this file carries, with the arguments it carries (the
  // effective-settings page); the client-side command behind a lens asks the server for it.
  executeCommandProvider: ({ seen, commands, ask }) => {
    const lensesAndHints = seen.filter((entry) => entry.request === 'textDocument/codeLens' || entry.request === 'textDocument/inlayHint');
    const asked = new Map<string, object>();
    for (const shown of commandsIn(lensesAndHints.map((entry) => entry.result))) {
      // The lens's client-side command asks the server for the page with the same arguments.
      if (shown.command !== SHOW_EFFECTIVE_COMMAND || !commands.includes(EFFECTIVE_MARKDOWN_COMMAND)) continue;
      const params = { command: EFFECTIVE_MARKDOWN_COMMAND, arguments: shown.arguments };
      asked.set(JSON.stringify(params), params);
    }
    return Promise.all([...asked.values()].map((params) => ask('workspace/executeCommand', params)));
  },
  // Semantic tokens colour IIS logs; asked of a config file they must answer without its text.
  semanticTokensProvider: ({ uri, ask }) => ask('textDocument/semanticTokens/full', { textDocument: { uri } }),
};

/** Capabilities that rightly answer nothing about a config file, and why. */
const SILENT_ON_CONFIG_FILES: Record<string, string> = {
  semanticTokensProvider: 'colours IIS log columns only; a config file gets no tokens (and tokens are numbers, never text)',
};

/** The requests whose answers count as each capability's output. */
const SERVER_METHODS: Record<string, string[]> = {
  hoverProvider: ['textDocument/hover'],
  completionProvider: ['textDocument/completion'],
  documentSymbolProvider: ['textDocument/documentSymbol'],
  codeActionProvider: ['textDocument/codeAction'],
  definitionProvider: ['textDocument/definition'],
  referencesProvider: ['textDocument/references'],
  codeLensProvider: ['textDocument/codeLens'],
  inlayHintProvider: ['textDocument/inlayHint'],
  executeCommandProvider: ['workspace/executeCommand'],
  semanticTokensProvider: ['textDocument/semanticTokens/full'],
};
