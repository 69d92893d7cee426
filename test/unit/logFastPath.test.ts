import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeChunks, LogSummaryBuilder, type LogSummary } from '../../server/src/core/logs/summary';
import { parseIisLogText, type LogEntry } from '../../server/src/core/logs/w3c';

// The summary reads the lines IIS writes from the bytes without the parser (the speed of `npm run
// bench`); every other line goes through the parser. Whatever the mix, the result must be what the
// parser alone reads: same entries, malformed lines, groups, counts and times.

const FIELDS = '#Fields: date time s-sitename cs-method cs-uri-stem s-port c-ip sc-status sc-substatus sc-win32-status time-taken';
const TIME_ONLY = '#Fields: time c-ip cs-uri-stem sc-status sc-substatus sc-win32-status';

const LINES = [
  '\uFEFF#Software: Microsoft Internet Information Services 10.0',
  FIELDS,
  '2026-11-02 08:00:00 W3SVC2 GET /Payroll/a.aspx 443 10.0.0.1 401 2 5 12',
  '2026-11-02 08:00:01 W3SVC2 GET /Payroll/a.aspx 443 10.0.0.1 401 2 5 12',
  '2026-11-02 07:59:59 W3SVC2 GET /late.aspx 443 10.0.0.2 401 2 5 12',
  '2026-11-02 08:00:02 W3SVC2 GET /tab\t.aspx 443 10.0.0.1 401 2 5 12',
  '2026-11-02  08:00:03 W3SVC2 GET /double.aspx 443 10.0.0.1 403 7 0 12',
  ' 2026-11-02 08:00:04 W3SVC2 GET /leading.aspx 443 10.0.0.1 403 7 0 12',
  '2026-11-02 08:00:05 W3SVC2 GET /trailing.aspx 443 10.0.0.1 403 7 0 12 ',
  '2026-11-02 08:00:06 W3SVC2 GET /too-few 443',
  '2026-11-02 08:00:14 W3SVC2 GET  443 10.0.0.1 401 2 5 12',
  '2026-11-02 08:00:07 W3SVC2 GET /too many fields 443 10.0.0.1 401 2 5 12',
  '2026-11-02 08:00:08 W3SVC2 GET /nul\u0000inside 443 10.0.0.1 500 19 13 12',
  '\u0000\u0000\u0000\u0000',
  '2026-11-02 08:00:09 W3SVC2 GET /Eintragsübersicht€.asp 443 10.0.0.3 401 1 -1073741715 12',
  '2026-1x-02 08:00:10 W3SVC2 GET /odd-date 443 10.0.0.3 401 1 -1073741715 12',
  '2026-11-02 08:00:11 W3SVC2 GET /huge-sub 443 10.0.0.3 401 123456 2148204809 12',
  '2026-11-02 08:00:12 W3SVC2 GET /junk-status 443 10.0.0.3 4o1 2 5 12',
  '2026-11-02 08:00:13 W3SVC2 GET /dash - 10.0.0.3 401 - - 12',
  '',
  '#Date: 2026-11-03 00:00:00',
  TIME_ONLY,
  '00:00:01 10.0.0.4 /time-only 401 2 5',
  '7:05:02 10.0.0.4 /short-hour 401 2 5',
];

/** The groups the parser alone reads, as `status.sub win32` → [count, first, last]. */
function reference(text: string): Map<string, [number, string | undefined, string | undefined]> {
  const groups = new Map<string, [number, string | undefined, string | undefined]>();
  for (const line of parseIisLogText(text).lines) {
    if (line.kind !== 'entry') continue;
    const entry = line as LogEntry;
    const status = entry.int('sc-status');
    if (status === undefined || status < 100 || status > 999) continue;
    const key = `${status}.${entry.int('sc-substatus') ?? ''} ${entry.int('sc-win32-status') ?? ''}`;
    const time = entry.timestamp();
    const group = groups.get(key) ?? [0, undefined, undefined];
    group[0]++;
    if (time !== undefined && (group[1] === undefined || time < group[1])) group[1] = time;
    if (time !== undefined && (group[2] === undefined || time > group[2])) group[2] = time;
    groups.set(key, group);
  }
  return groups;
}

function groupsOf(summary: LogSummary): Map<string, [number, string | undefined, string | undefined]> {
  return new Map(summary.groups.map((g) => [`${g.status}.${g.subStatus ?? ''} ${g.win32 ?? ''}`, [g.count, g.firstTime, g.lastTime]]));
}

async function streamed(text: string, chunkBytes: number): Promise<LogSummary> {
  const bytes = Buffer.from(text, 'utf8');
  const builder = new LogSummaryBuilder({ all: true });
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
  }
  await summarizeChunks(builder, 'u_ex261102.log', chunks(), bytes.length);
  return builder.result();
}

describe('log summary: the byte fast path reads what the parser reads', () => {
  for (const eol of ['\n', '\r\n']) {
    test(`irregular lines, ${eol === '\n' ? 'LF' : 'CRLF'}, any chunking`, async () => {
      const text = LINES.join(eol) + eol;
      const parsed = parseIisLogText(text).parser.stats;
      const expected = reference(text);
      for (const chunkBytes of [1, 7, 64, 1 << 20]) {
        const summary = await streamed(text, chunkBytes);
        const file = summary.files[0];
        assert.equal(file.entries, parsed.entries, `entries, chunks of ${chunkBytes}`);
        assert.equal(file.malformed, parsed.malformed, `malformed, chunks of ${chunkBytes}`);
        assert.equal(file.lines, parsed.lines, `lines, chunks of ${chunkBytes}`);
        assert.deepEqual(groupsOf(summary), expected, `groups, chunks of ${chunkBytes}`);
      }
    });
  }

  test('paths keep their UTF-8 characters and their site', async () => {
    const summary = await streamed(LINES.join('\n') + '\n', 5);
    const logon = summary.groups.find((g) => g.status === 401 && g.subStatus === 1 && g.win32 === -1073741715)!;
    assert.ok(logon.paths.some((p) => p.path === '/Eintragsübersicht€.asp' && p.site.siteName === 'W3SVC2'));
  });
});
