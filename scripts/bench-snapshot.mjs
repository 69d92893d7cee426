// The server-snapshot row of `npm run bench` (also runs alone: node scripts/bench-snapshot.mjs, after tsc).
// Generates a snapshot of 400 certificates in four store folders and 200 HTTP.sys bindings with the
// applicationHost.config that uses them, then times the whole analysis (loading the snapshot, every
// snapshot rule, the diagnostics of every file) against a baseline in the same run: decoding the same
// 400 certificate files alone with the certificate reader. Findings are counted, so an input the
// analysis skipped can never look fast.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { createLanguageService } = require(join(root, 'out/server/src/core/languageService.js'));
const { readCertificateInput } = require(join(root, 'out/server/src/core/certificate/certificateInput.js'));
const { issueCertificate, generateKeys, thumbprintOf, base64Of, EKU_CLIENT_AUTH, EKU_SERVER_AUTH } = require(join(root, 'out/test/support/pki.js'));
const { applicationHostWith, dword, netshDump, netshEntry, regExport, SCHANNEL } = require(join(root, 'out/test/support/snapshot.js'));

const BINDINGS = 200;
const DIR = 'file:///bench/snapshot';
const keys = await generateKeys();

// 20 roots, 80 intermediates (half of them in ClientAuthIssuer), 300 end-entity certificates: 400 in the stores.
const stores = [];
const roots = [];
for (let i = 0; i < 20; i++) {
  const cert = await issueCertificate({ cn: `Bench Root CA ${i}`, ca: true, keys });
  roots.push(cert);
  stores.push([`Root/root-${i}.cer`, cert.der]);
}
const intermediates = [];
for (let i = 0; i < 80; i++) {
  const cert = await issueCertificate({ cn: `Bench Issuing CA ${i}`, ca: true, issuer: roots[i % 20], keys, crl: [i % 4 === 0 ? `ldap:///CN=CA${i},CN=CDP?certificateRevocationList` : `http://pki.bench.example/ca${i}.crl`] });
  intermediates.push(cert);
  stores.push([`${i % 2 === 0 ? 'CA' : 'ClientAuthIssuer'}/issuing-${i}.cer`, cert.der]);
}
const servers = [];
for (let i = 0; i < BINDINGS; i++) {
  const cert = await issueCertificate({ cn: `site${i}.bench.example`, issuer: intermediates[i % 80], keys, eku: [EKU_SERVER_AUTH], dnsNames: [i % 10 === 0 ? `other${i}.bench.example` : `site${i}.bench.example`] });
  servers.push(cert);
  stores.push([`My/site-${i}.cer`, cert.der]);
}
const clients = [];
for (let i = 0; i < 100; i++) {
  const cert = await issueCertificate({ cn: `user${i}`, issuer: intermediates[i % 80], keys, eku: [EKU_CLIENT_AUTH], crl: [`http://pki.bench.example/u${i}.crl`] });
  clients.push(cert);
  stores.push([`My/user-${i}.cer`, cert.der]);
}

const netsh = netshDump(
  ...servers.map((server, i) =>
    netshEntry('Hostname:port', `site${i}.bench.example:443`, {
      'Certificate Hash': thumbprintOf(server),
      'Ctl Store Name': i % 3 === 0 ? '(null)' : 'ClientAuthIssuer',
      'DS Mapper Usage': i % 5 === 0 ? 'Enabled' : 'Disabled',
    }),
  ),
);
const reg = regExport({ [SCHANNEL]: [dword('SendTrustedIssuerList', 1), dword('ClientAuthTrustMode', 2)] });
const mappings = clients
  .slice(0, 50)
  .map((client, i) => `              <add userName="BENCH\\user${i}" password="[enc:AesProvider:x:enc]" certificate="${base64Of(client)}" />`)
  .join('\n');
const apphost = applicationHostWith({
  site: 'Site0',
  bindings: Array.from({ length: BINDINGS }, (_, i) => ({ info: `*:443:site${i}.bench.example`, sslFlags: 1 })),
  security: `        <access sslFlags="Ssl, SslNegotiateCert" />
        <authentication>
          <iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="true">
            <oneToOneMappings>
${mappings}
            </oneToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>`,
});

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
function time(fn, runs) {
  fn();
  const samples = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

function decodeAlone() {
  let certificates = 0;
  for (const [path, bytes] of stores) {
    const read = readCertificateInput(bytes, path);
    if (read.ok) certificates += read.certificates.length;
  }
  return certificates;
}

function analyse() {
  const service = createLanguageService({ settings: { now: new Date('2026-11-23T00:00:00Z') } });
  service.workspace.set(`${DIR}/applicationHost.config`, apphost);
  service.workspace.set(`${DIR}/sslcert.txt`, netsh);
  service.workspace.set(`${DIR}/schannel.reg`, reg);
  for (const [path, bytes] of stores) service.workspace.setSnapshotFile({ uri: `${DIR}/certificates/${path}`, bytes });
  const uris = [`${DIR}/applicationHost.config`, `${DIR}/sslcert.txt`, `${DIR}/schannel.reg`, ...stores.map(([path]) => `${DIR}/certificates/${path}`)];
  let findings = 0;
  for (const uri of uris) findings += service.validate(uri).length;
  const snapshot = service.workspace.snapshot();
  return { findings, certificates: snapshot.stores.reduce((n, s) => n + s.certificates.length, 0), bindings: snapshot.httpSysBindings.length };
}

const runs = Number(process.env.IIS_BENCH_SNAPSHOT_RUNS ?? 3);
const baseline = time(decodeAlone, runs);
const full = time(analyse, runs);
if (baseline.result !== stores.length || full.result.certificates !== stores.length || full.result.bindings !== BINDINGS) {
  throw new Error(`snapshot bench read ${full.result.certificates}/${stores.length} certificates and ${full.result.bindings}/${BINDINGS} bindings`);
}
console.log(
  `\nserver snapshot (${stores.length} certificates, ${BINDINGS} bindings, ${BINDINGS} site bindings): decoding the certificates alone ${baseline.ms.toFixed(1)} ms,` +
    ` whole analysis ${full.ms.toFixed(1)} ms, ratio ${(full.ms / baseline.ms).toFixed(2)}x, ${full.result.findings} findings`,
);
