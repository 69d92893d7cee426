import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { marked } from '../support/fixtures';
import { startServer } from '../support/lspClient';

interface WireAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: Array<{ code?: string }>;
  edit?: { changes?: Record<string, Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>> };
}

// Seed 001 in miniature: the mapping section sits in the sub-application's <location>.
const belowSite = marked(
  [
    '<configuration>',
    '  <system.applicationHost>',
    '    <sites>',
    '      <site name="Tailspin" id="3">',
    '        <application path="/"><virtualDirectory path="/" physicalPath="D:\\Sites\\Tailspin" /></application>',
    '        <application path="/Claims"><virtualDirectory path="/" physicalPath="D:\\Sites\\Claims" /></application>',
    '      </site>',
    '    </sites>',
    '  </system.applicationHost>',
    '  <location path="Tailspin/Claims">',
    '    <system.webServer>',
    '      <security>',
    '        <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />',
    '        <authentication>',
    '          <anonymousAuthentication enabled="false" />',
    '          <[[iisClientCertificateMappingAuthentication]] enabled="true" oneToOneCertificateMappingsEnabled="true">',
    '            <!-- the claims clerks -->',
    '            <oneToOneMappings>',
    '              <add userName="TAILSPIN\\clerk" password="[enc:IISCngProvider:AAAA:enc]" certificate="MIIB" />',
    '            </oneToOneMappings>',
    '          </iisClientCertificateMappingAuthentication>',
    '        </authentication>',
    '      </security>',
    '    </system.webServer>',
    '  </location>',
    '</configuration>',
    '',
  ].join('\r\n'),
);

describe('code actions over stdio', () => {
  test('the server offers the move to site level for IIS-AUTH-001, and applying it clears the finding', async () => {
    const session = await startServer();
    try {
      assert.ok(session.initializeResult.capabilities.codeActionProvider, 'codeActionProvider declared');
      const uri = 'file:///srv/inetsrv/config/applicationHost.config';
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: belowSite.text } });
      const published = await session.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'IIS-AUTH-001'));
      const misplaced = published.diagnostics.find((d) => d.code === 'IIS-AUTH-001')!;
      assert.deepEqual(misplaced.range, belowSite.ranges[0]);

      const actions = await session.connection.sendRequest<WireAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: misplaced.range,
        context: { diagnostics: [misplaced] },
      });
      const move = actions.find((a) => /site/i.test(a.title) && a.edit?.changes?.[uri]);
      assert.ok(move, `a move action among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(move.diagnostics?.[0]?.code, 'IIS-AUTH-001');

      const document = TextDocument.create(uri, 'xml', 1, belowSite.text);
      const moved = TextDocument.applyEdits(document, move.edit!.changes![uri]);
      assert.match(moved, /<location path="Tailspin">[\s\S]*iisClientCertificateMappingAuthentication[\s\S]*<location path="Tailspin\/Claims">|<location path="Tailspin\/Claims">[\s\S]*<location path="Tailspin">[\s\S]*iisClientCertificateMappingAuthentication/);
      assert.ok(moved.includes('<!-- the claims clerks -->'), 'the comment inside the section moves with it');
      assert.ok(!/\r(?!\n)|[^\r]\n/.test(moved), 'CRLF kept throughout');

      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: moved }] });
      const after = await session.nextDiagnostics(uri, (p) => p.version === 2);
      assert.deepEqual(after.diagnostics.filter((d) => d.code === 'IIS-AUTH-001'), []);

      // A diagnostic from another tool gets nothing from this server.
      const foreign = await session.connection.sendRequest<WireAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: misplaced.range,
        context: { diagnostics: [{ range: misplaced.range, message: 'spelling', source: 'cSpell', code: 'unknown-word' }] },
      });
      assert.deepEqual(foreign, []);
    } finally {
      await session.close();
    }
  });
});
