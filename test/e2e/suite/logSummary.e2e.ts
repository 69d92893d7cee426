import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, openFixture, revertFixture } from './helpers';

// "Summarize authentication failures in this log" on the fixture's W3C log: five requests, two
// 401.2 (win32 5), one 403.4, one 403.7 (win32 64) and one 200.

const log = 'logs/LogFiles/W3SVC3/u_ex261123.log';

describe('log summary in a real extension host', () => {
  afterEach(async () => {
    await revertFixture(log);
  });

  it('summarizes a log file chosen in the explorer', async () => {
    const markdown = await vscode.commands.executeCommand<string>('iisAuth.summarizeLogFailures', fixtureUri(log), [fixtureUri(log)]);
    assert.equal(typeof markdown, 'string');
    assert.match(markdown, /u\\_ex261123\.log: 5 requests, 9 lines/);
    assert.match(markdown, /^\| \*\*401\.2\*\* \| 5 \| 2 \| 2026-11-23 08:00:07 \| 2026-11-23 08:00:15 \| 10\.0\.0\.21 \| \/Claims\/api\/status \| Logon failed due to server configuration/m);
    assert.match(markdown, /^\| \*\*403\.4\*\* \| 5 \| 1 \|/m);
    assert.match(markdown, /^\| \*\*403\.7\*\* \| 64 \| 1 \|/m);
    assert.match(markdown, /1 group of successful or redirected requests \(1\) not shown/);
  });

  it('summarizes the active log editor, unsaved edits included', async () => {
    const editor = await openFixture(log);
    assert.equal(editor.document.languageId, 'iis-w3c-log');
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const added = '\n2026-11-23 08:00:20 10.0.0.5 GET /Claims/api/status - 443 - 10.0.0.24 curl/8.5.0 - 401 1 1326 3';
    assert.ok(await editor.edit((builder) => builder.insert(end, added)));
    const markdown = await vscode.commands.executeCommand<string>('iisAuth.summarizeLogFailures');
    assert.match(markdown, /u\\_ex261123\.log: 6 requests/);
    assert.match(markdown, /^\| \*\*401\.1\*\* \| 1326 \| 1 \|/m);
  });
});
