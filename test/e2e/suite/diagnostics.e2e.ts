import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, extensionId, fixtureUri, openFixture, positionOf, rangeText, revertFixture, waitForDiagnostics } from './helpers';

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
    assert.match(diagnostic.message, /^Expected <\/access> before <\/security>/);
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

  it('flags certificate mappings kept below site level (seed 001) on the section element', async () => {
    const editor = await openFixture('inetsrv/config/applicationHost.config');
    const document = editor.document;
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.some((x) => codeOf(x) === 'IIS-AUTH-001'), 'IIS-AUTH-001');
    const misplaced = diagnostics.filter((d) => codeOf(d) === 'IIS-AUTH-001');
    assert.equal(misplaced.length, 1);
    const [diagnostic] = misplaced;
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /Northwind-Extranet\/Claims/);
    assert.match(diagnostic.message, /401\.2/);
    // The range is the element name inside the sub-application's <location>, not the site's.
    const name = positionOf(document, '<iisClientCertificateMappingAuthentication enabled="true"').translate(0, 1);
    assert.equal(rangeText(diagnostic.range), `${name.line}:${name.character}-${name.line}:${name.character + 'iisClientCertificateMappingAuthentication'.length}`);
    const claimsLocation = positionOf(document, '<location path="Northwind-Extranet/Claims">');
    assert.ok(diagnostic.range.start.isAfter(claimsLocation));
  });

  it('explains that nothing can authenticate requests to the sub-application', async () => {
    const editor = await openFixture('inetsrv/config/applicationHost.config');
    const diagnostics = await waitForDiagnostics(editor.document.uri, (d) => d.some((x) => codeOf(x) === 'IIS-AUTH-005'), 'IIS-AUTH-005');
    const [noUser] = diagnostics.filter((d) => codeOf(d) === 'IIS-AUTH-005');
    assert.match(noUser.message, /anonymous authentication is turned off/i);
    const anonymous = positionOf(editor.document, '<anonymousAuthentication enabled="false"');
    assert.equal(noUser.range.start.line, anonymous.line);
  });

  it('publishes nothing for the site\'s healthy web.config', async () => {
    const relativePath = 'inetpub/NorthwindExtranet/web.config';
    const editor = await openFixture(relativePath);
    const document = editor.document;
    // "None" must be the server's answer for this very text, not "no answer yet": break the file
    // once, see its own diagnostic arrive, undo, and wait for the publish that clears it.
    const selfClosing = positionOf(document, '<httpErrors errorMode="DetailedLocalOnly" />').translate(0, '<httpErrors errorMode="DetailedLocalOnly" '.length);
    const edit = new vscode.WorkspaceEdit();
    edit.delete(document.uri, new vscode.Range(selfClosing, selfClosing.translate(0, 1)));
    try {
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitForDiagnostics(document.uri, (d) => d.some((x) => codeOf(x)?.startsWith('XML-')), 'the XML diagnostic of the broken copy');
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText().includes('<httpErrors errorMode="DetailedLocalOnly" />'), true);
      const healthy = await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x)?.startsWith('XML-')), 'the publish for the healthy text');
      assert.deepEqual(healthy.map(codeOf), []);
    } finally {
      await revertFixture(relativePath);
    }
  });
});
