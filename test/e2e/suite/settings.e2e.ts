import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openFixture, waitForDiagnostics } from './helpers';

// iisAuth.diagnostics.severity reaches the server: a rule turned down or off changes what is published.

const applicationHost = 'inetsrv/config/applicationHost.config';

describe('settings in a real extension host', () => {
  afterEach(async () => {
    await vscode.workspace.getConfiguration('iisAuth').update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('contributes both settings with their defaults', () => {
    const configuration = vscode.workspace.getConfiguration('iisAuth');
    assert.deepEqual(configuration.inspect('diagnostics.severity')?.defaultValue, {});
    assert.equal(configuration.inspect('effectiveSettings.display')?.defaultValue, 'codeLens');
  });

  it('lowers one rule to a hint and turns another off', async () => {
    const editor = await openFixture(applicationHost);
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'IIS-AUTH-001') && d.some((x) => codeOf(x) === 'IIS-AUTH-005'), 'IIS-AUTH-001 and 005');
    await vscode.workspace
      .getConfiguration('iisAuth')
      .update('diagnostics.severity', { 'IIS-AUTH-001': 'hint', 'IIS-AUTH-005': 'off' }, vscode.ConfigurationTarget.Workspace);
    const changed = await waitForDiagnostics(
      uri,
      (d) => d.some((x) => codeOf(x) === 'IIS-AUTH-001' && x.severity === vscode.DiagnosticSeverity.Hint) && !d.some((x) => codeOf(x) === 'IIS-AUTH-005'),
      'IIS-AUTH-001 as a hint and IIS-AUTH-005 gone',
    );
    assert.equal(changed.filter((d) => codeOf(d) === 'IIS-AUTH-001').length, 1);
    await vscode.workspace.getConfiguration('iisAuth').update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(
      uri,
      (d) => d.some((x) => codeOf(x) === 'IIS-AUTH-001' && x.severity === vscode.DiagnosticSeverity.Error) && d.some((x) => codeOf(x) === 'IIS-AUTH-005'),
      'the rules\' own severities back',
    );
  });
});
