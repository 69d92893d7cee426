import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId } from './helpers';

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

  it('explains a log triple through the server and returns the Markdown', async () => {
    const markdown = await vscode.commands.executeCommand<string>('iisAuth.explainStatusCode', '403 7 64');
    assert.equal(typeof markdown, 'string');
    assert.match(markdown, /403\.7/);
    assert.match(markdown, /certificate/i);
  });
});
