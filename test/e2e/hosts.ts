import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

// Finds and runs the real editor hosts that scripts/setup-e2e-host.sh installs. Every finder
// returns a reason instead of throwing, so a test can skip with one line when a host is absent,
// or, in CI, fail with that line (see missingHost).

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const fixtureDir = join(repoRoot, 'test', 'e2e', 'fixture');
export const vsixPath = join(repoRoot, 'iis-auth-config.vsix');
export const resultsDir = join(repoRoot, 'test-results');

export type Found<T> = { ok: true; value: T } | { ok: false; reason: string };

/** CI (CI=true, as .ci/run is run) must have every editor host: there a missing one is a failure. */
export function hostsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = (env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * What a suite does when its host is absent (`reason` set): outside CI, one line and a skip; in CI,
 * a test that fails with that line, so a run without editor-host coverage cannot pass. Returns the
 * value for the suite's `skip` option.
 */
export function missingHost(label: string, reason: string | undefined): string | false {
  if (!reason) return false;
  if (hostsRequired()) {
    test(`${label}: the host is installed (required in CI)`, () => {
      assert.fail(`${label}: ${reason}. CI=true requires every editor host; see the [setup-e2e-host] line above.`);
    });
  } else {
    console.log(`${label}: skipped, ${reason}`);
  }
  return reason;
}

export function e2eCacheDir(): string {
  return process.env.E2E_CACHE_DIR ?? join(repoRoot, '.e2e-cache');
}

export function findCodeServer(): Found<string> {
  const entry = join(e2eCacheDir(), 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  // The setup script marks a finished install per Node ABI: its native addons load in no other.
  const ready = readdirSafe(join(e2eCacheDir(), 'code-server')).some((name) => name.startsWith('.ready-') && name.endsWith(`-abi${process.versions.modules}`));
  if (!existsSync(entry) || !ready) {
    return { ok: false, reason: `code-server not installed in ${e2eCacheDir()} (run scripts/setup-e2e-host.sh)` };
  }
  return { ok: true, value: entry };
}

export function findChromium(): Found<string> {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((path) => existsSync(path));
  return found ? { ok: true, value: found } : { ok: false, reason: 'chromium not installed (run scripts/setup-e2e-host.sh)' };
}

export function findExecutable(name: string): Found<string> {
  const result = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = result.stdout.trim();
  return result.status === 0 && path ? { ok: true, value: path } : { ok: false, reason: `${name} not on PATH` };
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** A copy of the fixture workspace, so quick fixes and saves never touch the committed one. */
export function copyFixture(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(fixtureDir, dir, { recursive: true });
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

const vsixInputs = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'images', 'syntaxes', 'snippets', 'walkthrough', 'client/src', 'server/src', 'scripts/build.mjs'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/**
 * `npm run package`, unless the .vsix is newer than everything it is built from. Test files run
 * in parallel processes: a lock directory keeps two of them from rebuilding dist/ at once.
 */
export async function ensureVsix(): Promise<Found<string>> {
  const lock = join(repoRoot, 'out', '.vsix-build.lock');
  mkdirSync(join(repoRoot, 'out'), { recursive: true });
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than the deadline belongs to a run that died.
      if (Date.now() > deadline || Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 240_000) {
        rmSync(lock, { recursive: true, force: true });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    const inputs = Math.max(...vsixInputs.map((p) => newestMtime(join(repoRoot, p))));
    if (existsSync(vsixPath) && statSync(vsixPath).mtimeMs > inputs) return { ok: true, value: vsixPath };
    const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8', timeout: 180_000 });
    if (result.status !== 0 || !existsSync(vsixPath)) {
      const tail = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.trim().split('\n').filter((l) => !/nodedir/.test(l)).slice(-6).join(' | ');
      return { ok: false, reason: `npm run package failed: ${tail}` };
    }
    return { ok: true, value: vsixPath };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Compiles the mocha suite (its own tsconfig: it sees the `vscode` API) and returns its entry. */
export function compileSuite(): Found<string> {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(repoRoot, 'test', 'e2e')], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  const entry = join(repoRoot, 'out', 'test', 'e2e', 'suite', 'index.js');
  if (result.status !== 0 || !existsSync(entry)) return { ok: false, reason: `tsc -p test/e2e failed: ${result.stdout}${result.stderr}` };
  return { ok: true, value: entry };
}

/**
 * The capabilities the bundled language server declares to a client: lets a UI test tell "the
 * server offers no such feature yet" from "the workbench failed to show it".
 */
export async function serverCapabilities(): Promise<Record<string, unknown>> {
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-jsonrpc/node');
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  try {
    const result = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return result.capabilities;
  } finally {
    connection.dispose();
    child.kill();
  }
}

export function fileSize(path: string): number {
  return statSync(path).size;
}

export interface CodeServerInstance {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  process: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/** A fresh user-data and extensions dir for one run: settings that keep dialogs out of the way. */
export function prepareProfile(): { userDataDir: string; extensionsDir: string } {
  const base = mkdtempSync(join(tmpdir(), 'iis-e2e-profile-'));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // Without these a workspace-trust dialog and a welcome page sit on top of every click.
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'editor.hover.delay': 100,
    'extensions.ignoreRecommendations': true,
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return { userDataDir, extensionsDir };
}

function codeServerEnv(userDataDir: string): NodeJS.ProcessEnv {
  // code-server writes a default config (with a generated password) under XDG_CONFIG_HOME.
  return { ...process.env, XDG_CONFIG_HOME: join(userDataDir, 'xdg-config'), XDG_DATA_HOME: join(userDataDir, 'xdg-data') };
}

export function installExtension(entry: string, vsix: string, userDataDir: string, extensionsDir: string): Found<string> {
  const result = spawnSync(
    process.execPath,
    [entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', timeout: 120_000, env: codeServerEnv(userDataDir) },
  );
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    return { ok: false, reason: `code-server --install-extension failed: ${output.trim().split('\n').slice(-3).join(' | ')}` };
  }
  return { ok: true, value: output };
}

export async function startCodeServer(
  entry: string,
  folder: string,
  profile: { userDataDir: string; extensionsDir: string },
  extraEnv: Record<string, string> = {},
): Promise<CodeServerInstance> {
  const port = await freePort();
  let output = '';
  const child = spawn(
    process.execPath,
    [
      entry,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--user-data-dir', profile.userDataDir,
      '--extensions-dir', profile.extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      folder,
    ],
    // Its own process group, so stopping it also ends the extension host and the language server.
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...codeServerEnv(profile.userDataDir), ...extraEnv } },
  );
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}): ${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, port, userDataDir: profile.userDataDir, extensionsDir: profile.extensionsDir, process: child, log: () => output, stop };
}
