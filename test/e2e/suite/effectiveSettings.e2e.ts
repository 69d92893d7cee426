import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, openFixture, positionOf } from './helpers';

// The effective-settings lens above each <location> of applicationHost.config, and the page its
// command shows: the Claims sub-application ends up with no way to log users on.

const applicationHost = 'inetsrv/config/applicationHost.config';

describe('effective settings in a real extension host', () => {
  afterEach(async () => {
    await vscode.workspace.getConfiguration('iisAuth').update('effectiveSettings.display', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('puts a lens on each <location> that summarises what IIS does there', async () => {
    const editor = await openFixture(applicationHost);
    const lenses = await eventually(
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri),
      (found) => (found ?? []).filter((l) => l.command?.command === 'iisAuth.showEffectiveSettings').length === 2,
      'two effective-settings lenses',
    );
    const byLine = new Map(lenses.map((l) => [l.range.start.line, l]));
    const site = byLine.get(positionOf(editor.document, '<location path="Northwind-Extranet">').line);
    const claims = byLine.get(positionOf(editor.document, '<location path="Northwind-Extranet/Claims">').line);
    assert.ok(site?.command && claims?.command);
    assert.equal(site.command.title, 'Anonymous on · Windows off · Cert mapping off · SSL not required');
    assert.match(claims.command.title, /^⚠ no method logs users on \(401\.2\) · Anonymous off/);
    assert.match(claims.command.title, /Cert mapping off \(set below the site: ignored\)/);
    assert.deepEqual(claims.command.arguments, [{ uri: editor.document.uri.toString(), path: 'Northwind-Extranet/Claims' }]);

    // The lens click: the client command asks the server for the page and returns it.
    const markdown = await vscode.commands.executeCommand<string>(claims.command.command, ...(claims.command.arguments ?? []));
    assert.match(markdown, /^# Effective authentication: `Northwind-Extranet\/Claims`/);
    assert.match(markdown, /\| anonymousAuthentication \| enabled \| `false` \| \[config\/applicationHost\.config:\d+\]/);
    assert.match(markdown, /Set below the site level and ignored by IIS/);
    assert.doesNotMatch(markdown, /E2EfixtureNotARealSecret/, 'passwords are never shown');
  });

  it('moves the summary to inlay hints when iisAuth.effectiveSettings.display says so', async () => {
    const editor = await openFixture(applicationHost);
    await vscode.workspace.getConfiguration('iisAuth').update('effectiveSettings.display', 'inlayHint', vscode.ConfigurationTarget.Workspace);
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const hints = await eventually(
      () => vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', editor.document.uri, whole),
      (found) => (found ?? []).length === 2,
      'two effective-settings inlay hints',
    );
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((part) => part.value).join('')));
    assert.ok(labels.some((l) => l.startsWith('⚠ no method logs users on (401.2)')), labels.join('\n'));
    await eventually(
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri),
      (found) => (found ?? []).every((l) => l.command?.command !== 'iisAuth.showEffectiveSettings'),
      'the lenses to go',
    );
  });
});
