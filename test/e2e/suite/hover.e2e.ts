import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, openFixture, positionOf } from './helpers';

async function hoverAt(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  // The first request may race the server's start; hovers are cheap to ask again.
  for (let attempt = 0; attempt < 20; attempt++) {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
    const text = hoverText(hovers ?? []);
    if (text) return text;
    await new Promise((r) => setTimeout(r, 500));
  }
  return '';
}

describe('hovers in a real extension host', () => {
  it('explains the sslFlags keywords on <access>', async () => {
    const editor = await openFixture('inetsrv/config/applicationHost.config');
    const position = positionOf(editor.document, 'sslFlags="Ssl, SslNegotiateCert, SslRequireCert"').translate(0, 2);
    const text = await hoverAt(editor.document.uri, position);
    assert.match(text, /sslFlags/);
    assert.match(text, /SslRequireCert/);
    assert.match(text, /SslNegotiateCert/);
  });

  it('says where the certificate-mapping section may be set', async () => {
    const editor = await openFixture('inetsrv/config/applicationHost.config');
    const position = positionOf(editor.document, '<iisClientCertificateMappingAuthentication enabled="true"').translate(0, 5);
    const text = await hoverAt(editor.document.uri, position);
    assert.match(text, /iisClientCertificateMappingAuthentication/);
    assert.match(text, /server, site/i);
  });

  it('explains a 401 2 5 line of the W3C log', async () => {
    const editor = await openFixture('logs/LogFiles/W3SVC3/u_ex261123.log');
    assert.equal(editor.document.languageId, 'iis-w3c-log');
    const position = positionOf(editor.document, ' 401 2 5 ').translate(0, 2);
    const text = await hoverAt(editor.document.uri, position);
    assert.match(text, /401\.2/);
    assert.match(text, /Logon failed due to server configuration/);
    // The line's third number is the point of the triple: Win32 5 says access was denied.
    assert.match(text, /ERROR_ACCESS_DENIED/);
  });
});
