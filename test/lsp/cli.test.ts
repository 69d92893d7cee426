import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../../bin/iis-auth-check.js');

function run(args: string[], cwd?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function fixtureFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iis-auth-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const malformed = '<configuration>\n  <system.webServer>\n    <access sslFlags="Ssl">\n  </system.webServer>\n</configuration>\n';
const clean = '<?xml version="1.0"?>\n<configuration>\n  <appSettings />\n</configuration>\n';

const lockedWeb = `<configuration>
  <system.webServer><security><authentication>
    <anonymousAuthentication enabled="false" />
    <windowsAuthentication enabled="true" />
  </authentication></security></system.webServer>
</configuration>
`;

function serverHost(mode: 'Allow' | 'Deny'): string {
  return `<configuration>
  <configSections>
    <sectionGroup name="system.applicationHost"><section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" /></sectionGroup>
    <sectionGroup name="system.webServer"><sectionGroup name="security"><sectionGroup name="authentication">
      <section name="anonymousAuthentication" overrideModeDefault="${mode}" />
      <section name="windowsAuthentication" overrideModeDefault="${mode}" />
    </sectionGroup></sectionGroup></sectionGroup>
  </configSections>
  <system.applicationHost><sites>
    <site name="Portal" id="1"><application path="/"><virtualDirectory path="/" physicalPath="D:\\Sites\\Portal" /></application></site>
  </sites></system.applicationHost>
</configuration>
`;
}

describe('iis-auth-check --host-config: the server file governs the web.config files no checked host file governs', () => {
  test('without it, one information per file saying the finding depends on the server; exit 0', () => {
    const dir = fixtureFolder({ 'Portal/web.config': lockedWeb });
    const { code, stdout } = run([dir]);
    assert.equal(code, 0, stdout);
    const lines = stdout.split('\n').filter((l) => l.includes('IIS-AUTH-002'));
    assert.equal(lines.length, 1, stdout);
    assert.match(lines[0], /web\.config:3:6: information IIS-AUTH-002: Depends on the server/);
  });

  test('a server file that unlocks the sections: nothing; one that locks them: an error per section naming the file, exit 1', () => {
    const dir = fixtureFolder({ 'Portal/web.config': lockedWeb, 'server/allow.config': serverHost('Allow'), 'server/deny.config': serverHost('Deny') });
    const site = join(dir, 'Portal');
    const unlocked = run(['--host-config', join(dir, 'server/allow.config'), site]);
    assert.equal(unlocked.code, 0, unlocked.stdout);
    assert.doesNotMatch(unlocked.stdout, /IIS-AUTH-002/);
    assert.match(unlocked.stdout, /Server configuration for web\.config files no checked applicationHost\.config governs: .*allow\.config/);
    const locked = run([`--host-config=${join(dir, 'server/deny.config')}`, site]);
    assert.equal(locked.code, 1, locked.stdout);
    const errors = locked.stdout.split('\n').filter((l) => / error IIS-AUTH-002: The server's .*deny\.config declares <(anonymous|windows)Authentication>/.test(l));
    assert.equal(errors.length, 2, locked.stdout);
    assert.doesNotMatch(locked.stdout, /deny\.config:\d+/, 'the server file itself is not checked');
    assert.equal(run(['--host-config', join(dir, 'missing.config'), site]).code, 2);
  });
});

describe('iis-auth-check', () => {
  test('exit status is 1 with an error finding, 0 without, 2 on usage errors', () => {
    const dir = fixtureFolder({ 'bad/web.config': malformed, 'good/web.config': clean });
    assert.equal(run([join(dir, 'bad')]).code, 1);
    assert.equal(run([join(dir, 'good')]).code, 0);
    assert.equal(run([]).code, 2);
    assert.equal(run(['--format', 'xml', dir]).code, 2);
    assert.equal(run([join(dir, 'missing')]).code, 2);
  });

  test('--format json prints 0-based LSP ranges with file, severity, code and message', () => {
    const dir = fixtureFolder({ 'web.config': malformed });
    const { stdout } = run(['--format', 'json', join(dir, 'web.config')]);
    // The XML error, then what the cut-off document shows (<access> outside <security>).
    const findings = JSON.parse(stdout);
    assert.deepEqual(findings.map((f: { code: string }) => f.code), [findings[0].code, 'IIS-AUTH-015']);
    assert.equal(findings[0].file, join(dir, 'web.config'));
    assert.equal(findings[0].severity, 'error');
    assert.match(findings[0].code, /^XML-/);
    assert.deepEqual(findings[0].range.start, { line: 3, character: 2 });
  });

  test('--format sarif prints SARIF 2.1.0 with 1-based regions and rule metadata', () => {
    const dir = fixtureFolder({ 'site/web.config': malformed });
    const { stdout } = run(['--format', 'sarif', 'site'], dir);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const [runResult] = sarif.runs;
    assert.equal(runResult.tool.driver.name, 'iis-auth-check');
    const result = runResult.results[0];
    assert.equal(result.level, 'error');
    assert.equal(runResult.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'site/web.config');
    assert.deepEqual(
      [result.locations[0].physicalLocation.region.startLine, result.locations[0].physicalLocation.region.startColumn],
      [4, 3],
    );
  });

  test('UTF-16 files with a BOM are read with the right positions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-cli-'));
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(malformed, 'utf16le')]);
    writeFileSync(join(dir, 'web.config'), bytes);
    const findings = JSON.parse(run(['--format', 'json', join(dir, 'web.config')]).stdout);
    assert.deepEqual(findings[0].range.start, { line: 3, character: 2 });
  });

  test('a folder is analysed together and unrelated *.config files are skipped', () => {
    const dir = fixtureFolder({ 'web.config': clean, 'packages.config': '<packages><package id="x"/></packages>' });
    const { code, stdout } = run([dir]);
    assert.equal(code, 0);
    assert.match(stdout, /2 files checked: 0 error\(s\), 0 warning\(s\), \d+ information\.\n/, 'the summary names severities as each finding line does');
  });

  test('a named file above the indexing limit is analysed; one above the analysis limit is reported and exits 2', () => {
    // 9 MB of comment around one invalid sslFlags: the finding proves the whole file was read.
    const padding = `<!-- ${'x'.repeat(9 * 1024 * 1024)} -->`;
    const large = `<configuration>\n${padding}\n<system.webServer><security><access sslFlags="Sll" /></security></system.webServer>\n</configuration>\n`;
    const dir = fixtureFolder({ 'big/web.config': large, 'huge/web.config': '' });
    truncateSync(join(dir, 'huge', 'web.config'), 33 * 1024 * 1024); // sparse: costs no disk
    const named = run([join(dir, 'big', 'web.config')]);
    assert.equal(named.code, 1);
    assert.match(named.stdout, /web\.config:3:\d+: error IIS-AUTH-003/);
    assert.match(named.stdout, /1 file checked: 1 error/);

    const tooLarge = run([join(dir, 'huge', 'web.config'), join(dir, 'big', 'web.config')]);
    assert.equal(tooLarge.code, 2);
    assert.match(tooLarge.stderr, /not checked .*huge.web\.config: 33 MB is larger than the 32 MB limit/);
    assert.match(tooLarge.stdout, /1 file checked: 1 error.*1 file NOT checked/);
  });
  test('a folder pairs Web.Release.config with its Web.config; --transform FILE names the file a transform applies to', () => {
    const web = '<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n        <anonymousAuthentication enabled="false" />\n        <windowsAuthentication enabled="true" />\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>\n';
    const removeWindows = '<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">\n  <system.webServer><security><authentication>\n    <windowsAuthentication xdt:Transform="Remove" />\n  </authentication></security></system.webServer>\n</configuration>\n';
    const dir = fixtureFolder({ 'site/Web.config': web, 'site/Web.Release.config': removeWindows, 'transforms/Web.Staging.config': removeWindows });
    const folder = JSON.parse(run(['--format', 'json', join(dir, 'site')]).stdout) as Array<{ file: string; code: string; range: { start: { line: number } }; message: string }>;
    const onTransform = folder.filter((f) => f.file.endsWith('Web.Release.config'));
    assert.deepEqual(onTransform.map((f) => [f.code, f.range.start.line]), [['IIS-AUTH-005', 2]]);
    assert.match(onTransform[0].message, /^In Web\.config after this transform/);

    // Not beside it: only --transform pairs the staging transform with the site's Web.config.
    const alone = JSON.parse(run(['--format', 'json', join(dir, 'transforms', 'Web.Staging.config')]).stdout);
    assert.deepEqual(alone, []);
    const named = JSON.parse(run(['--format', 'json', '--transform', join(dir, 'transforms', 'Web.Staging.config'), join(dir, 'site', 'Web.config')]).stdout) as typeof folder;
    assert.deepEqual(named.filter((f) => f.file.endsWith('Web.Staging.config')).map((f) => f.code), ['IIS-AUTH-005']);
    assert.equal(run(['--transform']).code, 2);
  });
});
