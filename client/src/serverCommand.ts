import type { CancellationToken } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient, type ProgressToken } from 'vscode-languageclient/node';

/**
 * Runs one of the server's workspace/executeCommand commands. The client's own commands have
 * other ids: vscode-languageclient already registers the server's ids as forwarding commands.
 */
export async function executeOnServer<T>(
  client: LanguageClient,
  command: string,
  args: unknown[],
  options: { token?: CancellationToken; workDoneToken?: ProgressToken } = {},
): Promise<T> {
  const params = { command, arguments: args, workDoneToken: options.workDoneToken };
  return (await client.sendRequest(ExecuteCommandRequest.type, params, options.token)) as T;
}

/** The message of an error the server answered with, for a notification. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
