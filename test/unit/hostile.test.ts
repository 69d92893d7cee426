import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeConfigBytes } from '../../server/src/configFiles';
import { parseConfigFile } from '../../server/src/core/model/configFile';
import type { Rule } from '../../server/src/core/rules/rule';
import { validateFile, type RuleFailure } from '../../server/src/core/validation';
import { Workspace } from '../../server/src/core/workspace';
import { serviceWith } from '../support/fixtures';

const CLI = resolve(__dirname, '../../../bin/iis-auth-check.js');

describe('hostile and huge inputs', () => {
  test('an exception inside one rule is reported once by code and the other rules still report', () => {
    const file = parseConfigFile('file:///w/web.config', '<configuration><system.webServer/></configuration>');
    const failing: Rule = { code: 'IIS-AUTH-900', title: 'throws', severity: 'error', docUrl: '', check: () => { throw new Error('boom'); } };
    const working: Rule = {
      code: 'IIS-AUTH-901', title: 'reports', severity: 'warning', docUrl: '',
      check: (context) => context.report({ span: context.file.configuration!.nameSpan, message: 'still here' }),
    };
    const failures: RuleFailure[] = [];
    const findings = validateFile(file, new Workspace(), {}, (f) => failures.push(f), [failing, working]);
    assert.deepEqual(findings.map((f) => f.code), ['IIS-AUTH-901']);
    assert.deepEqual(failures.map((f) => f.code), ['IIS-AUTH-900']);
  });

  test('a 50 MB attribute value gets one information message, not an analysis', () => {
    const text = `<configuration><appSettings><add key="k" value="${'A'.repeat(50 * 1024 * 1024)}"/></appSettings></configuration>`;
    const findings = serviceWith({ 'file:///w/web.config': text }).validate('file:///w/web.config');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'information');
  });

  test('UTF-16 LE and BE, with and without BOM, and UTF-8 with BOM decode to the same text', () => {
    const text = '<configuration>\n  <access sslFlags="Ssl" />\n</configuration>';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const variants = [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      le,
      be,
    ];
    for (const bytes of variants) assert.equal(decodeConfigBytes(bytes), text);
  });

  test('plain ASCII and UTF-8 without a BOM decode the same, from a Buffer or a bare byte array', () => {
    const ascii = '<configuration>\n  <add userName="DOMAIN\\user" />\n</configuration>';
    const utf8 = '<configuration>\n  <site name="Zürich – Büro" />\n</configuration>';
    for (const text of [ascii, utf8]) {
      assert.equal(decodeConfigBytes(Buffer.from(text, 'utf8')), text);
      assert.equal(decodeConfigBytes(new Uint8Array(Buffer.from(text, 'utf8'))), text);
    }
  });

  test('the CLI reports a 200 MB file as not checked (exit 2) and a file of NUL bytes as binary, without crashing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-hostile-'));
    const huge = join(dir, 'huge.config');
    writeFileSync(huge, '');
    truncateSync(huge, 200 * 1024 * 1024); // sparse: costs no disk
    const nul = join(dir, 'nul.config');
    writeFileSync(nul, Buffer.alloc(4096));
    const hugeRun = spawnSync(process.execPath, [CLI, huge], { encoding: 'utf8' });
    assert.match(hugeRun.stderr, /not checked .*huge\.config: 200 MB is larger than the 32 MB limit/);
    assert.equal(hugeRun.status, 2);
    const nulRun = spawnSync(process.execPath, [CLI, '--format', 'json', nul], { encoding: 'utf8' });
    assert.equal(nulRun.status, 1);
    assert.match(JSON.parse(nulRun.stdout)[0].message, /binary/);
  });
});
