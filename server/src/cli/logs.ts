import { createReadStream, promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { LogSummaryBuilder, summarizeChunks, type LogProgress } from '../core/logs/summary';
import { renderSummaryMarkdown, renderSummaryText, summaryToJson } from '../core/logs/renderSummary';
import { predictSummary } from '../core/logs/predict';
import { detectIisLogFormat } from '../core/logs/w3c';
import { loadConfiguration } from './configuration';

// `iis-auth-check logs <file-or-folder>...`: the log summary for terminals and pipelines. Files are
// streamed, so a multi-gigabyte log costs the memory of its groups, not of its text.

export const logsUsage = `  iis-auth-check logs [--format text|json|markdown] [--all] [--config <config-file-or-folder>]... <log-file-or-folder>...
      Groups IIS log requests by sc-status.sc-substatus + sc-win32-status (failures only unless
      --all), with counts, first and last time, client IPs, the URL paths hit and what each means.
      Folders: the IIS log files (u_ex*.log, u_in*.log, ex*.log, in*.log) below them.
      --config: for each path of a failure, what the configuration predicts there (the finding that
      explains the status, with file:line) or that it serves the path normally. The site comes
      from s-sitename (W3SVC<id>), else the log's W3SVC<id> folder, else s-port / cs-host against
      the bindings.
      Exit status: 0 when the logs were read, 2 on usage errors or unreadable files.`;

type Format = 'text' | 'json' | 'markdown';

export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

const READ_CHUNK_BYTES = 1 << 20;
const PROGRESS_INTERVAL_MS = 100;
const MAX_FOLDER_DEPTH = 8;

export async function logsCommand(argv: string[], io: CliStreams = process): Promise<number> {
  let format: Format = 'text';
  let all = false;
  const targets: string[] = [];
  const configTargets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(`Usage:\n${logsUsage}\n`);
      return 0;
    }
    if (arg === '--all') all = true;
    else if (arg === '--config' || arg.startsWith('--config=')) {
      const value = arg.includes('=') ? arg.slice('--config='.length) : argv[++i];
      if (!value) return usageError(io, '--config needs a configuration file or folder.');
      configTargets.push(value);
    }
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice('--format='.length) : argv[++i];
      if (value !== 'text' && value !== 'json' && value !== 'markdown') return usageError(io, `Unknown format '${value ?? ''}'.`);
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') return usageError(io, `Unknown option '${arg}'.`);
    else targets.push(arg);
  }
  if (targets.length === 0) return usageError(io, 'No log file or folder given.');

  const files: Array<{ path: string; size: number }> = [];
  let unreadable = 0;
  for (const target of targets) {
    let stat;
    try {
      stat = await fs.stat(target);
    } catch {
      io.stderr.write(`iis-auth-check logs: no such file or folder: ${target}\n`);
      unreadable++;
      continue;
    }
    if (stat.isDirectory()) {
      const found = await findLogFiles(target);
      if (found.length === 0) io.stderr.write(`iis-auth-check logs: no IIS log files below ${target}\n`);
      files.push(...found);
    } else files.push({ path: target, size: stat.size });
  }

  const configuration = configTargets.length > 0 ? await loadConfiguration(configTargets, io) : undefined;
  if (configuration && configuration.files === 0) {
    io.stderr.write(`iis-auth-check logs: no IIS configuration file in ${configTargets.join(', ')}\n`);
    unreadable++;
  }

  const progress = io.stderr.isTTY ? new ProgressLine(io.stderr) : undefined;
  const builder = new LogSummaryBuilder({ all, onProgress: progress && ((p) => progress.update(p)) });
  for (const file of files) {
    try {
      await summarizeChunks(builder, file.path, createReadStream(file.path, { highWaterMark: READ_CHUNK_BYTES }), file.size);
    } catch (error) {
      progress?.clear();
      io.stderr.write(`iis-auth-check logs: cannot read ${file.path}: ${error instanceof Error ? error.message : String(error)}\n`);
      unreadable++;
    }
  }
  progress?.clear();

  const summary = builder.result();
  const options = { fileLabel: configuration?.fileLabel };
  if (configuration && configuration.files > 0) predictSummary(summary, configuration.predictor, configuration.label);
  if (format === 'json') io.stdout.write(`${JSON.stringify(summaryToJson(summary, options), null, 2)}\n`);
  else if (format === 'markdown') io.stdout.write(renderSummaryMarkdown(summary, options));
  else io.stdout.write(renderSummaryText(summary, options));
  return unreadable > 0 ? 2 : 0;
}

function usageError(io: CliStreams, message: string): number {
  io.stderr.write(`${message}\n\nUsage:\n${logsUsage}\n`);
  return 2;
}

/** IIS log files below a folder (LogFiles\W3SVC<n>\u_ex*.log), sorted so output is stable. */
async function findLogFiles(root: string): Promise<Array<{ path: string; size: number }>> {
  const found: Array<{ path: string; size: number }> = [];
  async function walk(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_FOLDER_DEPTH) await walk(path, depth + 1);
      else if (entry.isFile() && detectIisLogFormat('', entry.name) !== undefined) {
        found.push({ path, size: (await fs.stat(path)).size });
      }
    }
  }
  await walk(root, 0);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One self-overwriting stderr line, redrawn at most ten times a second. */
class ProgressLine {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: { write(text: string): unknown }) {}

  update(p: LogProgress): void {
    const now = Date.now();
    if (now - this.lastDraw < PROGRESS_INTERVAL_MS) return;
    this.lastDraw = now;
    const percent = p.totalBytes ? ` ${Math.floor((100 * p.bytesRead) / p.totalBytes)}%` : '';
    const size = p.totalBytes ? `${megabytes(p.bytesRead)} of ${megabytes(p.totalBytes)}` : megabytes(p.bytesRead);
    this.stream.write(`\r\x1b[KReading ${basename(p.file)}:${percent} (${size}, ${p.linesRead.toLocaleString('en-US')} lines)`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
