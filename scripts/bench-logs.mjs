// The log row of `npm run bench` (also runs alone: node scripts/bench-logs.mjs, after tsc and the build).
// Generates a deterministic IIS W3C log (50 MB; IIS_BENCH_LOG_MB=200 for the 200 MB case),
// then times the streaming summary exactly as `iis-auth-check logs` runs it, against a baseline in
// the same run: a plain read of the same file in the same 1 MB chunks, split into lines and nothing
// else. Each measurement runs in its own node process so its peak RSS is its own.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { writeIisLog } = require(join(root, 'out/test/support/iisLogGenerator.js'));

const megabytes = Number(process.env.IIS_BENCH_LOG_MB ?? 50);
const runs = Number(process.env.IIS_BENCH_LOG_RUNS ?? (megabytes > 100 ? 1 : 3));
const bundledCli = join(root, 'dist/cli.js');
const compiledCli = join(root, 'out/server/src/cli/logs.js');
const SMALL_HEAP_MB = 24;

// Each child prints one JSON line on stderr: elapsed ms of the work alone (module loading excluded),
// peak RSS, and what it counted, so a reader that skipped lines can never look fast.
// CPU time too: on a machine shared with other work, wall time also measures the scheduler.
const REPORT = `process.stderr.write(JSON.stringify({ ms: performance.now() - started, cpuMs: (() => { const u = process.cpuUsage(cpuStarted); return (u.user + u.system) / 1000; })(), maxRssKb: process.resourceUsage().maxRSS, code, counted }) + '\\n')`;
const baselineScript = (path) => `
  const { createReadStream } = require('node:fs');
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  (async () => {
    const decoder = new TextDecoder('utf-8');
    let pending = '';
    let lines = 0;
    for await (const chunk of createReadStream(${JSON.stringify(path)}, { highWaterMark: 1 << 20 })) {
      const parts = (pending + decoder.decode(chunk, { stream: true })).split('\\n');
      pending = parts.pop();
      lines += parts.length;
    }
    if (pending.length > 0) lines++;
    const code = lines > 0 ? 0 : 1;
    const counted = { lines };
    ${REPORT};
  })();`;
// The summary's JSON is caught from stdout (a few kilobytes: groups, not lines) for its counts.
const CAPTURE = `let printed = ''; process.stdout.write = (text) => { printed += text; return true; };`;
const COUNTED = `const json = JSON.parse(printed); const counted = { lines: json.files.reduce((n, f) => n + f.lines, 0), entries: json.entries, malformed: json.malformed, grouped: json.groupedEntries + json.hiddenEntries };`;
const summaryScript = (path) =>
  existsSync(bundledCli)
    ? `const { main } = require(${JSON.stringify(bundledCli)});
       ${CAPTURE}
       const started = performance.now();
       const cpuStarted = process.cpuUsage();
       main(['logs', '--format', 'json', ${JSON.stringify(path)}]).then((code) => { ${COUNTED} ${REPORT}; });`
    : `const { logsCommand } = require(${JSON.stringify(compiledCli)});
       ${CAPTURE}
       const started = performance.now();
       const cpuStarted = process.cpuUsage();
       logsCommand(['--format', 'json', ${JSON.stringify(path)}]).then((code) => { ${COUNTED} ${REPORT}; });`;

function measure(script, nodeOptions = []) {
  const child = spawnSync(process.execPath, [...nodeOptions, '-e', script], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 20 });
  const report = child.stderr.trim().split('\n').pop();
  let parsed;
  try {
    parsed = JSON.parse(report);
  } catch {
    throw new Error(`log bench child failed (exit ${child.status}): ${child.stderr.slice(0, 2000)}`);
  }
  if (parsed.code !== 0) throw new Error(`log bench child exited ${parsed.code}: ${child.stderr.slice(0, 2000)}`);
  return parsed;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const dir = mkdtempSync(join(tmpdir(), 'iis-auth-bench-logs-'));
try {
  const path = join(dir, 'u_ex261101.log');
  const generationStarted = performance.now();
  const tally = writeIisLog(path, { targetBytes: megabytes * 1024 * 1024 });
  const generationSeconds = (performance.now() - generationStarted) / 1000;

  const baseline = [];
  const summary = [];
  // Alternate so load from other processes on the machine falls on both alike.
  for (let i = 0; i < runs; i++) {
    baseline.push(measure(baselineScript(path)));
    summary.push(measure(summaryScript(path)));
  }
  // The proof that memory is bounded, not just small: the same summary with an old space far smaller than the file.
  const smallHeap = measure(summaryScript(path), [`--max-old-space-size=${SMALL_HEAP_MB}`]);
  // Every reader must have read the whole file: the generator's own tally is the reference.
  for (const r of baseline) if (r.counted.lines !== tally.lines) throw new Error(`baseline counted ${r.counted.lines} lines of ${tally.lines}`);
  for (const r of [...summary, smallHeap]) {
    const { lines, entries, malformed, grouped } = r.counted;
    if (lines !== tally.lines || entries !== tally.entries || malformed !== tally.malformed || grouped !== tally.entries) {
      throw new Error(`log summary counted ${JSON.stringify(r.counted)}; the generator wrote ${tally.lines} lines, ${tally.entries} entries, ${tally.malformed} malformed`);
    }
  }
  const baseMs = median(baseline.map((r) => r.ms));
  const sumMs = median(summary.map((r) => r.ms));
  const baseRss = Math.max(...baseline.map((r) => r.maxRssKb)) / 1024;
  const sumRss = Math.max(...summary.map((r) => r.maxRssKb)) / 1024;
  const fileMb = tally.bytes / (1024 * 1024);
  const baseCpu = median(baseline.map((r) => r.cpuMs));
  const sumCpu = median(summary.map((r) => r.cpuMs));
  const row = (label, ms, cpuMs, rss) =>
    `${label.padEnd(38)} ${Math.round(tally.lines / (ms / 1000)).toLocaleString('en-US').padStart(12)} ${(fileMb / (ms / 1000)).toFixed(1).padStart(8)} ${ms.toFixed(0).padStart(9)} ${cpuMs.toFixed(0).padStart(9)} ${rss.toFixed(0).padStart(9)} MB`;

  console.log(
    `\nIIS log summary, streamed as \`iis-auth-check logs\` runs it (${existsSync(bundledCli) ? 'dist/cli.js' : 'out/'}), on a generated ` +
      `${fileMb.toFixed(0)} MB W3C log: ${tally.lines.toLocaleString('en-US')} lines, ${tally.malformed} malformed, ${tally.fieldSets} layouts ` +
      `(generated in ${generationSeconds.toFixed(1)} s; median of ${runs}; IIS_BENCH_LOG_MB=200 for the 200 MB case)`,
  );
  console.log(`${'reader'.padEnd(38)}      lines/s     MB/s        ms    cpu ms  peak RSS`);
  console.log(row('plain line split (baseline)', baseMs, baseCpu, baseRss));
  console.log(row('log summary', sumMs, sumCpu, sumRss));
  console.log(row(`log summary, --max-old-space-size=${SMALL_HEAP_MB}`, smallHeap.ms, smallHeap.cpuMs, smallHeap.maxRssKb / 1024));
  const ratios = summary.map((r, i) => r.ms / baseline[i].ms);
  console.log(
    `ratio: the summary takes ${(sumMs / baseMs).toFixed(2)}x the baseline's time (per run ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}x; every run counted all ${tally.entries.toLocaleString('en-US')} entries), ${(sumCpu / baseCpu).toFixed(2)}x its CPU time; its peak RSS is ${(sumRss - baseRss).toFixed(0)} MB above ` +
      `the baseline's, for a ${fileMb.toFixed(0)} MB file; with a ${SMALL_HEAP_MB} MB old space it still completes (peak RSS beyond that is garbage V8 had not yet collected)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
