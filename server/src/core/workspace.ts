import { parseConfigFile, type ConfigFile } from './model/configFile';
import { spliceConfigFile } from './model/configSplice';
import type { TextEdit } from './xml/splice';
import { classifySnapshotFile, loadSnapshot, mayBeSnapshotText, storeOfUri, type ServerSnapshot, type SnapshotFileInput } from './snapshot/index';

/**
 * The configuration files the analysis knows about: open documents and files indexed from the
 * workspace folders. Parsing is cached by text, so re-validating the files that depend on a changed
 * one costs no re-parse.
 */
export class Workspace {
  private readonly entries = new Map<string, Entry>();
  /** The server's own host configuration files, outside the workspace, in order of preference. */
  private readonly serverFiles: string[] = [];
  private generationCounter = 0;
  /** netsh dumps, registry exports and store certificates: the server snapshot, kept apart from the XML. */
  private readonly snapshotEntries = new Map<string, SnapshotFileInput>();
  private snapshotCache: { generation: number; snapshot: ServerSnapshot } | undefined;

  /** Increases on every change; lets callers drop results computed from older content. */
  get generation(): number {
    return this.generationCounter;
  }

  set(uri: string, text: string): void {
    if (storeOfUri(uri) || (mayBeSnapshotText(uri) && classifySnapshotFile(uri, text))) {
      this.setSnapshotFile({ uri, text });
      return;
    }
    // A .txt that is not netsh output is nobody's configuration: it is neither parsed nor analysed.
    if (mayBeSnapshotText(uri)) {
      this.delete(uri);
      return;
    }
    if (this.snapshotEntries.delete(uri)) this.generationCounter++;
    const existing = this.entries.get(uri);
    if (existing && existing.text === text) return;
    this.entries.set(uri, { text, file: undefined });
    this.generationCounter++;
  }

  /**
   * `set`, for a text that is the current one with [start, oldEnd) replaced by [start, newEnd) of
   * `text` (an editor's change): the file is then read again from the previous one by re-scanning the
   * edited element alone when the edit stays inside one (model/configSplice.ts). Edits that arrive
   * before the file is read again add up.
   */
  setEdited(uri: string, text: string, edit: TextEdit): void {
    const existing = this.entries.get(uri);
    if (!existing || this.snapshotEntries.has(uri) || mayBeSnapshotText(uri) || storeOfUri(uri) || !consistentEdit(existing.text, text, edit)) {
      this.set(uri, text);
      return;
    }
    // Unchanged before `prefix` and in the last `suffix` characters, counted from the parsed file's text.
    const suffix = existing.text.length - edit.oldEnd;
    let base: Entry['base'];
    if (existing.file) base = { file: existing.file, prefix: edit.start, suffix };
    else if (existing.base) base = { file: existing.base.file, prefix: Math.min(existing.base.prefix, edit.start), suffix: Math.min(existing.base.suffix, suffix) };
    this.entries.set(uri, { text, file: undefined, base });
    this.generationCounter++;
  }

  /** A snapshot file as bytes (store certificates; netsh and .reg files read from disk) or as text (open documents). */
  setSnapshotFile(input: SnapshotFileInput): void {
    const existing = this.snapshotEntries.get(input.uri);
    if (existing && existing.text === input.text && sameBytes(existing.bytes, input.bytes)) return;
    this.entries.delete(input.uri);
    this.snapshotEntries.set(input.uri, input);
    this.generationCounter++;
  }

  delete(uri: string): void {
    const at = this.serverFiles.indexOf(uri);
    if (at >= 0) this.serverFiles.splice(at, 1);
    const removed = this.entries.delete(uri);
    if (this.snapshotEntries.delete(uri) || removed) this.generationCounter++;
  }

  /**
   * The server's applicationHost.config read from outside the workspace (`iisAuth.applicationHostConfig`,
   * `--host-config`, IIS's own file on Windows): it governs the web.config files no host file in
   * the workspace governs, is never checked itself and never edited.
   */
  setServerFile(uri: string, text: string): void {
    if (!this.serverFiles.includes(uri)) {
      this.serverFiles.push(uri);
      this.generationCounter++;
    }
    this.set(uri, text);
  }

  isServerFile(uri: string): boolean {
    return this.serverFiles.includes(uri);
  }

  /** The server files, in order of preference. */
  serverFileUris(): readonly string[] {
    return this.serverFiles;
  }

  has(uri: string): boolean {
    return this.entries.has(uri) || this.snapshotEntries.has(uri);
  }

  text(uri: string): string | undefined {
    const entry = this.entries.get(uri);
    if (entry) return entry.text;
    const snapshotEntry = this.snapshotEntries.get(uri);
    if (!snapshotEntry) return undefined;
    return snapshotEntry.text ?? this.snapshot().files.find((file) => file.uri === uri)?.text;
  }

  hasSnapshotFiles(): boolean {
    return this.snapshotEntries.size > 0;
  }

  isSnapshotFile(uri: string): boolean {
    return this.snapshotEntries.has(uri);
  }

  /** The server snapshot of every snapshot file the workspace holds, rebuilt once per generation. */
  snapshot(): ServerSnapshot {
    if (this.snapshotCache?.generation !== this.generationCounter) {
      this.snapshotCache = { generation: this.generationCounter, snapshot: loadSnapshot([...this.snapshotEntries.values()]) };
    }
    return this.snapshotCache.snapshot;
  }

  get(uri: string): ConfigFile | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    if (!entry.file) entry.file = splicePending(entry) ?? parseConfigFile(uri, entry.text);
    return entry.file;
  }

  /**
   * The file as `get` gives it, when the pending edit lets it be read from the previous one alone
   * (model/configSplice.ts); undefined, with nothing parsed, when only a parse of the whole text can.
   * For a scheduler that asks whether the next analysis will be cheap.
   */
  readEdited(uri: string): ConfigFile | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    if (!entry.file) entry.file = splicePending(entry);
    return entry.file?.splice ? entry.file : undefined;
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * This workspace as it would be if `uri` held `text` (a web.config as a transform leaves it), for
   * analysing that without changing what the editor shows. Files already parsed are shared.
   */
  withText(uri: string, text: string): Workspace {
    const view = new Workspace();
    for (const [key, entry] of this.entries) view.entries.set(key, entry);
    for (const [key, entry] of this.snapshotEntries) view.snapshotEntries.set(key, entry);
    view.serverFiles.push(...this.serverFiles);
    view.entries.set(uri, { text, file: undefined });
    view.generationCounter = this.generationCounter;
    view.snapshotCache = this.snapshotCache;
    return view;
  }

  /** Every known file, parsed. */
  files(): ConfigFile[] {
    return this.uris().map((uri) => this.get(uri)!);
  }

  /** Host configuration files, by content whatever their name (model/fileRole.ts). */
  applicationHostFiles(): ConfigFile[] {
    return this.files().filter((file) => file.kind === 'applicationHost');
  }
}

interface Entry {
  text: string;
  /** Parsed on first use. */
  file: ConfigFile | undefined;
  /** The last parsed file and how much of its text the current one shares at both ends, while `file` is not read yet. */
  base?: { file: ConfigFile; prefix: number; suffix: number };
}

/**
 * The entry's file read from its base by splicing the pending edit (which is then used up), or
 * undefined when there is none or it does not splice. One that fails in a way nobody foresaw costs a
 * full parse, never the analysis.
 */
function splicePending(entry: Entry): ConfigFile | undefined {
  const base = entry.base;
  if (!base) return undefined;
  entry.base = undefined;
  const edit: TextEdit = { start: base.prefix, oldEnd: base.file.xml.text.length - base.suffix, newEnd: entry.text.length - base.suffix };
  try {
    return spliceConfigFile(base.file, entry.text, edit);
  } catch {
    return undefined;
  }
}

/** The edit turns a text of the current one's length into one of the new one's, and agrees with both at its ends. */
function consistentEdit(current: string, text: string, edit: TextEdit): boolean {
  const { start, oldEnd, newEnd } = edit;
  if (start < 0 || oldEnd < start || newEnd < start || oldEnd > current.length || newEnd > text.length) return false;
  if (text.length - newEnd !== current.length - oldEnd) return false;
  if (start > 0 && current.charCodeAt(start - 1) !== text.charCodeAt(start - 1)) return false;
  return oldEnd >= current.length || current.charCodeAt(oldEnd) === text.charCodeAt(newEnd);
}

/** A file URI as a reader writes its path: `file:///C:/Windows/x.config` → `C:\\Windows\\x.config`, `file:///srv/a` → `/srv/a`. */
export function displayPath(uri: string): string {
  let path = uri.replace(/^file:\/\//, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // Keep the encoded form.
  }
  return /^\/[A-Za-z]:/.test(path) ? path.slice(1).replace(/\//g, '\\') : path;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return Buffer.compare(a, b) === 0;
}
