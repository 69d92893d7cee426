import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLanguageService, type LanguageService } from '../../server/src/core/languageService';
import type { Position } from '../../server/src/core/types';
import { exerciseEveryFeature, planFeatures, type FeatureOutput, type FeaturePlan } from './serviceFeatures';
import { applicationHostWith, dword, netshDump, netshEntry, regExport, SCHANNEL } from './snapshot';

/**
 * Seeded, reproducible mutation fuzzing of the analysis core. The same seed gives the same cases,
 * so a crash found by `npm run fuzz` can be replayed; every crashing or hanging input is saved to
 * test/fuzz-regressions/ and replayed by `npm test`, and so are, with `--keep-slowest N`, the slowest
 * inputs of a run: the nearest to a hang, and the ones a slowdown would turn into one first.
 */

export const REPO_ROOT = resolve(__dirname, '../../..');
export const REGRESSIONS_DIR = join(REPO_ROOT, 'test/fuzz-regressions');
/** A case that takes longer than this (CPU time in the core fuzz, wall-clock per request against the server) is a hang. */
export const HANG_MS = 2000;

export function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: small, fast and the same on every machine.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

const nasty = ['\u0000', '\u0001', '\u001f', '\uFEFF', '\uFFFD', '\uD800', '\uDFFF', '\u202E', '\u2028', '😀', '&', '&amp;', '&#0;', '&#xD800;', '<', '>', '"', "'", ']]>', '<!--', '-->', '<![CDATA[', '\r', '\n', '\t', 'é', '\u00A0'];

/** The mutations named in issue 9: byte flips, truncation at boundaries, element duplication and
 * deletion, attribute values swapped for random Unicode/control characters, mixed line endings,
 * a BOM in the middle. */
export const mutators: Record<string, (text: string, random: Random) => string> = {
  flipCharacters(text, random) {
    const chars = text.split('');
    const count = between(random, 1, 8);
    for (let i = 0; i < count && chars.length > 0; i++) {
      const at = Math.floor(random() * chars.length);
      chars[at] = String.fromCharCode(chars[at].charCodeAt(0) ^ (1 << Math.floor(random() * 8)));
    }
    return chars.join('');
  },
  truncateAtBoundary(text, random) {
    const boundaries: number[] = [];
    for (let i = 0; i < text.length; i++) if ('<>="/ \n'.includes(text[i])) boundaries.push(i, i + 1);
    const at = boundaries.length ? pick(random, boundaries) : Math.floor(random() * text.length);
    return text.slice(0, at);
  },
  truncateAnywhere(text, random) {
    return text.slice(0, Math.floor(random() * text.length));
  },
  duplicateElement(text, random) {
    const span = randomElementSpan(text, random);
    return span ? text.slice(0, span.end) + text.slice(span.start, span.end) + text.slice(span.end) : text;
  },
  deleteElement(text, random) {
    const span = randomElementSpan(text, random);
    return span ? text.slice(0, span.start) + text.slice(span.end) : text;
  },
  swapAttributeValue(text, random) {
    const values = [...text.matchAll(/="([^"]*)"/g)];
    if (values.length === 0) return text;
    const match = pick(random, values);
    let replacement = '';
    const length = between(random, 0, 24);
    for (let i = 0; i < length; i++) replacement += random() < 0.5 ? pick(random, nasty) : String.fromCharCode(between(random, 0, 0xffff));
    const start = match.index! + 2;
    return text.slice(0, start) + replacement + text.slice(start + match[1].length);
  },
  mixLineEndings(text, random) {
    return text.replace(/\r?\n/g, () => pick(random, ['\n', '\r\n', '\r', '\n\r']));
  },
  bomInTheMiddle(text, random) {
    const at = Math.floor(random() * text.length);
    return text.slice(0, at) + '\uFEFF' + text.slice(at);
  },
  insertNasty(text, random) {
    const at = Math.floor(random() * text.length);
    return text.slice(0, at) + pick(random, nasty).repeat(between(random, 1, 4)) + text.slice(at);
  },
};

function randomElementSpan(text: string, random: Random): { start: number; end: number } | undefined {
  const starts = [...text.matchAll(/<([A-Za-z][\w.]*)/g)];
  if (starts.length === 0) return undefined;
  const match = pick(random, starts);
  const start = match.index!;
  const selfClose = text.indexOf('/>', start);
  const close = text.indexOf(`</${match[1]}>`, start);
  const nextOpen = text.indexOf('>', start);
  if (selfClose >= 0 && selfClose < nextOpen + 1) return { start, end: selfClose + 2 };
  if (close >= 0) return { start, end: close + match[1].length + 3 };
  return undefined;
}

export interface Seed {
  name: string;
  uri: string;
  text: string;
}

/** The examples and the test fixture files: real shapes to mutate. */
export function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(config|xml)$/i.test(name) && statSync(full).size < 512 * 1024) {
        seeds.push({ name: full.slice(REPO_ROOT.length + 1), uri: `file:///fuzz/${name}`, text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(join(REPO_ROOT, 'examples'));
  walk(join(REPO_ROOT, 'test/e2e/fixture'));
  walk(join(REPO_ROOT, 'test/fixtures'));
  return [...seeds, ...serverSnapshotSeeds()];
}

/**
 * The server snapshot's inputs (a `netsh http show sslcert` dump, a SCHANNEL registry export) beside
 * an applicationHost.config whose https bindings and certificate mapping they concern, so mutations
 * reach the snapshot readers and the rules that join both.
 */
function serverSnapshotSeeds(): Seed[] {
  const host = 'www.fabrikam.example';
  const netsh = netshDump(
    netshEntry('IP:port', '0.0.0.0:443', { 'Ctl Store Name': 'ClientAuthIssuer' }),
    netshEntry('Hostname:port', `${host}:443`, { 'Negotiate Client Certificate': 'Enabled', 'DS Mapper Usage': 'Enabled' }),
  );
  const registry = regExport({ [SCHANNEL]: [dword('SendTrustedIssuerList', 1), dword('ClientAuthTrustMode', 2)] });
  const applicationHost = applicationHostWith({
    bindings: [{ info: `*:443:${host}`, sslFlags: 1 }, { info: '*:443:' }],
    security: `        <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />
        <authentication>
          <iisClientCertificateMappingAuthentication enabled="true" manyToOneCertificateMappingsEnabled="true">
            <manyToOneMappings>
              <add name="Staff" userName="FABRIKAM\\staff" password="[enc:AesProvider:x:enc]">
                <rules><add certificateField="Issuer" certificateSubField="O" matchCriteria="Fabrikam" /></rules>
              </add>
            </manyToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>`,
  });
  return [
    { name: 'snapshot: netsh http show sslcert', uri: 'file:///fuzz/snapshot/sslcert.txt', text: netsh },
    { name: 'snapshot: SCHANNEL reg export', uri: 'file:///fuzz/snapshot/schannel.reg', text: registry },
    { name: 'snapshot: applicationHost.config with https bindings', uri: 'file:///fuzz/snapshot/applicationHost.config', text: applicationHost },
  ];
}

export interface CaseInput {
  uri: string;
  text: string;
  positions: Position[];
}

export function makeCase(seeds: Seed[], random: Random): CaseInput {
  const seed = pick(random, seeds);
  let text = seed.text;
  const rounds = between(random, 1, 3);
  for (let i = 0; i < rounds; i++) text = pick(random, Object.values(mutators))(text, random);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const positions = Array.from({ length: 3 }, () => ({ line: Math.floor(random() * lineCount), character: Math.floor(random() * 120) }));
  return { uri: seed.uri, text, positions };
}

/** Every function of the language service, called the way the editor calls it (see serviceFeatures.ts). */
export function exerciseCore(service: LanguageService, input: CaseInput, plan?: FeaturePlan): FeatureOutput[] {
  return exerciseEveryFeature(service, input, plan);
}

export interface FuzzReport {
  cases: number;
  crashes: number;
  hangs: number;
  /** The longest single case in CPU milliseconds, so a run close to the hang limit shows it. */
  slowestMs: number;
  /** The slowest cases, slowest first: the inputs nearest to a hang, kept as regressions by `--keep-slowest`. */
  slowest: Array<{ ms: number; input: CaseInput }>;
  seconds: number;
  peakRssMb: number;
  saved: string[];
}

export function runCoreFuzz(options: { cases: number; seed: number; save?: boolean; keepSlowest?: number; onProgress?: (done: number) => void }): FuzzReport {
  const random = prng(options.seed);
  const seeds = loadSeeds();
  const report: FuzzReport = { cases: 0, crashes: 0, hangs: 0, slowestMs: 0, slowest: [], seconds: 0, peakRssMb: 0, saved: [] };
  const started = performance.now();
  let service = createLanguageService({ settings: { now: new Date('2026-11-23T00:00:00Z') } });
  // Planned once, outside the loop: a function the harness cannot call fails here, by name, instead
  // of counting as a crash in every case.
  const plan = planFeatures(service);
  for (let i = 0; i < options.cases; i++) {
    // A fresh service now and then, so the workspace does not grow with every seed name.
    if (i % 500 === 0) service = createLanguageService({ settings: { now: new Date('2026-11-23T00:00:00Z') } });
    const input = makeCase(seeds, random);
    // CPU time, not wall-clock: the core is synchronous, so a hang spins, and a loaded machine
    // that merely delays a case does not make it look like one.
    const caseStart = process.cpuUsage();
    let failure: unknown;
    try {
      exerciseCore(service, input, plan);
    } catch (error) {
      failure = error;
    }
    const cpu = process.cpuUsage(caseStart);
    const elapsed = (cpu.user + cpu.system) / 1000;
    report.slowestMs = Math.max(report.slowestMs, elapsed);
    const keep = options.keepSlowest ?? 0;
    if (keep > 0 && (report.slowest.length < keep || elapsed > report.slowest[report.slowest.length - 1].ms)) {
      report.slowest = [...report.slowest, { ms: elapsed, input }].sort((a, b) => b.ms - a.ms).slice(0, keep);
    }
    if (failure !== undefined || elapsed > HANG_MS) {
      if (failure !== undefined) report.crashes++;
      else report.hangs++;
      if (options.save !== false) report.saved.push(saveRegression(input, failure, elapsed));
    }
    report.cases++;
    if (i % 1000 === 0) {
      report.peakRssMb = Math.max(report.peakRssMb, process.memoryUsage().rss / 1024 / 1024);
      options.onProgress?.(i);
    }
  }
  report.seconds = (performance.now() - started) / 1000;
  report.peakRssMb = Math.max(report.peakRssMb, process.memoryUsage().rss / 1024 / 1024);
  return report;
}

/** Writes one input to test/fuzz-regressions/ (named by its content); `why` overrides the reason. */
export function saveRegression(input: CaseInput, failure: unknown, elapsedMs: number, why?: string): string {
  mkdirSync(REGRESSIONS_DIR, { recursive: true });
  const hash = createHash('sha256').update(input.uri).update(input.text).digest('hex').slice(0, 16);
  const name = `${hash}.json`;
  const reason =
    why ?? (failure === undefined ? `hang: ${Math.round(elapsedMs)} ms` : failure instanceof Error ? failure.stack ?? failure.message : String(failure));
  writeFileSync(join(REGRESSIONS_DIR, name), JSON.stringify({ reason, ...input }, null, 1));
  return name;
}

export function loadRegressions(): Array<CaseInput & { name: string; reason: string }> {
  if (!existsSync(REGRESSIONS_DIR)) return [];
  return readdirSync(REGRESSIONS_DIR)
    .filter((n) => n.endsWith('.json'))
    .map((name) => ({ name, ...JSON.parse(readFileSync(join(REGRESSIONS_DIR, name), 'utf8')) }));
}
