import { explainStatusTriple } from '../knowledge/explain';
import { findStatusCode, formatStatus } from '../knowledge/statusCodes';
import { findErrorCode } from '../knowledge/win32Codes';
import { detectIisLogFormat, W3cLogParser, type FieldSet, type IisLogFormat, type LogEntry, type LogNote, type LogParseStats } from './w3c';

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
  failure: boolean;
  /** One line, e.g. "Logon failed due to server configuration; ERROR_ACCESS_DENIED". */
  title: string;
  /** Markdown from the knowledge base. */
  explanation: string;
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
}

export const MAX_DISTINCT_IPS_COUNTED = 1000;
/** Real logs have dozens of triples; a damaged or hostile file must not grow the map without bound. */
export const MAX_GROUPS = 5000;
/** IIS caps a line at 64 KB (maxLogLineLength); anything far longer is not a log line. */
export const MAX_LINE_CHARS = 1 << 20;

interface GroupState {
  status: number;
  subStatus?: number;
  win32?: number;
  count: number;
  firstTime?: string;
  lastTime?: string;
  ips: Set<string>;
  ipsCapped: boolean;
  exampleUri?: string;
}

/** Column numbers of the fields the summary reads, cached per layout. */
interface Columns {
  status: number;
  subStatus: number;
  win32: number;
  ip: number;
  uri: number;
}

export class LogSummaryBuilder {
  private readonly groups = new Map<string, GroupState | null>();
  private readonly files: LogFileSummary[] = [];
  private ungrouped = 0;
  private readonly columnsByLayout = new WeakMap<FieldSet, Columns>();

  constructor(readonly options: LogSummaryOptions = {}) {}

  /** Starts a file; push its bytes or text into the returned feed, then end() it. */
  beginFile(name: string, totalBytes?: number, format?: IisLogFormat): LogFileFeed {
    return new LogFileFeed(this, name, totalBytes, format);
  }

  /** A whole text at once (an open editor document). */
  addText(name: string, text: string, format?: IisLogFormat): void {
    const feed = this.beginFile(name, undefined, format);
    feed.push(text);
    feed.end();
  }

  /** @internal called by LogFileFeed */
  recordFile(file: LogFileSummary): LogFileSummary {
    this.files.push(file);
    return file;
  }

  /** @internal called by LogFileFeed for every entry; returns false when the entry has no usable status. */
  recordEntry(entry: LogEntry): boolean {
    let columns = this.columnsByLayout.get(entry.fieldSet);
    if (!columns) {
      const index = entry.fieldSet.index;
      columns = {
        status: index.get('sc-status') ?? -1,
        subStatus: index.get('sc-substatus') ?? -1,
        win32: index.get('sc-win32-status') ?? -1,
        ip: index.get('c-ip') ?? -1,
        uri: index.get('cs-uri-stem') ?? -1,
      };
      this.columnsByLayout.set(entry.fieldSet, columns);
    }
    if (columns.status < 0) return false;
    const values = entry.values;
    const statusRaw = values[columns.status];
    const subRaw = columns.subStatus < 0 ? '' : values[columns.subStatus];
    const win32Raw = columns.win32 < 0 ? '' : values[columns.win32];
    const key = `${statusRaw}.${subRaw} ${win32Raw}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      const status = toInt(statusRaw);
      if (status === undefined || status < 100 || status > 999) {
        this.groups.set(key, null);
        return false;
      }
      if (this.groups.size >= MAX_GROUPS) {
        this.ungrouped++;
        return true;
      }
      group = { status, subStatus: toInt(subRaw), win32: toInt(win32Raw), count: 0, ips: new Set(), ipsCapped: false };
      this.groups.set(key, group);
    }
    if (group === null) return false;
    group.count++;
    const time = entry.timestamp();
    if (time !== undefined) {
      if (group.firstTime === undefined || time < group.firstTime) group.firstTime = time;
      if (group.lastTime === undefined || time > group.lastTime) group.lastTime = time;
    }
    if (columns.ip >= 0) {
      const ip = values[columns.ip];
      if (ip !== '-' && !group.ips.has(ip)) {
        if (group.ips.size < MAX_DISTINCT_IPS_COUNTED) group.ips.add(ip);
        else group.ipsCapped = true;
      }
    }
    if (group.exampleUri === undefined && columns.uri >= 0 && values[columns.uri] !== '-') group.exampleUri = values[columns.uri];
    return true;
  }

  result(): LogSummary {
    const explain = this.options.explainStatusTriple ?? explainStatusTriple;
    const listed = this.options.maxClientIpsListed ?? 10;
    const scope = this.options.all ? 'all' : 'failures';
    const groups: StatusGroup[] = [];
    let hiddenGroups = 0;
    let hiddenEntries = 0;
    let firstTime: string | undefined;
    let lastTime: string | undefined;
    for (const state of this.groups.values()) {
      if (!state) continue;
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

/** Bytes or text of one file, in any chunking; lines may span chunks. */
export class LogFileFeed {
  private parser: W3cLogParser | undefined;
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';
  private skippingLongLine = false;
  private bytes = 0;
  private withoutStatus = 0;
  private summary: LogFileSummary | undefined;

  constructor(
    private readonly builder: LogSummaryBuilder,
    readonly name: string,
    readonly totalBytes: number | undefined,
    private readonly format: IisLogFormat | undefined,
  ) {}

  get bytesRead(): number {
    return this.bytes;
  }

  get linesRead(): number {
    return this.parser?.stats.lines ?? 0;
  }

  push(chunk: Uint8Array | string): void {
    if (this.summary) return;
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
      this.bytes += Buffer.byteLength(chunk);
    } else {
      text = this.decoder.decode(chunk, { stream: true });
      this.bytes += chunk.byteLength;
    }
    this.consume(text, false);
    this.builder.options.onProgress?.({ file: this.name, bytesRead: this.bytes, totalBytes: this.totalBytes, linesRead: this.linesRead });
  }

  end(): LogFileSummary {
    if (!this.summary) {
      this.consume(this.decoder.decode(), true);
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

  private consume(text: string, final: boolean): void {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline < 0) break;
      this.line(text, start, newline);
      start = newline + 1;
    }
    const rest = text.slice(start);
    if (this.skippingLongLine) {
      // still inside an over-long line: drop until its end
    } else if (this.pending.length + rest.length > MAX_LINE_CHARS) {
      this.skippingLongLine = true;
      this.pending = '';
      this.lineText('', true);
    } else {
      this.pending += rest;
    }
    if (final && this.pending.length > 0) {
      const last = this.pending;
      this.pending = '';
      this.lineText(last, false);
    }
  }

  private line(text: string, start: number, end: number): void {
    if (this.skippingLongLine) {
      this.skippingLongLine = false;
      this.pending = '';
      return;
    }
    const lineText = this.pending.length > 0 ? this.pending + text.slice(start, end) : text.slice(start, end);
    this.pending = '';
    this.lineText(lineText, false);
  }

  private lineText(lineText: string, overLong: boolean): void {
    if (!this.parser) {
      const format = this.format ?? detectIisLogFormat(lineText, this.name) ?? 'w3c';
      this.parser = new W3cLogParser({ format });
    }
    if (overLong) {
      // Feed a line the parser will reject, so it is counted and noted as malformed where it was.
      this.parser.push('\0');
      return;
    }
    const parsed = this.parser.push(lineText);
    if (parsed.kind === 'entry' && !this.builder.recordEntry(parsed)) this.withoutStatus++;
  }
}

/** Reads a stream of chunks (fs.createReadStream, a fetch body) into the builder as one file. */
export async function summarizeChunks(
  builder: LogSummaryBuilder,
  name: string,
  chunks: AsyncIterable<Uint8Array | string>,
  totalBytes?: number,
): Promise<LogFileSummary> {
  const feed = builder.beginFile(name, totalBytes);
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
