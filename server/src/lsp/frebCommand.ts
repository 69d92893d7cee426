import { promises as fs } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeConfigBytes } from '../configFiles';
import { explainFrebTrace, renderFrebMarkdown } from '../core/freb/explain';
import { MAX_FREB_CHARS, readFrebTrace } from '../core/freb/trace';
import type { ConfigurationPredictor } from '../core/logs/predict';

// `iisAuth.explainTrace` (workspace/executeCommand): "Explain this trace" for a Failed Request
// Tracing file, from the editor's text when it is open, else from disk. Answers `{ markdown }`; a
// file that is not a trace, or is damaged, answers a Markdown page that says so instead of failing.

export const EXPLAIN_TRACE_COMMAND = 'iisAuth.explainTrace';

export interface ExplainTraceDependencies {
  documentText(uri: string): string | undefined;
  predictor?(): ConfigurationPredictor;
  fileLabel?(uri: string): string;
}

/** arguments[0]: `{ uri }`, `{ path }`, or a uri / path string. */
export async function explainTraceCommand(args: unknown[], deps: ExplainTraceDependencies): Promise<{ markdown: string }> {
  const uri = traceUri(args[0]);
  if (!uri) throw new Error('iisAuth.explainTrace needs a trace: pass { uri } or { path }.');
  const name = decodeURIComponent(uri.split(/[\\/]/).pop() ?? uri);
  let text = deps.documentText(uri);
  if (text === undefined) {
    if (!uri.startsWith('file:')) throw new Error(`${name} is not open and not a file on disk.`);
    const path = fileURLToPath(uri);
    const stat = await fs.stat(path).catch(() => undefined);
    if (!stat?.isFile()) throw new Error(`Cannot read ${path}.`);
    if (stat.size > MAX_FREB_CHARS * 2) return { markdown: `# ${name}\n\nThe file is larger than ${MAX_FREB_CHARS / 1024 / 1024} MB; a Failed Request Tracing file holds one request and is far smaller.\n` };
    text = decodeConfigBytes(await fs.readFile(path));
  }
  const read = readFrebTrace(text);
  if ('error' in read) return { markdown: `# ${name}\n\n${read.error}\n` };
  const story = explainFrebTrace(read.trace, deps.predictor?.());
  return { markdown: renderFrebMarkdown(name, story, deps.fileLabel) };
}

function traceUri(arg: unknown): string | undefined {
  if (typeof arg === 'string') return /^[a-z][a-z0-9+.-]*:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg) ? arg : pathToFileURL(arg).toString();
  if (arg && typeof arg === 'object') {
    const given = arg as { uri?: unknown; path?: unknown };
    if (typeof given.uri === 'string') return given.uri;
    if (typeof given.path === 'string') return pathToFileURL(given.path).toString();
  }
  return undefined;
}
