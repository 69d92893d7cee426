import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeLeftOut, findConfigFiles, indexWorkspaceFolders } from '../../server/src/configFiles';

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
