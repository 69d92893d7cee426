import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, extensionId, fixtureUri, openFixture, positionOf, rangeText, waitForDiagnostics } from './helpers';

describe('diagnostics in a real extension host', () => {
  it('opens web.config as XML and activates the extension on it', async () => {
    const editor = await openFixture('inetpub/NorthwindExtranet/Broken/web.config');
    assert.equal(editor.document.languageId, 'xml');
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('reports the unclosed <access> element at the closing tag that gives it away', async () => {
    const editor = await openFixture('inetpub/NorthwindExtranet/Broken/web.config');
    const uri = editor.document.uri;
    const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x)?.startsWith('XML-')), 'an XML diagnostic');
    const xml = diagnostics.filter((d) => codeOf(d)?.startsWith('XML-'));
    assert.equal(xml.length, 1, xml.map((d) => d.message).join('\n'));
    const [diagnostic] = xml;
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /Malformed XML/);
    assert.match(diagnostic.message, /access/);
    const closingSecurity = positionOf(editor.document, '</security>');
    assert.equal(rangeText(diagnostic.range).split('-')[0], `${closingSecurity.line}:${closingSecurity.character}`);
  });

  it('clears the diagnostic as soon as the edit closes the element', async () => {
    const editor = await openFixture('inetpub/NorthwindExtranet/Broken/web.config');
    const document = editor.document;
    const openTagEnd = positionOf(document, 'SslNegotiateCert" >');
    const gt = openTagEnd.translate(0, 'SslNegotiateCert" '.length);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, gt, '/');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x)?.startsWith('XML-')), 'the XML diagnostic to clear');
    // Leave the scratch copy as it was for the specs that follow.
    await vscode.commands.executeCommand('undo');
    await waitForDiagnostics(fixtureUri('inetpub/NorthwindExtranet/Broken/web.config'), (d) => d.some((x) => codeOf(x)?.startsWith('XML-')), 'the XML diagnostic to return');
  });
});
