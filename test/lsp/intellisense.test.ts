import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from '../support/fixtures';
import { startServer } from '../support/lspClient';

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

      const symbols = (await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as Array<{ name: string; children?: Array<{ name: string }> }>;
      assert.ok(Array.isArray(symbols));
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
