// Bundles client, server and CLI so the .vsix ships no node_modules.
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

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' }),
  // The stamp ties the code cache to this build (bin/loadBundle.js).
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `// build ${randomUUID()}` } }),
]);

// The bundle holds a few non-ASCII characters (in comments of dependencies, in two regular
// expressions), and one is enough for V8 to keep the whole 2 MB source as two-byte text: a slower
// read and a bigger string on every CLI start. Escaped, they mean the same in comments, strings,
// templates and regular expressions alike.
const cli = readFileSync('dist/cli.js', 'utf8');
writeFileSync('dist/cli.js', cli.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

// A production build is packaged elsewhere: the cache would only be refused by another Node.js.
if (!production) writeCodeCache();
