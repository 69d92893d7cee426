import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateCommand } from '../../server/src/cli/simulate';
import { createLanguageService } from '../../server/src/core/languageService';
import { certificateCommands, TEST_CERTIFICATE_COMMAND, type SimulateCommandResult, type TestCommandResult, type TestOptions } from '../../server/src/lsp/certificateCommands';
import { pemOf, thumbprintOf } from '../support/pki';
import { apphost, lineOf, simulatorPki, HOST, type SimulatorPki } from '../support/simulatorFixtures';
import { dword, netshDump, netshEntry, regExport, SCHANNEL } from '../support/snapshot';

const NOW = new Date('2026-11-23T12:00:00Z');
let pki: SimulatorPki;
before(async () => {
  pki = await simulatorPki();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out: () => out.join(''), err: () => err.join('') };
}

/** A server folder (inetsrv/config/applicationHost.config) and a client certificate file beside it. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iis-auth-simulate-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const URL = `https://${HOST}/payroll/`;

describe('iis-auth-check simulate', () => {
  test('a mapped certificate: JSON with status 200, steps with file and line, exit 0', async () => {
    const dir = folder({ 'server/inetsrv/config/applicationHost.config': apphost(pki), 'jane.pem': pemOf(pki.client) });
    try {
      const { io, out } = capture();
      const code = await simulateCommand(['--url', URL, '--cert', join(dir, 'jane.pem'), '--format', 'json', join(dir, 'server')], io, NOW);
      const json = JSON.parse(out());
      assert.equal(json.status, '200');
      assert.equal(code, 0);
      const binding = json.steps.find((s: { step: string }) => s.step === 'Site binding');
      assert.match(binding.source.file, /applicationHost\.config$/);
      assert.equal(typeof binding.source.line, 'number');
      // Without a snapshot the server side is the best case, and says so.
      assert.equal(json.bestCase, true);
      assert.ok(json.steps.some((s: { detail: string }) => /HTTP\.sys binding: not in the snapshot/.test(s.detail)));
      assert.ok(!out().includes('[enc:'), 'the mapping password never appears');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('near miss: a certificate the mappings do not hold: 401.2 and exit 1', async () => {
    const dir = folder({ 'server/inetsrv/config/applicationHost.config': apphost(pki), 'other.pem': pemOf(pki.renewedClient) });
    try {
      const { io, out } = capture();
      const code = await simulateCommand([`--url=${URL}`, `--cert=${join(dir, 'other.pem')}`, join(dir, 'server')], io, NOW);
      assert.equal(code, 1);
      assert.match(out(), /^https:\/\/www\.fabrikam\.example\/payroll\/ -> 401\.2/);
      assert.match(out(), /FAIL IIS certificate mapping/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an expired certificate: 403.17 in the text output', async () => {
    const dir = folder({ 'server/inetsrv/config/applicationHost.config': apphost(pki, { mapped: pki.expiredClient }), 'old.pem': pemOf(pki.expiredClient) });
    try {
      const { io, out } = capture();
      assert.equal(await simulateCommand(['--url', URL, '--cert', join(dir, 'old.pem'), join(dir, 'server')], io, NOW), 1);
      assert.match(out(), / -> 403\.17/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a snapshot folder beside the configuration: seed 004 pinpointed at the netsh line, a bad store file named and survived', async () => {
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'Certificate Hash': thumbprintOf(pki.server), 'Negotiate Client Certificate': 'Enabled' }));
    const dir = folder({
      'server/inetsrv/config/applicationHost.config': apphost(pki),
      'server/snapshot/sslcert.txt': netsh,
      'server/snapshot/schannel.reg': regExport({ [SCHANNEL]: [dword('ClientAuthTrustMode', 2)] }),
      'server/snapshot/certificates/Root/root.cer': pemOf(pki.root),
      'server/snapshot/certificates/CA/issuing.cer': pemOf(pki.intermediate),
      'server/snapshot/certificates/My/server.cer': pemOf(pki.server),
      'server/snapshot/certificates/My/server.key': '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n',
      'dana.pem': pemOf(pki.client),
    });
    try {
      const { io, out, err } = capture();
      const code = await simulateCommand(['--url', URL, '--cert', join(dir, 'dana.pem'), '--format', 'json', join(dir, 'server')], io, NOW);
      const json = JSON.parse(out());
      assert.equal(json.status, '403.7');
      assert.equal(code, 1);
      const trust = json.steps.find((s: { step: string }) => s.step === 'Issuer list and trust mode');
      assert.match(trust.source.file, /snapshot\/sslcert\.txt$/);
      assert.equal(trust.source.line, lineOf(netsh, 'Ctl Store Name'));
      assert.match(err(), /server\.key/);
      assert.ok(!err().includes('MIGHAgEA') && !out().includes('MIGHAgEA'), 'no key material in any output');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('usage errors exit 2: no URL, an http URL, a private key as the certificate is exit 1 with its name', async () => {
    const dir = folder({ 'server/inetsrv/config/applicationHost.config': apphost(pki), 'key.pem': '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n' });
    try {
      const first = capture();
      assert.equal(await simulateCommand(['--cert', join(dir, 'key.pem'), join(dir, 'server')], first.io, NOW), 2);
      assert.match(first.err(), /No --url given/);
      const second = capture();
      assert.equal(await simulateCommand(['--url', 'http://www.fabrikam.example/', '--cert', join(dir, 'key.pem'), join(dir, 'server')], second.io, NOW), 1);
      assert.match(second.out(), /private key/);
      assert.ok(!second.out().includes('MIGHAgEA'), 'no key material in the output');
      const third = capture();
      writeFileSync(join(dir, 'jane.pem'), pemOf(pki.client));
      assert.equal(await simulateCommand(['--url', 'http://www.fabrikam.example/', '--cert', join(dir, 'jane.pem'), join(dir, 'server')], third.io, NOW), 2);
      assert.match(third.err(), /not an https URL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(`${TEST_CERTIFICATE_COMMAND} with a URL`, () => {
  test('simulates the request against the workspace\'s configuration and snapshot files, answering in Markdown with links', async () => {
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'Certificate Hash': thumbprintOf(pki.server), 'Negotiate Client Certificate': 'Disabled' }));
    const service = createLanguageService({ settings: { now: NOW } });
    service.workspace.set('file:///srv/iis/config/applicationHost.config', apphost(pki, { siteAccess: 'Ssl', payrollAccess: 'Ssl, SslNegotiateCert, SslRequireCert' }));
    service.workspace.set('file:///srv/snapshot/sslcert.txt', netsh);
    service.workspace.setSnapshotFile({ uri: 'file:///srv/snapshot/certificates/My/server.cer', bytes: pki.server.der });
    const handlers = certificateCommands({ service, textOf: (uri) => service.workspace.text(uri), applyEdit: async () => true });
    const options: TestOptions = { url: URL, fileName: 'dana.pem', certificateUri: 'file:///home/dana/dana.pem' };
    const result = (await handlers[TEST_CERTIFICATE_COMMAND]([Buffer.from(pemOf(pki.client)).toString('base64'), options])) as SimulateCommandResult;
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(result.simulation.status, 'connection reset');
    assert.match(result.markdown, new RegExp(`\\(file:///srv/snapshot/sslcert\\.txt#L${lineOf(netsh, 'Negotiate Client Certificate')}\\)`));
    assert.match(result.text, /-> connection reset/);
  });

  test('near miss: without a URL the command still answers which mapping matches', async () => {
    const service = createLanguageService({ settings: { now: NOW } });
    service.workspace.set('file:///srv/iis/config/applicationHost.config', apphost(pki));
    const handlers = certificateCommands({ service, textOf: (uri) => service.workspace.text(uri), applyEdit: async () => true });
    const result = (await handlers[TEST_CERTIFICATE_COMMAND]([Buffer.from(pemOf(pki.client)).toString('base64'), { path: 'Fabrikam' }])) as TestCommandResult;
    assert.ok(result.ok);
    assert.equal(result.report.outcome, 'mapped');
  });

  test('an http URL is refused with one line', async () => {
    const service = createLanguageService({ settings: { now: NOW } });
    const handlers = certificateCommands({ service, textOf: () => undefined, applyEdit: async () => true });
    const result = (await handlers[TEST_CERTIFICATE_COMMAND]([Buffer.from(pemOf(pki.client)).toString('base64'), { url: 'http://x/' }])) as SimulateCommandResult;
    assert.equal(result.ok, false);
  });
});
