import { parseConfigFile, type ConfigFile } from './model/configFile';

/**
 * The configuration files the analysis knows about: open documents and files indexed from the
 * workspace folders. Parsing is cached by text, so re-validating the files that depend on a changed
 * one costs no re-parse.
 */
export class Workspace {
  private readonly entries = new Map<string, { text: string; file: ConfigFile | undefined }>();
  private generationCounter = 0;

  /** Increases on every change; lets callers drop results computed from older content. */
  get generation(): number {
    return this.generationCounter;
  }

  set(uri: string, text: string): void {
    const existing = this.entries.get(uri);
    if (existing && existing.text === text) return;
    this.entries.set(uri, { text, file: undefined });
    this.generationCounter++;
  }

  delete(uri: string): void {
    if (this.entries.delete(uri)) this.generationCounter++;
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  text(uri: string): string | undefined {
    return this.entries.get(uri)?.text;
  }

  get(uri: string): ConfigFile | undefined {
    const entry = this.entries.get(uri);
    if (!entry) return undefined;
    entry.file ??= parseConfigFile(uri, entry.text);
    return entry.file;
  }

  uris(): string[] {
    return [...this.entries.keys()];
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
