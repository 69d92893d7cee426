import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { logsCommand } from '../../server/src/cli/logs';
import { writeIisLog, type GeneratedLogTally } from '../support/iisLogGenerator';

// Large logs through the CLI's code path (`iis-auth-check logs`), checked against the generator's
// own tally of what it wrote rather than against the parser.

interface JsonGroup {
  sc_status: number;
  sc_substatus: number | null;
  sc_win32_status: number | null;
  count: number;
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'iis-auth-stream-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await logsCommand(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t), isTTY: false } });
  return { code, stdout, stderr };
}

describe('streaming large IIS logs', () => {
  test('headerless start, layouts changing at restarts, truncated lines and NUL padding: every line counted, every triple exact', async () => {
    const path = join(dir, 'u_ex261101.log');
    const tally: GeneratedLogTally = writeIisLog(path, { targetBytes: 6 * 1024 * 1024 });
    assert.ok(tally.malformed >= 5 && tally.fieldSets === 2 && tally.entriesWithAssumedFields === 5, 'precondition: the file has every kind of trouble');

    const { code, stdout } = await runCli(['--format', 'json', '--all', path]);
    assert.equal(code, 0);
    const summary = JSON.parse(stdout);
    const [file] = summary.files;
    assert.deepEqual(
      {
        bytes: file.bytes,
        lines: file.lines,
        entries: file.entries,
        directives: file.directives,
        malformed: file.malformed,
        entriesWithAssumedFields: file.entriesWithAssumedFields,
        fieldSets: file.fieldSets,
      },
      {
        bytes: tally.bytes,
        lines: tally.lines,
        entries: tally.entries,
        directives: tally.directives,
        malformed: tally.malformed,
        entriesWithAssumedFields: tally.entriesWithAssumedFields,
        fieldSets: tally.fieldSets,
      },
    );
    const grouped = new Map(
      (summary.groups as JsonGroup[]).map((g) => [`${g.sc_status}.${g.sc_substatus ?? ''} ${g.sc_win32_status ?? ''}`, g.count]),
    );
    assert.deepEqual(grouped, new Map([...tally.triples].filter(([, n]) => n > 0)));
    assert.ok(file.notes.some((n: { message: string }) => /No #Fields: directive before line 1/.test(n.message)));
    assert.ok(file.notes.some((n: { message: string }) => /layout changes here \(9 fields\)/.test(n.message)));
    assert.ok(file.notes.some((n: { message: string }) => /NUL padding/.test(n.message)));
    assert.ok(file.notes.some((n: { message: string }) => /7 fields where the layout has (15|9)/.test(n.message)));
  });

  test('memory stays bounded: a log larger than the whole JavaScript heap is summarised', () => {
    const path = join(dir, 'u_ex261102.log');
    const tally = writeIisLog(path, { targetBytes: 24 * 1024 * 1024, seed: 7 });
    assert.ok(statSync(path).size > 24 * 1024 * 1024);
    // With a 16 MB old space, reading the file whole (or keeping its lines) dies with "heap out of memory".
    const cliLogs = resolve(__dirname, '../../server/src/cli/logs.js');
    const script = `require(${JSON.stringify(cliLogs)}).logsCommand(['--format', 'json', ${JSON.stringify(path)}]).then((code) => { process.exitCode = code; });`;
    const result = spawnSync(process.execPath, ['--max-old-space-size=16', '-e', script], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    assert.equal(result.status, 0, result.stderr.slice(0, 2000));
    const summary = JSON.parse(result.stdout);
    assert.equal(summary.entries, tally.entries);
    assert.equal(summary.malformed, tally.malformed);
  });
});
