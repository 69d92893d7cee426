import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LogSummaryBuilder, summarizeChunks, summarizeLogTexts, type LogProgress, type StatusGroup } from '../../server/src/core/logs/summary';
import { markdownText, renderSummaryMarkdown, renderSummaryText, summaryToJson } from '../../server/src/core/logs/renderSummary';
import { SEED_000_FIRST_IP, SEED_000_SECOND_IP, SEED_000_W3C_LOG } from '../support/iisLogSamples';

function group(groups: StatusGroup[], status: number, sub: number | undefined, win32: number | undefined): StatusGroup {
  const found = groups.find((g) => g.status === status && g.subStatus === sub && g.win32 === win32);
  assert.ok(found, `no group ${status}.${sub} ${win32} in ${JSON.stringify(groups.map((g) => [g.status, g.subStatus, g.win32]))}`);
  return found;
}

describe('log summary', () => {
  test('seed 000: failures grouped by triple with counts, times, IPs, example URI and explanation', () => {
    const summary = summarizeLogTexts([{ name: 'u_ex000101.log', text: SEED_000_W3C_LOG }]);
    assert.equal(summary.scope, 'failures');
    assert.equal(summary.entries, 10);
    assert.deepEqual(
      summary.groups.map((g) => [g.status, g.subStatus, g.win32, g.count]),
      [
        [500, 0, 64, 3],
        [401, 2, 5, 2],
        [401, 1, -1073741715, 1],
      ],
    );
    const denied = group(summary.groups, 401, 2, 5);
    assert.equal(denied.firstTime, '2000-01-01 19:31:03');
    assert.equal(denied.lastTime, '2000-01-01 19:32:04');
    assert.deepEqual(denied.clientIps, [SEED_000_SECOND_IP]);
    assert.equal(denied.exampleUri, '/');
    assert.match(denied.title, /ERROR_ACCESS_DENIED/);
    assert.match(denied.explanation, /401\.2/);
    const networkGone = group(summary.groups, 500, 0, 64);
    assert.deepEqual(networkGone.clientIps.sort(), [SEED_000_FIRST_IP, SEED_000_SECOND_IP].sort());
    assert.equal(networkGone.distinctClientIps, 2);
    const logon = group(summary.groups, 401, 1, -1073741715);
    assert.match(logon.title, /STATUS_LOGON_FAILURE/);
    assert.equal(summary.hiddenGroups, 2, '200 and 302');
    assert.equal(summary.hiddenEntries, 4);
    assert.equal(summary.firstTime, '2000-01-01 19:30:01');
    assert.equal(summary.lastTime, '2000-01-01 19:32:04');
  });

  test('with all, successful groups are listed too and flagged as not failures', () => {
    const summary = summarizeLogTexts([{ name: 'u_ex000101.log', text: SEED_000_W3C_LOG }], { all: true });
    assert.equal(summary.groups.length, 5);
    assert.equal(group(summary.groups, 200, 0, 0).count, 3);
    assert.equal(group(summary.groups, 200, 0, 0).failure, false);
    assert.equal(group(summary.groups, 302, 0, 0).exampleUri, '/EntryBanner.asp');
    assert.equal(summary.hiddenGroups, 0);
  });

  test('the explanation is an injectable function, called once per group with the numeric triple', () => {
    const calls: Array<[number, number | undefined, number | undefined]> = [];
    const summary = summarizeLogTexts([{ name: 'x.log', text: SEED_000_W3C_LOG }], {
      explainStatusTriple: (status, sub, win32) => {
        calls.push([status, sub, win32]);
        return `explained ${status}.${sub}/${win32}`;
      },
    });
    assert.deepEqual(calls.sort(), [
      [401, 1, -1073741715],
      [401, 2, 5],
      [500, 0, 64],
    ]);
    assert.equal(group(summary.groups, 401, 2, 5).explanation, 'explained 401.2/5');
  });

  test('an explainer that throws does not lose the summary', () => {
    const summary = summarizeLogTexts([{ name: 'x.log', text: SEED_000_W3C_LOG }], {
      explainStatusTriple: () => {
        throw new Error('table missing');
      },
    });
    assert.equal(summary.groups.length, 3);
    assert.match(summary.groups[0].explanation, /No explanation available \(table missing\)/);
  });

  test('chunks split anywhere (mid-line, mid-UTF-8 character) give the same summary, with byte progress', async () => {
    const text = SEED_000_W3C_LOG.replaceAll('/EntryBanner.asp', '/Eintragsübersicht€.asp');
    const bytes = new TextEncoder().encode(text);
    const whole = summarizeLogTexts([{ name: 'u_ex.log', text }], { all: true });
    const progress: LogProgress[] = [];
    const builder = new LogSummaryBuilder({ all: true, onProgress: (p) => progress.push(p) });
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, Math.min(bytes.length, i + 7));
    }
    const file = await summarizeChunks(builder, 'u_ex.log', chunks(), bytes.length);
    const streamed = builder.result();
    assert.deepEqual(streamed.groups, whole.groups);
    assert.equal(file.bytes, bytes.length);
    assert.equal(progress.length, Math.ceil(bytes.length / 7));
    assert.equal(progress.at(-1)!.bytesRead, bytes.length);
    assert.equal(progress.at(-1)!.totalBytes, bytes.length);
    assert.ok(progress.every((p, i) => i === 0 || p.bytesRead > progress[i - 1].bytesRead));
    assert.equal(group(streamed.groups, 302, 0, 0).exampleUri, '/Eintragsübersicht€.asp');
  });

  test('several files: groups merge across files, each file keeps its own counts and notes', () => {
    const second = ['2026-11-23 08:00:07 10.0.0.5 GET /Claims - 443 - 10.0.0.21 agent - 401 2 5 31', 'oops'].join('\n');
    const summary = summarizeLogTexts([
      { name: 'a.log', text: SEED_000_W3C_LOG },
      { name: 'b.log', text: second },
    ]);
    assert.equal(group(summary.groups, 401, 2, 5).count, 3);
    assert.deepEqual(group(summary.groups, 401, 2, 5).clientIps, [SEED_000_SECOND_IP, '10.0.0.21']);
    assert.equal(summary.lastTime, '2026-11-23 08:00:07');
    const [a, b] = summary.files;
    assert.equal(a.malformed, 0);
    assert.equal(b.malformed, 1);
    assert.equal(b.entriesWithAssumedFields, 1);
    assert.ok(b.notes.some((n) => /No #Fields:/.test(n.message)));
    assert.equal(summary.malformed, 1);
  });

  test('layouts without sc-status, or with junk in it, are counted rather than grouped', () => {
    const text = ['#Fields: time c-ip', '08:00:00 10.0.0.1', '#Fields: time sc-status', '08:00:01 abc', '08:00:02 401'].join('\n');
    const summary = summarizeLogTexts([{ name: 'x.log', text }]);
    assert.equal(summary.files[0].entriesWithoutStatus, 2);
    assert.deepEqual(summary.groups.map((g) => [g.status, g.subStatus, g.win32, g.count]), [[401, undefined, undefined, 1]]);
    assert.ok(summary.files[0].notes.some((n) => /2 entries had no usable sc-status/.test(n.message)));
  });

  test('the fixed IIS format (u_in*.log) is summarised without a sub-status', () => {
    const text = '192.0.2.7, -, 11/23/26, 8:01:02, W3SVC1, WEB1, 10.0.0.5, 31, 300, 1293, 401, 5, GET, /Claims, -,\n';
    const summary = summarizeLogTexts([{ name: 'u_in261123.log', text }]);
    assert.equal(summary.files[0].format, 'iis');
    const [only] = summary.groups;
    assert.deepEqual([only.status, only.subStatus, only.win32, only.firstTime], [401, undefined, 5, '2026-11-23 08:01:02']);
  });

  test('client IPs: listed up to the limit, counted beyond it', () => {
    const lines = ['#Fields: time c-ip sc-status sc-substatus sc-win32-status'];
    for (let i = 0; i < 30; i++) lines.push(`08:00:${String(i).padStart(2, '0')} 10.0.0.${i} 403 7 0`);
    const summary = summarizeLogTexts([{ name: 'x.log', text: lines.join('\n') }], { maxClientIpsListed: 3 });
    const [g] = summary.groups;
    assert.deepEqual(g.clientIps, ['10.0.0.0', '10.0.0.1', '10.0.0.2']);
    assert.equal(g.distinctClientIps, 30);
    assert.match(renderSummaryMarkdown(summary), /10\.0\.0\.0, 10\.0\.0\.1, 10\.0\.0\.2 and 27 more/);
  });

  test('an over-long line in a stream is dropped as malformed and does not swallow the next line', () => {
    const builder = new LogSummaryBuilder();
    const feed = builder.beginFile('x.log');
    feed.push('#Fields: time sc-status\n08:00:00 ');
    for (let i = 0; i < 40; i++) feed.push('A'.repeat(64 * 1024));
    feed.push('\n08:00:01 401\n');
    const file = feed.end();
    assert.equal(file.malformed, 1);
    assert.equal(file.entries, 1);
    assert.equal(builder.result().groups[0].count, 1);
  });
});

describe('summary rendering', () => {
  test('Markdown: a table row per group, explanations below, notes about how the file was read', () => {
    const md = renderSummaryMarkdown(summarizeLogTexts([{ name: 'u_ex000101.log', text: SEED_000_W3C_LOG }]));
    assert.match(md, /^# IIS log summary: failed requests/);
    assert.match(md, /\| Status \| sc-win32-status \| Requests \| First \| Last \| Client IPs \| Example URI \| Meaning \|/);
    assert.match(md, /\| \*\*401\.2\*\* \| 5 \| 2 \| 2000-01-01 19:31:03 \| 2000-01-01 19:32:04 \| 192\.0\.2\.20 \| \/ \| [^|]*ERROR\\_ACCESS\\_DENIED \|/);
    assert.match(md, /\| \*\*401\.1\*\* \| -1073741715 \| 1 \|/);
    assert.match(md, /### 401\.1, win32 -1073741715 \(1 request\)/);
    assert.match(md, /Period: 2000-01-01 19:30:01 to 2000-01-01 19:32:04 \(UTC\)/);
    assert.match(md, /2 groups of successful or redirected requests \(4\) not shown/);
  });

  test('Markdown: log content cannot inject HTML, links or break the table', () => {
    const text = '#Fields: time c-ip cs-uri-stem sc-status sc-substatus sc-win32-status\n08:00:00 <img|x> /a|b<script>alert(1)</script>[x](javascript:1) 403 7 0';
    const md = renderSummaryMarkdown(summarizeLogTexts([{ name: 'x.log', text }]));
    const row = md.split('\n').find((l) => l.startsWith('| **403.7**'))!;
    assert.ok(!/(^|[^\\])[<>]/m.test(md.split('## What each group means')[0]), 'every < and > from the log is escaped');
    assert.equal(row.split(/(?<!\\)\|/).length - 2, 8, 'still eight cells');
    assert.match(row, /\\<img\\\|x\\>/);
    assert.equal(markdownText('a_b*c'), 'a\\_b\\*c');
  });

  test('text for the CLI: aligned columns and the explanation without Markdown emphasis', () => {
    const text = renderSummaryText(summarizeLogTexts([{ name: 'u_ex000101.log', text: SEED_000_W3C_LOG }]));
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('Requests'))!;
    const row = lines.find((l) => /^\s*2\s+401\.2\s/.test(l))!;
    assert.ok(header && row, text);
    assert.equal(row.indexOf('401.2'), header.indexOf('Status'));
    assert.equal(row.indexOf('2000-01-01 19:31:03'), header.indexOf('First'));
    assert.match(text, /== 401\.2, win32 5 ==/);
    assert.ok(!/\*\*/.test(text));
  });

  test('JSON carries every group with numeric fields and the explanation', () => {
    const json = JSON.parse(JSON.stringify(summaryToJson(summarizeLogTexts([{ name: 'u_ex.log', text: SEED_000_W3C_LOG }]))));
    assert.equal(json.groups.length, 3);
    const logon = json.groups.find((g: { status: string }) => g.status === '401.1');
    assert.equal(logon.sc_win32_status, -1073741715);
    assert.equal(logon.count, 1);
    assert.equal(logon.exampleUri, '/');
    assert.match(logon.explanation, /STATUS_LOGON_FAILURE/);
    assert.equal(json.files[0].entries, 10);
  });

  test('nothing failed: the Markdown says so instead of an empty table', () => {
    const md = renderSummaryMarkdown(summarizeLogTexts([{ name: 'x.log', text: '#Fields: time sc-status\n08:00:00 200' }]));
    assert.match(md, /No failed requests/);
    assert.ok(!md.includes('| Status |'));
  });
});
