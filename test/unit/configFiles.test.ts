import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeLeftOut, expandConfiguredPath, findConfigFiles, indexWorkspaceFolders, readServerFiles, serverFileCandidates } from '../../server/src/configFiles';

describe('workspace indexing', () => {
  test("IIS Express's applicationhost.config under .vs is indexed; build and tool folders are not", async () => {
    const root = mkdtempSync(join(tmpdir(), 'iis-index-'));
    try {
      const files = [
        '.vs/Portal/config/applicationhost.config',
        '.vs/Portal/v17/.suo.config',
        'Portal/web.config',
        'Portal/web.Release.config',
        'node_modules/some-package/web.config',
        'Portal/obj/Debug/web.config',
        'Portal/readme.txt',
      ];
      for (const file of files) {
        mkdirSync(join(root, file, '..'), { recursive: true });
        writeFileSync(join(root, file), '<configuration />');
      }
      const found = await findConfigFiles(root);
      assert.deepEqual(
        found.paths.map((p) => relative(root, p).split('\\').join('/')).sort(),
        ['.vs/Portal/config/applicationhost.config', 'Portal/web.Release.config', 'Portal/web.config'],
      );
      assert.equal(found.truncated, false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('indexing leaves out files above its limit and says which', async () => {
    const root = mkdtempSync(join(tmpdir(), 'iis-index-'));
    try {
      writeFileSync(join(root, 'web.config'), '<configuration />');
      mkdirSync(join(root, 'host'));
      writeFileSync(join(root, 'host', 'applicationHost.config'), `<configuration>${' '.repeat(9 * 1024 * 1024)}</configuration>`);
      const seen: string[] = [];
      const indexed = await indexWorkspaceFolders([pathToFileURL(root).toString()], (uri) => seen.push(uri));
      assert.deepEqual(seen, [pathToFileURL(join(root, 'web.config')).toString()]);
      assert.deepEqual(indexed.leftOut.map((f) => f.path), [join(root, 'host', 'applicationHost.config')]);
      const line = describeLeftOut(indexed);
      assert.match(line ?? '', /^Indexed 1 configuration files; left out 1: .*applicationHost\.config \(9\.0 MB is larger than the 8\.0 MB limit\)/);
      assert.equal(describeLeftOut({ files: 3, leftOut: [], truncated: false }), undefined);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the server\'s own applicationHost.config (iisAuth.applicationHostConfig, --host-config)', () => {
  test('${userHome}, ${env:NAME}, %NAME% and a leading ~ are expanded; unknown variables stay as written', () => {
    const env = { IIS_CONFIG: '/srv/iis', windir: 'C:\\Windows' };
    assert.equal(expandConfiguredPath('${userHome}/Documents/IISExpress/config/applicationhost.config', env, '/home/ana'), '/home/ana/Documents/IISExpress/config/applicationhost.config');
    assert.equal(expandConfiguredPath('~/iis/applicationHost.config', env, '/home/ana'), '/home/ana/iis/applicationHost.config');
    assert.equal(expandConfiguredPath('${env:IIS_CONFIG}/applicationHost.config', env, '/h'), '/srv/iis/applicationHost.config');
    assert.equal(expandConfiguredPath('%WINDIR%\\System32\\inetsrv\\config\\applicationHost.config', env, '/h'), 'C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config');
    assert.equal(expandConfiguredPath('%NOPE%/a.config', env, '/h'), '%NOPE%/a.config');
  });

  test('on Windows IIS\'s and IIS Express\'s files follow the configured ones; elsewhere only the configured ones', () => {
    const env = { windir: 'C:\\Windows', USERPROFILE: 'C:\\Users\\ana' };
    assert.deepEqual(serverFileCandidates({ configured: ['D:\\iis\\applicationHost.config'], env, platform: 'win32', home: 'C:\\Users\\ana' }), [
      { path: 'D:\\iis\\applicationHost.config', configured: true },
      { path: 'C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config', configured: false },
      { path: 'C:\\Users\\ana\\Documents\\IISExpress\\config\\applicationhost.config', configured: false },
    ]);
    assert.deepEqual(serverFileCandidates({ configured: [], env, platform: 'linux', home: '/home/ana' }), []);
  });

  test('only the named files are read; a configured file that cannot be read is named, a missing well-known one is not', async () => {
    const root = mkdtempSync(join(tmpdir(), 'iis-server-'));
    try {
      writeFileSync(join(root, 'applicationHost.config'), '<configuration />');
      writeFileSync(join(root, 'web.config'), '<configuration />');
      const read = await readServerFiles({ configured: [join(root, 'applicationHost.config'), join(root, 'absent.config')], env: { windir: join(root, 'Windows') }, platform: 'win32', home: root });
      assert.deepEqual(read.files.map((f) => f.path), [join(root, 'applicationHost.config')]);
      assert.equal(read.files[0].uri, pathToFileURL(join(root, 'applicationHost.config')).toString());
      assert.deepEqual(read.problems.map((p) => p.split(' (')[0]), [join(root, 'absent.config')]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
