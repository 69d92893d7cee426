import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MAX_CERTIFICATE_FILE_BYTES } from './core/certificate/certificateInput';
import { classifySnapshotFile, decodeSnapshotText, mayBeSnapshotText, storeOfUri, type SnapshotFileInput } from './core/snapshot/index';
import { findFiles, MAX_INDEXED_FILE_BYTES, MAX_INDEXED_FILES } from './configFiles';

// Reading server snapshot files from disk (netsh `.txt` dumps, `.reg` exports, `certificates/<Store>/`
// files) for the server's index and the CLI. Bytes are kept as they are: the core decodes text
// (UTF-16 BOM, UTF-8, console code page) and reads certificates, so a key or a PFX is named, not used.

/** Snapshot candidates below the folder: `.txt` and `.reg` files, and every file of a `certificates/<Store>/` folder (none under `.vs`). */
export async function findSnapshotFiles(root: string, limit = MAX_INDEXED_FILES): Promise<{ paths: string[]; truncated: boolean }> {
  return findFiles(root, limit, (path, insideVisualStudio) => !insideVisualStudio && (mayBeSnapshotText(basename(path)) || storeOfUri(pathToFileURL(path).toString()) !== undefined));
}

/**
 * The file as a snapshot input, or undefined when it is not one (a `.txt` that is not netsh output)
 * or cannot be read. A store file above the certificate size limit is passed on cut at the limit, so
 * the core names it as too large instead of the server reading it whole.
 */
export async function readSnapshotPath(path: string): Promise<SnapshotFileInput | undefined> {
  const uri = pathToFileURL(path).toString();
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) return undefined;
    if (storeOfUri(uri)) {
      const handle = await fs.open(path, 'r');
      try {
        const length = Math.min(stat.size, MAX_CERTIFICATE_FILE_BYTES + 1);
        const bytes = new Uint8Array(length);
        await handle.read(bytes, 0, length, 0);
        return { uri, bytes };
      } finally {
        await handle.close();
      }
    }
    if (stat.size > MAX_INDEXED_FILE_BYTES) return undefined;
    const bytes = new Uint8Array(await fs.readFile(path));
    return classifySnapshotFile(uri, decodeSnapshotText(bytes).text) ? { uri, bytes } : undefined;
  } catch {
    return undefined;
  }
}

export async function readSnapshotFile(uri: string): Promise<SnapshotFileInput | undefined> {
  if (!uri.startsWith('file:')) return undefined;
  return readSnapshotPath(fileURLToPath(uri));
}

/** Every snapshot file of the workspace folders, handed to `onFile`; returns how many there were. */
export async function indexSnapshotFolders(folderUris: string[], onFile: (input: SnapshotFileInput) => void): Promise<number> {
  let count = 0;
  for (const folder of folderUris) {
    if (!folder.startsWith('file:')) continue;
    const found = await findSnapshotFiles(fileURLToPath(folder));
    for (const path of found.paths) {
      const input = await readSnapshotPath(path);
      if (!input) continue;
      onFile(input);
      count++;
    }
  }
  return count;
}
