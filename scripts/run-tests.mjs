// Runs every compiled node:test suite; the e2e suites decide for themselves whether a host exists.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...findTests(full));
    else if (name.endsWith('.test.js')) found.push(full);
  }
  return found;
}

const filter = process.argv[2];
const files = findTests('out/test').filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  console.error('no compiled tests found under out/test; run `tsc -p .` first');
  process.exit(1);
}
// The editor-host tests package the .vsix, which rebuilds dist/: do it before any test spawns
// dist/server.js, so that no server starts from a bundle being rewritten.
if (files.some((f) => f.includes(join('out', 'test', 'e2e')))) {
  const { ensureVsix } = await import(pathToFileURL(join(process.cwd(), 'out/test/e2e/hosts.js')).href);
  const built = await ensureVsix();
  if (!built.ok) console.log(`# .vsix not built before the tests: ${built.reason}`);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
