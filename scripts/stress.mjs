// npm run stress: 200 open documents with rapid edits and a workspace of 5,000 config files.
// Reports the server's peak memory and checks that the last version of every document is the one
// whose diagnostics arrived last (stale results never overwrite fresh ones).
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rpc = require('vscode-jsonrpc/node');

const workspace = mkdtempSync(join(tmpdir(), 'iis-auth-stress-'));
const appHost = readFileSync(join(root, 'examples/01-mapping-below-site/applicationHost.config'), 'utf8');
mkdirSync(join(workspace, 'config'));
writeFileSync(join(workspace, 'config/applicationHost.config'), appHost);
for (let i = 0; i < 5000; i++) {
  const dir = join(workspace, `site${Math.floor(i / 10)}`, `app${i % 10}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'web.config'), `<configuration><system.webServer><security><access sslFlags="Ssl" /></security></system.webServer></configuration>\n`);
}

const child = spawn(process.execPath, [join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const lastPublished = new Map();
connection.onNotification('textDocument/publishDiagnostics', (p) => lastPublished.set(p.uri, p.version));
connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
connection.onRequest('client/registerCapability', () => null);
connection.onNotification('window/logMessage', () => undefined);
connection.listen();
const started = performance.now();
await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(workspace).toString(), workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'stress' }], capabilities: {} });
await connection.sendNotification('initialized', {});

const uris = [];
for (let i = 0; i < 200; i++) {
  const uri = pathToFileURL(join(workspace, `site${i}`, 'app0', 'web.config')).toString();
  uris.push(uri);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: '<configuration/>' } });
}
const finalVersion = 30;
for (let version = 2; version <= finalVersion; version++) {
  for (const uri of uris) {
    const text = version % 3 === 0 ? '<configuration><system.webServer>' : `<configuration><!-- v${version} --></configuration>`;
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }
}
const deadline = Date.now() + 120_000;
while (Date.now() < deadline && !uris.every((u) => lastPublished.get(u) === finalVersion)) await new Promise((r) => setTimeout(r, 100));
const seconds = (performance.now() - started) / 1000;
const stale = uris.filter((u) => lastPublished.get(u) !== finalVersion).length;
const hwm = readFileSync(`/proc/${child.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM'));
console.log(`stress: 5,000 indexed web.config files, 200 open documents x ${finalVersion - 1} edits in ${seconds.toFixed(1)} s`);
console.log(`stress: documents whose last published diagnostics are not for their last version: ${stale}`);
console.log(`stress: server peak RSS ${Math.round(Number(hwm.split(/\s+/)[1]) / 1024)} MB`);
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();
rmSync(workspace, { recursive: true, force: true });
process.exitCode = stale > 0 ? 1 : 0;
