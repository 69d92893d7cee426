// Bundles client, server and CLI so the .vsix ships no node_modules.
import { randomUUID } from 'node:crypto';
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

// A production build is packaged elsewhere: the cache would only be refused by another Node.js.
if (!production) writeCodeCache();
