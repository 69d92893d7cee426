import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SCHEMA_SECTIONS, findAttributeSchema, findElementSchema } from '../../server/src/core/knowledge/schema';

// The generated table (scripts/generate-schema.mjs over IIS's schema files) as the rest of the
// extension sees it through knowledge/schema.ts.

describe('generated IIS schema table', () => {
  test('sections of IIS and of its modules (URL Rewrite, ARR, ASP.NET Core Module, WebDAV) and of .NET', () => {
    for (const path of ['system.webServer/httpErrors', 'system.webServer/rewrite/rules', 'system.webServer/aspNetCore', 'webFarms', 'system.webServer/webdav/authoring', 'system.web/customErrors']) {
      assert.equal(findElementSchema(path)?.kind, 'section', path);
    }
    assert.ok(SCHEMA_SECTIONS.length > 120);
  });

  test('collections: add/remove/clear names and key attributes, unique or combined', () => {
    const handlers = findElementSchema('system.webServer/handlers')!.collection!;
    assert.deepEqual([handlers.addElement, handlers.removeElement, handlers.clearElement, handlers.keyKind, handlers.keyAttributes], ['add', 'remove', 'clear', 'unique', ['name']]);
    const authorization = findElementSchema('system.webServer/security/authorization')!.collection!;
    assert.deepEqual([authorization.keyKind, authorization.keyAttributes], ['combined', ['users', 'roles', 'verbs']]);
    const aspnet = findElementSchema('system.web/authorization')!.collection!;
    assert.deepEqual([aspnet.addElements, aspnet.allowDuplicates], [['allow', 'deny'], true]);
    assert.equal(findElementSchema('system.webServer/handlers/remove')?.kind, 'collectionRemove');
  });

  test('attributes: type, default, required, enum and flags numbers, validation, encryption', () => {
    const errorMode = findAttributeSchema('system.webServer/httpErrors', 'errorMode')!;
    assert.deepEqual([errorMode.type, errorMode.default, errorMode.values?.map((v) => [v.name, v.value])], ['enum', 'DetailedLocalOnly', [['DetailedLocalOnly', 0], ['Custom', 1], ['Detailed', 2]]]);
    const accessPolicy = findAttributeSchema('system.webServer/handlers', 'accessPolicy')!;
    assert.equal(accessPolicy.type, 'flags');
    assert.equal(accessPolicy.values?.find((v) => v.name === 'Script')?.value, 512);
    assert.deepEqual(findAttributeSchema('system.applicationHost/applicationPools/add', 'queueLength')?.validation, { kind: 'range', min: 10, max: 65535 });
    const idle = findAttributeSchema('system.applicationHost/applicationPools/add/processModel', 'idleTimeout')!;
    assert.deepEqual([idle.type, idle.validation], ['timeSpan', { kind: 'timeSpanRange', min: 0, max: 2592000, granularity: 60 }]);
    assert.equal(findAttributeSchema('system.webServer/handlers/add', 'name')?.required, true);
    assert.equal(findAttributeSchema('system.applicationHost/applicationPools/add/processModel', 'password')?.secret, true);
  });

  test('allowDefinition and overrideModeDefault from IIS\'s default declarations', () => {
    assert.deepEqual([findElementSchema('system.webServer/globalModules')?.allowDefinition, findElementSchema('system.webServer/globalModules')?.overrideModeDefault], ['AppHostOnly', 'Deny']);
    assert.equal(findElementSchema('system.webServer/modules')?.allowDefinition, 'MachineToApplication');
    assert.deepEqual([findElementSchema('system.webServer/httpErrors')?.allowDefinition, findElementSchema('system.webServer/httpErrors')?.overrideModeDefault], [undefined, 'Allow']);
  });

  test('hand-written knowledge stays on top of the table for the authentication sections', () => {
    const windows = findElementSchema('system.webServer/security/authentication/windowsAuthentication')!;
    assert.match(windows.description, /Integrated Windows authentication/);
    assert.equal(windows.schemaSource, 'IIS_schema.xml');
  });

  const mirror = '/work/.mirror/lextm+iis_schema/repo/.git';
  test('the committed table is what the script generates from the schema files', { skip: existsSync(mirror) ? false : 'no copy of the schema files on this machine' }, () => {
    const root = resolve(__dirname, '../../..');
    const committed = readFileSync(join(root, 'server/src/core/knowledge/generated/iisSchema.ts'), 'utf8');
    const out = join(mkdtempSync(join(tmpdir(), 'iis-schema-')), 'iisSchema.ts');
    execFileSync(process.execPath, [join(root, 'scripts/generate-schema.mjs'), '--git', mirror, '--out', out]);
    assert.equal(readFileSync(out, 'utf8'), committed);
  });
});
