import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { findConfigFiles } from '../../server/src/configFiles';

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
});
