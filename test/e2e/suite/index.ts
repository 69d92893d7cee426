import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point VS Code calls through `extensionTestsPath`. Besides the usual console report it
 * writes a JSON summary to IIS_E2E_RESULTS when set: a host that cannot hand back an exit code
 * (code-server's browser-driven extension host) is read through that file instead.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  const grep = process.env.IIS_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const name of readdirSync(__dirname).sort()) {
    if (name.endsWith('.e2e.js')) mocha.addFile(join(__dirname, name));
  }
  const results: { title: string; state: string; error?: string; durationMs?: number }[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('fail', (test, error: Error) => results.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? String(error) }));
    runner.on('pending', (test) => results.push({ title: test.fullTitle(), state: 'pending' }));
  });
  const out = process.env.IIS_E2E_RESULTS;
  if (out) writeFileSync(out, JSON.stringify({ failures, results }, null, 2));
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
