import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The CLI loads its bundle with the V8 code cache the build writes (bin/loadBundle.js). A cache that
// does not belong to the bundle, or that V8 refuses, must never change what the CLI answers.

const root = resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cacheFileOf } = require(join(root, 'bin/loadBundle.js')) as { cacheFileOf(bundle: string): string };

// A sub-application mapping (IIS-AUTH-001) and an unknown attribute on an authentication section (IIS-AUTH-011): findings from the rules, not only the parser.
const host = `<configuration>
  <system.applicationHost><sites>
    <site name="Shop" id="1"><application path="/"><virtualDirectory path="/" physicalPath="C:\\shop" /></application>
      <application path="/Api"><virtualDirectory path="/" physicalPath="C:\\shop\\api" /></application></site>
  </sites></system.applicationHost>
  <location path="Shop/Api">
    <system.webServer><security><authentication>
      <iisClientCertificateMappingAuthentication enabled="true" colour="blue" />
    </authentication></security></system.webServer>
  </location>
</configuration>
`;

/** A copy of bin/ and dist/cli.js in a fresh folder, so each test can spoil its own cache. */
function installedCopy(): { dir: string; bundle: string; cli: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'iis-auth-codecache-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  for (const name of ['iis-auth-check.js', 'loadBundle.js']) copyFileSync(join(root, 'bin', name), join(dir, 'bin', name));
  const bundle = join(dir, 'dist/cli.js');
  copyFileSync(join(root, 'dist/cli.js'), bundle);
  copyFileSync(cacheFileOf(join(root, 'dist/cli.js')), cacheFileOf(bundle));
  const config = join(dir, 'applicationHost.config');
  writeFileSync(config, host);
  return { dir, bundle, cli: join(dir, 'bin/iis-auth-check.js'), config };
}

/** Whether V8 took the bundle's cache in a process set up as a check is. */
function loadedInChild(bundle: string): boolean {
  const script = `const { loadBundle, tuneV8For } = require(${JSON.stringify(join(root, 'bin/loadBundle.js'))});
    tuneV8For([]);
    process.stdout.write(String(loadBundle(${JSON.stringify(bundle)}).usedCodeCache));`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout === 'true';
}

function check(cli: string, config: string) {
  const run = spawnSync(process.execPath, [cli, config], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('CLI code cache', () => {
  test('the build leaves a cache that V8 takes for the bundle, under the flags a check runs with', () => {
    const probe = (args: string[]) =>
      spawnSync(
        process.execPath,
        ['-e', `const { loadBundle, tuneV8For } = require(${JSON.stringify(join(root, 'bin/loadBundle.js'))});
          const cache = tuneV8For(${JSON.stringify(args)});
          const loaded = loadBundle(${JSON.stringify(join(root, 'dist/cli.js'))}, { cache });
          process.stdout.write(JSON.stringify({ used: loaded.usedCodeCache, main: typeof loaded.exports.main }));`],
        { encoding: 'utf8' },
      ).stdout;
    assert.deepEqual(JSON.parse(probe(['applicationHost.config'])), { used: true, main: 'function' });
    // A log summary keeps V8's defaults, and with them no cache.
    assert.deepEqual(JSON.parse(probe(['logs', 'u_ex240101.log'])), { used: false, main: 'function' });
  });

  test('a cache made for another build is not used, and the answer is the same', () => {
    const copy = installedCopy();
    const reference = check(join(root, 'bin/iis-auth-check.js'), copy.config);
    assert.match(reference.stdout, /IIS-AUTH-001/);
    assert.match(reference.stdout, /IIS-AUTH-011/);
    // A rebuild beside the old cache: another stamp on the first line, the same length.
    const bundle = readFileSync(copy.bundle, 'latin1');
    writeFileSync(copy.bundle, bundle.replace(/^\/\/ build [0-9a-f]/, (stamp) => stamp.slice(0, -1) + (stamp.endsWith('0') ? '1' : '0')), 'latin1');
    assert.equal(loadedInChild(copy.bundle), false);
    const answer = check(copy.cli, copy.config);
    assert.equal(answer.code, reference.code);
    assert.equal(answer.stdout, reference.stdout);
  });

  test('a bundle changed after the build keeps its stamp, and V8 refuses the cache for it', () => {
    const copy = installedCopy();
    appendFileSync(copy.bundle, '\n// edited\n');
    assert.equal(loadedInChild(copy.bundle), false);
    assert.match(check(copy.cli, copy.config).stdout, /IIS-AUTH-001/);
  });

  test('a damaged cache is refused by V8 and the CLI still answers in full', () => {
    const copy = installedCopy();
    const cache = readFileSync(cacheFileOf(copy.bundle));
    // The stamp still matches; the bytecode behind it is noise.
    for (let i = cache.indexOf(10) + 1; i < cache.length; i += 7) cache[i] ^= 0x5a;
    writeFileSync(cacheFileOf(copy.bundle), cache);
    assert.equal(loadedInChild(copy.bundle), false);
    const answer = check(copy.cli, copy.config);
    assert.equal(answer.code, 1, answer.stderr);
    assert.match(answer.stdout, /IIS-AUTH-001/);
    assert.match(answer.stdout, /IIS-AUTH-011/);
    assert.match(answer.stdout, /1 file checked: /);
  });

  test('a missing cache only means a slower start', () => {
    const copy = installedCopy();
    writeFileSync(cacheFileOf(copy.bundle), '');
    const answer = check(copy.cli, copy.config);
    assert.equal(answer.code, 1, answer.stderr);
    assert.match(answer.stdout, /IIS-AUTH-001/);
  });
});
