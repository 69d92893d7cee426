import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, extensionId, waitForDiagnostics } from './helpers';

describe('commands in a real extension host', () => {
  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  it('contributes "Explain status code…" and registers it', async () => {
    const contributed = (vscode.extensions.getExtension(extensionId)?.packageJSON.contributes?.commands ?? []) as { command: string }[];
    assert.ok(contributed.some((c) => c.command === 'iisAuth.explainStatusCode'));
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('iisAuth.explainStatusCode'));
  });

  it('registers every contributed command and hides the lens-only ones from the palette', async () => {
    const manifest = vscode.extensions.getExtension(extensionId)?.packageJSON;
    const contributed = ((manifest?.contributes?.commands ?? []) as { command: string; category?: string }[]).map((c) => c.command);
    assert.deepEqual(contributed.sort(), [
      'iisAuth.copySectionForSiteLevel',
      'iisAuth.explainFrebTrace',
      'iisAuth.explainStatusCode',
      'iisAuth.insertMappingFromCertificateFile',
      'iisAuth.openSampleConfiguration',
      'iisAuth.saveSnapshotScript',
      'iisAuth.showEffectiveSettings',
      'iisAuth.summarizeLogFailures',
      'iisAuth.testCertificateFile',
    ]);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of contributed) assert.ok(registered.has(command), `${command} is not registered`);
    const palette = (manifest?.contributes?.menus?.commandPalette ?? []) as { command: string; when?: string }[];
    const hidden = palette.filter((entry) => entry.when === 'false').map((entry) => entry.command);
    assert.deepEqual(hidden.sort(), ['iisAuth.copySectionForSiteLevel', 'iisAuth.showEffectiveSettings']);
  });

  it('explains a log triple through the server and returns the Markdown', async () => {
    const markdown = await vscode.commands.executeCommand<string>('iisAuth.explainStatusCode', '403 7 64');
    assert.equal(typeof markdown, 'string');
    assert.match(markdown, /403\.7/);
    assert.match(markdown, /Client certificate required/);
    // The Win32 part of the triple is explained too: 64, the client dropped the connection.
    assert.match(markdown, /sc-win32-status\W+64\W+ERROR_NETNAME_DELETED/);
  });

  it('the walkthrough\'s sample opens as a writable applicationHost.config and shows the 401.2 finding', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('iisAuth.openSampleConfiguration');
    assert.ok(uri instanceof vscode.Uri);
    assert.equal(uri.path.split('/').pop(), 'applicationHost.config');
    assert.ok(!uri.path.includes('/walkthrough/'), 'a copy, never the packaged file');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    const diagnostics = await waitForDiagnostics(uri, (all) => all.some((d) => codeOf(d) === 'IIS-AUTH-001'), 'IIS-AUTH-001 on the sample');
    const mapping = diagnostics.find((d) => codeOf(d) === 'IIS-AUTH-001')!;
    assert.match(vscode.window.activeTextEditor!.document.lineAt(mapping.range.start.line).text, /<iisClientCertificateMappingAuthentication/);
  });
});
