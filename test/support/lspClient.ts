import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

/** A real JSON-RPC client talking to the bundled server over stdio, as editors do. */
export interface LspSession {
  connection: MessageConnection;
  process: ChildProcess;
  /** The server's answer to `initialize` (capabilities, legends). */
  initializeResult: { capabilities: Record<string, unknown> };
  /** Resolves with the next publishDiagnostics for the uri that satisfies the predicate. */
  nextDiagnostics(uri: string, predicate?: (params: PublishedDiagnostics) => boolean, timeoutMs?: number): Promise<PublishedDiagnostics>;
  /** Every publishDiagnostics for the uri so far, in the order the server sent them. */
  publishedFor(uri: string): PublishedDiagnostics[];
  stderr(): string;
  /** What the client answers to `workspace/configuration` from now on (`{ iisAuth: { … } }`). */
  setSettings(settings: Record<string, unknown>): void;
  close(): Promise<void>;
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity?: number; code?: string; message: string; data?: unknown; relatedInformation?: Array<{ location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }; message: string }> }>;
}

export const SERVER_PATH = resolve(__dirname, '../../../dist/server.js');

/** The value at a dotted section (`iisAuth.effectiveSettings.display`) of the settings, or null. */
function settingAt(settings: Record<string, unknown>, section: string | undefined): unknown {
  let value: unknown = settings;
  for (const key of (section ?? '').split('.').filter((k) => k)) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value ?? null;
}

export async function startServer(rootUri: string | null = null, initializationOptions: unknown = undefined, initialSettings: Record<string, unknown> = {}): Promise<LspSession> {
  let settings = initialSettings;
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderrText = '';
  child.stderr!.on('data', (chunk) => (stderrText += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishedDiagnostics[] = [];
  const waiters: Array<{ uri: string; predicate: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void }> = [];
  const history: PublishedDiagnostics[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
    history.push(params);
    const index = waiters.findIndex((w) => w.uri === params.uri && w.predicate(params));
    if (index >= 0) waiters.splice(index, 1)[0].resolve(params);
    else published.push(params);
  });
  connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((item) => settingAt(settings, item.section)));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const initializeResult = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'fixture' }] : null,
    capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    initializationOptions,
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    initializeResult,
    nextDiagnostics(uri, predicate = () => true, timeoutMs = 10_000) {
      const earlier = published.findIndex((p) => p.uri === uri && predicate(p));
      if (earlier >= 0) return Promise.resolve(published.splice(earlier, 1)[0]);
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${stderrText}`)), timeoutMs);
        waiters.push({ uri, predicate, resolve: (p) => (clearTimeout(timer), resolvePromise(p)) });
      });
    },
    publishedFor: (uri) => history.filter((p) => p.uri === uri),
    stderr: () => stderrText,
    setSettings(next) {
      settings = next;
    },
    async close() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      connection.dispose();
      await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    },
  };
}
