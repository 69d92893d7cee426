import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { logsCommand } from '../../server/src/cli/logs';
import { summarizeLogCommand } from '../../server/src/lsp/logSummaryCommand';
import { SEED_000_W3C_LOG } from '../support/iisLogSamples';

function captured(isTTY = false) {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t), isTTY } },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

function logFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iis-auth-logs-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('iis-auth-check logs', () => {
  test('text output groups seed 000 failures; exit 0', async () => {
    const dir = logFolder({ 'u_ex000101.log': SEED_000_W3C_LOG });
    const out = captured();
    assert.equal(await logsCommand([join(dir, 'u_ex000101.log')], out.io), 0);
    assert.match(out.stdout, /^\s+2\s+401\.2\s+5\s+2000-01-01 19:31:03\s+2000-01-01 19:32:04\s+1\s+\/\s+Logon failed due to server configuration; ERROR_ACCESS_DENIED$/m);
    assert.match(out.stdout, /^\s+1\s+401\.1\s+-1073741715\s/m);
    assert.equal(out.stderr, '', 'no progress line when stderr is not a terminal');
  });

  test('--format json and --all; a folder means the IIS log files below it', async () => {
    const dir = logFolder({
      'LogFiles/W3SVC1/u_ex000101.log': SEED_000_W3C_LOG,
      'LogFiles/W3SVC2/u_ex000102.log': '#Fields: date time c-ip sc-status sc-substatus sc-win32-status\n2000-01-02 08:00:00 10.0.0.9 403 16 2148204809\n',
      'LogFiles/notes.log': 'not a log: 401 2 5\n',
    });
    const out = captured();
    assert.equal(await logsCommand(['--format', 'json', '--all', join(dir, 'LogFiles')], out.io), 0);
    const json = JSON.parse(out.stdout);
    assert.deepEqual(
      json.files.map((f: { name: string }) => f.name),
      [join(dir, 'LogFiles/W3SVC1/u_ex000101.log'), join(dir, 'LogFiles/W3SVC2/u_ex000102.log')],
    );
    assert.equal(json.scope, 'all');
    assert.equal(json.groups.length, 6);
    assert.equal(json.groups.find((g: { status: string }) => g.status === '403.16').sc_win32_status, 2148204809);
    assert.equal(json.lastTime, '2000-01-02 08:00:00');
  });

  test('--format markdown prints the same table as the editor preview', async () => {
    const dir = logFolder({ 'u_ex.log': SEED_000_W3C_LOG });
    const out = captured();
    assert.equal(await logsCommand(['--format=markdown', join(dir, 'u_ex.log')], out.io), 0);
    const rows = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('|'));
    const cli = rows(out.stdout);
    assert.match(cli.join('\n'), /^\| \*\*401\.2\*\* \| 5 \| 2 \|/m);
    // The preview of the file on disk and of the same text open (unsaved) in the editor.
    const uri = pathToFileURL(join(dir, 'u_ex.log')).toString();
    const fromDisk = await summarizeLogCommand([{ uris: [uri] }], { documentText: () => undefined });
    const fromEditor = await summarizeLogCommand([{ uris: [uri] }], { documentText: () => SEED_000_W3C_LOG });
    assert.ok(cli.length >= 4, `a header, its rule and the groups: ${cli.join('\n')}`);
    assert.deepEqual(rows(fromDisk.markdown), cli);
    assert.deepEqual(rows(fromEditor.markdown), cli);
  });

  test('on a terminal a progress line is drawn on stderr and cleared before the output', async () => {
    const lines = ['#Fields: time c-ip sc-status sc-substatus sc-win32-status'];
    for (let i = 0; i < 60_000; i++) lines.push(`08:${String(Math.floor(i / 6000) % 60).padStart(2, '0')}:00 10.0.${i % 250}.1 401 2 5`);
    const dir = logFolder({ 'u_ex261123.log': lines.join('\n') });
    const out = captured(true);
    assert.equal(await logsCommand([join(dir, 'u_ex261123.log')], out.io), 0);
    assert.match(out.stderr, /^\r\x1b\[KReading u_ex261123\.log: \d+% \(\d+\.\d MB of 1\.\d MB, [\d,]+ lines\)/);
    assert.ok(out.stderr.endsWith('\r\x1b[K'), JSON.stringify(out.stderr.slice(-40)));
    assert.match(out.stdout, /^\s+60000\s+401\.2\s+5\s/m);
  });

  test('usage errors and unreadable files exit 2 with a message', async () => {
    let out = captured();
    assert.equal(await logsCommand([], out.io), 2);
    assert.match(out.stderr, /No log file or folder given/);
    out = captured();
    assert.equal(await logsCommand(['--format', 'xml', 'x.log'], out.io), 2);
    assert.match(out.stderr, /Unknown format 'xml'/);
    out = captured();
    assert.equal(await logsCommand(['/definitely/not/here/u_ex.log'], out.io), 2);
    assert.match(out.stderr, /no such file or folder: \/definitely\/not\/here\/u_ex\.log/);
  });

  test('wired into the iis-auth-check entry point as the `logs` subcommand', () => {
    const dir = logFolder({ 'u_ex.log': SEED_000_W3C_LOG });
    const cli = resolve(__dirname, '../../server/src/cli/main.js');
    const result = spawnSync(process.execPath, [cli, 'logs', '--format', 'json', join(dir, 'u_ex.log')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).groups.length, 3);
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    assert.match(help.stdout, /iis-auth-check logs \[--format text\|json\|markdown\]/);
  });
});
