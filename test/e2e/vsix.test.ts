import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { before, describe, test } from 'node:test';
import { ensureVsix, repoRoot } from './hosts';

// The .vsix a user installs: built by `npm run package`, read here as the zip it is.

const sizeLimitBytes = 1.5 * 1024 * 1024;

interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  read(): Buffer;
}

/** Lists a zip through its central directory (a .vsix is a plain zip: stored or deflated). */
function readZip(bytes: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'not a zip file: no end-of-central-directory record');
  const count = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(bytes.readUInt32LE(offset), 0x02014b50, 'corrupt central directory');
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localHeader = bytes.readUInt32LE(offset + 42);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({
      name,
      compressedSize,
      size,
      read() {
        const dataStart = localHeader + 30 + bytes.readUInt16LE(localHeader + 26) + bytes.readUInt16LE(localHeader + 28);
        const data = bytes.subarray(dataStart, dataStart + compressedSize);
        return method === 0 ? Buffer.from(data) : inflateRawSync(data);
      },
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('the packaged .vsix', { timeout: 300_000 }, () => {
  let vsixBytes: Buffer;
  let entries: ZipEntry[];
  let names: Set<string>;
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    main: string;
    icon?: string;
    engines: { vscode: string };
    activationEvents?: string[];
    capabilities?: { untrustedWorkspaces?: { supported: boolean | string; description?: string } };
    contributes?: {
      commands?: { command: string }[];
      walkthroughs?: { id: string; steps: { id: string; description: string; media: { markdown?: string; image?: unknown }; completionEvents?: string[] }[] }[];
      grammars?: { path: string }[];
      snippets?: { path: string }[];
      languages?: { configuration?: string }[];
    };
  };

  before(async () => {
    const built = await ensureVsix();
    assert.ok(built.ok, built.ok ? '' : built.reason);
    vsixBytes = readFileSync(built.value);
    entries = readZip(vsixBytes);
    names = new Set(entries.map((e) => e.name));
    const files = entries.filter((e) => e.name.startsWith('extension/'));
    console.log(
      `  [vsix] iis-auth-config.vsix: ${(vsixBytes.length / 1024).toFixed(1)} KiB, ${files.length} files:\n` +
        files.map((e) => `    ${e.name.slice('extension/'.length)} (${(e.size / 1024).toFixed(1)} KiB)`).join('\n'),
    );
  });

  test(`stays under ${sizeLimitBytes / 1024 / 1024} MB`, () => {
    assert.ok(vsixBytes.length < sizeLimitBytes, `${vsixBytes.length} bytes`);
  });

  test('holds the bundled client and server and the manifest', () => {
    for (const name of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js']) {
      assert.ok(names.has(name), `${name} missing`);
    }
    assert.ok(names.has(`extension/${manifest.main.replace(/^\.\//, '')}`), 'the manifest main entry is packaged');
  });

  test('holds every file the manifest points at: icon, grammars, snippets, language configurations', () => {
    const referenced = [
      manifest.icon,
      ...(manifest.contributes?.grammars ?? []).map((g) => g.path),
      ...(manifest.contributes?.snippets ?? []).map((s) => s.path),
      ...(manifest.contributes?.languages ?? []).map((l) => l.configuration),
    ].filter((p): p is string => typeof p === 'string');
    assert.ok(manifest.icon, 'package.json names an icon');
    for (const path of referenced) assert.ok(names.has(`extension/${path.replace(/^\.\//, '')}`), `${path} is referenced by package.json but not packaged`);
    // Grammars and snippets on disk ship too, referenced yet or not.
    for (const folder of ['syntaxes', 'snippets']) {
      const dir = join(repoRoot, folder);
      for (const file of existsSync(dir) ? readdirSync(dir) : []) {
        if (/\.(json|ya?ml|plist)$/.test(file) && !file.endsWith('.ts')) assert.ok(names.has(`extension/${folder}/${file}`), `${folder}/${file} missing`);
      }
    }
  });

  test('holds the README, CHANGELOG and LICENSE', () => {
    // vsce stores them under its own names: readme.md, changelog.md, LICENSE.txt.
    const lower = new Set([...names].map((n) => n.toLowerCase()));
    assert.ok(lower.has('extension/changelog.md'), 'CHANGELOG missing');
    assert.ok(lower.has('extension/license.txt') || lower.has('extension/license'), 'LICENSE missing');
    if (existsSync(join(repoRoot, 'README.md'))) assert.ok(lower.has('extension/readme.md'), 'README missing');
  });

  test('holds no sources, tests, source maps, node_modules or build leftovers', () => {
    const forbidden = [/\.ts$/, /\.map$/, /(^|\/)node_modules\//, /^extension\/(test|out|server|client|scripts|examples|\.e2e-cache|\.vscode-test|test-results)\//, /\.vsix$/, /tsconfig\.json$/];
    const offenders = [...names].filter((name) => forbidden.some((pattern) => pattern.test(name)));
    assert.deepEqual(offenders, []);
  });

  test('bundles are self-contained: they load only Node built-ins and the vscode API', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const bundles = entries.filter((e) => /^extension\/dist\/[^/]+\.js$/.test(e.name));
    assert.ok(bundles.length >= 2);
    for (const bundle of bundles) {
      const name = bundle.name;
      const code = bundle.read().toString('utf8');
      const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
      const external = [...new Set(required)].filter((m) => !builtins.has(m) && !(name.endsWith('client.js') && m === 'vscode'));
      assert.deepEqual(external, [], `${name} requires modules that are not packaged`);
    }
  });

  test('the packaged manifest activates on demand, fits VS Code 1.100 and declares Restricted Mode support', () => {
    const packaged = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8')) as typeof manifest;
    assert.equal(packaged.engines.vscode, '^1.100.0');
    const events = packaged.activationEvents ?? [];
    assert.ok(events.length > 0, 'activation events are declared');
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `activates on every startup: ${events.join(', ')}`);
    assert.ok(events.includes('onLanguage:xml'));
    assert.equal(packaged.capabilities?.untrustedWorkspaces?.supported, true);
  });

  test('the walkthrough: every step links a command the extension contributes, and its media is packaged', () => {
    const contributed = new Set((manifest.contributes?.commands ?? []).map((c) => c.command));
    const walkthroughs = manifest.contributes?.walkthroughs ?? [];
    assert.ok(walkthroughs.length > 0, 'package.json contributes a walkthrough');
    for (const walkthrough of walkthroughs) {
      assert.ok(walkthrough.steps.length >= 4, `${walkthrough.id}: a step for a finding, explain, insert and log summary`);
      for (const step of walkthrough.steps) {
        const linked = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
        assert.ok(linked.length > 0, `${step.id} links no command`);
        for (const command of linked) assert.ok(contributed.has(command), `${step.id} links ${command}, which the extension does not contribute`);
        for (const event of step.completionEvents ?? []) {
          const command = /^onCommand:(.+)$/.exec(event)?.[1];
          if (command) assert.ok(contributed.has(command), `${step.id} completes on ${command}, which the extension does not contribute`);
        }
        const media = step.media.markdown;
        assert.ok(media, `${step.id} has Markdown media`);
        assert.ok(names.has(`extension/${media}`), `${media} is not packaged`);
      }
    }
    assert.ok(names.has('extension/walkthrough/applicationHost.config'), 'the sample the first step opens is packaged');
  });

  test('the README\'s pictures exist, are wide enough to read and stay out of the package', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const pictures = [...readme.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1], path: m[2] }));
    const local = pictures.filter((p) => !/^[a-z]+:/i.test(p.path));
    assert.ok(local.length >= 5, `the README shows ${local.length} pictures; at least 5 expected`);
    for (const picture of local) {
      assert.ok(picture.alt.trim().length > 0, `${picture.path} has no alt text`);
      const file = join(repoRoot, picture.path);
      assert.ok(existsSync(file), `${picture.path} is shown in the README but missing`);
      const png = readFileSync(file);
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${picture.path} is not a PNG`);
      // IHDR: width and height right after the signature and chunk header.
      const width = png.readUInt32BE(16);
      assert.ok(width >= 1200, `${picture.path} is ${width} px wide; at least 1200 expected`);
      assert.ok(!names.has(`extension/${picture.path}`), `${picture.path} is packed: the README links it instead`);
    }
  });
});
