import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, locationBody, openFixture, revertFixture, waitForDiagnostics } from './helpers';

// The quick fix for seed 001: the Claims sub-application's certificate mappings move to the site's
// <location>, where IIS reads them.

const applicationHost = 'inetsrv/config/applicationHost.config';

describe('code actions in a real extension host', () => {
  afterEach(async () => {
    await revertFixture(applicationHost);
  });

  it('moves mappings kept below site level to the site, and the finding goes', async () => {
    const editor = await openFixture(applicationHost);
    const document = editor.document;
    const diagnostics = await waitForDiagnostics(document.uri, (d) => d.some((x) => codeOf(x) === 'IIS-AUTH-001'), 'IIS-AUTH-001');
    const misplaced = diagnostics.find((d) => codeOf(d) === 'IIS-AUTH-001')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, misplaced.range, vscode.CodeActionKind.QuickFix.value);
    const move = (actions ?? []).find((a) => /Move the certificate mappings to site level/.test(a.title));
    // An empty list here means the server announces no codeActionProvider (server/src/lsp/server.ts).
    assert.ok(move?.edit, `no move action among: [${(actions ?? []).map((a) => a.title).join(' | ')}]`);
    assert.equal(move.isPreferred, true);

    const mapping = 'userName="NORTHWIND\\svc-claims-agent"';
    assert.ok(locationBody(document.getText(), 'Northwind-Extranet/Claims').includes(mapping));
    assert.ok(await vscode.workspace.applyEdit(move.edit));
    const text = document.getText();
    assert.ok(locationBody(text, 'Northwind-Extranet').includes(mapping), 'the mapping is at the site');
    assert.match(locationBody(text, 'Northwind-Extranet'), /<iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="true"/);
    assert.ok(!locationBody(text, 'Northwind-Extranet/Claims').includes('iisClientCertificateMappingAuthentication'), 'nothing stays below the site');
    await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x) === 'IIS-AUTH-001'), 'IIS-AUTH-001 to clear');
  });
});
