import { randomUUID } from 'node:crypto';
import { commands, ProgressLocation, Uri, window, type Disposable } from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import type { SummarizeLogResult } from '../../server/src/lsp/logSummaryCommand';
import { showMarkdown } from './markdownPreview';
import { executeOnServer, messageOf } from './serverCommand';

// "Summarize authentication failures in this log": the active log editor, the files chosen in the
// explorer, or files picked in a dialog. The server reads them (streaming files from disk) and
// reports progress through a work-done token; the client shows that progress and the Markdown.

export const SUMMARIZE_LOG_FAILURES_COMMAND = 'iisAuth.summarizeLogFailures';
const SERVER_SUMMARIZE_COMMAND = 'iisAuth.summarizeLog';

export function registerLogSummaryCommand(client: LanguageClient): Disposable {
  return commands.registerCommand(SUMMARIZE_LOG_FAILURES_COMMAND, (clicked?: unknown, selected?: unknown) => summarizeLogFailures(client, clicked, selected));
}

/**
 * Arguments as the explorer passes them (the clicked Uri, then every selected Uri), or a Uri /
 * array of Uris. Returns the Markdown shown, undefined when nothing was summarised.
 */
async function summarizeLogFailures(client: LanguageClient, clicked?: unknown, selected?: unknown): Promise<string | undefined> {
  const uris = await logsToSummarize(clicked, selected);
  if (uris.length === 0) return undefined;
  const names = uris.map((u) => u.path.split('/').pop()).join(', ');
  const progressToken = randomUUID();
  try {
    const result = await window.withProgress(
      { location: ProgressLocation.Notification, title: `Summarizing ${names}`, cancellable: true },
      async (progress, cancellation) => {
        let reported = 0;
        const listener = client.onProgress(WorkDoneProgress.type, progressToken, (value) => {
          if (value.kind === 'end') return;
          // The server reports the total so far; VS Code's progress adds increments.
          const percentage = value.percentage ?? reported;
          progress.report({ message: value.message, increment: Math.max(0, percentage - reported) });
          reported = Math.max(reported, percentage);
        });
        try {
          return await executeOnServer<SummarizeLogResult>(client, SERVER_SUMMARIZE_COMMAND, [{ uris: uris.map((u) => u.toString()) }], {
            token: cancellation,
            workDoneToken: progressToken,
          });
        } finally {
          listener.dispose();
        }
      },
    );
    await showMarkdown('iisAuth.logSummary', uris.length === 1 ? `Summary: ${names}` : `Summary of ${uris.length} logs`, result.markdown);
    return result.markdown;
  } catch (error) {
    const message = messageOf(error);
    if (!/cancel/i.test(message)) void window.showErrorMessage(`IIS Auth: ${message}`);
    return undefined;
  }
}

async function logsToSummarize(clicked?: unknown, selected?: unknown): Promise<Uri[]> {
  if (Array.isArray(selected) && selected.every((u) => u instanceof Uri) && selected.length > 0) return selected;
  if (Array.isArray(clicked) && clicked.every((u) => u instanceof Uri) && clicked.length > 0) return clicked;
  if (clicked instanceof Uri) return [clicked];
  const active = window.activeTextEditor?.document;
  if (active?.languageId === 'iis-w3c-log') return [active.uri];
  return (
    (await window.showOpenDialog({
      title: 'IIS logs to summarize',
      canSelectMany: true,
      openLabel: 'Summarize',
      filters: { 'IIS logs': ['log'], 'All files': ['*'] },
    })) ?? []
  );
}
