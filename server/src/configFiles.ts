import { promises as fs, readFileSync, statSync, type Stats } from 'node:fs';
import { isAscii } from 'node:buffer';
import { basename, join, resolve, win32 } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Reading configuration files from disk, shared by the server's workspace index and the CLI.

/** Background indexing of workspace folders leaves out larger files: reading them would stall the server. */
export const MAX_INDEXED_FILE_BYTES = 8 * 1024 * 1024;
/** A file someone names (on the command line) is read up to the analysis limit. */
export const MAX_NAMED_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_INDEXED_FILES = 5000;
const skippedFolders = new Set(['node_modules', '.git', '.vscode-test', 'obj', 'packages']);
// Visual Studio's folder holds IIS Express's applicationhost.config (`.vs/<solution>/config/`),
// which governs the project's web.config files; nothing else in it is configuration of the site.
const VISUAL_STUDIO_FOLDER = '.vs';

/** Decodes config bytes the way IIS and editors do: UTF-8 by default, BOMs for UTF-8/UTF-16. */
export function decodeConfigBytes(bytes: Uint8Array): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // UTF-16 without a BOM still starts with '<' and a zero byte on one side.
  if (bytes.length >= 4 && bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] !== 0) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x3c && bytes[3] !== 0) return new TextDecoder('utf-16be').decode(bytes);
  // Most config files are ASCII. Node.js makes a large Latin-1 string an external one, kept outside
  // V8's heap: the 10 MB of a host file then no longer count towards the heap limit whose crossing
  // costs the analysis a full garbage collection. UTF-8 and Latin-1 read ASCII alike.
  if (Buffer.isBuffer(bytes) && isAscii(bytes)) return bytes.toString('latin1');
  return new TextDecoder('utf-8').decode(bytes);
}

/** `*.config`, and `*.xdt` transforms (applicationHost.xdt) that are applied to one of them. */
export function isConfigFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.config') || lower.endsWith('.xdt');
}

export type ConfigRead = { text: string } | { text?: undefined; reason: string };

/** Reads and decodes a config file no larger than `maxBytes`; otherwise says why it was not read. */
export async function readConfigPathWithin(path: string, maxBytes: number): Promise<ConfigRead> {
  try {
    const refused = refusal(await fs.stat(path), maxBytes);
    return refused ?? { text: decodeConfigBytes(await fs.readFile(path)) };
  } catch (error) {
    return unreadable(error);
  }
}

/**
 * The same, blocking: for the CLI, which reads the files it was given one after the other. An
 * asynchronous read of a large file goes to the thread pool in chunks and leaves the process idle
 * in between.
 */
export function readConfigPathWithinSync(path: string, maxBytes: number): ConfigRead {
  try {
    return refusal(statSync(path), maxBytes) ?? { text: decodeConfigBytes(readFileSync(path)) };
  } catch (error) {
    return unreadable(error);
  }
}

function refusal(stat: Stats, maxBytes: number): ConfigRead | undefined {
  if (!stat.isFile()) return { reason: 'not a regular file' };
  if (stat.size > maxBytes) return { reason: `${megabytes(stat.size)} is larger than the ${megabytes(maxBytes)} limit` };
  return undefined;
}

function unreadable(error: unknown): ConfigRead {
  return { reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

export async function readConfigPath(path: string): Promise<string | undefined> {
  return (await readConfigPathWithin(path, MAX_INDEXED_FILE_BYTES)).text;
}

export async function readConfigFile(uri: string): Promise<string | undefined> {
  if (!uri.startsWith('file:')) return undefined;
  return readConfigPath(fileURLToPath(uri));
}

/** Every `*.config` below the folder, breadth-first, skipping build and tool folders. */
export async function findConfigFiles(root: string, limit = MAX_INDEXED_FILES): Promise<{ paths: string[]; truncated: boolean }> {
  return findFiles(root, limit, (path, insideVisualStudio) => {
    const name = basename(path);
    return isConfigFileName(name) && (!insideVisualStudio || name.toLowerCase() === 'applicationhost.config');
  });
}

/** Files below the folder that `accept` takes, breadth-first, skipping build and tool folders; `insideVisualStudio` is true under `.vs`. */
export async function findFiles(root: string, limit: number, accept: (path: string, insideVisualStudio: boolean) => boolean): Promise<{ paths: string[]; truncated: boolean }> {
  const paths: string[] = [];
  const queue: Array<{ dir: string; insideVisualStudio: boolean }> = [{ dir: root, insideVisualStudio: false }];
  while (queue.length > 0) {
    const { dir, insideVisualStudio } = queue.shift()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        const name = entry.name.toLowerCase();
        if (!skippedFolders.has(name)) queue.push({ dir: join(dir, entry.name), insideVisualStudio: insideVisualStudio || name === VISUAL_STUDIO_FOLDER });
      } else if (entry.isFile() && accept(join(dir, entry.name), insideVisualStudio)) {
        if (paths.length >= limit) return { paths, truncated: true };
        paths.push(join(dir, entry.name));
      }
    }
  }
  return { paths, truncated: false };
}

export async function indexWorkspaceFolders(
  folderUris: string[],
  onFile: (uri: string, text: string) => void,
): Promise<{ files: number; leftOut: Array<{ path: string; reason: string }>; truncated: boolean }> {
  let files = 0;
  let truncated = false;
  const leftOut: Array<{ path: string; reason: string }> = [];
  for (const folder of folderUris) {
    if (!folder.startsWith('file:')) continue;
    const found = await findConfigFiles(fileURLToPath(folder));
    truncated ||= found.truncated;
    for (const path of found.paths) {
      const read = await readConfigPathWithin(path, MAX_INDEXED_FILE_BYTES);
      if (read.text === undefined) {
        leftOut.push({ path, reason: read.reason });
        continue;
      }
      onFile(pathToFileURL(path).toString(), read.text);
      files++;
    }
  }
  return { files, leftOut, truncated };
}

/** One line naming what indexing left out (the first few files), or undefined when nothing was. */
export function describeLeftOut(indexed: { files: number; leftOut: Array<{ path: string; reason: string }>; truncated: boolean }): string | undefined {
  if (indexed.leftOut.length === 0 && !indexed.truncated) return undefined;
  const shown = indexed.leftOut.slice(0, 5).map((f) => `${f.path} (${f.reason})`);
  if (indexed.leftOut.length > shown.length) shown.push(`and ${indexed.leftOut.length - shown.length} more`);
  const parts = [`Indexed ${indexed.files} configuration files`];
  if (indexed.leftOut.length > 0) parts.push(`left out ${indexed.leftOut.length}: ${shown.join(', ')}`);
  if (indexed.truncated) parts.push(`stopped after ${MAX_INDEXED_FILES} files`);
  return `${parts.join('; ')}. Open a file to analyse it anyway.`;
}

export interface ServerFileSources {
  /** `iisAuth.applicationHostConfig` or `--host-config`: paths with `${userHome}`, `${env:NAME}` or `%NAME%`. */
  configured: readonly string[];
  env: Record<string, string | undefined>;
  platform: string;
  home: string;
}

/** `${userHome}`, `${env:NAME}` and Windows' `%NAME%` replaced; a leading `~` is the home folder. Unknown variables stay as written. */
export function expandConfiguredPath(path: string, env: Record<string, string | undefined>, home: string): string {
  const lookup = (name: string) => env[name] ?? env[Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase()) ?? ''];
  return path
    .trim()
    .replace(/^~(?=$|[\\/])/, home)
    .replace(/\$\{userHome\}/g, home)
    .replace(/\$\{env:([^}]+)\}/g, (whole, name: string) => lookup(name) ?? whole)
    .replace(/%([A-Za-z_][A-Za-z0-9_()]*)%/g, (whole, name: string) => lookup(name) ?? whole);
}

/**
 * The server's host configuration files to read, in order of preference: the configured paths, then
 * on Windows IIS's own applicationHost.config and IIS Express's per-user one (read when present).
 */
export function serverFileCandidates(sources: ServerFileSources): Array<{ path: string; configured: boolean }> {
  const candidates = sources.configured.filter((p) => p.trim() !== '').map((p) => ({ path: expandConfiguredPath(p, sources.env, sources.home), configured: true }));
  if (sources.platform === 'win32') {
    const windir = sources.env.windir ?? sources.env.WINDIR ?? sources.env.SystemRoot;
    const profile = sources.env.USERPROFILE ?? sources.home;
    if (windir) candidates.push({ path: win32.join(windir, 'System32', 'inetsrv', 'config', 'applicationHost.config'), configured: false });
    if (profile) candidates.push({ path: win32.join(profile, 'Documents', 'IISExpress', 'config', 'applicationhost.config'), configured: false });
  }
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.path.toLowerCase()) && seen.add(c.path.toLowerCase()));
}

/**
 * Reads the server files: only these files, never their folders. A configured path that cannot be
 * read is named in `problems`; a well-known one that is absent is simply not there.
 */
export async function readServerFiles(sources: ServerFileSources): Promise<{ files: Array<{ path: string; uri: string; text: string }>; problems: string[] }> {
  const files: Array<{ path: string; uri: string; text: string }> = [];
  const problems: string[] = [];
  for (const candidate of serverFileCandidates(sources)) {
    const read = await readConfigPathWithin(candidate.path, MAX_INDEXED_FILE_BYTES);
    if (read.text === undefined) {
      if (candidate.configured) problems.push(`${candidate.path} (${read.reason})`);
      continue;
    }
    files.push({ path: candidate.path, uri: pathToFileURL(resolve(candidate.path)).toString(), text: read.text });
  }
  return { files, problems };
}
