import { format } from 'node:util';
import { StreamMessageReader, StreamMessageWriter, type Connection, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

/**
 * The `--stdio` transport, built here rather than by the library for one reason: publishing. A
 * keystroke in a large applicationHost.config re-checks one location, yet its publishDiagnostics
 * carries every diagnostic of the file again (thousands, megabytes of JSON). The diagnostics an
 * incremental analysis kept are the same objects as last time (server.ts makes one per finding), so
 * their JSON bytes are made once and reused; the rest of each message is encoded as the library would.
 * Other transports (--node-ipc, which VS Code uses, --socket, --pipe) stay the library's.
 */

/** `--stdio` and no other transport argument. */
export function usesStdio(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  return args.includes('--stdio') && !args.some((arg) => arg === '--node-ipc' || /^--(socket|pipe)(=|$)/.test(arg));
}

export function stdioTransport(): { reader: MessageReader; writer: MessageWriter } {
  return {
    reader: new StreamMessageReader(process.stdin),
    writer: new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: reusingEncoder }),
  };
}

/**
 * What the library does for its own `--stdio`: console output goes to the client's log rather than
 * into the protocol stream, and the server ends when the client closes its input.
 */
export function finishStdioSetup(connection: Connection): void {
  const log = (send: (message: string) => void) => (...args: unknown[]) => send(format(...args));
  console.log = log((m) => connection.console.log(m));
  console.info = log((m) => connection.console.info(m));
  console.debug = log((m) => connection.console.log(m));
  console.warn = log((m) => connection.console.warn(m));
  console.error = log((m) => connection.console.error(m));
  console.trace = log((m) => connection.console.log(m));
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  const exit = () => process.exit(shutdown ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
}

const encodedDiagnostics = new WeakMap<object, Buffer>();
const COMMA = Buffer.from(',');
const EMPTY_DIAGNOSTICS = '"diagnostics":[]';

const reusingEncoder = {
  name: 'application/json',
  encode(message: Message): Promise<Uint8Array> {
    try {
      return Promise.resolve(encode(message));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};

function encode(message: Message): Buffer {
  const params = (message as { method?: string; params?: { diagnostics?: unknown } }).params;
  const diagnostics = params?.diagnostics;
  if ((message as { method?: string }).method !== 'textDocument/publishDiagnostics' || !Array.isArray(diagnostics) || diagnostics.length === 0) {
    return Buffer.from(JSON.stringify(message), 'utf-8');
  }
  // The message with no diagnostics, and the diagnostics' own bytes put where its empty list is
  // (the key cannot occur inside a string value, whose quotes JSON escapes).
  const shell = JSON.stringify({ ...message, params: { ...params, diagnostics: [] } });
  const at = shell.indexOf(EMPTY_DIAGNOSTICS) + EMPTY_DIAGNOSTICS.length - 1;
  const parts: Buffer[] = [Buffer.from(shell.slice(0, at), 'utf-8')];
  for (let i = 0; i < diagnostics.length; i++) {
    const diagnostic = diagnostics[i] as object;
    let bytes = encodedDiagnostics.get(diagnostic);
    if (!bytes) encodedDiagnostics.set(diagnostic, (bytes = Buffer.from(JSON.stringify(diagnostic), 'utf-8')));
    if (i > 0) parts.push(COMMA);
    parts.push(bytes);
  }
  parts.push(Buffer.from(shell.slice(at), 'utf-8'));
  return Buffer.concat(parts);
}
