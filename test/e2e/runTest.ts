import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileSuite, copyFixture, repoRoot, type Found } from './hosts';

// Runs the mocha suite (test/e2e/suite) in a desktop VS Code through @vscode/test-electron.
// VSCODE_EXECUTABLE points at an installed VS Code; otherwise the usual download is tried, which
// fails fast on a machine without access to VS Code's update service.
//
//   node out/test/e2e/runTest.js            (after `tsc -p .` and `npm run build`)
//   VSCODE_EXECUTABLE=/path/to/code node out/test/e2e/runTest.js
// On Linux without a display, wrap it in `xvfb-run -a`.

export async function locateVsCode(): Promise<Found<string>> {
  const configured = process.env.VSCODE_EXECUTABLE;
  if (configured) {
    return existsSync(configured) ? { ok: true, value: configured } : { ok: false, reason: `VSCODE_EXECUTABLE=${configured} does not exist` };
  }
  try {
    const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
    const executable = await downloadAndUnzipVSCode({
      version: process.env.VSCODE_VERSION ?? 'stable',
      cachePath: join(repoRoot, '.vscode-test'),
      timeout: 30_000,
      // The default reporter prints progress lines; a skip should be one line.
      reporter: { report: () => undefined, error: () => undefined },
    });
    return { ok: true, value: executable };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { ok: false, reason: `VS Code is not installed (VSCODE_EXECUTABLE unset) and could not be downloaded: ${message}` };
  }
}

/** Runs the suite against a scratch copy of the fixture workspace; resolves to VS Code's exit code. */
export async function runVsCodeSuite(executable: string): Promise<number> {
  const compiled = compileSuite();
  if (!compiled.ok) throw new Error(compiled.reason);
  const { runTests } = await import('@vscode/test-electron');
  const workspace = copyFixture('iis-e2e-electron-');
  return runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: compiled.value,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
}

if (require.main === module) {
  void (async () => {
    const found = await locateVsCode();
    if (!found.ok) {
      console.log(`e2e (VS Code desktop): skipped, ${found.reason}`);
      return;
    }
    try {
      process.exitCode = await runVsCodeSuite(found.value);
    } catch (error) {
      console.error(error);
      process.exitCode = 1;
    }
  })();
}
