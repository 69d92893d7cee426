import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Reading configuration files from disk, shared by the server's workspace index and the CLI.

/** Files larger than this are indexed as an empty placeholder: reading them would stall the server. */
export const MAX_INDEXED_FILE_BYTES = 8 * 1024 * 1024;
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
  return new TextDecoder('utf-8').decode(bytes);
}

/** `*.config`, and `*.xdt` transforms (applicationHost.xdt) that are applied to one of them. */
export function isConfigFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.config') || lower.endsWith('.xdt');
}

export async function readConfigPath(path: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile() || stat.size > MAX_INDEXED_FILE_BYTES) return undefined;
    return decodeConfigBytes(await fs.readFile(path));
  } catch {
    return undefined;
  }
}

export async function readConfigFile(uri: string): Promise<string | undefined> {
  if (!uri.startsWith('file:')) return undefined;
  return readConfigPath(fileURLToPath(uri));
}

/** Every `*.config` below the folder, breadth-first, skipping build and tool folders. */
export async function findConfigFiles(root: string, limit = MAX_INDEXED_FILES): Promise<{ paths: string[]; truncated: boolean }> {
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
      } else if (entry.isFile() && isConfigFileName(entry.name) && (!insideVisualStudio || entry.name.toLowerCase() === 'applicationhost.config')) {
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
): Promise<{ files: number; skipped: number }> {
  let files = 0;
  let skipped = 0;
  for (const folder of folderUris) {
    if (!folder.startsWith('file:')) continue;
    const found = await findConfigFiles(fileURLToPath(folder));
    if (found.truncated) skipped++;
    for (const path of found.paths) {
      const text = await readConfigPath(path);
      if (text === undefined) {
        skipped++;
        continue;
      }
      onFile(pathToFileURL(path).toString(), text);
      files++;
    }
  }
  return { files, skipped };
}
