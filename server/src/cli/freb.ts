import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { explainFrebTrace, renderFrebMarkdown, renderFrebText, type FrebStory } from '../core/freb/explain';
import { MAX_FREB_CHARS, readFrebTrace } from '../core/freb/trace';
import { predictionToJson } from '../core/logs/renderSummary';
import { decodeConfigBytes } from '../configFiles';
import { loadConfiguration } from './configuration';
import type { CliStreams } from './logs';

// `iis-auth-check freb <file-or-folder>... [--config <folder>]`: Failed Request Tracing files told
// as stories (the request, the authentication events, what set the final status), with what the
// configuration predicts for each URL when --config is given.

export const frebUsage = `  iis-auth-check freb [--format text|json|markdown] [--config <config-file-or-folder>]... <fr-file-or-folder>...
      Explains Failed Request Tracing files (fr*.xml): the request (URL, site, verb, status, time
      taken), the authentication events in order and which method set the user or that none did,
      the module and notification that set the final status, and with --config what the
      configuration predicts for the URL. Folders: the fr*.xml files below them.
      Exit status: 0 when every trace was read, 2 on usage errors or unreadable / damaged traces.`;

type Format = 'text' | 'json' | 'markdown';

const FREB_FILE = /^fr\d+\.xml$/i;

export async function frebCommand(argv: string[], io: CliStreams = process): Promise<number> {
  let format: Format = 'text';
  const targets: string[] = [];
  const configTargets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(`Usage:\n${frebUsage}\n`);
      return 0;
    }
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice('--format='.length) : argv[++i];
      if (value !== 'text' && value !== 'json' && value !== 'markdown') return usageError(io, `Unknown format '${value ?? ''}'.`);
      format = value;
    } else if (arg === '--config' || arg.startsWith('--config=')) {
      const value = arg.includes('=') ? arg.slice('--config='.length) : argv[++i];
      if (!value) return usageError(io, '--config needs a configuration file or folder.');
      configTargets.push(value);
    } else if (arg.startsWith('-')) return usageError(io, `Unknown option '${arg}'.`);
    else targets.push(arg);
  }
  if (targets.length === 0) return usageError(io, 'No Failed Request Tracing file or folder given.');

  let failed = 0;
  const files: string[] = [];
  for (const target of targets) {
    const stat = await fs.stat(target).catch(() => undefined);
    if (!stat) {
      io.stderr.write(`iis-auth-check freb: no such file or folder: ${target}\n`);
      failed++;
    } else if (stat.isDirectory()) {
      const found = await findTraces(target);
      if (found.length === 0) io.stderr.write(`iis-auth-check freb: no fr*.xml files below ${target}\n`);
      files.push(...found);
    } else files.push(target);
  }

  const configuration = configTargets.length > 0 ? await loadConfiguration(configTargets, io) : undefined;
  const results: Array<{ file: string; story?: FrebStory; error?: string }> = [];
  for (const file of files) {
    const text = await readTrace(file);
    if (typeof text !== 'string') {
      results.push({ file, error: text.error });
      continue;
    }
    const read = readFrebTrace(text);
    if ('error' in read) {
      results.push({ file, error: read.error });
      continue;
    }
    const story = explainFrebTrace(read.trace, configuration?.predictor);
    results.push({ file, story });
  }
  for (const result of results) {
    if (result.error) {
      io.stderr.write(`iis-auth-check freb: ${result.file}: ${result.error}\n`);
      failed++;
    } else if (result.story?.truncated) {
      io.stderr.write(`iis-auth-check freb: ${result.file}: ${result.story.truncated}\n`);
      failed++;
    }
  }

  const fileLabel = configuration?.fileLabel;
  const explained = results.filter((r) => r.story);
  if (format === 'json') {
    const json = results.map((r) => (r.story ? { file: r.file, ...storyJson(r.story, fileLabel) } : { file: r.file, error: r.error }));
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (format === 'markdown') {
    io.stdout.write(explained.map((r) => renderFrebMarkdown(basename(r.file), r.story!, fileLabel)).join('\n'));
  } else {
    io.stdout.write(explained.map((r) => renderFrebText(r.file, r.story!, fileLabel)).join('\n'));
  }
  return failed > 0 ? 2 : 0;
}

function storyJson(story: FrebStory, fileLabel: ((uri: string) => string) | undefined): object {
  return { ...story, prediction: story.prediction ? predictionToJson(story.prediction, fileLabel) : null };
}

async function readTrace(path: string): Promise<string | { error: string }> {
  try {
    const stat = await fs.stat(path);
    // UTF-16 takes two bytes a character; anything beyond this is no single request's trace.
    if (stat.size > MAX_FREB_CHARS * 2) return { error: `larger than ${MAX_FREB_CHARS / 1024 / 1024} MB; a Failed Request Tracing file holds one request.` };
    return decodeConfigBytes(await fs.readFile(path));
  } catch (error) {
    return { error: `cannot read it (${error instanceof Error ? error.message : String(error)})` };
  }
}

async function findTraces(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < 8) await walk(path, depth + 1);
      else if (entry.isFile() && FREB_FILE.test(entry.name)) found.push(path);
    }
  }
  await walk(root, 0);
  return found.sort();
}

function usageError(io: CliStreams, message: string): number {
  io.stderr.write(`${message}\n\nUsage:\n${frebUsage}\n`);
  return 2;
}
