import { promises as fs } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readCertificateArgument } from './certificateArgument';
import { readConfigTarget } from './configuration';
import { findSnapshotFiles, readSnapshotPath } from '../snapshotFiles';
import { createLanguageService } from '../core/languageService';
import { formatSimulationText, simulationToJson } from '../core/simulator/formatSimulation';
import { simulateRequest } from '../core/simulator/simulateRequest';
import type { SnapshotFileInput } from '../core/snapshot/index';

// `iis-auth-check simulate --url <https-url> --cert <file> <folder>…`: what IIS answers that
// certificate at that URL, and why — the same walk as the editor's "Test a certificate against the
// mappings…" when it is given a URL.

export const simulateUsage = `  iis-auth-check simulate --url <https-url> --cert <certificate-file> [--format text|json] <folder>...
      Walks an https request with a client certificate as HTTP.sys, SChannel and IIS would: site
      binding, HTTP.sys binding, server certificate, how the certificate is asked for (handshake,
      renegotiation, TLS 1.3), issuer list and trust mode, the client chain, the sslFlags access
      check, authentication (which mapping IIS reads and which matches). Prints the status IIS
      would log (200, 401.2, 403.7, 403.13, 403.16, 403.17, 500.19 …, or "connection reset") with
      the file and line each step rests on; what the folders do not show is named as a risk.
      Exit status: 0 when the answer is 200, 1 for any other answer or an unusable certificate,
      2 on usage errors.`;

export interface SimulateStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export async function simulateCommand(argv: string[], io: SimulateStreams = process, now = new Date()): Promise<number> {
  let url: string | undefined;
  let certificatePath: string | undefined;
  let format: 'text' | 'json' = 'text';
  const folders: string[] = [];
  const fail = (message: string) => {
    io.stderr.write(`${message}\n\nUsage:\n${simulateUsage}\n`);
    return 2;
  };
  const optionValue = (arg: string, name: string, i: number): [string | undefined, number] =>
    arg.includes('=') ? [arg.slice(name.length + 1), i] : [argv[i + 1], i + 1];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(`Usage:\n${simulateUsage}\n`);
      return 0;
    }
    if (arg === '--url' || arg.startsWith('--url=')) {
      [url, i] = optionValue(arg, '--url', i);
      if (!url) return fail('--url needs an https URL such as https://www.contoso.com/payroll/.');
    } else if (arg === '--cert' || arg.startsWith('--cert=')) {
      [certificatePath, i] = optionValue(arg, '--cert', i);
      if (!certificatePath) return fail('--cert needs a certificate file (.cer, .crt, .der, .pem, .p7b).');
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      let value: string | undefined;
      [value, i] = optionValue(arg, '--format', i);
      if (value !== 'text' && value !== 'json') return fail(`Unknown format '${value ?? ''}'.`);
      format = value;
    } else if (arg.startsWith('-')) return fail(`Unknown option '${arg}'.`);
    else folders.push(arg);
  }
  if (!url) return fail('No --url given.');
  if (!certificatePath) return fail('No --cert given.');
  if (folders.length === 0) return fail('No folder given.');

  const argument = await readCertificateArgument(certificatePath);
  if (!argument.ok) {
    if (argument.missing) return fail(argument.message);
    io.stdout.write(`${argument.message}\n`);
    return 1;
  }
  const certificate = argument.certificate;

  const service = createLanguageService();
  for (const folder of folders) {
    let folderStat;
    try {
      folderStat = await fs.stat(folder);
    } catch {
      return fail(`No such file or folder: ${folder}`);
    }
    for (const { uri, text } of await readConfigTarget(folder, folderStat, io)) service.workspace.set(uri, text);
    if (folderStat.isDirectory()) for (const input of await readSnapshotInputs(folder)) service.workspace.setSnapshotFile(input);
  }
  // A snapshot file that cannot be used is named; the request is still simulated with the rest.
  for (const problem of service.workspace.snapshot().problems) io.stderr.write(`${displayPath(problem.uri)}: ${problem.message}\n`);

  const result = simulateRequest({
    url,
    certificate,
    certificateUri: pathToFileURL(resolve(certificatePath)).toString(),
    workspace: service.workspace,
    now,
  });
  if (!result.ok) return fail(result.message);
  if (format === 'json') io.stdout.write(`${JSON.stringify(simulationToJson(result.simulation, displayPath), null, 2)}\n`);
  else io.stdout.write(`${formatSimulationText(result.simulation, displayPath)}\n`);
  return result.simulation.status === '200' ? 0 : 1;
}

function displayPath(uri: string): string {
  try {
    return relative(process.cwd(), fileURLToPath(uri)).split('\\').join('/') || basename(fileURLToPath(uri));
  } catch {
    return uri;
  }
}

async function readSnapshotInputs(folder: string): Promise<SnapshotFileInput[]> {
  const inputs: SnapshotFileInput[] = [];
  for (const path of (await findSnapshotFiles(folder)).paths) {
    const input = await readSnapshotPath(resolve(path));
    if (input) inputs.push(input);
  }
  return inputs;
}
