import { promises as fs, type Stats } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findConfigFiles, readConfigPath } from '../configFiles';
import { createLanguageService } from '../core/languageService';
import { ConfigurationPredictor } from '../core/logs/predict';

// `--config <file-or-folder>` of `iis-auth-check logs` and `freb`: the configuration files analysed
// together, as `iis-auth-check <folder>` does, for predictions about the requests in logs and traces.

export interface LoadedConfiguration {
  predictor: ConfigurationPredictor;
  /** applicationHost.config and web.config files read. */
  files: number;
  /** For the reader, e.g. `applicationHost.config and 2 web.config files from config/`. */
  label: string;
  /** A file as the reader names it: relative to the working folder. */
  fileLabel(uri: string): string;
}

export interface ReadConfigFile {
  path: string;
  uri: string;
  text: string;
}

/**
 * The configuration files one command-line target names, read: the file itself, or every
 * configuration file below a folder. A file that cannot be read is named on stderr and left out.
 */
export async function readConfigTarget(target: string, stat: Stats, io: { stderr: { write(text: string): unknown } }): Promise<ReadConfigFile[]> {
  const paths = stat.isDirectory() ? (await findConfigFiles(target)).paths : [target];
  const read: ReadConfigFile[] = [];
  for (const path of paths) {
    const text = await readConfigPath(path);
    if (text === undefined) {
      io.stderr.write(`skipped ${path}: unreadable or larger than the size limit\n`);
      continue;
    }
    read.push({ path, uri: pathToFileURL(resolve(path)).toString(), text });
  }
  return read;
}

export async function loadConfiguration(targets: string[], io: { stderr: { write(text: string): unknown } }): Promise<LoadedConfiguration> {
  const service = createLanguageService({
    onRuleFailure: ({ code, error }) => io.stderr.write(`rule ${code} failed and was skipped: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  let hosts = 0;
  let webs = 0;
  for (const target of targets) {
    const stat = await fs.stat(target).catch(() => undefined);
    if (!stat) {
      io.stderr.write(`no such configuration file or folder: ${target}\n`);
      continue;
    }
    for (const { uri, text } of await readConfigTarget(target, stat, io)) {
      service.workspace.set(uri, text);
      // What the file is to IIS comes from its content as well as its name (model/fileRole.ts).
      const kind = service.workspace.get(uri)?.kind;
      if (kind === 'applicationHost') hosts++;
      else if (kind === 'web') webs++;
      else service.workspace.delete(uri);
    }
  }
  const parts = [hosts === 1 ? 'applicationHost.config' : hosts > 1 ? `${hosts} applicationHost.config files` : 'no applicationHost.config', webs === 1 ? '1 web.config' : `${webs} web.config files`];
  return {
    predictor: new ConfigurationPredictor(service.workspace, (uri) => service.validate(uri)),
    files: hosts + webs,
    label: `${parts.join(' and ')} from ${targets.join(', ')}`,
    fileLabel: (uri) => {
      try {
        return relative(process.cwd(), fileURLToPath(uri)) || uri;
      } catch {
        return uri;
      }
    },
  };
}
