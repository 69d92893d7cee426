// Writes dist/cli.js.codecache (see bin/loadBundle.js): the CLI checks the bundled examples in a fresh
// process, and the bytecode of everything it compiled on the way is saved for later processes.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist/cli.js');
const loader = join(root, 'bin/loadBundle.js');

export function writeCodeCache() {
  const { cacheFileOf } = createRequire(import.meta.url)(loader);
  rmSync(cacheFileOf(bundle), { force: true });
  // The flags bin/iis-auth-check.js sets for a check: V8 refuses a cache made under other flags.
  const record = `const { loadBundle, tuneV8For } = require(${JSON.stringify(loader)});
    const args = [${JSON.stringify(join(root, 'examples'))}];
    tuneV8For(args);
    const loaded = loadBundle(${JSON.stringify(bundle)}, { record: true });
    loaded.exports.main(args).then(() => loaded.saveCodeCache());`;
  const run = spawnSync(process.execPath, ['-e', record], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  // Without a cache the CLI only starts slower: the build does not fail for it.
  if (!existsSync(cacheFileOf(bundle))) process.stderr.write(`code cache not written: ${run.stderr || `exit ${run.status}`}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeCodeCache();
