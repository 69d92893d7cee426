import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

// Thin client: starts the bundled language server and forwards VS Code features to it.

let client: LanguageClient | undefined;

export const documentSelector = [
  { scheme: 'file', language: 'xml', pattern: '**/*.config' },
  { scheme: 'untitled', language: 'xml' },
  { scheme: 'file', language: 'xml', pattern: '**/fr*.xml' },
  { scheme: 'file', language: 'iis-w3c-log' },
];

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: {
      // Files that are not open still lock, unlock and map for the open ones.
      fileEvents: workspace.createFileSystemWatcher('**/*.config'),
    },
  };
  client = new LanguageClient('iisAuth', 'IIS Auth Config', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** The running client, for commands that ask the server. */
export function languageClient(): LanguageClient | undefined {
  return client;
}
