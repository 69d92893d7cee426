import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * A deterministic IIS W3C log of any size, for streaming tests and `npm run bench`: a few entries
 * before any `#Fields:` (read with the assumed default layout), then IIS restarts that alternate the
 * default layout with a reordered one without sc-substatus, and a truncated line or NUL padding now
 * and then, as a crash leaves them. The generator keeps its own tally of what it wrote, so a test
 * can compare a summary against it without trusting the parser.
 */

export interface GeneratedLogTally {
  bytes: number;
  lines: number;
  entries: number;
  directives: number;
  malformed: number;
  entriesWithAssumedFields: number;
  /** Distinct #Fields: layouts written. */
  fieldSets: number;
  /** `status.substatus win32` (substatus empty where the layout has none) → count. */
  triples: Map<string, number>;
}

const DEFAULT_FIELDS =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
/** Reordered, no sc-substatus: what a trimmed logExtFileFlags plus a custom field order look like. */
const OTHER_FIELDS = 'date time c-ip cs-uri-stem sc-win32-status sc-status cs-method time-taken sc-bytes';

/** Weighted like a real intranet site's day: mostly successes, a steady trickle of auth failures. */
const OUTCOMES: Array<[weight: number, status: number, sub: number, win32: number]> = [
  [700, 200, 0, 0],
  [120, 304, 0, 0],
  [40, 302, 0, 0],
  [60, 401, 2, 5],
  [25, 401, 1, -1073741715],
  [10, 403, 7, 0],
  [8, 403, 16, 2148204809],
  [15, 404, 0, 2],
  [12, 500, 0, 64],
  [10, 500, 19, 13],
];
const TOTAL_WEIGHT = OUTCOMES.reduce((n, [w]) => n + w, 0);
const STEMS = ['/', '/Claims/api/status', '/EntryBanner.asp', '/images/logo.png', '/Reports/Daily.aspx', '/api/orders'];
const AGENTS = ['Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36', 'claims-agent/1.4', 'curl/8.4.0'];
const LINES_PER_RESTART = 20_000;

export interface GenerateOptions {
  /** Stop after the first chunk that reaches this many bytes (the file ends on a whole line). */
  targetBytes: number;
  seed?: number;
  /** Chunks handed to `write` are about this size. */
  chunkBytes?: number;
}

/** Writes the log through `write` in chunks; returns what it wrote. */
export function generateIisLog(options: GenerateOptions, write: (chunk: string) => void): GeneratedLogTally {
  let seed = options.seed ?? 0x2545f491;
  const random = (n: number): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return Math.floor((seed / 2 ** 32) * n);
  };
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const tally: GeneratedLogTally = {
    bytes: 0,
    lines: 0,
    entries: 0,
    directives: 0,
    malformed: 0,
    entriesWithAssumedFields: 0,
    fieldSets: 0,
    triples: new Map(),
  };
  const layoutsSeen = new Set<string>();
  let chunk: string[] = [];
  let chunkLength = 0;
  const line = (text: string): void => {
    chunk.push(text);
    chunkLength += text.length + 2;
    tally.lines++;
  };
  const flush = (): void => {
    const text = chunk.join('\r\n') + '\r\n';
    tally.bytes += Buffer.byteLength(text);
    write(text);
    chunk = [];
    chunkLength = 0;
  };
  const count = (key: string): void => {
    tally.triples.set(key, (tally.triples.get(key) ?? 0) + 1);
  };

  let second = 0;
  const clock = (): [string, string] => {
    second += 1 + random(3);
    const day = 1 + Math.floor(second / 86_400);
    const s = second % 86_400;
    const pad = (n: number) => String(n).padStart(2, '0');
    return [`2026-11-${pad(Math.min(day, 30))}`, `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`];
  };
  const outcome = (): [number, number, number] => {
    let pick = random(TOTAL_WEIGHT);
    for (const [weight, status, sub, win32] of OUTCOMES) {
      if (pick < weight) return [status, sub, win32];
      pick -= weight;
    }
    return [200, 0, 0];
  };
  const clientIp = () => `10.${random(4)}.${random(250)}.${1 + random(250)}`;
  const defaultEntry = (counted = true): string => {
    const [date, time] = clock();
    const [status, sub, win32] = outcome();
    if (counted) count(`${status}.${sub} ${win32}`);
    const user = status === 200 && random(2) === 0 ? `CORP\\user${random(500)}` : '-';
    const query = random(5) === 0 ? `id=${random(100_000)}` : '-';
    return `${date} ${time} 10.1.1.5 GET ${STEMS[random(STEMS.length)]} ${query} 443 ${user} ${clientIp()} ${AGENTS[random(AGENTS.length)]} - ${status} ${sub} ${win32} ${random(5000)}`;
  };
  const otherEntry = (): string => {
    const [date, time] = clock();
    const [status, , win32] = outcome();
    count(`${status}. ${win32}`);
    return `${date} ${time} ${clientIp()} ${STEMS[random(STEMS.length)]} ${win32} ${status} ${random(3) === 0 ? 'POST' : 'GET'} ${random(5000)} ${200 + random(90_000)}`;
  };
  const directives = (fields: string): void => {
    line('#Software: Microsoft Internet Information Services 10.0');
    line('#Version: 1.0');
    line(`#Date: ${clock().join(' ')}`);
    line(`#Fields: ${fields}`);
    tally.directives += 4;
    if (!layoutsSeen.has(fields)) {
      layoutsSeen.add(fields);
      tally.fieldSets++;
    }
  };

  // A log picked up mid-file (rotated, or copied from the middle) starts without a header.
  for (let i = 0; i < 5; i++) {
    line(defaultEntry());
    tally.entries++;
    tally.entriesWithAssumedFields++;
  }
  let restart = 0;
  while (tally.bytes + chunkLength < options.targetBytes) {
    const other = restart % 3 === 2;
    directives(other ? OTHER_FIELDS : DEFAULT_FIELDS);
    restart++;
    for (let i = 0; i < LINES_PER_RESTART && tally.bytes + chunkLength < options.targetBytes; i++) {
      const roll = random(5000);
      if (roll === 0) {
        // cut off mid-write by a crash: too few fields
        line(defaultEntry(false).split(' ').slice(0, 7).join(' '));
        tally.malformed++;
      } else if (roll === 1) {
        line('\0'.repeat(64 + random(512)));
        tally.malformed++;
      } else {
        line(other ? otherEntry() : defaultEntry());
        tally.entries++;
      }
      if (chunkLength >= chunkBytes) flush();
    }
  }
  if (chunk.length > 0) flush();
  return tally;
}

/** Writes a generated log to a file without holding it in memory. */
export function writeIisLog(path: string, options: GenerateOptions): GeneratedLogTally {
  const fd = openSync(path, 'w');
  try {
    return generateIisLog(options, (chunk) => writeSync(fd, chunk));
  } finally {
    closeSync(fd);
  }
}
