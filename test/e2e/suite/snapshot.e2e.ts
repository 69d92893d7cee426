import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, eventually, extensionId, fixtureUri, hoverText, positionOf, waitForDiagnostics } from './helpers';

// A server snapshot beside the configuration: the text `netsh http show sslcert` prints, saved
// under any .txt name. The fixture's /Claims application asks for its client certificate by
// renegotiation (SslNegotiateCert below the site) while this binding does not negotiate at
// connection time and leaves TLS 1.3 on: the finding lands on the dump, at that field.

const entry = [
  '    Hostname:port                : extranet.northwind.test:443',
  '    Certificate Hash             : 846762724f99a530cae257c8d18ceafb46723cd2',
  '    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}',
  '    Certificate Store Name       : My',
  '    Verify Client Certificate Revocation : Enabled',
  '    Ctl Identifier               : (null)',
  '    Ctl Store Name               : (null)',
  '    DS Mapper Usage              : Disabled',
  '    Negotiate Client Certificate : Disabled',
  '    Disable TLS1.3               : Not Set',
];
const dump = ['', 'SSL Certificate bindings:', '-------------------------', '', ...entry, '', ''].join('\r\n');

describe('server snapshot in a real extension host', () => {
  const dumpUri = () => fixtureUri('snapshot/sslcert.txt');

  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    await vscode.workspace.fs.writeFile(dumpUri(), Buffer.from(dump, 'utf8'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(dumpUri(), '..'), { recursive: true });
  });

  it('puts the TLS 1.3 renegotiation warning on the netsh dump\'s Negotiate Client Certificate field and explains the field on hover', async () => {
    const document = await vscode.workspace.openTextDocument(dumpUri());
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitForDiagnostics(document.uri, (all) => all.some((d) => codeOf(d) === 'IIS-AUTH-106'), 'IIS-AUTH-106 on the netsh dump');
    const renegotiation = diagnostics.find((d) => codeOf(d) === 'IIS-AUTH-106')!;
    assert.equal(renegotiation.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(document.lineAt(renegotiation.range.start.line).text, /Negotiate Client Certificate\s*: Disabled/);
    assert.match(renegotiation.message, /Northwind-Extranet\/Claims/);
    const related = renegotiation.relatedInformation ?? [];
    assert.ok(related.some((r) => r.location.uri.path.endsWith('/inetsrv/config/applicationHost.config')), 'related: the site binding or the sslFlags in applicationHost.config');

    const field = positionOf(document, 'Negotiate Client Certificate').translate(0, 3);
    const hovers = await eventually(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, field),
      (found) => hoverText(found ?? []).includes('Negotiate Client Certificate'),
      'the netsh field hover',
    );
    assert.match(hoverText(hovers), /clientcertnegotiation/);
  });
});
