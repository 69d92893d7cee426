import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  detectIisLogFormat,
  isIisLog,
  lineSpanRange,
  parseIisLogText,
  W3cLogParser,
  type LogEntry,
  type LogLine,
} from '../../server/src/core/logs/w3c';
import { SEED_000_SECOND_IP, SEED_000_W3C_LOG } from '../support/iisLogSamples';

function entries(lines: LogLine[]): LogEntry[] {
  return lines.filter((l): l is LogEntry => l.kind === 'entry');
}

describe('W3C log parser', () => {
  test('reads seed 000 as a real IIS log: directives, entries, the status triple', () => {
    const { lines, parser } = parseIisLogText(SEED_000_W3C_LOG);
    assert.deepEqual(parser.stats, {
      lines: 14,
      entries: 10,
      directives: 4,
      blank: 0,
      malformed: 0,
      entriesWithAssumedFields: 0,
      fieldSets: 1,
    });
    const logonFailure = entries(lines).find((e) => e.get('sc-win32-status') === '-1073741715')!;
    assert.equal(logonFailure.int('sc-status'), 401);
    assert.equal(logonFailure.int('sc-substatus'), 1);
    assert.equal(logonFailure.int('sc-win32-status'), -1073741715);
    assert.equal(logonFailure.get('c-ip'), SEED_000_SECOND_IP);
    assert.equal(logonFailure.value('cs-username'), undefined, "'-' reads as no value");
    assert.equal(logonFailure.timestamp(), '2000-01-01 19:31:05');
    const software = lines[0];
    assert.equal(software.kind, 'directive');
    if (software.kind === 'directive') {
      assert.equal(software.name, 'Software');
      assert.equal(software.value, 'Microsoft Internet Information Services 7.5');
      assert.equal(software.text.slice(software.valueSpan.start, software.valueSpan.end), software.value);
      assert.equal(software.text.slice(software.nameSpan.start, software.nameSpan.end), 'Software');
    }
  });

  test('field spans cover exactly the status, sub-status and win32 columns (what hovers need)', () => {
    const line = '2000-01-01 19:31:05 10.1.1.5 GET / - 443 - 192.0.2.20 Mozilla/5.0 - 401 1 -1073741715 2';
    const parser = new W3cLogParser();
    const entry = parser.push(line) as LogEntry;
    const status = entry.field('sc-status')!;
    const sub = entry.field('SC-SUBSTATUS')!;
    const win32 = entry.field('sc-win32-status')!;
    assert.equal(line.slice(status.span.start, status.span.end), '401');
    assert.equal(line.slice(sub.span.start, sub.span.end), '1');
    assert.equal(line.slice(win32.span.start, win32.span.end), '-1073741715');
    assert.equal(status.span.start, line.indexOf(' 401 ') + 1);
    assert.deepEqual(lineSpanRange(7, win32.span), { start: { line: 7, character: 74 }, end: { line: 7, character: 85 } });
    assert.equal(entry.fieldAt(win32.span.start + 3)?.name, 'sc-win32-status');
    assert.equal(entry.fieldAt(line.indexOf('Mozilla'))?.name, 'cs(User-Agent)');
    // every span slices back to its value, in order, without overlap
    let previousEnd = -1;
    for (const field of entry.fields) {
      assert.equal(line.slice(field.span.start, field.span.end), field.value);
      assert.ok(field.span.start > previousEnd);
      previousEnd = field.span.end;
    }
  });

  test('spans stay exact on lines with irregular spacing', () => {
    const parser = new W3cLogParser();
    parser.push('#Fields: time c-ip sc-status sc-substatus sc-win32-status');
    const line = '19:31:05\t 192.0.2.1  403  7 64';
    const entry = parser.push(line) as LogEntry;
    assert.equal(entry.kind, 'entry');
    const sub = entry.field('sc-substatus')!;
    assert.equal(line.slice(sub.span.start, sub.span.end), '7');
    assert.equal(sub.span.start, line.indexOf(' 7 ') + 1);
  });

  test('#Fields: changing mid-file re-maps the columns from that line on', () => {
    const text = [
      '#Software: Microsoft Internet Information Services 10.0',
      '#Fields: date time c-ip sc-status sc-substatus sc-win32-status',
      '2026-11-23 08:00:01 10.0.0.1 403 7 0',
      '#Software: Microsoft Internet Information Services 10.0',
      '#Fields: date time cs-uri-stem sc-win32-status sc-substatus sc-status c-ip',
      '2026-11-23 09:00:00 /Claims 5 2 401 10.0.0.2',
    ].join('\n');
    const { lines, parser } = parseIisLogText(text);
    const [before, after] = entries(lines);
    assert.equal(before.int('sc-status'), 403);
    assert.equal(after.int('sc-status'), 401);
    assert.equal(after.int('sc-substatus'), 2);
    assert.equal(after.int('sc-win32-status'), 5);
    assert.equal(after.fieldSet.declaredAtLine, 4);
    assert.equal(parser.stats.fieldSets, 2);
    assert.ok(parser.notes.some((n) => n.line === 4 && /layout changes/.test(n.message)), JSON.stringify(parser.notes));
  });

  test('a repeated identical #Fields: (IIS writes one per restart) is not a new layout', () => {
    const header = '#Fields: time sc-status';
    const { parser } = parseIisLogText([header, '08:00:00 200', header, '09:00:00 401'].join('\n'));
    assert.equal(parser.stats.fieldSets, 1);
    assert.equal(parser.notes.length, 0);
  });

  test('without #Fields: the IIS default layout is assumed, and the parser says so', () => {
    const line = '2026-11-23 08:00:07 10.0.0.5 GET /Claims/api/status - 443 - 10.0.0.21 claims-agent/1.4 - 401 2 5 31';
    const { lines, parser } = parseIisLogText(line);
    const [entry] = entries(lines);
    assert.equal(entry.fieldSet.assumed, true);
    assert.equal(entry.int('sc-substatus'), 2);
    assert.equal(entry.get('cs-uri-stem'), '/Claims/api/status');
    assert.equal(parser.stats.entriesWithAssumedFields, 1);
    assert.match(parser.notes[0].message, /No #Fields: directive before line 1.*IIS default field set/);
  });

  test('malformed lines are counted with a reason and never throw', () => {
    const text = [
      '#Fields: date time sc-status sc-substatus sc-win32-status',
      '2026-11-23 08:00:01 401 2 5',
      '2026-11-23 08:00:02 401 2', // truncated (maxLogLineLength, or a crash mid-write)
      '#garbage without a colon',
      '\0\0\0\0\0\0',
      '   ',
      '2026-11-23 08:00:03 403 7 64 extra',
      '2026-11-23 08:00:04 500 0 64',
    ].join('\r\n');
    const { lines, parser } = parseIisLogText(text);
    assert.equal(parser.stats.entries, 2);
    assert.equal(parser.stats.malformed, 4);
    assert.equal(parser.stats.blank, 1);
    const reasons = lines.filter((l) => l.kind === 'malformed').map((l) => (l.kind === 'malformed' ? `${l.line}: ${l.reason}` : ''));
    assert.match(reasons[0], /^2: 4 fields where the layout has 5$/);
    assert.match(reasons[2], /^4: NUL padding/);
    assert.match(reasons[3], /^6: 6 fields/);
  });

  test('hostile input: binary noise, huge lines, lone CRs', () => {
    const parser = new W3cLogParser();
    const noise = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    for (const line of [noise, 'x'.repeat(1_000_000), '#:', '#Fields:', '#Fields:    ', '\uFEFF', '-']) {
      assert.doesNotThrow(() => parser.push(line));
    }
    assert.equal(parser.stats.lines, 7);
    assert.ok(parser.notes.some((n) => /empty #Fields:/.test(n.message)));
    // lone CR ends a line too
    const { parser: crParser } = parseIisLogText('#Fields: sc-status\r401\r403\r');
    assert.equal(crParser.stats.entries, 2);
  });

  test('a UTF-8 BOM before #Software: does not hide the header', () => {
    const { lines } = parseIisLogText('\uFEFF#Software: Microsoft Internet Information Services 10.0\n#Fields: sc-status\n401');
    assert.equal(lines[0].kind, 'directive');
    assert.equal(entries(lines)[0].int('sc-status'), 401);
  });

  test('a layout that logs time but not date takes the date from #Date:', () => {
    const { lines } = parseIisLogText('#Date: 1997-05-02 17:42:15\n#Fields: time c-ip cs-method cs-uri-stem sc-status cs-version\n17:42:15 172.16.255.255 GET /default.htm 200 HTTP/1.0');
    assert.equal(entries(lines)[0].timestamp(), '1997-05-02 17:42:15');
  });

  test('the fixed IIS format (u_in*.log): comma-separated, mapped to W3C names, no sub-status', () => {
    const line = '192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SALES1, 172.21.13.45, 4502, 163, 3223, 401, 5, GET, /DeptLogo.gif, -,';
    const { lines, parser } = parseIisLogText(line, { format: 'iis' });
    const [entry] = entries(lines);
    assert.equal(parser.stats.malformed, 0);
    assert.equal(entry.int('sc-status'), 401);
    assert.equal(entry.int('sc-win32-status'), 5);
    assert.equal(entry.get('sc-substatus'), undefined);
    assert.equal(entry.get('cs-uri-stem'), '/DeptLogo.gif');
    assert.equal(entry.timestamp(), '2001-03-20 07:55:20');
    const win32 = entry.field('sc-win32-status')!;
    assert.equal(line.slice(win32.span.start, win32.span.end), '5');
    const query = entry.field('cs-uri-query')!;
    assert.equal(line.slice(query.span.start, query.span.end), '-');
  });
});

describe('isIisLog', () => {
  test('recognises IIS logs by header or by IIS file name, and nothing else', () => {
    assert.equal(isIisLog('#Software: Microsoft Internet Information Services 10.0', 'anything.log'), true);
    assert.equal(isIisLog('\uFEFF#Software: Microsoft Internet Information Services 8.5', 'x.txt'), true);
    assert.equal(isIisLog('', 'C:\\inetpub\\logs\\LogFiles\\W3SVC1\\u_ex261123.log'), true);
    assert.equal(isIisLog('', '/var/logs/W3SVC1/u_ex26112308_x.log'), true);
    assert.equal(detectIisLogFormat('', 'u_in261123.log'), 'iis');
    assert.equal(detectIisLogFormat('192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SALES1, 172.21.13.45, 4502,', 'old.log'), 'iis');
    assert.equal(detectIisLogFormat('#Software: Microsoft Internet Information Services 10.0', 'u_in261123.log'), 'w3c');
    assert.equal(isIisLog('#Software: Apache', 'access.log'), false);
    assert.equal(isIisLog('2026-01-01 INFO started', 'app.log'), false);
    assert.equal(isIisLog('', 'u_ex261123.txt'), false);
    assert.equal(isIisLog('#Software: Microsoft Exchange Server', 'u_mail.log'), false);
  });
});
