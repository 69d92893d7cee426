import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../support/fixtures';
import { startServer, type PublishedDiagnostics } from '../support/lspClient';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateHostConfig } from '../support/incrementalEdits';
import { prng } from '../support/fuzz';

describe('stdio language server', () => {
  test('answers initialize, publishes diagnostics on open and change, survives bad input, shuts down', async () => {
    const session = await startServer();
    try {
      const uri = 'file:///fixture/web.config';
      const broken = marked('<configuration>\n  <system.webServer>\n    <security>\n      <access sslFlags="Ssl">\n    [[</security>]]\n  </system.webServer>\n</configuration>\n');
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: broken.text } });
      const first = await session.nextDiagnostics(uri);
      const xmlErrors = first.diagnostics.filter((d) => String(d.code).startsWith('XML-'));
      assert.equal(xmlErrors.length, 1);
      assert.equal(xmlErrors[0].severity, 1);
      assert.equal(xmlErrors[0].message, 'Expected </access> before </security>: <access> (line 4) is not closed.');
      assert.deepEqual(xmlErrors[0].relatedInformation?.map((r) => [r.location.uri, r.location.range.start, r.message]), [[uri, { line: 3, character: 6 }, '<access> starts here.']]);
      assert.deepEqual(xmlErrors[0].range, broken.ranges[0]);
      // The parts that parse are still analysed: <access> in a web.config no applicationHost.config governs is a note, not an error.
      assert.ok(first.diagnostics.some((d) => d.code === 'IIS-AUTH-002' && d.severity === 3 && /^Depends on the server/.test(d.message)));

      // Fix it by a one-character edit: `>` → `/>` on the access line.
      const accessLineEnd = { line: 3, character: broken.text.split('\n')[3].length - 1 };
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: accessLineEnd, end: accessLineEnd }, text: '/' }],
      });
      const second = await session.nextDiagnostics(uri, (p) => p.version === 2);
      assert.deepEqual(second.diagnostics.filter((d) => String(d.code).startsWith('XML-')), []);

      // Binary garbage must neither crash the server nor go unreported.
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ text: '\u0000\u0001\u00ff garbage' }],
      });
      const third = await session.nextDiagnostics(uri, (p) => p.version === 3);
      assert.match(third.diagnostics[0].message, /binary/);

      // Garbage has nothing to explain; the same server then explains the repaired file again.
      assert.equal(await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
      const repaired = marked('<configuration>\n  <system.webServer>\n    <security>\n      <access ssl|Flags="Ssl" />\n    </security>\n  </system.webServer>\n</configuration>\n');
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: repaired.text }] });
      await session.nextDiagnostics(uri, (p) => p.version === 4);
      const hover = await session.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: repaired.cursor });
      assert.match(hover?.contents.value ?? '', /sslFlags/);
    } finally {
      await session.close();
    }
    assert.equal(session.process.exitCode, 0);
  });

  test('stale results are never published over fresh ones during rapid edits', async () => {
    const session = await startServer();
    try {
      const uri = 'file:///fixture/rapid/web.config';
      // Odd versions are cut off (one XML error), even ones are whole (no finding), so every publish
      // shows which text it was computed from.
      const textOf = (version: number) => (version % 2 === 0 ? '<configuration/>' : '<configuration>');
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: textOf(1) } });
      for (let version = 2; version <= 40; version++) {
        await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: textOf(version) }] });
      }
      await session.nextDiagnostics(uri, (p) => p.version === 40);
      // One more edit, answered in its turn: a stale publish queued behind version 40 arrives before it.
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 41 }, contentChanges: [{ text: textOf(41) }] });
      await session.nextDiagnostics(uri, (p) => p.version === 41);
      const published = session.publishedFor(uri);
      const versions = published.map((p) => p.version!);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `publishes out of order: ${versions.join(', ')}`);
      assert.equal(new Set(versions).size, versions.length, `a version published twice: ${versions.join(', ')}`);
      assert.deepEqual(versions.slice(-2), [40, 41]);
      for (const publish of published) {
        const xmlErrors = publish.diagnostics.filter((d) => String(d.code).startsWith('XML-')).length;
        assert.equal(xmlErrors, publish.version! % 2 === 0 ? 0 : 1, `version ${publish.version} was published with another version's findings`);
      }
    } finally {
      await session.close();
    }
  });

  test('keystrokes in an applicationHost.config, sent as ranges, publish what opening the resulting text publishes', async () => {
    const uri = 'file:///fixture/config/applicationHost.config';
    let document = TextDocument.create(uri, 'xml', 1, generateHostConfig(prng(7), 12));
    const normalized = (published: PublishedDiagnostics) => published.diagnostics.map((d) => JSON.stringify(d)).sort();
    const freshly = async (text: string) => {
      const fresh = await startServer();
      try {
        await fresh.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
        return normalized(await fresh.nextDiagnostics(uri));
      } finally {
        await fresh.close();
      }
    };
    const session = await startServer();
    try {
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: document.getText() } });
      await session.nextDiagnostics(uri);
      /** Types `text` at `offset` one character per didChange, without waiting for the analysis in between. */
      const type = async (offset: number, text: string) => {
        for (const character of text) {
          const position = document.positionAt(offset++);
          const change = { range: { start: position, end: position }, text: character };
          document = TextDocument.update(document, [change], document.version + 1);
          await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [change] });
        }
        return session.nextDiagnostics(uri, (p) => p.version === document.version);
      };
      // Inside one <location>: the access flags of Site3 ask for the certificate by renegotiation.
      const site3 = document.getText().indexOf('<location path="Site3">');
      const access = document.getText().indexOf('<access sslFlags="', site3) + '<access sslFlags="'.length;
      const flags = await type(access, 'SslNegotiateCert, ');
      const line = document.positionAt(access).line;
      assert.ok(flags.diagnostics.some((d) => d.code === 'IIS-AUTH-106' && d.range.start.line === line), 'the typed SslNegotiateCert is reported where it was typed');
      assert.deepEqual(normalized(flags), await freshly(document.getText()));
      // Inside one <site>: its binding's sslFlags, which every location of the site depends on.
      const binding = document.getText().indexOf('sslFlags="', document.getText().indexOf('<site name="Site3"')) + 'sslFlags="'.length;
      assert.deepEqual(normalized(await type(binding, '3')), await freshly(document.getText()));
      // Two cursors at once, in the locations of Site4 and Site4/App: one didChange with two ranges.
      const site4 = document.getText().indexOf('<location path="Site4">');
      const anonymous = (from: number) => document.getText().indexOf('<anonymousAuthentication enabled="', from) + '<anonymousAuthentication enabled="'.length;
      const first = anonymous(site4);
      const cursors = [first, anonymous(first)].map((offset) => {
        const position = document.positionAt(offset);
        return { range: { start: position, end: position }, text: 'x' };
      });
      // As editors send them: the later position first, so the earlier one's offset holds.
      const changes = [cursors[1], cursors[0]];
      document = TextDocument.update(document, changes, document.version + 1);
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: changes });
      assert.deepEqual(normalized(await session.nextDiagnostics(uri, (p) => p.version === document.version)), await freshly(document.getText()));
      // An element added inside a location's <authentication>.
      const authentication = document.getText().indexOf('<authentication>', document.getText().indexOf('<location path="Site5/App">')) + '<authentication>'.length;
      assert.deepEqual(normalized(await type(authentication, '<basicAuthentication enabled="true" />')), await freshly(document.getText()));
    } finally {
      await session.close();
    }
  });
});
