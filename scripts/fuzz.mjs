// npm run fuzz [-- --cases 100000 --server 2000 --seed 1 --keep-slowest 0]
// Mutates the examples and fixtures and drives every function of the analysis core and every request
// the stdio server announces with them. Prints cases per second, crashes, hangs (a core case over 2 s of CPU, a server request over 2 s) and
// peak memory; saves every crashing or hanging input (and the --keep-slowest N slowest core inputs)
// under test/fuzz-regressions/, which `npm test` replays.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fuzz = require(join(root, 'out/test/support/fuzz.js'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const cases = option('cases', 100_000);
const serverCases = option('server', 2000);
const seed = option('seed', 1);
const keepSlowest = option('keep-slowest', 0);

console.log(`core: ${cases} cases, seed ${seed}`);
const report = fuzz.runCoreFuzz({
  cases,
  seed,
  keepSlowest,
  onProgress: (done) => process.stderr.isTTY && process.stderr.write(`\r  ${done}/${cases}`),
});
if (process.stderr.isTTY) process.stderr.write('\n');
console.log(
  `core: ${report.cases} cases in ${report.seconds.toFixed(1)} s = ${(report.cases / report.seconds).toFixed(0)} cases/s; ` +
    `crashes ${report.crashes}, hangs ${report.hangs}, peak RSS ${report.peakRssMb.toFixed(0)} MB`,
);
for (const saved of report.saved) console.log(`  saved test/fuzz-regressions/${saved}`);
for (const { ms, input } of report.slowest) {
  const saved = fuzz.saveRegression(input, undefined, ms, `slowest of ${cases} core cases with seed ${seed}: ${Math.round(ms)} ms`);
  console.log(`  kept test/fuzz-regressions/${saved} (${Math.round(ms)} ms)`);
}

// Incremental analysis against a full re-analysis after every random edit (the CI test runs a short version).
const incrementalEdits = option('incremental', 3000);
if (incrementalEdits > 0) {
  const { runIncrementalProperty } = require(join(root, 'out/test/support/incrementalEdits.js'));
  const startedIncremental = performance.now();
  let mismatches = 0;
  let incremental = 0;
  const rounds = Math.max(1, Math.ceil(incrementalEdits / 500));
  for (let round = 0; round < rounds; round++) {
    const result = runIncrementalProperty({ seed: seed * 1000 + round, edits: Math.min(500, incrementalEdits - round * 500), sites: 20 + (round % 3) * 20 });
    mismatches += result.mismatches.length;
    incremental += result.incremental;
    for (const mismatch of result.mismatches.slice(0, 3)) console.log(`  incremental mismatch (seed ${seed * 1000 + round}, step ${mismatch.step}, ${mismatch.kind}):`, JSON.stringify(mismatch));
  }
  console.log(`incremental: ${incrementalEdits} random edits in ${((performance.now() - startedIncremental) / 1000).toFixed(1)} s, ${incremental} answered incrementally, ${mismatches} differing from a full analysis`);
  if (mismatches > 0) process.exitCode = 1;
}

if (serverCases > 0) {
  const rpc = require('vscode-jsonrpc/node');
  const child = spawn(process.execPath, [join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  let exited = false;
  child.on('exit', () => (exited = true));
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  let onPublish;
  connection.onNotification('textDocument/publishDiagnostics', (p) => onPublish?.(p));
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const init = await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const caps = init.capabilities;
  // Every provider the server announces is asked at the case's position; one this script does not
  // know stops the run by name rather than going unfuzzed.
  const range = (position) => ({ start: position, end: position });
  const requestsFor = {
    hoverProvider: (u, position) => [['textDocument/hover', { textDocument: { uri: u }, position }]],
    completionProvider: (u, position) => [['textDocument/completion', { textDocument: { uri: u }, position }]],
    documentSymbolProvider: (u) => [['textDocument/documentSymbol', { textDocument: { uri: u } }]],
    codeActionProvider: (u, position) => [['textDocument/codeAction', { textDocument: { uri: u }, range: range(position), context: { diagnostics: [] } }]],
    definitionProvider: (u, position) => [['textDocument/definition', { textDocument: { uri: u }, position }]],
    referencesProvider: (u, position) => [['textDocument/references', { textDocument: { uri: u }, position, context: { includeDeclaration: true } }]],
    codeLensProvider: (u) => [['textDocument/codeLens', { textDocument: { uri: u } }]],
    inlayHintProvider: (u, position) => [['textDocument/inlayHint', { textDocument: { uri: u }, range: { start: { line: 0, character: 0 }, end: position } }]],
    semanticTokensProvider: (u) => [['textDocument/semanticTokens/full', { textDocument: { uri: u } }]],
    // Commands take their own arguments (certificate bytes, log paths); the core fuzz covers what they call.
    executeCommandProvider: () => [],
  };
  const providers = Object.keys(caps).filter((name) => name.endsWith('Provider'));
  const unknownProviders = providers.filter((name) => !(name in requestsFor));
  if (unknownProviders.length > 0) {
    console.error(`server: announces ${unknownProviders.join(', ')}, which scripts/fuzz.mjs does not know how to ask; add it to requestsFor`);
    process.exit(1);
  }
  const random = fuzz.prng(seed ^ 0x5eed);
  const seeds = fuzz.loadSeeds();
  let hangs = 0;
  let failures = 0;
  let peakRss = 0;
  const started = performance.now();
  const withTimeout = (promise) =>
    Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('hang')), fuzz.HANG_MS))]);
  const uri = 'file:///fuzz/server/web.config';
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: '<configuration/>' } });
  for (let i = 0; i < serverCases && !exited; i++) {
    const input = fuzz.makeCase(seeds, random);
    // The whole text, then a keystroke as a range (the edit path that re-reads one element alone).
    const version = 2 * i + 3;
    const published = new Promise((resolve) => (onPublish = (p) => p.uri === uri && p.version === version && resolve()));
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: version - 1 }, contentChanges: [{ text: input.text }] });
    const lines = input.text.split('\n');
    const line = Math.floor(random() * lines.length);
    const character = Math.floor(random() * (lines[line].length + 1));
    const keystroke = random() < 0.5 ? { range: { start: { line, character }, end: { line, character } }, text: ['x', '<', '"', '/', ' ', '>'][Math.floor(random() * 6)] } : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [keystroke] });
    try {
      const position = input.positions[0];
      const requests = [withTimeout(published)];
      for (const provider of providers) for (const [method, params] of requestsFor[provider](uri, position)) requests.push(withTimeout(connection.sendRequest(method, params)));
      await Promise.all(requests);
    } catch (error) {
      if (error.message === 'hang') hangs++;
      else failures++;
      fuzz.saveRegression({ ...input, uri }, error.message === 'hang' ? undefined : error, fuzz.HANG_MS);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  try {
    const status = await fetchRss(child.pid);
    peakRss = status;
  } catch {}
  console.log(
    `server: ${serverCases} round trips in ${seconds.toFixed(1)} s = ${(serverCases / seconds).toFixed(0)}/s; ` +
      `server died: ${exited ? 'YES' : 'no'}, failed requests ${failures}, hangs ${hangs}, server peak RSS ${peakRss} MB`,
  );
  if (exited) console.log(stderr);
  if (!exited) {
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
  }
  connection.dispose();
  process.exitCode = report.crashes + report.hangs + failures + hangs + (exited ? 1 : 0) > 0 ? 1 : 0;
} else {
  process.exitCode = report.crashes + report.hangs > 0 ? 1 : 0;
}

async function fetchRss(pid) {
  const { readFileSync } = await import('node:fs');
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM'));
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}
