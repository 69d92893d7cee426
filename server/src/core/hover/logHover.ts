import { explainStatusTriple } from '../knowledge/explain';
import { formatStatus } from '../knowledge/statusCodes';
import { folderSiteKey, logSiteOfKey, siteFolderOfLog, siteKeyOf } from '../logs/logSite';
import type { ConfigurationPredictor } from '../logs/predict';
import { predictionMarkdown } from '../logs/renderSummary';
import { detectIisLogFormat, lineSpanRange, W3cLogParser, type LogEntry } from '../logs/w3c';
import type { Position, Range } from '../types';

// Hover in IIS logs: on sc-status, sc-substatus or sc-win32-status of a line, explain the three
// together; on a failed request (status 400 and above) also what the workspace's configuration
// predicts at its cs-uri-stem, which the path itself shows too. Only the hovered line and the
// `#Fields:` directive above it are parsed, so hovering in a 200 MB log costs one backwards scan,
// not a parse of the file.

const STATUS_FIELDS = new Set(['sc-status', 'sc-substatus', 'sc-win32-status']);

export interface RangeHover {
  contents: string;
  range: Range;
}

/** Whether a document is an IIS log (W3C or IIS format), from its name and first line. */
export function isIisLogDocument(uri: string, text: string): boolean {
  return detectIisLogFormat(firstLine(text), fileName(uri)) !== undefined;
}

export function logHover(uri: string, text: string, position: Position, predictor?: ConfigurationPredictor): RangeHover | undefined {
  const format = detectIisLogFormat(firstLine(text), fileName(uri));
  if (!format) return undefined;
  const line = lineBounds(text, position.line);
  if (!line) return undefined;
  const parser = new W3cLogParser({ format });
  if (format === 'w3c') {
    const fields = fieldsDirectiveBefore(text, line.start);
    if (fields !== undefined) parser.push(fields);
  }
  const parsed = parser.push(text.slice(line.start, line.end));
  if (parsed.kind !== 'entry') return undefined;
  const field = parsed.fieldAt(position.character);
  if (!field) return undefined;
  const name = field.name.toLowerCase();
  const onStatus = STATUS_FIELDS.has(name);
  if (!onStatus && name !== 'cs-uri-stem') return undefined;
  const status = parsed.int('sc-status');
  if (status === undefined) return undefined;
  const prediction = status >= 400 ? predictionSection(uri, parsed, status, predictor) : undefined;
  if (!onStatus && !prediction) return undefined;
  const parts = onStatus ? [explainStatusTriple(status, parsed.int('sc-substatus'), parsed.int('sc-win32-status'))] : [];
  if (prediction) parts.push(prediction);
  return { contents: parts.join('\n\n---\n\n'), range: lineSpanRange(position.line, field.span) };
}

/** What the configuration predicts for this line's request; undefined without configuration or a path. */
function predictionSection(uri: string, entry: LogEntry, status: number, predictor: ConfigurationPredictor | undefined): string | undefined {
  const path = entry.value('cs-uri-stem');
  if (!predictor || path === undefined || !predictor.hasConfiguration) return undefined;
  const folder = siteFolderOfLog(uri);
  const site = logSiteOfKey(siteKeyOf(entry.get('s-sitename'), folder === undefined ? undefined : folderSiteKey(folder), entry.get('s-port'), entry.get('cs-host')));
  const subStatus = entry.int('sc-substatus');
  const prediction = predictor.predict({ site, path, status, subStatus, win32: entry.int('sc-win32-status') });
  const title = `**What the configuration predicts for ${formatStatus(status, subStatus)} at \`${path.replace(/`/g, "'")}\`**`;
  return [title, '', ...predictionMarkdown(prediction)].join('\n');
}

function firstLine(text: string): string {
  const end = text.search(/\r?\n|\r/);
  return end < 0 ? text : text.slice(0, end);
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.split(/[\\/]/).pop() ?? '');
}

/** Offsets of line `line` (0-based), without its line break. */
function lineBounds(text: string, line: number): { start: number; end: number } | undefined {
  // indexOf is far faster than a character loop on a large log; each kind of break is searched for
  // again only once passed, so a log without any CR (or LF) is not rescanned to its end per line.
  let start = 0;
  let cr = -2;
  let lf = -2;
  for (let i = 0; i < line; i++) {
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    if (cr >= 0 && (lf < 0 || cr < lf - 1)) start = cr + 1;
    else if (lf >= 0) start = lf + 1;
    else return undefined;
  }
  let end = start;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return { start, end };
}

/** The last `#Fields:` line that starts before `lineStart`, as text. */
function fieldsDirectiveBefore(text: string, lineStart: number): string | undefined {
  let from = lineStart;
  while (from > 0) {
    const at = text.lastIndexOf('#Fields:', from - 1);
    if (at < 0) return undefined;
    if (at === 0 || text[at - 1] === '\n' || text[at - 1] === '\r' || (at === 1 && text.charCodeAt(0) === 0xfeff)) {
      let end = at;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
      return text.slice(at, end);
    }
    from = at;
  }
  return undefined;
}
