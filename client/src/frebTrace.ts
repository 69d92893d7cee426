import { commands, Uri, window, type Disposable } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { showMarkdown } from './markdownPreview';
import { executeOnServer, messageOf } from './serverCommand';

// "Explain this trace": the Failed Request Tracing file in the active editor, the one clicked in
// the explorer, or one picked in a dialog. The server tells the story; the client shows its Markdown.

export const EXPLAIN_TRACE_CLIENT_COMMAND = 'iisAuth.explainFrebTrace';
const SERVER_EXPLAIN_TRACE_COMMAND = 'iisAuth.explainTrace';

export function registerFrebTraceCommand(client: LanguageClient): Disposable {
  return commands.registerCommand(EXPLAIN_TRACE_CLIENT_COMMAND, (clicked?: unknown) => explainTrace(client, clicked));
}

/** Returns the Markdown shown, undefined when nothing was explained. */
async function explainTrace(client: LanguageClient, clicked?: unknown): Promise<string | undefined> {
  const uri = clicked instanceof Uri ? clicked : await traceToExplain();
  if (!uri) return undefined;
  try {
    const result = await executeOnServer<{ markdown: string }>(client, SERVER_EXPLAIN_TRACE_COMMAND, [{ uri: uri.toString() }]);
    await showMarkdown('iisAuth.frebTrace', `Trace: ${uri.path.split('/').pop()}`, result.markdown);
    return result.markdown;
  } catch (error) {
    void window.showErrorMessage(`IIS Auth: ${messageOf(error)}`);
    return undefined;
  }
}

async function traceToExplain(): Promise<Uri | undefined> {
  const active = window.activeTextEditor?.document;
  if (active && /(^|\/)fr\d+\.xml$/i.test(active.uri.path)) return active.uri;
  const picked = await window.showOpenDialog({ title: 'Failed Request Tracing file to explain', canSelectMany: false, openLabel: 'Explain', filters: { 'FREB traces': ['xml'] } });
  return picked?.[0];
}
