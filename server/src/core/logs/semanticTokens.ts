import { detectIisLogFormat, IIS_DEFAULT_W3C_FIELDS, W3cLogParser, type FieldSet, type LogEntry } from './w3c';

/**
 * Semantic tokens for IIS logs, for the lines the TextMate grammar (syntaxes/iis-w3c-log.tmLanguage.json)
 * cannot read column by column: the grammar is exact only for the IIS default layout and the fixed
 * IIS format, and elsewhere guesses the status triple by shape (three adjacent numbers), which
 * misfires on reordered columns, layouts without sc-substatus, or numeric query strings. These
 * tokens follow the `#Fields:` directive in effect at each line. Lines the grammar already reads
 * exactly get none, so a typical log costs the editor nothing.
 *
 * The result is the LSP wire encoding (five integers per token, positions relative to the previous
 * token) with indices into LOG_SEMANTIC_TOKENS_LEGEND.
 */

export const LOG_SEMANTIC_TOKEN_TYPES = [
  'iisStatus',
  'iisSubStatus',
  'iisWin32Status',
  'iisDate',
  'iisTime',
  'iisIpAddress',
  'iisMethod',
  'iisUri',
  'iisUserName',
  'iisUserAgent',
  'iisNumber',
] as const;

/**
 * The status class goes on sc-status and also on sc-substatus and sc-win32-status of the same line,
 * so a theme rule such as `*.serverError` can colour the whole triple.
 */
export const LOG_SEMANTIC_TOKEN_MODIFIERS = [
  'informational',
  'success',
  'redirect',
  'clientError',
  'serverError',
  'client',
  'server',
  'query',
  'referer',
] as const;

export type LogTokenType = (typeof LOG_SEMANTIC_TOKEN_TYPES)[number];
export type LogTokenModifier = (typeof LOG_SEMANTIC_TOKEN_MODIFIERS)[number];

export const LOG_SEMANTIC_TOKENS_LEGEND: { tokenTypes: string[]; tokenModifiers: string[] } = {
  tokenTypes: [...LOG_SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...LOG_SEMANTIC_TOKEN_MODIFIERS],
};

/**
 * The grammar's own patterns, in JavaScript syntax (test/unit/logSemanticTokens.test.ts checks they
 * are still the grammar's). A line the grammar matches with one of these is already scoped exactly.
 */
export const GRAMMAR_DEFAULT_FIELDS_DIRECTIVE =
  /^(#)(Fields)(:) (date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs\(User-Agent\) cs\(Referer\) sc-status sc-substatus sc-win32-status time-taken)\s*$/;
export const GRAMMAR_DEFAULT_LAYOUT_LINE =
  /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (\S+) (\S+) (\S+) (\S+) (\d+|-) (\S+) (\S+) (\S+) (\S+) ([1-5]\d\d) (\d+|-) (-?\d+|-) (\d+|-)$/;
export const GRAMMAR_IIS_NATIVE_LINE =
  /^([^,\s]+), ([^,]*), (\d{1,2}\/\d{1,2}\/\d{2,4}), (\d{1,2}:\d{2}:\d{2}), ([^,]*), ([^,]*), ([^,]*), (\d+|-), (\d+|-), (\d+|-), ([1-5]\d\d), (-?\d+|-), ([^,]*), ([^,]*), ([^,]*),$/;

export interface LogTokenRange {
  /** 0-based, inclusive. */
  startLine: number;
  /** 0-based, inclusive. */
  endLine: number;
}

export interface LogSemanticTokensOptions {
  /** Only lines in this range get tokens (the editor's viewport); the lines above are read for their directives only. */
  range?: LogTokenRange;
  /**
   * Give up (answer undefined) beyond this many tokens, so a huge log never turns into a
   * multi-megabyte response; the editor then asks for the visible range instead.
   */
  maxTokens?: number;
}

export const DEFAULT_MAX_FULL_TOKENS = 200_000;

/** How a column is shown; `status` and `triple` columns also take the line's status class. */
interface ColumnStyle {
  type: number;
  modifiers: number;
  role?: 'status' | 'triple';
}

const TYPE = Object.fromEntries(LOG_SEMANTIC_TOKEN_TYPES.map((t, i) => [t, i])) as Record<LogTokenType, number>;
const MODIFIER = Object.fromEntries(LOG_SEMANTIC_TOKEN_MODIFIERS.map((m, i) => [m, 1 << i])) as Record<LogTokenModifier, number>;
const STATUS_CLASS = [0, MODIFIER.informational, MODIFIER.success, MODIFIER.redirect, MODIFIER.clientError, MODIFIER.serverError];

/** W3C field names (lower case) → style; the names are those of IIS's logExtFileFlags. */
const FIELD_STYLES: ReadonlyMap<string, ColumnStyle> = new Map<string, ColumnStyle>([
  ['sc-status', { type: TYPE.iisStatus, modifiers: 0, role: 'status' }],
  ['sc-substatus', { type: TYPE.iisSubStatus, modifiers: 0, role: 'triple' }],
  ['sc-win32-status', { type: TYPE.iisWin32Status, modifiers: 0, role: 'triple' }],
  ['date', { type: TYPE.iisDate, modifiers: 0 }],
  ['time', { type: TYPE.iisTime, modifiers: 0 }],
  ['c-ip', { type: TYPE.iisIpAddress, modifiers: MODIFIER.client }],
  ['s-ip', { type: TYPE.iisIpAddress, modifiers: MODIFIER.server }],
  ['cs-method', { type: TYPE.iisMethod, modifiers: 0 }],
  ['cs-uri-stem', { type: TYPE.iisUri, modifiers: 0 }],
  ['cs-uri-query', { type: TYPE.iisUri, modifiers: MODIFIER.query }],
  ['cs(referer)', { type: TYPE.iisUri, modifiers: MODIFIER.referer }],
  ['cs-username', { type: TYPE.iisUserName, modifiers: 0 }],
  ['cs(user-agent)', { type: TYPE.iisUserAgent, modifiers: 0 }],
  ['s-port', { type: TYPE.iisNumber, modifiers: 0 }],
  ['sc-bytes', { type: TYPE.iisNumber, modifiers: 0 }],
  ['cs-bytes', { type: TYPE.iisNumber, modifiers: 0 }],
  ['time-taken', { type: TYPE.iisNumber, modifiers: 0 }],
]);

const NUMBER_STYLE: ColumnStyle = { type: TYPE.iisNumber, modifiers: 0 };
const INTEGER = /^-?\d+$/;
const DEFAULT_LAYOUT_KEY = IIS_DEFAULT_W3C_FIELDS.join(' ').toLowerCase();

/** Where the grammar stands at a line: after a default-layout `#Fields:`, after another one, or neither. */
type GrammarRegion = 'top' | 'default' | 'other';

/**
 * Semantic tokens of an IIS log document; `{ data: [] }` for a document that is not an IIS log, and
 * undefined when the answer would exceed `maxTokens`.
 */
export function computeLogSemanticTokens(uriOrPath: string, text: string, options: LogSemanticTokensOptions = {}): { data: number[] } | undefined {
  const firstLineEnd = text.search(/[\r\n]/);
  const format = detectIisLogFormat(firstLineEnd < 0 ? text : text.slice(0, firstLineEnd), decodedName(uriOrPath));
  if (!format) return { data: [] };
  const maxTokens = options.maxTokens ?? Number.POSITIVE_INFINITY;
  const firstLine = options.range?.startLine ?? 0;
  const lastLine = options.range?.endLine ?? Number.POSITIVE_INFINITY;

  const parser = new W3cLogParser({ format });
  const data: number[] = [];
  const stylesByLayout = new WeakMap<FieldSet, Array<ColumnStyle | undefined>>();
  let region: GrammarRegion = 'top';
  let defaultLayout = true;
  let previousLine = 0;
  let previousStart = 0;
  let tokens = 0;

  const emit = (line: number, start: number, length: number, type: number, modifiers: number): boolean => {
    if (++tokens > maxTokens) return false;
    const deltaLine = line - previousLine;
    data.push(deltaLine, deltaLine === 0 ? start - previousStart : start, length, type, modifiers);
    previousLine = line;
    previousStart = start;
    return true;
  };

  let line = 0;
  let start = 0;
  // Cached positions of the next CR and LF: searching afresh on every line would rescan an
  // LF-only file to its end each time.
  let cr = text.indexOf('\r');
  let lf = text.indexOf('\n');
  while (start <= text.length && line <= lastLine) {
    if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
    let end: number;
    let next: number;
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      end = cr;
      next = lf === cr + 1 ? cr + 2 : cr + 1;
    } else if (lf >= 0) {
      end = lf;
      next = lf + 1;
    } else {
      end = text.length;
      next = text.length + 1;
    }
    // A BOM before the first line is not part of the text an editor shows.
    const lineText = text.slice(line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : start, end);
    if (lineText.charCodeAt(0) === 35 /* # */) {
      parser.push(lineText);
      // Any line starting with `#` ends the grammar's layout region; only `#Fields:` opens one.
      if (!lineText.startsWith('#Fields:')) region = 'top';
      else region = GRAMMAR_DEFAULT_FIELDS_DIRECTIVE.test(lineText) ? 'default' : 'other';
      const fields = parser.currentFields;
      // No #Fields: yet means the IIS default layout, for the parser as for the grammar.
      defaultLayout = fields === undefined || fields.assumed || fields.names.join(' ').toLowerCase() === DEFAULT_LAYOUT_KEY;
    } else if (line < firstLine || grammarIsExact(lineText, defaultLayout, format, region)) {
      // Above the requested range, or already scoped by the grammar: skip the parse, keep the count.
      parser.push('');
    } else {
      const parsed = parser.push(lineText);
      if (parsed.kind === 'entry') {
        let styles = stylesByLayout.get(parsed.fieldSet);
        if (!styles) {
          styles = parsed.fieldSet.names.map((name) => FIELD_STYLES.get(name.toLowerCase()));
          stylesByLayout.set(parsed.fieldSet, styles);
        }
        if (!emitEntry(parsed, line, styles, emit)) return undefined;
      }
    }
    line++;
    start = next;
  }
  return { data };
}

/** Whether the grammar scopes this line column by column (then it needs no semantic tokens). */
/** Whether the grammar scopes this line column by column (then it needs no semantic tokens). */
function grammarIsExact(lineText: string, defaultLayout: boolean, format: 'w3c' | 'iis', region: GrammarRegion): boolean {
  if (format === 'iis') return GRAMMAR_IIS_NATIVE_LINE.test(lineText);
  return region !== 'other' && defaultLayout && GRAMMAR_DEFAULT_LAYOUT_LINE.test(lineText);
}

function emitEntry(
  entry: LogEntry,
  line: number,
  styles: Array<ColumnStyle | undefined>,
  emit: (line: number, start: number, length: number, type: number, modifiers: number) => boolean,
): boolean {
  const status = entry.int('sc-status');
  const statusClass = status !== undefined && status >= 100 && status <= 599 ? STATUS_CLASS[Math.floor(status / 100)] : 0;
  const fields = entry.fields;
  for (let i = 0; i < fields.length; i++) {
    const { value, span } = fields[i];
    // `-` is W3C's "no value": nothing to colour, and no grammar pattern mistakes it for a status.
    if (value === '-' || value.length === 0) continue;
    const style = styles[i] ?? (INTEGER.test(value) ? NUMBER_STYLE : undefined);
    if (!style) continue;
    const modifiers = style.role ? style.modifiers | statusClass : style.modifiers;
    if (!emit(line, span.start, span.end - span.start, style.type, modifiers)) return false;
  }
  return true;
}

function decodedName(uriOrPath: string): string {
  const name = uriOrPath.split(/[\\/]/).pop() ?? '';
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
