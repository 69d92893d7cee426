import { explainStatusTriple } from '../knowledge/explain';
import { findStatusCode, formatStatus } from '../knowledge/statusCodes';
import { findErrorCode } from '../knowledge/win32Codes';
import { folderSiteKey, logSiteOfKey, siteFolderOfLog, siteKeyOf, type LogSite } from './logSite';
import type { PathPrediction } from './predict';
import { detectIisLogFormat, logTimestamp, W3cLogParser, type FieldSet, type IisLogFormat, type LogEntry, type LogNote, type LogParseStats } from './w3c';

/**
 * Groups the requests of one or more IIS logs by status triple (sc-status.sc-substatus +
 * sc-win32-status), fed in chunks so a 200 MB log never has to be in memory at once.
 */

/** Markdown explanation of a triple; `explainStatusTriple` from the knowledge base unless a caller injects another. */
export type ExplainStatusTriple = (status: number, subStatus?: number, win32?: number) => string;

export interface LogSummaryOptions {
  /** Every group, successes included; by default only failures (status >= 400). */
  all?: boolean;
  /** Client IPs listed per group; the distinct count goes on to `MAX_DISTINCT_IPS_COUNTED`. */
  maxClientIpsListed?: number;
  /** URL paths listed per group (default `MAX_PATHS_LISTED`). */
  maxPathsListed?: number;
  explainStatusTriple?: ExplainStatusTriple;
  onProgress?: (progress: LogProgress) => void;
}

export interface LogProgress {
  file: string;
  bytesRead: number;
  /** When the caller knows the file size. */
  totalBytes?: number;
  linesRead: number;
}

export interface StatusGroup {
  status: number;
  /** Undefined when the layout has no sc-substatus column (the fixed IIS format, trimmed W3C fields). */
  subStatus?: number;
  win32?: number;
  count: number;
  /** `YYYY-MM-DD HH:MM:SS` (UTC in W3C logs, server local time in the IIS format). */
  firstTime?: string;
  lastTime?: string;
  clientIps: string[];
  distinctClientIps: number;
  /** True when more distinct IPs were seen than were counted. */
  distinctClientIpsCapped: boolean;
  /** The first cs-uri-stem seen; the query is left out because it can carry tokens or passwords. */
  exampleUri?: string;
  /** The URL paths (cs-uri-stem, per site) the group's requests asked for, most requested first. */
  paths: GroupPath[];
  /** Distinct site + path pairs counted (up to `MAX_DISTINCT_PATHS_COUNTED`). */
  distinctPaths: number;
  /** Requests to paths beyond that limit, counted in the group but under no path. */
  requestsToUncountedPaths: number;
  failure: boolean;
  /** One line, e.g. "Logon failed due to server configuration; ERROR_ACCESS_DENIED". */
  title: string;
  /** Markdown from the knowledge base. */
  explanation: string;
}

export interface GroupPath {
  site: LogSite;
  /** cs-uri-stem as logged. */
  path: string;
  count: number;
  /** What the configuration predicts there, once `predictSummary` has looked (logs/predict.ts). */
  prediction?: PathPrediction;
}

export interface LogFileSummary extends LogParseStats {
  name: string;
  format: IisLogFormat;
  bytes: number;
  /** Entries whose layout has no sc-status column, or whose value is not a number. */
  entriesWithoutStatus: number;
  notes: LogNote[];
}

export interface LogSummary {
  scope: 'failures' | 'all';
  files: LogFileSummary[];
  entries: number;
  malformed: number;
  /** Entries in the groups shown. */
  groupedEntries: number;
  /** Groups left out by the failures-only scope, and the entries in them. */
  hiddenGroups: number;
  hiddenEntries: number;
  /** Entries beyond MAX_GROUPS distinct triples, counted but not grouped. */
  ungroupedEntries: number;
  firstTime?: string;
  lastTime?: string;
  groups: StatusGroup[];
  /** Set by `predictSummary`: what the configuration was read from, for the reader. */
  configuration?: string;
}

export const MAX_DISTINCT_IPS_COUNTED = 1000;
/** A site's worth of distinct URLs per group; a crawler hitting random paths must not grow memory without bound. */
export const MAX_DISTINCT_PATHS_COUNTED = 1000;
/** Paths listed per group, most requested first. */
export const MAX_PATHS_LISTED = 5;
/** Real logs have dozens of triples; a damaged or hostile file must not grow the map without bound. */
export const MAX_GROUPS = 5000;
/** IIS caps a line at 64 KB (maxLogLineLength); anything far longer is not a log line. */
export const MAX_LINE_CHARS = 1 << 20;

interface GroupState {
  status: number;
  subStatus?: number;
  win32?: number;
  count: number;
  /** Times read as text (layouts without `date time` side by side, the IIS format). */
  firstTime?: string;
  lastTime?: string;
  /** Times read from the bytes as `YYYYMMDDhhmmss`; NO_CLOCK until one is. */
  firstClock: number;
  lastClock: number;
  /**
   * Groups the result shows (failures, or every group with `all`) keep client IPs and paths; the
   * others only their count and period, which is most of a log's lines and needs no string built.
   */
  detailed: boolean;
  ips: Set<string>;
  ipsCapped: boolean;
  exampleUri?: string;
  /** site key (logSite.ts) → cs-uri-stem → requests. */
  paths: Map<string, Map<string, number>>;
  distinctPaths: number;
  uncountedPathRequests: number;
}

/** Column numbers of the fields the summary reads, cached per layout (-1: not in the layout). */
interface Columns {
  status: number;
  subStatus: number;
  win32: number;
  ip: number;
  uri: number;
  date: number;
  time: number;
  siteName: number;
  port: number;
  host: number;
  /** `date time` next to each other, so a line's timestamp is one slice of it. */
  dateThenTime: boolean;
  fieldCount: number;
}

/** Where each field of a scanned line starts and ends; sized for any layout IIS can write. */
const MAX_SCANNED_FIELDS = 64;
const NO_SUBSTATUS = 99_999;
const NO_WIN32 = -(2 ** 53);
/**
 * "No time yet" for the `YYYYMMDDhhmmss` numbers, which are beyond V8's small integers: a double
 * from the start, so the fields never change representation (and optimised code is not thrown away)
 * when the first time arrives.
 */
const NO_CLOCK = Number.NEGATIVE_INFINITY;

export class LogSummaryBuilder {
  /**
   * Groups by number, so the hot path builds no key string: (status × 100000 + sub-status, or
   * NO_SUBSTATUS without one) → win32 (NO_WIN32 without one). Values no real log writes (a
   * sub-status over 99998) go to `oddGroups` under a text key. `null`: a status that is no HTTP status.
   */
  private readonly groups = new Map<number, Map<number, GroupState | null>>();
  private readonly oddGroups = new Map<string, GroupState | null>();
  /** Every group, in the order first seen. */
  private readonly states: GroupState[] = [];
  private readonly files: LogFileSummary[] = [];
  private ungrouped = 0;
  private readonly columnsByLayout = new WeakMap<FieldSet, Columns>();
  private readonly detailAll: boolean;
  private lastStatus: number | undefined;
  private lastSub: number | undefined;
  private lastWin32: number | undefined;
  private lastGroup: GroupState | null | undefined;
  private lastSite: { folderKey: string | undefined; siteName?: Buffer; port?: Buffer; host?: Buffer; key: string } | undefined;
  /** The latest `YYYYMMDDhhmmss` seen in any group: a log in time order needs one comparison per line. */
  private latestClock = NO_CLOCK;

  constructor(readonly options: LogSummaryOptions = {}) {
    this.detailAll = options.all === true;
  }

  /**
   * Starts a file; push its bytes or text into the returned feed, then end() it. `source` is the
   * file's path or URI, whose `W3SVC<id>` folder names the site of lines without `s-sitename`.
   */
  beginFile(name: string, totalBytes?: number, format?: IisLogFormat, source: string = name): LogFileFeed {
    const folder = siteFolderOfLog(source);
    return new LogFileFeed(this, name, totalBytes, format, folder === undefined ? undefined : folderSiteKey(folder));
  }

  /** A whole text at once (an open editor document). */
  addText(name: string, text: string, format?: IisLogFormat, source: string = name): void {
    const feed = this.beginFile(name, undefined, format, source);
    feed.push(text);
    feed.end();
  }

  /** @internal called by LogFileFeed */
  recordFile(file: LogFileSummary): LogFileSummary {
    this.files.push(file);
    return file;
  }

  /** @internal */
  columnsOf(fieldSet: FieldSet): Columns {
    let columns = this.columnsByLayout.get(fieldSet);
    if (!columns) {
      const index = fieldSet.index;
      const date = index.get('date') ?? -1;
      const time = index.get('time') ?? -1;
      columns = {
        status: index.get('sc-status') ?? -1,
        subStatus: index.get('sc-substatus') ?? -1,
        win32: index.get('sc-win32-status') ?? -1,
        ip: index.get('c-ip') ?? -1,
        uri: index.get('cs-uri-stem') ?? -1,
        date,
        time,
        siteName: index.get('s-sitename') ?? -1,
        port: index.get('s-port') ?? -1,
        host: index.get('cs-host') ?? -1,
        dateThenTime: date >= 0 && time === date + 1,
        fieldCount: fieldSet.names.length,
      };
      this.columnsByLayout.set(fieldSet, columns);
    }
    return columns;
  }

  /**
   * @internal called by LogFileFeed for an entry the parser built; returns false when the entry has
   * no usable status.
   */
  recordEntry(entry: LogEntry, siteFolderKey: string | undefined): boolean {
    const columns = this.columnsOf(entry.fieldSet);
    if (columns.status < 0) return false;
    const values = entry.values;
    const status = toInt(values[columns.status]);
    const group = this.groupFor(status, columns.subStatus < 0 ? undefined : toInt(values[columns.subStatus]), columns.win32 < 0 ? undefined : toInt(values[columns.win32]));
    if (group === undefined) return true;
    if (group === null) return false;
    group.count++;
    const time = entry.timestamp();
    if (time !== undefined) this.time(group, time);
    if (group.detailed) {
      const at = (column: number) => (column < 0 ? undefined : values[column]);
      const site = siteKeyOf(at(columns.siteName), siteFolderKey, at(columns.port), at(columns.host));
      this.detail(group, at(columns.ip), at(columns.uri), site);
    }
    return true;
  }

  /**
   * @internal called by LogFileFeed for a line it split itself (`W3cLogParser.scannableFields`):
   * field `i` is the UTF-8 bytes `line[starts[i], ends[i])`. Reads numbers and times from the bytes in
   * place and decodes only the strings a shown group keeps, so most lines build no string at all.
   */
  recordScanned(
    columns: Columns,
    line: Buffer,
    starts: Int32Array,
    ends: Int32Array,
    directiveDate: string | undefined,
    siteFolderKey: string | undefined,
  ): boolean {
    if (columns.status < 0) return false;
    const status = digitsAt(line, starts[columns.status], ends[columns.status]);
    const sub = columns.subStatus < 0 ? undefined : digitsAt(line, starts[columns.subStatus], ends[columns.subStatus]);
    const win32 = columns.win32 < 0 ? undefined : digitsAt(line, starts[columns.win32], ends[columns.win32]);
    const group = this.groupFor(status, sub, win32);
    if (group === undefined) return true;
    if (group === null) return false;
    group.count++;
    const clock = columns.dateThenTime ? isoClockAt(line, starts[columns.date], ends[columns.time]) : -1;
    if (clock >= 0) {
      this.clock(group, clock);
    } else if (columns.time >= 0) {
      const field = (column: number) => (column < 0 ? undefined : placeholder(line.toString('utf8', starts[column], ends[column])));
      const time = logTimestamp(field(columns.date), field(columns.time), directiveDate);
      if (time !== undefined) this.time(group, time);
    }
    if (group.detailed) {
      const field = (column: number) => (column < 0 ? undefined : line.toString('utf8', starts[column], ends[column]));
      const ip = group.ipsCapped ? undefined : field(columns.ip);
      this.detail(group, ip, field(columns.uri), this.siteKeyAt(columns, line, starts, ends, siteFolderKey));
    }
    return true;
  }

  /**
   * The site key of a scanned line. The site fields repeat from line to line (one s-sitename, a few
   * ports), so the last key is kept with the bytes it came from and reused while they match.
   */
  private siteKeyAt(columns: Columns, line: Buffer, starts: Int32Array, ends: Int32Array, siteFolderKey: string | undefined): string {
    if (columns.siteName < 0 && columns.port < 0 && columns.host < 0) return siteKeyOf(undefined, siteFolderKey, undefined, undefined);
    const last = this.lastSite;
    if (
      last !== undefined &&
      last.folderKey === siteFolderKey &&
      sameField(line, starts, ends, columns.siteName, last.siteName) &&
      sameField(line, starts, ends, columns.port, last.port) &&
      sameField(line, starts, ends, columns.host, last.host)
    ) {
      return last.key;
    }
    const copy = (column: number) => (column < 0 ? undefined : Buffer.from(line.subarray(starts[column], ends[column])));
    const site = { folderKey: siteFolderKey, siteName: copy(columns.siteName), port: copy(columns.port), host: copy(columns.host), key: '' };
    site.key = siteKeyOf(site.siteName?.toString('utf8'), siteFolderKey, site.port?.toString('utf8'), site.host?.toString('utf8'));
    this.lastSite = site;
    return site.key;
  }

  /** The group of a triple; undefined when MAX_GROUPS is reached (counted as ungrouped), null when the status is none. */
  private groupFor(status: number | undefined, sub: number | undefined, win32: number | undefined): GroupState | null | undefined {
    // Consecutive lines often share their triple (a run of 200 0 0).
    if (status === this.lastStatus && sub === this.lastSub && win32 === this.lastWin32 && this.lastGroup !== undefined) return this.lastGroup;
    const group = this.lookUpGroup(status, sub, win32);
    if (group !== undefined) {
      this.lastStatus = status;
      this.lastSub = sub;
      this.lastWin32 = win32;
      this.lastGroup = group;
    }
    return group;
  }

  private lookUpGroup(status: number | undefined, sub: number | undefined, win32: number | undefined): GroupState | null | undefined {
    const odd = sub !== undefined && (sub < 0 || sub >= NO_SUBSTATUS);
    let byWin32: Map<number, GroupState | null> | undefined;
    let win32Key = 0;
    let oddKey = '';
    let group: GroupState | null | undefined;
    if (status === undefined || odd) {
      oddKey = `${status}.${sub} ${win32}`;
      group = this.oddGroups.get(oddKey);
    } else {
      const first = status * 100_000 + (sub ?? NO_SUBSTATUS);
      byWin32 = this.groups.get(first);
      if (!byWin32) this.groups.set(first, (byWin32 = new Map()));
      win32Key = win32 ?? NO_WIN32;
      group = byWin32.get(win32Key);
    }
    if (group !== undefined) return group;
    if (status === undefined || status < 100 || status > 999) {
      group = null;
    } else if (this.states.length >= MAX_GROUPS) {
      this.ungrouped++;
      return undefined;
    } else {
      group = {
        status,
        subStatus: sub,
        win32,
        count: 0,
        firstClock: NO_CLOCK,
        lastClock: NO_CLOCK,
        detailed: this.detailAll || status >= 400,
        ips: new Set(),
        ipsCapped: false,
        paths: new Map(),
        distinctPaths: 0,
        uncountedPathRequests: 0,
      };
      this.states.push(group);
    }
    if (byWin32) byWin32.set(win32Key, group);
    else this.oddGroups.set(oddKey, group);
    return group;
  }

  /** A time read from the bytes as the number `YYYYMMDDhhmmss`, which orders like the text. */
  private clock(group: GroupState, clock: number): void {
    if (clock >= this.latestClock) {
      this.latestClock = clock;
      group.lastClock = clock;
      if (group.firstClock === NO_CLOCK) group.firstClock = clock;
      return;
    }
    if (clock > group.lastClock) group.lastClock = clock;
    if (group.firstClock === NO_CLOCK || clock < group.firstClock) group.firstClock = clock;
  }

  private time(group: GroupState, time: string): void {
    if (group.lastTime === undefined || time > group.lastTime) group.lastTime = time;
    if (group.firstTime === undefined || time < group.firstTime) group.firstTime = time;
  }

  private detail(group: GroupState, ip: string | undefined, uri: string | undefined, site: string): void {
    if (ip !== undefined && ip !== '-' && !group.ipsCapped && !group.ips.has(ip)) {
      if (group.ips.size < MAX_DISTINCT_IPS_COUNTED) group.ips.add(ip);
      else group.ipsCapped = true;
    }
    if (uri === undefined || uri === '-') return;
    if (group.exampleUri === undefined) group.exampleUri = uri;
    let bySite = group.paths.get(site);
    const count = bySite?.get(uri);
    if (count !== undefined) {
      bySite!.set(uri, count + 1);
    } else if (group.distinctPaths < MAX_DISTINCT_PATHS_COUNTED) {
      if (!bySite) group.paths.set(site, (bySite = new Map()));
      bySite.set(uri, 1);
      group.distinctPaths++;
    } else {
      group.uncountedPathRequests++;
    }
  }

  result(): LogSummary {
    const explain = this.options.explainStatusTriple ?? explainStatusTriple;
    const listed = this.options.maxClientIpsListed ?? 10;
    const pathsListed = this.options.maxPathsListed ?? MAX_PATHS_LISTED;
    const scope = this.options.all ? 'all' : 'failures';
    const groups: StatusGroup[] = [];
    let hiddenGroups = 0;
    let hiddenEntries = 0;
    let firstTime: string | undefined;
    let lastTime: string | undefined;
    for (const state of this.states) {
      if (state.firstClock !== NO_CLOCK) {
        const first = clockText(state.firstClock);
        const last = clockText(state.lastClock);
        if (state.firstTime === undefined || first < state.firstTime) state.firstTime = first;
        if (state.lastTime === undefined || last > state.lastTime) state.lastTime = last;
        state.firstClock = state.lastClock = NO_CLOCK;
      }
      if (state.firstTime !== undefined && (firstTime === undefined || state.firstTime < firstTime)) firstTime = state.firstTime;
      if (state.lastTime !== undefined && (lastTime === undefined || state.lastTime > lastTime)) lastTime = state.lastTime;
      const failure = state.status >= 400;
      if (!failure && scope === 'failures') {
        hiddenGroups++;
        hiddenEntries += state.count;
        continue;
      }
      groups.push({
        status: state.status,
        subStatus: state.subStatus,
        win32: state.win32,
        count: state.count,
        firstTime: state.firstTime,
        lastTime: state.lastTime,
        clientIps: [...state.ips].slice(0, listed),
        distinctClientIps: state.ips.size,
        distinctClientIpsCapped: state.ipsCapped,
        exampleUri: state.exampleUri,
        paths: topPaths(state, pathsListed),
        distinctPaths: state.distinctPaths,
        requestsToUncountedPaths: state.uncountedPathRequests,
        failure,
        title: groupTitle(state.status, state.subStatus, state.win32),
        explanation: safeExplain(explain, state.status, state.subStatus, state.win32),
      });
    }
    groups.sort((a, b) => b.count - a.count || a.status - b.status || (a.subStatus ?? -1) - (b.subStatus ?? -1) || (a.win32 ?? 0) - (b.win32 ?? 0));
    const entries = this.files.reduce((n, f) => n + f.entries, 0);
    return {
      scope,
      files: this.files,
      entries,
      malformed: this.files.reduce((n, f) => n + f.malformed, 0),
      groupedEntries: groups.reduce((n, g) => n + g.count, 0),
      hiddenGroups,
      hiddenEntries,
      ungroupedEntries: this.ungrouped,
      firstTime,
      lastTime,
      groups,
    };
  }
}

function topPaths(state: GroupState, listed: number): GroupPath[] {
  const all: GroupPath[] = [];
  for (const [site, byUri] of state.paths) for (const [path, count] of byUri) all.push({ site: logSiteOfKey(site), path, count });
  return all.sort((a, b) => b.count - a.count || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).slice(0, listed);
}

/**
 * Bytes or text of one file, in any chunking; lines may span chunks. Lines are found in the bytes
 * (a line break is one byte in UTF-8 and no multi-byte character contains it), so regular lines are
 * counted without decoding them; a line the fast path does not take is decoded and parsed whole.
 */
export class LogFileFeed {
  private parser: W3cLogParser | undefined;
  /** The start of a line the previous chunks cut off. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skippingLongLine = false;
  private bytes = 0;
  private withoutStatus = 0;
  private summary: LogFileSummary | undefined;
  private readonly starts = new Int32Array(MAX_SCANNED_FIELDS);
  private readonly ends = new Int32Array(MAX_SCANNED_FIELDS);
  private columnsLayout: FieldSet | undefined;
  private layoutColumns: Columns | undefined;

  constructor(
    private readonly builder: LogSummaryBuilder,
    readonly name: string,
    readonly totalBytes: number | undefined,
    private readonly format: IisLogFormat | undefined,
    /** `folderSiteKey` of the `W3SVC<id>` folder the log was read from. */
    private readonly siteFolderKey: string | undefined,
  ) {}

  get bytesRead(): number {
    return this.bytes;
  }

  get linesRead(): number {
    return this.parser?.stats.lines ?? 0;
  }

  push(chunk: Uint8Array | string): void {
    if (this.summary) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.bytes += bytes.length;
    this.consume(bytes);
    this.builder.options.onProgress?.({ file: this.name, bytesRead: this.bytes, totalBytes: this.totalBytes, linesRead: this.linesRead });
  }

  end(): LogFileSummary {
    if (!this.summary) {
      if (this.pendingBytes > 0 && !this.skippingLongLine) {
        const last = Buffer.concat(this.pending);
        this.pending = [];
        this.pendingBytes = 0;
        this.line(last, 0, last.length);
      }
      const parser = this.parser ?? new W3cLogParser({ format: this.format ?? 'w3c' });
      const stats = parser.stats;
      const notes = [...parser.notes];
      if (parser.droppedNotes > 0) notes.push({ line: stats.lines, message: `${parser.droppedNotes} more notes not shown.` });
      if (this.withoutStatus > 0) {
        notes.push({ line: stats.lines, message: `${this.withoutStatus} entries had no usable sc-status value and are not grouped.` });
      }
      this.summary = this.builder.recordFile({
        name: this.name,
        format: parser.format,
        bytes: this.bytes,
        lines: stats.lines,
        entries: stats.entries,
        directives: stats.directives,
        blank: stats.blank,
        malformed: stats.malformed,
        entriesWithAssumedFields: stats.entriesWithAssumedFields,
        entriesWithoutStatus: this.withoutStatus,
        fieldSets: stats.fieldSets,
        notes,
      });
    }
    return this.summary;
  }

  private consume(bytes: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(10, start);
      if (newline < 0) break;
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
      } else if (this.pendingBytes > 0) {
        this.pending.push(bytes.subarray(start, newline));
        const joined = Buffer.concat(this.pending);
        this.pending = [];
        this.pendingBytes = 0;
        this.line(joined, 0, joined.length);
      } else {
        this.line(bytes, start, newline);
      }
      start = newline + 1;
    }
    if (start >= bytes.length || this.skippingLongLine) return;
    if (this.pendingBytes + bytes.length - start > MAX_LINE_CHARS) {
      this.skippingLongLine = true;
      this.pending = [];
      this.pendingBytes = 0;
      this.overLongLine();
      return;
    }
    // A copy: a stream may reuse its buffer for the next chunk.
    this.pending.push(Buffer.from(bytes.subarray(start)));
    this.pendingBytes += bytes.length - start;
  }

  /** One line without its LF (a CR before it is still there, as the parser expects). */
  private line(bytes: Buffer, start: number, end: number): void {
    if (this.scanned(bytes, start, end > start && bytes[end - 1] === 13 ? end - 1 : end)) return;
    this.lineText(bytes.toString('utf8', start, end));
  }

  /**
   * The fast path for the lines IIS writes (single spaces, no tab, as many fields as `#Fields:`
   * names): fields are found in the bytes and counted without decoding the line. Anything else
   * (directives, blank and malformed lines, irregular spacing) returns false and goes through the
   * parser, which reads it exactly as before.
   */
  private scanned(bytes: Buffer, start: number, end: number): boolean {
    const fieldSet = this.parser?.scannableFields;
    if (!fieldSet || start === end || bytes[start] === 35 /* # */) return false;
    // The layout changes only at a #Fields: line: its columns are looked up once per change, not per line.
    if (fieldSet !== this.columnsLayout) {
      this.columnsLayout = fieldSet;
      this.layoutColumns = this.builder.columnsOf(fieldSet);
    }
    const columns = this.layoutColumns!;
    const last = columns.fieldCount - 1;
    if (last >= MAX_SCANNED_FIELDS) return false;
    const starts = this.starts;
    const ends = this.ends;
    let field = 0;
    let fieldStart = start;
    for (let i = start; i < end; i++) {
      const c = bytes[i];
      if (c === 32) {
        if (i === fieldStart || field === last) return false;
        starts[field] = fieldStart;
        ends[field] = i;
        field++;
        fieldStart = i + 1;
      } else if (c === 9) {
        return false;
      }
    }
    if (fieldStart === end || field !== last) return false;
    starts[field] = fieldStart;
    ends[field] = end;
    const parser = this.parser!;
    parser.countScannedEntry();
    if (!this.builder.recordScanned(columns, bytes, starts, ends, parser.currentDirectiveDate, this.siteFolderKey)) this.withoutStatus++;
    return true;
  }

  private lineText(lineText: string): void {
    if (!this.parser) {
      const format = this.format ?? detectIisLogFormat(lineText, this.name) ?? 'w3c';
      this.parser = new W3cLogParser({ format });
    }
    const parsed = this.parser.push(lineText);
    if (parsed.kind === 'entry' && !this.builder.recordEntry(parsed, this.siteFolderKey)) this.withoutStatus++;
  }

  /** Counts a line far beyond IIS's limit as malformed where it was, without keeping it. */
  private overLongLine(): void {
    this.parser ??= new W3cLogParser({ format: this.format ?? 'w3c' });
    this.parser.push('\0');
  }
}

/** Field `column` of a scanned line holds exactly `value` (both absent when the layout lacks the field). */
function sameField(line: Buffer, starts: Int32Array, ends: Int32Array, column: number, value: Buffer | undefined): boolean {
  if (column < 0 || value === undefined) return column < 0 && value === undefined;
  const start = starts[column];
  if (ends[column] - start !== value.length) return false;
  for (let i = 0; i < value.length; i++) if (line[start + i] !== value[i]) return false;
  return true;
}

/** The integer written in `bytes[start, end)` (an optional minus, 1–12 digits), as `toInt` reads it; undefined otherwise. */
function digitsAt(bytes: Buffer, start: number, end: number): number | undefined {
  let i = start;
  let negative = false;
  if (bytes[i] === 45 /* - */) {
    negative = true;
    i++;
  }
  if (i === end || end - i > 12) return undefined;
  let value = 0;
  for (; i < end; i++) {
    const digit = bytes[i] - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/** `YYYY-MM-DD HH:MM:SS` in `bytes[start, end)` as the number YYYYMMDDhhmmss; -1 when it is not exactly that. */
function isoClockAt(bytes: Buffer, start: number, end: number): number {
  if (end - start !== 19 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45 || bytes[start + 10] !== 32 || bytes[start + 13] !== 58 || bytes[start + 16] !== 58) return -1;
  const date = digits4(bytes, start) * 10_000 + digits2(bytes, start + 5) * 100 + digits2(bytes, start + 8);
  const time = digits2(bytes, start + 11) * 10_000 + digits2(bytes, start + 14) * 100 + digits2(bytes, start + 17);
  // A non-digit makes its digitsN negative, and so the sum.
  return date < 0 || time < 0 ? -1 : date * 1_000_000 + time;
}

function digits2(bytes: Buffer, at: number): number {
  const a = bytes[at] - 48;
  const b = bytes[at + 1] - 48;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1e9 : a * 10 + b;
}

function digits4(bytes: Buffer, at: number): number {
  const high = digits2(bytes, at);
  const low = digits2(bytes, at + 2);
  return high < 0 || low < 0 ? -1e9 : high * 100 + low;
}

/** The number from `isoClockAt` back as `YYYY-MM-DD HH:MM:SS`. */
function clockText(clock: number): string {
  const digits = String(clock).padStart(14, '0');
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)} ${digits.slice(8, 10)}:${digits.slice(10, 12)}:${digits.slice(12, 14)}`;
}

function placeholder(value: string): string | undefined {
  return value === '-' || value === '' ? undefined : value;
}

/** Reads a stream of chunks (fs.createReadStream, a fetch body) into the builder as one file. */
export async function summarizeChunks(
  builder: LogSummaryBuilder,
  name: string,
  chunks: AsyncIterable<Uint8Array | string>,
  totalBytes?: number,
  source: string = name,
): Promise<LogFileSummary> {
  const feed = builder.beginFile(name, totalBytes, undefined, source);
  for await (const chunk of chunks) feed.push(chunk);
  return feed.end();
}

/** Summary of texts already in memory (open documents). */
export function summarizeLogTexts(texts: Array<{ name: string; text: string }>, options: LogSummaryOptions = {}): LogSummary {
  const builder = new LogSummaryBuilder(options);
  for (const { name, text } of texts) builder.addText(name, text);
  return builder.result();
}

function toInt(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.length === 0 || raw === '-') return undefined;
  if (!/^-?\d{1,12}$/.test(raw)) return undefined;
  return Number(raw);
}

function groupTitle(status: number, subStatus: number | undefined, win32: number | undefined): string {
  const entry = findStatusCode(status, subStatus) ?? findStatusCode(status);
  const parts = [entry ? entry.title : `HTTP ${formatStatus(status, subStatus)} (not in the IIS status table)`];
  if (win32 !== undefined && win32 !== 0) {
    const error = findErrorCode(win32);
    parts.push(error ? error.name : `win32 ${win32}`);
  }
  return parts.join('; ');
}

function safeExplain(explain: ExplainStatusTriple, status: number, subStatus?: number, win32?: number): string {
  try {
    return explain(status, subStatus, win32);
  } catch (error) {
    return `No explanation available (${error instanceof Error ? error.message : String(error)}).`;
  }
}
