import { promises as fs } from 'node:fs';
import { basename, resolve } from 'node:path';
import { readCertificateArgument } from './certificateArgument';
import { readConfigTarget } from './configuration';
import { collectMappingConfiguration } from '../core/certificate/mappingConfiguration';
import { formatMatchReport, matchCertificate } from '../core/certificate/matchMappings';
import { parseConfigFile, type ConfigFile } from '../core/model/configFile';

// `iis-auth-check match <certificate> <config>…`: which mapping IIS would use for a certificate, the
// same answer as the editor command "IIS Auth: Test a certificate against the mappings…".

export const matchUsage = `  iis-auth-check match [--path Site/App] [--format text|json] <certificate> <config-file-or-folder>...
      Evaluates a certificate (.cer, .crt, .der, .pem, .p7b) against the certificate mappings of the
      site, as IIS does: one-to-one first, then many-to-one rules in order. applicationHost.config
      gives server and site level; any other config file is read as the site's root web.config.
      Exit status: 0 when a mapping logs the certificate on, 1 when none does (or the file is not
      a usable certificate), 2 on usage errors.`;

export interface MatchStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export async function matchCommand(argv: string[], io: MatchStreams = process, now = new Date()): Promise<number> {
  let path: string | undefined;
  let format: 'text' | 'json' = 'text';
  const positional: string[] = [];
  const fail = (message: string) => {
    io.stderr.write(`${message}\n\nUsage:\n${matchUsage}\n`);
    return 2;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(`Usage:\n${matchUsage}\n`);
      return 0;
    }
    if (arg === '--path' || arg.startsWith('--path=')) {
      path = arg.includes('=') ? arg.slice('--path='.length) : argv[++i];
      if (path === undefined) return fail('--path needs a value such as "Default Web Site/App".');
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice('--format='.length) : argv[++i];
      if (value !== 'text' && value !== 'json') return fail(`Unknown format '${value ?? ''}'.`);
      format = value;
    } else if (arg.startsWith('-')) return fail(`Unknown option '${arg}'.`);
    else positional.push(arg);
  }
  const [certificatePath, ...targets] = positional;
  if (!certificatePath) return fail('No certificate file given.');
  if (targets.length === 0) return fail('No configuration file or folder given.');

  const argument = await readCertificateArgument(certificatePath);
  if (!argument.ok) {
    if (argument.missing) return fail(argument.message);
    io.stdout.write(`${argument.message}\n`);
    return 1;
  }
  const read = argument.certificate;

  const files: ConfigFile[] = [];
  for (const target of targets) {
    let targetStat;
    try {
      targetStat = await fs.stat(target);
    } catch {
      return fail(`No such file or folder: ${target}`);
    }
    // From a folder: every host configuration file (by content, whatever its name), and only the
    // web.config at its top, which is the one that can be a site's root; deeper web.config files are
    // applications or folders below it.
    const fromFolder = targetStat.isDirectory();
    for (const { path: configPath, uri, text } of await readConfigTarget(target, targetStat, io)) {
      const file = parseConfigFile(uri, text);
      if (fromFolder && file.kind !== 'applicationHost' && resolve(configPath) !== resolve(target, 'web.config')) continue;
      if (file.configuration) files.push(file);
    }
  }
  if (files.length === 0) return fail('No IIS configuration file (with a <configuration> root) among the given paths.');

  const collected = collectMappingConfiguration(files, path);
  if (!collected.ok) return fail(collected.message);
  const report = matchCertificate(read.leaf, collected.configuration, now);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ notes: read.notes, ...report }, null, 2)}\n`);
  } else {
    for (const note of read.notes) io.stdout.write(`${note}\n`);
    io.stdout.write(`${formatMatchReport(report)}\n`);
  }
  return report.outcome === 'mapped' ? 0 : 1;
}
