import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// Shared by the e2e specs: they run against a scratch copy of test/e2e/fixture opened as the
// workspace folder, so edits and saves never reach the committed fixture.

export const extensionId = 'iis-auth-config.iis-auth-config';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e host must open the fixture workspace folder');
  return folder.uri;
}

export function fixtureUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  return vscode.window.showTextDocument(document);
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Waits until the file's diagnostics satisfy `accept`, and returns them. */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'iis-auth');
  if (accept(current())) return current();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      const seen = current().map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${uri.path}; saw [${seen.join(', ')}]`));
    }, timeoutMs);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      if (!accept(current())) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(current());
    });
  });
}

export function rangeText(range: vscode.Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** Position of the `occurrence`-th match of `needle` in the document (0-based occurrence). */
export function positionOf(document: vscode.TextDocument, needle: string, occurrence = 0): vscode.Position {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = document.getText().indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" (occurrence ${occurrence}) not found in ${document.uri.path}`);
  }
  return document.positionAt(offset);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** Drops unsaved edits a spec made to a fixture, so the specs that follow see the committed text. */
export async function revertFixture(relativePath: string): Promise<void> {
  const editor = await openFixture(relativePath);
  if (!editor.document.isDirty) return;
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(editor.document.isDirty, false, `${relativePath} is still modified after revert`);
}

/** Asks again until `accept` holds: the server may still be indexing when the first request arrives. */
export async function eventually<T>(ask: () => Thenable<T> | Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await ask();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last answer: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 300));
    last = await ask();
  }
  return last;
}

/** The text between an element's start tag and the next `</location>`: what a `<location>` holds. */
export function locationBody(text: string, path: string): string {
  const start = text.indexOf(`<location path="${path}">`);
  assert.ok(start >= 0, `<location path="${path}"> not found`);
  const end = text.indexOf('</location>', start);
  return text.slice(start, end);
}
