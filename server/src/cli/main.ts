import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findConfigFiles, MAX_NAMED_FILE_BYTES, readConfigPathWithinSync, readServerFiles } from '../configFiles';
import { findSnapshotFiles, readSnapshotPath } from '../snapshotFiles';
import { explainCommand, explainUsage } from './explain';
import { frebCommand, frebUsage } from './freb';
import { logsCommand, logsUsage } from './logs';
import { matchCommand, matchUsage } from './match';
import { simulateCommand, simulateUsage } from './simulate';
import { createLanguageService, type LanguageService } from '../core/languageService';
import { isForeignFile } from '../core/model/fileRole';
import { rules, snapshotRules } from '../core/rules/index';
import type { Finding } from '../core/types';

// iis-auth-check: the analysis core for CI pipelines. Exit 2 on usage errors and when a file could
// not be checked (a pipeline must never pass on a file nobody read), else 1 when any finding is an
// error, 0 otherwise.

type Format = 'text' | 'json' | 'sarif';

const usage = `Usage:
  iis-auth-check [--format text|json|sarif] [--host-config FILE]... [--transform FILE]... <file-or-folder>...
      Checks IIS configuration files (folders: every *.config below them, analysed together,
      so an applicationHost.config informs the web.config files beside it). A folder may also hold
      a server snapshot: \`netsh http show sslcert\` output (*.txt), \`reg export\` files (*.reg)
      and certificates/<StoreName>/ folders, checked with the configuration.
      --host-config FILE: the server's applicationHost.config, for the web.config files that no
      host file among the checked ones governs (read only, not checked itself). On Windows IIS's
      and IIS Express's own applicationHost.config are used as well when present.
      A transform (Web.Release.config, applicationHost.xdt) is checked by what it makes of the
      file beside it; --transform FILE applies FILE to the one web.config or host file named.
${logsUsage}
${frebUsage}
${explainUsage}
${matchUsage}
${simulateUsage}
  iis-auth-check --help

Files up to 32 MB are analysed, whether named or found in a folder.
Exit status: 2 on usage errors or when a file could not be checked (unreadable, larger than 32 MB);
otherwise 1 when a finding has error severity, 0 when none has.`;

class UsageError extends Error {}

/** Subcommands other than the default check; each feature adds its own. */
const subcommands: Record<string, (args: string[]) => Promise<number>> = {};
subcommands.explain = (args) => explainCommand(args);
subcommands.logs = (args) => logsCommand(args);
subcommands.freb = (args) => frebCommand(args);
subcommands.match = (args) => matchCommand(args);
subcommands.simulate = (args) => simulateCommand(args);

export async function main(argv: string[]): Promise<number> {
  try {
    const sub = subcommands[argv[0]];
    if (sub) return await sub(argv.slice(1));
    return await check(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${usage}\n`);
      return 2;
    }
    process.stderr.write(`iis-auth-check: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function check(argv: string[]): Promise<number> {
  let format: Format = 'text';
  const targets: string[] = [];
  const transformPaths: string[] = [];
  const hostConfigs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice('--format='.length) : argv[++i];
      if (value !== 'text' && value !== 'json' && value !== 'sarif') throw new UsageError(`Unknown format '${value ?? ''}'.`);
      format = value;
    } else if (arg === '--transform' || arg.startsWith('--transform=')) {
      const value = arg.includes('=') ? arg.slice('--transform='.length) : argv[++i];
      if (!value) throw new UsageError('--transform needs a transform file (Web.Release.config, applicationHost.xdt).');
      transformPaths.push(value);
      targets.push(value);
    } else if (arg === '--host-config' || arg.startsWith('--host-config=')) {
      const value = arg.includes('=') ? arg.slice('--host-config='.length) : argv[++i];
      if (!value) throw new UsageError('--host-config needs a file.');
      hostConfigs.push(value);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option '${arg}'.`);
    } else {
      targets.push(arg);
    }
  }
  if (targets.length === 0) throw new UsageError('No file or folder given.');

  const service = createLanguageService({
    onRuleFailure: ({ code, error }) =>
      process.stderr.write(`rule ${code} failed and was skipped: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  // Each file is analysed once and the process ends: nothing is kept for an incremental re-analysis.
  service.configure({ ...service.settings, oneShot: true });
  const serverFiles = await readServerFiles({ configured: hostConfigs, env: process.env, platform: process.platform, home: homedir() });
  if (serverFiles.problems.length > 0) throw new UsageError(`--host-config: cannot read ${serverFiles.problems.join(', ')}.`);
  for (const file of serverFiles.files) service.workspace.setServerFile(file.uri, file.text);
  const checked: Array<{ path: string; uri: string; explicit: boolean }> = [];
  let notChecked = 0;
  for (const target of targets) {
    let stat;
    try {
      stat = statSync(target);
    } catch {
      throw new UsageError(`No such file or folder: ${target}`);
    }
    const paths = stat.isDirectory() ? (await findConfigFiles(target)).paths : [target];
    for (const path of paths) {
      const read = readConfigPathWithinSync(path, MAX_NAMED_FILE_BYTES);
      if (read.text === undefined) {
        process.stderr.write(`not checked ${path}: ${read.reason}\n`);
        notChecked++;
        continue;
      }
      const text = read.text;
      const uri = pathToFileURL(resolve(path)).toString();
      service.workspace.set(uri, text);
      checked.push({ path, uri, explicit: !stat.isDirectory() });
    }
    // A folder may hold a server snapshot beside the configuration: netsh and reg output, certificate stores.
    if (stat.isDirectory()) {
      for (const path of (await findSnapshotFiles(target)).paths) {
        const input = await readSnapshotPath(path);
        if (!input) continue;
        service.workspace.setSnapshotFile(input);
        checked.push({ path, uri: input.uri, explicit: false });
      }
    }
  }

  pairTransforms(service, checked, transformPaths);

  const results: Array<{ path: string; finding: Finding }> = [];
  for (const { path, uri, explicit } of checked) {
    const file = service.workspace.get(uri);
    // A *.config found in a folder whose root is not <configuration> belongs to another tool.
    if (!explicit && file && isForeignFile(file)) continue;
    for (const finding of service.validate(uri)) results.push({ path, finding });
  }

  if (format === 'json') process.stdout.write(`${JSON.stringify(results.map(toJson), null, 2)}\n`);
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(results), null, 2)}\n`);
  else writeText(results, checked.length, notChecked, serverFiles.files.map((f) => f.path));

  if (notChecked > 0) return 2;
  return results.some((r) => r.finding.severity === 'error') ? 1 : 0;
}

/**
 * `--transform FILE` applies FILE to the one web.config or host file named beside it on the command
 * line; without one, to the file beside the transform, as folders pair them.
 */
function pairTransforms(service: LanguageService, checked: Array<{ path: string; uri: string; explicit: boolean }>, transformPaths: string[]): void {
  if (transformPaths.length === 0) return;
  const transformUris = new Set(transformPaths.map((path) => pathToFileURL(resolve(path)).toString()));
  const bases = checked.filter(({ uri, explicit }) => {
    const kind = service.workspace.get(uri)?.kind;
    return explicit && !transformUris.has(uri) && (kind === 'web' || kind === 'applicationHost');
  });
  if (bases.length !== 1) return;
  const transformBases = Object.fromEntries([...transformUris].map((uri) => [uri, bases[0].uri]));
  service.configure({ ...service.settings, transformBases });
}

function toJson({ path, finding }: { path: string; finding: Finding }) {
  return { file: path, range: finding.range, severity: finding.severity, code: finding.code, message: finding.message };
}

function writeText(results: Array<{ path: string; finding: Finding }>, fileCount: number, notChecked: number, serverFiles: string[]): void {
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  // Thousands of findings in a large applicationHost.config: written in blocks, not one write per line.
  let block = '';
  for (const { path, finding } of results) {
    counts[finding.severity]++;
    const { line, character } = finding.range.start;
    block += `${path}:${line + 1}:${character + 1}: ${finding.severity} ${finding.code}: ${finding.message}\n`;
    if (block.length > 64 * 1024) {
      process.stdout.write(block);
      block = '';
    }
  }
  if (block) process.stdout.write(block);
  if (serverFiles.length > 0) process.stdout.write(`\nServer configuration for web.config files no checked applicationHost.config governs: ${serverFiles.join(', ')}\n`);
  process.stdout.write(
    `\n${fileCount} file${fileCount === 1 ? '' : 's'} checked: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.information + counts.hint} information.` +
      (notChecked > 0 ? ` ${notChecked} file${notChecked === 1 ? '' : 's'} NOT checked (see above).` : '') +
      '\n',
  );
}

const sarifLevels: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function toSarif(results: Array<{ path: string; finding: Finding }>) {
  const ruleIds = [...new Set(results.map((r) => r.finding.code))].sort();
  const known = new Map<string, { title: string; docUrl?: string }>([...rules, ...snapshotRules].map((r) => [r.code, r]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iis-auth-check',
            informationUri: 'https://github.com/iis-auth-config/iis-auth-config',
            version: '0.2.0',
            rules: ruleIds.map((id) => {
              const rule = known.get(id);
              return {
                id,
                shortDescription: { text: rule?.title ?? (id.startsWith('XML-') ? 'Malformed XML' : id) },
                ...(rule?.docUrl ? { helpUri: rule.docUrl } : {}),
              };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.map(({ path, finding }) => ({
          ruleId: finding.code,
          ruleIndex: ruleIds.indexOf(finding.code),
          level: sarifLevels[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relative(process.cwd(), resolve(path)).split('\\').join('/') },
                region: {
                  startLine: finding.range.start.line + 1,
                  startColumn: finding.range.start.character + 1,
                  endLine: finding.range.end.line + 1,
                  endColumn: finding.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
