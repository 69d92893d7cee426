import { formatStatus } from '../knowledge/statusCodes';
import type { Range } from '../types';
import { describeLogSite } from './logSite';
import type { PathPrediction } from './predict';
import type { GroupPath, LogSummary, StatusGroup } from './summary';

/**
 * A log summary as Markdown (the editor's preview), plain text (the CLI) and JSON. Everything taken
 * from a log is escaped: a log records whatever clients sent, and the preview renders Markdown and HTML.
 */

/** Detailed explanations after the table; a log with hundreds of triples would bury the table. */
export const MAX_EXPLAINED_GROUPS = 25;
const MAX_URI_CHARS = 120;

/** How a file is named to the reader: a path relative to where the CLI runs, a workspace-relative name in the editor. */
export type FileLabel = (uri: string) => string;

export interface RenderOptions {
  fileLabel?: FileLabel;
}

/** The last two segments of a URI (`Site/web.config`), when the caller has nothing better. */
export function shortFileLabel(uri: string): string {
  let path = uri;
  try {
    path = decodeURIComponent(uri.replace(/^file:\/\//, ''));
  } catch {
    // keep the URI as written
  }
  return path.split(/[\\/]/).filter(Boolean).slice(-2).join('/');
}

export function statusLabel(group: Pick<StatusGroup, 'status' | 'subStatus'>): string {
  return formatStatus(group.status, group.subStatus);
}

export function renderSummaryMarkdown(summary: LogSummary, options: RenderOptions = {}): string {
  const fileLabel = options.fileLabel ?? shortFileLabel;
  const out: string[] = [];
  out.push(summary.scope === 'all' ? '# IIS log summary: all requests by status' : '# IIS log summary: failed requests (status 400 and above)');
  out.push('');
  out.push(...overview(summary).map((line) => `${markdownText(line)}  `));
  out.push('');
  if (summary.groups.length === 0) {
    out.push(summary.scope === 'all' ? '_No requests with a status were found._' : '_No failed requests: every request with a status succeeded or was redirected._');
  } else {
    out.push('| Status | sc-win32-status | Requests | First | Last | Client IPs | Example URI | Meaning |');
    out.push('|---|---|---:|---|---|---|---|---|');
    for (const group of summary.groups) {
      out.push(
        `| ${[
          `**${statusLabel(group)}**`,
          group.win32 === undefined ? '–' : `${group.win32}`,
          `${group.count}`,
          cell(group.firstTime),
          cell(group.lastTime),
          ipCell(group),
          group.exampleUri === undefined ? '–' : cell(shorten(group.exampleUri)),
          cell(group.title),
        ].join(' | ')} |`,
      );
    }
  }
  const notes = summary.files.flatMap((file) => file.notes.map((note) => `${file.name}, line ${note.line + 1}: ${note.message}`));
  if (notes.length > 0) {
    out.push('', '## How the logs were read', '');
    for (const note of notes) out.push(`- ${markdownText(note)}`);
  }
  const explained = summary.groups.slice(0, MAX_EXPLAINED_GROUPS);
  if (explained.length > 0) {
    out.push('', '## What each group means');
    for (const group of explained) {
      out.push('', `### ${statusLabel(group)}${group.win32 !== undefined ? `, win32 ${group.win32}` : ''} (${plural(group.count, 'request')})`, '');
      if (group.paths.length > 0) {
        out.push(`**Paths**${pathsOf(group)}:`, '');
        for (const path of group.paths) out.push(...pathMarkdown(path, fileLabel));
        out.push('');
      }
      // Explanations are Markdown written by the knowledge base, not log content: no escaping.
      out.push(group.explanation);
    }
    if (summary.groups.length > explained.length) {
      out.push('', `_${summary.groups.length - explained.length} smaller groups are not explained here; the JSON output has all of them._`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function renderSummaryText(summary: LogSummary, options: RenderOptions = {}): string {
  const fileLabel = options.fileLabel ?? shortFileLabel;
  const out: string[] = [];
  out.push(...overview(summary));
  out.push('');
  if (summary.groups.length === 0) {
    out.push(summary.scope === 'all' ? 'No requests with a status were found.' : 'No failed requests.');
    return `${out.join('\n')}\n`;
  }
  const rows = summary.groups.map((g) => [
    `${g.count}`,
    statusLabel(g),
    g.win32 === undefined ? '-' : `${g.win32}`,
    g.firstTime ?? '-',
    g.lastTime ?? '-',
    `${g.distinctClientIps}${g.distinctClientIpsCapped ? '+' : ''}`,
    shorten(g.exampleUri ?? '-', 40),
    g.title,
  ]);
  const header = ['Requests', 'Status', 'Win32', 'First', 'Last', 'IPs', 'Example URI', 'Meaning'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (row: string[]) =>
    row
      .map((value, i) => (i === row.length - 1 ? value : i === 0 || i === 5 ? value.padStart(widths[i]) : value.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  out.push(format(header), ...rows.map(format));
  const notes = summary.files.flatMap((file) => file.notes.map((note) => `${file.name}:${note.line + 1}: ${note.message}`));
  if (notes.length > 0) out.push('', 'How the logs were read:', ...notes.map((n) => `  ${n}`));
  out.push('', 'Client IPs per group:');
  for (const g of summary.groups) {
    const more = g.distinctClientIps - g.clientIps.length;
    out.push(`  ${statusLabel(g)}${g.win32 !== undefined ? ` (${g.win32})` : ''}: ${g.clientIps.join(', ') || '-'}${more > 0 || g.distinctClientIpsCapped ? ` and ${g.distinctClientIpsCapped ? 'over ' : ''}${more} more` : ''}`);
  }
  for (const group of summary.groups.slice(0, MAX_EXPLAINED_GROUPS)) {
    out.push('', `== ${statusLabel(group)}${group.win32 !== undefined ? `, win32 ${group.win32}` : ''} ==`);
    if (group.paths.length > 0) {
      out.push(`Paths${pathsOf(group)}:`);
      for (const path of group.paths) out.push(...pathText(path, fileLabel));
      out.push('');
    }
    out.push(plainText(group.explanation));
  }
  return `${out.join('\n')}\n`;
}

/** The summary as JSON-ready data; the same object the server returns to the client. */
export function summaryToJson(summary: LogSummary, options: RenderOptions = {}): object {
  const fileLabel = options.fileLabel ?? shortFileLabel;
  return {
    scope: summary.scope,
    entries: summary.entries,
    malformed: summary.malformed,
    groupedEntries: summary.groupedEntries,
    hiddenGroups: summary.hiddenGroups,
    hiddenEntries: summary.hiddenEntries,
    ungroupedEntries: summary.ungroupedEntries,
    firstTime: summary.firstTime ?? null,
    lastTime: summary.lastTime ?? null,
    files: summary.files,
    configuration: summary.configuration ?? null,
    groups: summary.groups.map((g) => ({
      status: `${statusLabel(g)}`,
      sc_status: g.status,
      sc_substatus: g.subStatus ?? null,
      sc_win32_status: g.win32 ?? null,
      count: g.count,
      firstTime: g.firstTime ?? null,
      lastTime: g.lastTime ?? null,
      clientIps: g.clientIps,
      distinctClientIps: g.distinctClientIps,
      distinctClientIpsCapped: g.distinctClientIpsCapped,
      exampleUri: g.exampleUri ?? null,
      paths: g.paths.map((p) => ({ site: p.site, path: p.path, count: p.count, prediction: p.prediction ? predictionToJson(p.prediction, fileLabel) : null })),
      distinctPaths: g.distinctPaths,
      requestsToUncountedPaths: g.requestsToUncountedPaths,
      failure: g.failure,
      title: g.title,
      explanation: g.explanation,
    })),
  };
}

/** A prediction as JSON: findings and settings with their file (as the reader names it), 1-based line and LSP range. */
export function predictionToJson(prediction: PathPrediction, fileLabel: FileLabel = shortFileLabel): object {
  const at = (uri: string, range: Range) => ({ file: fileLabel(uri), uri, line: range.start.line + 1, range });
  return {
    verdict: prediction.verdict,
    site: prediction.site ?? null,
    urlPath: prediction.urlPath ?? null,
    findings: prediction.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, ...at(f.uri, f.range), docUrl: f.docUrl ?? null })),
    effective: prediction.effective.map((e) => ({ text: e.text, ...(e.source ? at(e.source.uri, e.source.range) : {}) })),
    certificate: prediction.certificate,
    advice: prediction.advice,
  };
}

/** A prediction as Markdown lines (the summary's paths, the log hover, the FREB explanation); links open the configuration at the line. */
export function predictionMarkdown(prediction: PathPrediction, fileLabel: FileLabel = shortFileLabel): string[] {
  const out: string[] = [markdownText(prediction.advice)];
  const link = (uri: string, range: Range) => `[${markdownText(fileLabel(uri))}:${range.start.line + 1}](${uri}#L${range.start.line + 1})`;
  for (const finding of prediction.findings) {
    const code = finding.docUrl ? `[${finding.code}](${finding.docUrl})` : finding.code;
    out.push(`- **${code}** (${finding.severity}) at ${link(finding.uri, finding.range)}: ${markdownText(finding.message)}`);
  }
  if (prediction.effective.length > 0 && (prediction.findings.length === 0 || prediction.verdict !== 'predicted')) {
    const settings = prediction.effective.map((e) => (e.source ? `${markdownText(e.text)} (${link(e.source.uri, e.source.range)})` : markdownText(e.text)));
    out.push(`- In effect at ${markdownText(prediction.urlPath ?? 'this path')}: ${settings.join('; ')}`);
  }
  return out;
}

/** The same as plain text lines, `file:line` for terminals and editors that link them. */
export function predictionText(prediction: PathPrediction, fileLabel: FileLabel = shortFileLabel): string[] {
  const out: string[] = [prediction.advice];
  for (const finding of prediction.findings) {
    out.push(`${finding.code} ${fileLabel(finding.uri)}:${finding.range.start.line + 1} (${finding.severity}): ${finding.message}`);
  }
  if (prediction.effective.length > 0 && (prediction.findings.length === 0 || prediction.verdict !== 'predicted')) {
    const settings = prediction.effective.map((e) => (e.source ? `${e.text} (${fileLabel(e.source.uri)}:${e.source.range.start.line + 1})` : e.text));
    out.push(`In effect at ${prediction.urlPath ?? 'this path'}: ${settings.join('; ')}`);
  }
  return out;
}

function pathsOf(group: StatusGroup): string {
  const shown = group.paths.length;
  const total = group.distinctPaths;
  const beyond = group.requestsToUncountedPaths > 0 ? `, and ${plural(group.requestsToUncountedPaths, 'request')} to paths beyond the ${total} counted` : '';
  return total > shown ? ` (the ${shown} most requested of ${total}${beyond})` : beyond ? ` (${beyond.slice(2)})` : '';
}

function siteText(path: GroupPath): string {
  const site = path.prediction?.site;
  if (site) return `site ${site.name}${site.id ? ` (id ${site.id})` : ''}`;
  return path.site.from === 'none' ? '' : describeLogSite(path.site);
}

function pathMarkdown(path: GroupPath, fileLabel: FileLabel): string[] {
  const site = siteText(path);
  const head = `- \`${path.path.replace(/`/g, "'")}\`${site ? ` on ${markdownText(site)}` : ''}: ${plural(path.count, 'request')}`;
  if (!path.prediction) return [head];
  const [advice, ...rest] = predictionMarkdown(path.prediction, fileLabel);
  return [`${head}. ${advice}`, ...rest.map((line) => `  ${line}`)];
}

function pathText(path: GroupPath, fileLabel: FileLabel): string[] {
  const site = siteText(path);
  const lines = [`  ${String(path.count).padStart(7)}  ${path.path}${site ? `  (${site})` : ''}`];
  if (path.prediction) for (const line of predictionText(path.prediction, fileLabel)) lines.push(`           ${line}`);
  return lines;
}

function overview(summary: LogSummary): string[] {
  const lines: string[] = [];
  if (summary.configuration !== undefined) lines.push(`Configuration: ${summary.configuration}`);
  for (const file of summary.files) {
    const parts = [plural(file.entries, 'request'), plural(file.lines, 'line')];
    if (file.malformed > 0) parts.push(`${file.malformed} malformed`);
    if (file.entriesWithAssumedFields > 0) parts.push(`${file.entriesWithAssumedFields} read with the default IIS fields (no #Fields: header)`);
    if (file.fieldSets > 1) parts.push(`${file.fieldSets} field layouts`);
    if (file.format === 'iis') parts.push('IIS log format, no sub-status column');
    lines.push(`${file.name}: ${parts.join(', ')}`);
  }
  if (summary.firstTime !== undefined) {
    const utc = summary.files.every((f) => f.format === 'w3c') ? ' (UTC)' : '';
    lines.push(`Period: ${summary.firstTime} to ${summary.lastTime}${utc}`);
  }
  const shown = `${plural(summary.groups.length, 'group')} with ${plural(summary.groupedEntries, 'request')} of ${summary.entries}`;
  const hidden = summary.hiddenGroups > 0 ? `; ${plural(summary.hiddenGroups, 'group')} of successful or redirected requests (${summary.hiddenEntries}) not shown` : '';
  lines.push(summary.scope === 'all' ? `Groups: ${shown}` : `Failures: ${shown}${hidden}`);
  if (summary.ungroupedEntries > 0) lines.push(`${summary.ungroupedEntries} requests beyond the limit of distinct status triples were counted but not grouped`);
  return lines;
}

function ipCell(group: StatusGroup): string {
  if (group.clientIps.length === 0) return '–';
  const more = group.distinctClientIps - group.clientIps.length;
  const suffix = group.distinctClientIpsCapped ? ` and over ${more} more` : more > 0 ? ` and ${more} more` : '';
  return cell(group.clientIps.join(', ') + suffix);
}

function cell(value: string | undefined): string {
  return value === undefined ? '–' : markdownText(value);
}

/** Escapes text so Markdown renders it literally (and HTML in it stays text). */
export function markdownText(value: string): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`);
}

function shorten(value: string, max = MAX_URI_CHARS): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,;])/g, '$1$2')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 <$2>');
}
