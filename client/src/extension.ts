import * as path from 'node:path';
import { commands, languages, window, workspace, type ExtensionContext } from 'vscode';
import { ExecuteCommandRequest, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCertificateCommands } from './certificateCommands';
import { CertificateDropProvider, certificateDropMetadata } from './certificateDrop';
import { registerCopySectionCommand } from './copySection';
import { registerEffectiveSettingsCommand } from './effectiveSettings';
import { registerLogSummaryCommand } from './logSummary';
import { registerFrebTraceCommand } from './frebTrace';
import { showMarkdown } from './markdownPreview';
import { registerSampleCommand } from './sampleConfiguration';
import { registerSnapshotScriptCommand } from './snapshotScript';

// Thin client: starts the bundled language server and forwards VS Code features to it.

let client: LanguageClient | undefined;

export const documentSelector = [
  { scheme: 'file', language: 'xml', pattern: '**/*.config' },
  { scheme: 'file', language: 'xml', pattern: '**/*.xdt' },
  { scheme: 'untitled', language: 'xml' },
  { scheme: 'file', language: 'xml', pattern: '**/fr*.xml' },
  { scheme: 'file', language: 'iis-w3c-log' },
  // Server snapshot files: netsh output (the server decides by content) and registry exports.
  { scheme: 'file', pattern: '**/*.txt' },
  { scheme: 'file', pattern: '**/*.reg' },
];

/** What the extension hands to other extensions (and the e2e suite): the drop provider it registers. */
export interface IisAuthApi {
  certificateDropProvider: CertificateDropProvider;
}

export async function activate(context: ExtensionContext): Promise<IisAuthApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: {
      // Files that are not open still lock, unlock and map for the open ones.
      fileEvents: [workspace.createFileSystemWatcher('**/*.{config,xdt}'), workspace.createFileSystemWatcher('**/*.{txt,reg}'), workspace.createFileSystemWatcher('**/certificates/*/*')],
    },
  };
  client = new LanguageClient('iisAuth', 'IIS Auth Config', serverOptions, clientOptions);
  context.subscriptions.push(client);
  context.subscriptions.push(commands.registerCommand('iisAuth.explainStatusCode', explainStatusCode));
  context.subscriptions.push(...registerCertificateCommands(client), registerLogSummaryCommand(client), registerFrebTraceCommand(client), registerEffectiveSettingsCommand(client), registerCopySectionCommand(), registerSampleCommand(context), registerSnapshotScriptCommand(context));
  const certificateDropProvider = new CertificateDropProvider(client);
  // Not into an XDT transform: a mapping there needs xdt:Transform markup the insert does not write.
  const configurationFiles = documentSelector.filter((filter) => filter.language === 'xml' && filter.pattern !== '**/*.xdt');
  context.subscriptions.push(languages.registerDocumentDropEditProvider(configurationFiles, certificateDropProvider, certificateDropMetadata));
  await client.start();
  return { certificateDropProvider };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/**
 * "IIS Auth: Explain status code…": asks for a code (or takes one as argument), lets the server's
 * `iisAuth.explainCode` explain it and shows the Markdown in a preview panel. Returns the Markdown.
 */
async function explainStatusCode(initial?: unknown): Promise<string | undefined> {
  const code =
    typeof initial === 'string'
      ? initial
      : await window.showInputBox({
          title: 'IIS Auth: Explain status code',
          prompt: 'A status (401.2, 403 13), a log triple (401 2 5) or a Win32 / NTSTATUS / HRESULT code (-1073741715, 0x80070021, 1326)',
          placeHolder: '401 2 5',
        });
  if (!code?.trim() || !client) return undefined;
  const markdown = (await client.sendRequest(ExecuteCommandRequest.type, { command: 'iisAuth.explainCode', arguments: [code] })) as string;
  await showMarkdown('iisAuth.explanation', `IIS ${code.trim()}`, markdown);
  return markdown;
}

/** The running client, for commands that ask the server. */
export function languageClient(): LanguageClient | undefined {
  return client;
}
