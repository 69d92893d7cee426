import { createReadStream, promises as fs } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LogSummaryBuilder, summarizeChunks } from '../core/logs/summary';
import { renderSummaryMarkdown, summaryToJson } from '../core/logs/renderSummary';
import { predictSummary, type ConfigurationPredictor } from '../core/logs/predict';
import { isIisLog } from '../core/logs/w3c';

// `iisAuth.summarizeLog` (workspace/executeCommand): the log summary for an editor. Open documents are
// summarised from the editor's text (it may be unsaved); other files are streamed from disk, so a
// 200 MB log never sits in the server's memory.

export const SUMMARIZE_LOG_COMMAND = 'iisAuth.summarizeLog';

/**
 * arguments[0]: `{ uris?: string[], paths?: string[], all?: boolean }`, or one or more uri / path
 * strings. Answers `{ markdown, summary }` (summary as `iis-auth-check logs --format json` prints it).
 */
export interface SummarizeLogArguments {
  uris?: string[];
  paths?: string[];
  all?: boolean;
}

export interface SummarizeLogDependencies {
  /** The editor's text of an open document, undefined when it is not open. */
  documentText(uri: string): string | undefined;
  /** Percentage 0–100 over all inputs, and a short message for the progress notification. */
  onProgress?(percentage: number, message: string): void;
  isCancelled?(): boolean;
  /** The workspace's configuration, for what it predicts at each failing path; none: no predictions. */
  predictor?(): ConfigurationPredictor;
  /** A configuration file as the reader names it (relative to its workspace folder). */
  fileLabel?(uri: string): string;
}

export interface SummarizeLogResult {
  markdown: string;
  summary: object;
}

const READ_CHUNK_BYTES = 1 << 20;

export async function summarizeLogCommand(args: unknown[], deps: SummarizeLogDependencies): Promise<SummarizeLogResult> {
  const request = readArguments(args);
  if (request.uris.length === 0) throw new Error('iisAuth.summarizeLog needs a log: pass { uris: [...] } or { paths: [...] }.');

  const inputs: Array<{ uri: string; name: string; text?: string; path?: string; size: number }> = [];
  for (const uri of request.uris) {
    const name = displayName(uri);
    const text = deps.documentText(uri);
    if (text !== undefined) {
      inputs.push({ uri, name, text, size: text.length });
      continue;
    }
    if (!uri.startsWith('file:')) throw new Error(`${name} is not open and not a file on disk.`);
    const path = fileURLToPath(uri);
    const stat = await fs.stat(path).catch(() => undefined);
    if (!stat?.isFile()) throw new Error(`Cannot read ${path}.`);
    inputs.push({ uri, name, path, size: stat.size });
  }

  const total = inputs.reduce((n, i) => n + i.size, 0) || 1;
  let done = 0;
  let lastPercent = -1;
  const builder = new LogSummaryBuilder({
    all: request.all,
    onProgress: (p) => {
      const percent = Math.floor((100 * (done + p.bytesRead)) / total);
      if (percent === lastPercent) return;
      lastPercent = percent;
      deps.onProgress?.(percent, `${p.file.split(/[\\/]/).pop()}: ${p.linesRead.toLocaleString('en-US')} lines`);
    },
  });
  for (const input of inputs) {
    if (deps.isCancelled?.()) throw new Error('Cancelled.');
    if (input.text !== undefined) builder.addText(input.name, input.text, undefined, input.uri);
    else await summarizeChunks(builder, input.name, cancellable(createReadStream(input.path!, { highWaterMark: READ_CHUNK_BYTES }), deps), input.size, input.uri);
    done += input.size;
  }
  const summary = builder.result();
  const predictor = deps.predictor?.();
  if (predictor?.hasConfiguration) predictSummary(summary, predictor, 'the configuration files of the workspace');
  const options = { fileLabel: deps.fileLabel };
  return { markdown: renderSummaryMarkdown(summary, options), summary: summaryToJson(summary, options) };
}

/** Whether an open document is an IIS log, which the configuration analysis must leave alone. */
export function isIisLogDocument(uri: string, text: string): boolean {
  const newline = text.search(/[\r\n]/);
  return isIisLog(newline < 0 ? text : text.slice(0, newline), displayName(uri));
}

function readArguments(args: unknown[]): { uris: string[]; all: boolean } {
  const uris: string[] = [];
  let all = false;
  for (const arg of args) {
    if (typeof arg === 'string') uris.push(toUri(arg));
    else if (arg && typeof arg === 'object') {
      const given = arg as SummarizeLogArguments;
      for (const uri of Array.isArray(given.uris) ? given.uris : []) if (typeof uri === 'string') uris.push(uri);
      for (const path of Array.isArray(given.paths) ? given.paths : []) if (typeof path === 'string') uris.push(pathToFileURL(path).toString());
      if (given.all === true) all = true;
    }
  }
  return { uris, all };
}

function toUri(value: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value) ? value : pathToFileURL(value).toString();
}

function displayName(uri: string): string {
  try {
    return decodeURIComponent(uri.split(/[\\/]/).pop() ?? uri);
  } catch {
    return uri;
  }
}

async function* cancellable(chunks: AsyncIterable<Buffer>, deps: SummarizeLogDependencies): AsyncIterable<Buffer> {
  for await (const chunk of chunks) {
    if (deps.isCancelled?.()) throw new Error('Cancelled.');
    yield chunk;
  }
}
