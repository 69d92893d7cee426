// Bundles client, server and CLI so the .vsix ships no node_modules (the CLI only in a development
// build: `prepare`, `npm test`, `npm run bench`).
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { writeCodeCache } from './codeCache.mjs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
};

const builds = [
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' }),
];
// A production build is for the .vsix, which ships no CLI (.vscodeignore): it leaves dist/cli.js and
// its code cache as they are, so a CLI running meanwhile (the test suite packages the extension while
// other tests run the CLI) never meets a half-written bundle or a cache of another build.
if (!production) {
  // The stamp ties the code cache to this build (bin/loadBundle.js).
  builds.push(esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `// build ${randomUUID()}` } }));
}
await Promise.all(builds);

if (!production) {
  // The bundle holds a few non-ASCII characters (in comments of dependencies, in two regular
  // expressions), and one is enough for V8 to keep the whole 2 MB source as two-byte text: a slower
  // read and a bigger string on every CLI start. Escaped, they mean the same in comments, strings,
  // templates and regular expressions alike.
  const cli = readFileSync('dist/cli.js', 'utf8');
  writeFileSync('dist/cli.js', cli.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  writeCodeCache();
}
