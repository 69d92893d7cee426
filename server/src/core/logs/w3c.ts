import type { Range } from '../types';

/**
 * IIS log files, one line at a time, so a 200 MB log can be streamed and an open editor document
 * can be parsed with the same code. Two formats:
 * - W3C extended (`u_ex*.log`, the IIS default): space-separated, the columns named by the latest
 *   `#Fields:` directive, which IIS writes again on every restart and may change mid-file.
 * - the fixed IIS format (`u_in*.log`): comma-separated, no directives, no sub-status column.
 * Malformed lines are reported and counted, never thrown.
 */

/** The `#Fields:` IIS writes with the default `logExtFileFlags` of IIS 8 and later. */
export const IIS_DEFAULT_W3C_FIELDS: readonly string[] = [
  'date',
  'time',
  's-ip',
  'cs-method',
  'cs-uri-stem',
  'cs-uri-query',
  's-port',
  'cs-username',
  'c-ip',
  'cs(User-Agent)',
  'cs(Referer)',
  'sc-status',
  'sc-substatus',
  'sc-win32-status',
  'time-taken',
];

/**
 * The fixed IIS log format's columns under their W3C names, so every consumer reads one vocabulary.
 * The format has no sub-status column.
 */
export const IIS_NATIVE_FIELDS: readonly string[] = [
  'c-ip',
  'cs-username',
  'date',
  'time',
  's-sitename',
  's-computername',
  's-ip',
  'time-taken',
  'cs-bytes',
  'sc-bytes',
  'sc-status',
  'sc-win32-status',
  'cs-method',
  'cs-uri-stem',
  'cs-uri-query',
];

export type IisLogFormat = 'w3c' | 'iis';

/** A column layout; shared by every entry it applies to, so looking a field up costs one map read. */
export interface FieldSet {
  readonly names: readonly string[];
  /** Lower-cased field name → column. */
  readonly index: ReadonlyMap<string, number>;
  /** 0-based line of the `#Fields:` directive; undefined when assumed or fixed by the format. */
  readonly declaredAtLine: number | undefined;
  /** True when no `#Fields:` preceded the entries and the IIS default layout was assumed. */
  readonly assumed: boolean;
}

export function makeFieldSet(names: readonly string[], declaredAtLine: number | undefined, assumed: boolean): FieldSet {
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    const key = name.toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  return { names, index, declaredAtLine, assumed };
}

/** Character span within one line, half-open. */
export interface LineSpan {
  start: number;
  end: number;
}

export interface LogField {
  name: string;
  /** Raw text; `-` is W3C's placeholder for "no value". */
  value: string;
  span: LineSpan;
}

/** `#Name: value` */
export interface DirectiveLine {
  kind: 'directive';
  line: number;
  text: string;
  name: string;
  value: string;
  nameSpan: LineSpan;
  valueSpan: LineSpan;
}

export interface MalformedLine {
  kind: 'malformed';
  line: number;
  text: string;
  reason: string;
}

export interface BlankLine {
  kind: 'blank';
  line: number;
}

export type LogLine = DirectiveLine | LogEntry | MalformedLine | BlankLine;

/**
 * One request. Values are split eagerly (the summary reads a few per line); character spans are
 * computed on demand because only hovers and semantic tokens need them.
 */
export class LogEntry {
  readonly kind = 'entry' as const;

  constructor(
    readonly line: number,
    readonly text: string,
    readonly values: readonly string[],
    readonly fieldSet: FieldSet,
    /** The most recent `#Date:` directive's date (YYYY-MM-DD), for layouts that log `time` only. */
    readonly directiveDate: string | undefined,
    /** `whitespace` when the line had irregular spacing and was split on runs of it. */
    private readonly separator: ' ' | ', ' | 'whitespace',
  ) {}

  /** Raw value of a field by W3C name (case-insensitive); undefined when the layout lacks it. */
  get(name: string): string | undefined {
    const column = this.fieldSet.index.get(name.toLowerCase());
    return column === undefined ? undefined : this.values[column];
  }

  /** Like `get`, but W3C's `-` placeholder reads as undefined. */
  value(name: string): string | undefined {
    const raw = this.get(name);
    return raw === undefined || raw === '-' || raw === '' ? undefined : raw;
  }

  /** Integer value of a numeric field such as `sc-status`; undefined when absent or not a number. */
  int(name: string): number | undefined {
    const raw = this.value(name);
    if (raw === undefined || !/^-?\d+$/.test(raw)) return undefined;
    return Number(raw);
  }

  get fields(): LogField[] {
    const spans = this.spans();
    return this.values.map((value, i) => ({ name: this.fieldSet.names[i], value, span: spans[i] }));
  }

  field(name: string): LogField | undefined {
    const column = this.fieldSet.index.get(name.toLowerCase());
    if (column === undefined) return undefined;
    return { name: this.fieldSet.names[column], value: this.values[column], span: this.spans()[column] };
  }

  /** The field under a character of this line (for hovers), or undefined between fields. */
  fieldAt(character: number): LogField | undefined {
    const spans = this.spans();
    for (let i = 0; i < spans.length; i++) {
      if (character >= spans[i].start && character <= spans[i].end) {
        return { name: this.fieldSet.names[i], value: this.values[i], span: spans[i] };
      }
    }
    return undefined;
  }

  /** Date and time as `YYYY-MM-DD HH:MM:SS`, which sorts correctly as text; undefined without a time. */
  timestamp(): string | undefined {
    return logTimestamp(this.value('date'), this.value('time'), this.directiveDate);
  }

  private spanCache: LineSpan[] | undefined;

  private spans(): LineSpan[] {
    if (this.spanCache) return this.spanCache;
    const spans: LineSpan[] = [];
    let from = 0;
    for (const value of this.values) {
      // With irregular spacing the values were cut from this text in order, so indexOf finds each.
      const start = this.separator === 'whitespace' ? this.text.indexOf(value, from) : from;
      spans.push({ start, end: start + value.length });
      from = start + value.length + (this.separator === 'whitespace' ? 0 : this.separator.length);
    }
    this.spanCache = spans;
    return spans;
  }
}

/**
 * `YYYY-MM-DD HH:MM:SS` from a line's date and time values (`-` already read as undefined), which
 * sorts correctly as text; the `#Date:` directive's date stands in when the layout logs time only.
 */
export function logTimestamp(rawDate: string | undefined, rawTime: string | undefined, directiveDate: string | undefined): string | undefined {
  let time = rawTime;
  if (time === undefined) return undefined;
  // The IIS format writes `7:55:20`; pad so timestamps compare as text.
  if (/^\d:/.test(time)) time = `0${time}`;
  const date = normaliseDate(rawDate) ?? directiveDate;
  return date === undefined ? time : `${date} ${time}`;
}

/** A line-level span as an LSP-shaped range. */
export function lineSpanRange(line: number, span: LineSpan): Range {
  return { start: { line, character: span.start }, end: { line, character: span.end } };
}

export interface LogParseStats {
  lines: number;
  entries: number;
  directives: number;
  blank: number;
  malformed: number;
  /** Entries read with the IIS default layout because no `#Fields:` came before them. */
  entriesWithAssumedFields: number;
  /** How many different `#Fields:` layouts the file declared. */
  fieldSets: number;
}

/** Something the reader of a summary should know about how the file was read. */
export interface LogNote {
  line: number;
  message: string;
}

export interface W3cLogParserOptions {
  /** Defaults to W3C; `detectIisLogFormat` picks it from the file name and first line. */
  format?: IisLogFormat;
  /** Keep at most this many notes (a damaged file could otherwise produce millions). */
  maxNotes?: number;
}

const MAX_NOTES_DEFAULT = 50;
const NUL_ONLY = /^\0+$/;

export class W3cLogParser {
  readonly format: IisLogFormat;
  readonly stats: LogParseStats = {
    lines: 0,
    entries: 0,
    directives: 0,
    blank: 0,
    malformed: 0,
    entriesWithAssumedFields: 0,
    fieldSets: 0,
  };
  readonly notes: LogNote[] = [];
  private fieldSet: FieldSet | undefined;
  private directiveDate: string | undefined;
  private readonly distinctLayouts = new Set<string>();
  private readonly maxNotes: number;
  private warnedAboutAssumedFields = false;
  private notesDropped = 0;

  constructor(options: W3cLogParserOptions = {}) {
    this.format = options.format ?? 'w3c';
    this.maxNotes = options.maxNotes ?? MAX_NOTES_DEFAULT;
    if (this.format === 'iis') this.fieldSet = makeFieldSet(IIS_NATIVE_FIELDS, undefined, false);
  }

  /** The layout the next entry will be read with; undefined before any `#Fields:` in a W3C log. */
  get currentFields(): FieldSet | undefined {
    return this.fieldSet;
  }

  /**
   * The layout a caller may split regular lines with itself (see `countScannedEntry`): a W3C log past
   * its first line (which may carry a BOM) whose layout a `#Fields:` declared. Undefined otherwise,
   * and every line must then go through `push`.
   */
  get scannableFields(): FieldSet | undefined {
    return this.format === 'w3c' && this.stats.lines > 0 && this.fieldSet !== undefined && !this.fieldSet.assumed ? this.fieldSet : undefined;
  }

  /** The most recent `#Date:` directive's date, for layouts that log `time` only. */
  get currentDirectiveDate(): string | undefined {
    return this.directiveDate;
  }

  /**
   * Counts a line the caller split itself into exactly the `scannableFields` layout's fields, single
   * spaces between them, no tab and no empty field: what `push` would have read as an entry.
   */
  countScannedEntry(): void {
    this.stats.lines++;
    this.stats.entries++;
  }

  /** Notes that were not kept because of `maxNotes`. */
  get droppedNotes(): number {
    return this.notesDropped;
  }

  /** Parses the next line; `text` must not contain its line break. */
  push(text: string): LogLine {
    const line = this.stats.lines++;
    // A UTF-8 BOM survives decoding as U+FEFF at the start of the first line.
    if (line === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (text.length === 0 || text.trim().length === 0) {
      this.stats.blank++;
      return { kind: 'blank', line };
    }
    if (text.charCodeAt(0) === 35 /* # */) return this.directive(line, text);
    if (NUL_ONLY.test(text)) {
      // IIS leaves runs of NUL bytes where buffered lines were lost in a crash or power cut.
      return this.malformed(line, text, 'NUL padding, typically left by an unclean shutdown of the server');
    }
    return this.format === 'iis' ? this.iisEntry(line, text) : this.w3cEntry(line, text);
  }

  private directive(line: number, text: string): DirectiveLine | MalformedLine {
    const colon = text.indexOf(':');
    if (colon < 0) return this.malformed(line, text, 'a line starting with "#" but without "Name:"');
    this.stats.directives++;
    const name = text.slice(1, colon).trim();
    let valueStart = colon + 1;
    while (valueStart < text.length && (text[valueStart] === ' ' || text[valueStart] === '\t')) valueStart++;
    let valueEnd = text.length;
    while (valueEnd > valueStart && /\s/.test(text[valueEnd - 1])) valueEnd--;
    const value = text.slice(valueStart, valueEnd);
    const nameStart = text.indexOf(name, 1);
    const result: DirectiveLine = {
      kind: 'directive',
      line,
      text,
      name,
      value,
      nameSpan: { start: nameStart, end: nameStart + name.length },
      valueSpan: { start: valueStart, end: valueEnd },
    };
    const lower = name.toLowerCase();
    if (lower === 'fields' && this.format === 'w3c') {
      const names = value.split(/\s+/).filter((n) => n.length > 0);
      if (names.length === 0) {
        this.note(line, 'An empty #Fields: directive; the previous layout stays in force.');
      } else {
        this.fieldSet = makeFieldSet(names, line, false);
        const key = names.join(' ').toLowerCase();
        if (!this.distinctLayouts.has(key)) {
          this.distinctLayouts.add(key);
          this.stats.fieldSets++;
          if (this.stats.fieldSets > 1) this.note(line, `The #Fields: layout changes here (${names.length} fields); later lines are read with it.`);
        }
      }
    } else if (lower === 'date') {
      this.directiveDate = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0] ?? this.directiveDate;
    }
    return result;
  }

  private w3cEntry(line: number, text: string): LogEntry | MalformedLine {
    let fieldSet = this.fieldSet;
    if (!fieldSet) {
      fieldSet = this.fieldSet = makeFieldSet(IIS_DEFAULT_W3C_FIELDS, undefined, true);
    }
    if (fieldSet.assumed && !this.warnedAboutAssumedFields) {
      this.warnedAboutAssumedFields = true;
      this.note(
        line,
        `No #Fields: directive before line ${line + 1}; reading entries with the IIS default field set (${IIS_DEFAULT_W3C_FIELDS.length} fields) until one appears.`,
      );
    }
    let values = text.split(' ');
    let separator: ' ' | 'whitespace' = ' ';
    // IIS writes exactly one space between fields; other writers (or hand edits) may not.
    if (values.includes('') || text.includes('\t')) {
      values = text.trim().split(/\s+/);
      separator = 'whitespace';
    }
    if (values.length !== fieldSet.names.length) {
      return this.malformed(line, text, `${values.length} fields where the layout${fieldSet.assumed ? ' (assumed IIS default)' : ''} has ${fieldSet.names.length}`);
    }
    this.stats.entries++;
    if (fieldSet.assumed) this.stats.entriesWithAssumedFields++;
    return new LogEntry(line, text, values, fieldSet, this.directiveDate, separator);
  }

  private iisEntry(line: number, text: string): LogEntry | MalformedLine {
    // Every field, the last included, ends with a comma; the separator is ", ".
    const body = text.endsWith(',') ? text.slice(0, -1) : text;
    const values = body.split(', ');
    const fieldSet = this.fieldSet!;
    if (values.length !== fieldSet.names.length) {
      return this.malformed(line, text, `${values.length} fields where the IIS log format has ${fieldSet.names.length}`);
    }
    this.stats.entries++;
    return new LogEntry(line, text, values, fieldSet, undefined, ', ');
  }

  private malformed(line: number, text: string, reason: string): MalformedLine {
    this.stats.malformed++;
    if (this.stats.malformed <= 10) this.note(line, `Line ${line + 1} skipped: ${reason}.`);
    return { kind: 'malformed', line, text, reason };
  }

  private note(line: number, message: string): void {
    if (this.notes.length < this.maxNotes) this.notes.push({ line, message });
    else this.notesDropped++;
  }
}

/** Parses a whole text (an open editor document); for files, stream lines into a W3cLogParser. */
export function parseIisLogText(text: string, options: W3cLogParserOptions = {}): { lines: LogLine[]; parser: W3cLogParser } {
  const parser = new W3cLogParser(options);
  const lines: LogLine[] = [];
  for (const lineText of text.split(/\r\n|\n|\r/)) lines.push(parser.push(lineText));
  // A final line break does not start another line worth counting.
  if (lines.length > 1 && lines[lines.length - 1].kind === 'blank' && /[\r\n]$/.test(text)) {
    lines.pop();
    parser.stats.lines--;
    parser.stats.blank--;
  }
  return { lines, parser };
}

const IIS_SOFTWARE = /^\uFEFF?#Software: Microsoft Internet Information Services/;
const W3C_FILE_NAME = /^u_ex.*\.log$|^ex\d{6,8}(_\d+)?\.log$/i;
const IIS_NATIVE_FILE_NAME = /^u_in.*\.log$|^in\d{6,8}(_\d+)?\.log$/i;
const IIS_NATIVE_LINE = /^[^,]+, [^,]*, \d{1,2}\/\d{1,2}\/\d{2,4}, \d{1,2}:\d{2}:\d{2}, /;

/** Which IIS log format a file is in, from its name and first line; undefined when it is not one. */
export function detectIisLogFormat(firstLine: string, fileName: string): IisLogFormat | undefined {
  if (IIS_SOFTWARE.test(firstLine)) return 'w3c';
  const base = fileName.split(/[\\/]/).pop() ?? '';
  if (IIS_NATIVE_FILE_NAME.test(base) || IIS_NATIVE_LINE.test(firstLine)) return 'iis';
  if (W3C_FILE_NAME.test(base)) return 'w3c';
  return undefined;
}

export function isIisLog(firstLine: string, fileName: string): boolean {
  return detectIisLogFormat(firstLine, fileName) !== undefined;
}

/** W3C dates are `YYYY-MM-DD`; the IIS format writes `MM/DD/YY`. Both come back as `YYYY-MM-DD`. */
export function normaliseDate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(raw);
  if (!us) return undefined;
  // The IIS format's two-digit years started in the 1990s.
  const year = us[3].length === 4 ? us[3] : `${Number(us[3]) >= 90 ? 19 : 20}${us[3]}`;
  return `${year}-${us[1].padStart(2, '0')}-${us[2].padStart(2, '0')}`;
}
