// npm run bench: speed as ratios to a baseline measured in the same run, never as absolute limits.
// (The log row and the server-snapshot row are scripts/bench-logs.mjs and scripts/bench-snapshot.mjs.)
// Generates deterministic configs (50 KB web.config, 1 MB and 10 MB applicationHost.config), then
// reports the median raw fast-xml-parser parse, the median full analysis and their ratio, the heap
// the analysis leaves behind relative to the file size, and the server's didChange → publish time.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { XMLParser } = require('fast-xml-parser');
const { createLanguageService } = require(join(root, 'out/server/src/core/languageService.js'));

// --- deterministic generation ---------------------------------------------------------------
let seed = 0x1b873593;
function random() {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
// Canonical base64 of DER-shaped bytes (a SEQUENCE header, then noise), as a certificate pasted by
// IIS Manager looks: every value distinct, so no cache in the analysis can help.
function base64Of(length) {
  const bytes = Buffer.alloc(Math.floor((length * 3) / 4));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  bytes[0] = 0x30;
  bytes[1] = 0x82;
  bytes.writeUInt16BE(bytes.length - 4, 2);
  return bytes.toString('base64');
}
const encrypted = () => `[enc:IISCngProvider:${base64Of(40)}:enc]`;

function siteBlock(i) {
  return `      <site name="Site${i}" id="${i + 10}">
        <application path="/"><virtualDirectory path="/" physicalPath="D:\\Sites\\Site${i}" /></application>
        <application path="/App"><virtualDirectory path="/" physicalPath="D:\\Sites\\Site${i}\\App" /></application>
        <bindings><binding protocol="https" bindingInformation="*:443:site${i}.example" sslFlags="1" /></bindings>
      </site>\n`;
}
function locationBlock(i, mappings) {
  let adds = '';
  for (let m = 0; m < mappings; m++) {
    adds += `              <add userName="SITE${i}\\user${m}" password="${encrypted()}" certificate="${base64Of(1600)}" />\n`;
  }
  return `  <location path="Site${i}">
    <system.webServer>
      <security>
        <authentication>
          <clientCertificateMappingAuthentication enabled="false" />
          <iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="true">
            <oneToOneMappings>
${adds}            </oneToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
        <access sslFlags="None" />
      </security>
    </system.webServer>
  </location>
  <location path="Site${i}/App">
    <system.webServer>
      <security>
        <authentication><anonymousAuthentication enabled="false" /></authentication>
        <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />
      </security>
    </system.webServer>
  </location>\n`;
}
function applicationHost(targetBytes) {
  let sites = '';
  let locations = '';
  let i = 0;
  while (sites.length + locations.length < targetBytes) {
    sites += siteBlock(i);
    locations += locationBlock(i, 3);
    i++;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <system.applicationHost>\n    <sites>\n${sites}    </sites>\n  </system.applicationHost>\n${locations}</configuration>\n`;
}
function webConfig(targetBytes) {
  let settings = '';
  for (let i = 0; settings.length < targetBytes - 2000; i++) settings += `    <add key="setting${i}" value="${base64Of(40)}" />\n`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <appSettings>\n${settings}  </appSettings>\n  <system.webServer>\n    <security>\n      <access sslFlags="Ssl, SslNegotiateCert" />\n    </security>\n  </system.webServer>\n</configuration>\n`;
}

// --- measurement ----------------------------------------------------------------------------
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
function time(fn, runs) {
  fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}
const rawParser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, captureMetaData: true });

function analyse(uri, text) {
  const service = createLanguageService({ settings: { now: new Date('2026-11-23T00:00:00Z') } });
  service.workspace.set(uri, text);
  return service.validate(uri);
}

const files = [
  ['web.config (50 KB)', 'file:///bench/site/web.config', webConfig(50 * 1024), 21],
  ['applicationHost.config (1 MB)', 'file:///bench/config/applicationHost.config', applicationHost(1024 * 1024), 11],
  ['applicationHost.config (10 MB)', 'file:///bench/config/applicationHost.config', applicationHost(10 * 1024 * 1024), 5],
];

console.log('IIS Auth Config benchmark (medians; ratios against the raw fast-xml-parser parse in this run)\n');
console.log('file                              raw parse ms   analysis ms   ratio   heap after / file size');
for (const [label, uri, text, runs] of files) {
  const raw = time(() => rawParser.parse(text), runs);
  const full = time(() => analyse(uri, text), runs);
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = analyse(uri, text);
  const heapRatio = (process.memoryUsage().heapUsed - before) / Buffer.byteLength(text);
  void kept;
  console.log(
    `${label.padEnd(33)} ${raw.toFixed(1).padStart(12)} ${full.toFixed(1).padStart(13)} ${(full / raw).toFixed(2).padStart(7)}x ${heapRatio.toFixed(2).padStart(10)}x`,
  );
}

// --- server round trip: one-character didChange → publishDiagnostics on the 50 KB file ----------
const serverPath = join(root, 'dist/server.js');
if (existsSync(serverPath)) {
  const { spawn } = await import('node:child_process');
  const rpc = require('vscode-jsonrpc/node');
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  let onPublish;
  connection.onNotification('textDocument/publishDiagnostics', (p) => onPublish?.(p));
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const uri = 'file:///bench/site/web.config';
  const text = files[0][2];
  const published = (version) => new Promise((resolve) => (onPublish = (p) => p.version === version && resolve()));
  let wait = published(1);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
  await wait;
  const samples = [];
  const editLine = text.split('\n').length - 4;
  for (let version = 2; version <= 42; version++) {
    wait = published(version);
    const start = performance.now();
    const character = version % 2 === 0 ? 0 : 1;
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [version % 2 === 0
        ? { range: { start: { line: editLine, character }, end: { line: editLine, character } }, text: ' ' }
        : { range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 1 } }, text: '' }],
    });
    await wait;
    samples.push(performance.now() - start);
  }
  const idle = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///none' }, position: { line: 0, character: 0 } });
    idle.push(performance.now() - start);
  }
  console.log(`\nserver: one-character didChange on the 50 KB web.config → publishDiagnostics: median ${median(samples).toFixed(1)} ms` +
    ` (an empty hover request round trip in the same run: ${median(idle).toFixed(2)} ms)`);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
} else {
  console.log('\nserver round trip skipped: dist/server.js missing (run npm run build)');
}

const logBench = join(root, 'scripts/bench-logs.mjs');
if (existsSync(logBench)) await import(logBench);

const snapshotBench = join(root, 'scripts/bench-snapshot.mjs');
if (existsSync(snapshotBench)) await import(snapshotBench);
