import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { matchCommand } from '../../server/src/cli/match';
import { certificateCommands, INSERT_MAPPING_COMMAND, TEST_CERTIFICATE_COMMAND, type InsertCommandResult, type TestCommandResult } from '../../server/src/lsp/certificateCommands';
import { createLanguageService } from '../../server/src/core/languageService';
import type { TextEdit } from '../../server/src/core/types';

const CERTS = resolve(__dirname, '../../../test/fixtures/certs');
const cert = (name: string) => join(CERTS, name);
const base64Of = (name: string) => readFileSync(cert(name)).toString('base64');
const NOW = new Date('2026-01-01T00:00:00Z');
const DOC_SAMPLES = resolve(__dirname, '../../../../shared/corpus/iis-docs-samples');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out: () => out.join(''), err: () => err.join('') };
}

const section = (body: string) =>
  `<system.webServer><security><authentication><iisClientCertificateMappingAuthentication enabled="true">${body}</iisClientCertificateMappingAuthentication></authentication></security></system.webServer>`;
const janeRules = `<manyToOneMappings><add name="Jane" userName="CONTOSO\\jane" password="[enc:AesProvider:x:enc]"><rules><add certificateField="Subject" certificateSubField="CN" matchCriteria="DOE.JANE.1234567890" /><add certificateField="Issuer" certificateSubField="O" matchCriteria="Contoso Ltd" /></rules></add></manyToOneMappings>`;

function workspaceFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iis-auth-match-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('iis-auth-check match', () => {
  test('a matching certificate exits 0 and names the mapping and account', async () => {
    const dir = workspaceFolder({ 'inetsrv/config/applicationHost.config': `<configuration><location path="Portal">${section(janeRules)}</location></configuration>` });
    try {
      const { io, out } = capture();
      assert.equal(await matchCommand([cert('smartcard-logon.cer'), dir], io, NOW), 0);
      assert.match(out(), /^Certificate: CN=DOE\.JANE\.1234567890, OU=People, OU=PKI, O=Contoso Ltd, C=US\n/);
      assert.match(out(), /Mapped by the many-to-one mapping 'Jane' at applicationHost\.config:1 to 'CONTOSO\\jane': all 2 rule\(s\) match\./);
      assert.ok(!out().includes('[enc:'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no match exits 1 with 401.2 and the closest rule; --format json carries the same decision', async () => {
    const dir = workspaceFolder({ 'applicationHost.config': `<configuration><location path="Portal">${section(janeRules)}</location></configuration>` });
    try {
      const text = capture();
      assert.equal(await matchCommand([cert('client-auth.cer'), join(dir, 'applicationHost.config')], text.io, NOW), 1);
      assert.match(text.out(), /ends in 401\.2\. Closest: the many-to-one mapping 'Jane': Subject CN is 'Jane Doe', the rule expects 'DOE\.JANE\.1234567890' \(1 of 2 rules match\)/);
      const json = capture();
      assert.equal(await matchCommand(['--format', 'json', cert('client-auth.cer'), dir], json.io, NOW), 1);
      const parsed = JSON.parse(json.out());
      assert.equal(parsed.outcome, 'no-match');
      assert.equal(parsed.closest.name, 'Jane');
      assert.equal(parsed.certificate.thumbprintSha1, '1552A76105309FFCCF6E91A435F742A4E27F0876');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--path chooses the site; without it, several sites are a usage error that lists them', async () => {
    const dir = workspaceFolder({
      'applicationHost.config': `<configuration><location path="Portal">${section(janeRules)}</location><location path="Intranet">${section('<manyToOneMappings><clear /></manyToOneMappings>')}</location></configuration>`,
    });
    try {
      const ambiguous = capture();
      assert.equal(await matchCommand([cert('smartcard-logon.cer'), dir], ambiguous.io, NOW), 2);
      assert.match(ambiguous.err(), /Several sites configure certificate mappings \(Portal, Intranet\)/);
      assert.equal(await matchCommand(['--path', 'Portal/App', cert('smartcard-logon.cer'), dir], capture().io, NOW), 0);
      assert.equal(await matchCommand(['--path=Intranet', cert('smartcard-logon.cer'), dir], capture().io, NOW), 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a folder contributes its applicationHost.config and only its top web.config', async () => {
    const dir = workspaceFolder({
      'web.config': `<configuration>${section(janeRules)}</configuration>`,
      'App/web.config': `<configuration>${section('<manyToOneMappings><clear /></manyToOneMappings>')}</configuration>`,
    });
    try {
      const { io, out } = capture();
      assert.equal(await matchCommand([cert('smartcard-logon.cer'), dir], io, NOW), 0);
      assert.match(out(), /web\.config is read as the site's root web\.config/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('files that are not certificates exit 1 with their one-line message; a huge file is not read', async () => {
    const dir = workspaceFolder({ 'web.config': '<configuration />', 'huge.cer': '' });
    try {
      const csr = capture();
      assert.equal(await matchCommand([cert('request.csr'), dir], csr.io, NOW), 1);
      assert.equal(csr.out(), "'request.csr' is a certificate signing request (CSR), not a certificate: use the certificate the CA issued for it.\n");
      writeFileSync(join(dir, 'huge.cer'), Buffer.alloc(20 * 1024 * 1024));
      const huge = capture();
      assert.equal(await matchCommand([join(dir, 'huge.cer'), dir], huge.io, NOW), 1);
      assert.match(huge.out(), /'huge\.cer' is 20\.0 MB; a certificate is a few KB, so it was not read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('usage errors exit 2', async () => {
    assert.equal(await matchCommand([], capture().io, NOW), 2);
    assert.equal(await matchCommand([cert('client-auth.cer')], capture().io, NOW), 2);
    assert.equal(await matchCommand(['--bogus', cert('client-auth.cer'), CERTS], capture().io, NOW), 2);
    assert.equal(await matchCommand([cert('client-auth.cer'), join(CERTS, 'missing')], capture().io, NOW), 2);
  });

  test('against the IIS documentation sample (Subject O = Contoso, case sensitive)', { skip: !existsSync(DOC_SAMPLES) && 'the shared corpus is not present' }, async () => {
    const sample = join(DOC_SAMPLES, 'system.webServer-security-authentication-iisClientCertificateMappingAuthentication-manyToOneMappings-sample1.xml');
    if (!existsSync(sample)) return;
    const dir = workspaceFolder({ 'applicationHost.config': `<configuration>${readFileSync(sample, 'utf8')}</configuration>` });
    try {
      const { io, out } = capture();
      assert.equal(await matchCommand([cert('client-auth.cer'), dir], io, NOW), 1);
      assert.match(out(), /Closest: the many-to-one mapping 'Contoso Employees': Subject O is 'Contoso Ltd', the rule expects 'Contoso'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('workspace/executeCommand handlers', () => {
  const WEB = 'file:///srv/portal/web.config';
  const HOST = 'file:///srv/iis/config/applicationHost.config';

  function host(files: Record<string, string>) {
    const service = createLanguageService({ settings: { now: NOW } });
    for (const [uri, text] of Object.entries(files)) service.workspace.set(uri, text);
    const applied: Array<{ uri: string; edit: TextEdit; label: string }> = [];
    const handlers = certificateCommands({
      service,
      textOf: (uri) => service.workspace.text(uri),
      applyEdit: async (uri, edit, label) => {
        applied.push({ uri, edit, label });
        return true;
      },
    });
    return { handlers, applied };
  }

  test(`${INSERT_MAPPING_COMMAND} applies the edit for other editors, or returns it with snippets for VS Code`, async () => {
    const { handlers, applied } = host({ [WEB]: '<configuration>\n</configuration>\n' });
    const position = { line: 0, character: 15 };
    const result = (await handlers[INSERT_MAPPING_COMMAND]([WEB, position, base64Of('client-auth.cer'), 'oneToOne', { fileName: 'client-auth.cer', snippet: true }])) as InsertCommandResult;
    assert.ok(result.ok);
    assert.equal(result.applied, true);
    assert.equal(result.snippet, false, 'an applied edit is plain text');
    assert.equal(applied.length, 1);
    assert.equal(applied[0].label, 'One-to-one mapping for Jane Doe (⚠ 1 warning)');
    assert.ok(applied[0].edit.newText.includes(`certificate="${base64Of('client-auth.cer')}"`));

    const returned = (await handlers[INSERT_MAPPING_COMMAND]([WEB, position, base64Of('client-auth.cer'), 'manyToOne', { snippet: true, apply: false }])) as InsertCommandResult;
    assert.ok(returned.ok);
    assert.equal(returned.applied, undefined);
    assert.equal(applied.length, 1, 'not applied');
    assert.match(returned.edit.newText, /userName="\$\{1:DOMAIN\\\\user\}"/);
  });

  test(`${INSERT_MAPPING_COMMAND} refuses bad arguments and non-certificates without touching the document`, async () => {
    const { handlers, applied } = host({ [WEB]: '<configuration />' });
    const bad = (await handlers[INSERT_MAPPING_COMMAND]([WEB, { line: 0 }, '', 'oneToOne'])) as InsertCommandResult;
    assert.match(bad.ok ? '' : bad.message, /expects \(uri, position, base64 bytes/);
    const key = (await handlers[INSERT_MAPPING_COMMAND]([WEB, { line: 0, character: 0 }, Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n').toString('base64'), 'oneToOne', { fileName: 'a.key' }])) as InsertCommandResult;
    assert.match(key.ok ? '' : key.message, /^'a\.key' holds a private key/);
    const huge = (await handlers[INSERT_MAPPING_COMMAND]([WEB, { line: 0, character: 0 }, 'A'.repeat(2 * 1024 * 1024), 'oneToOne'])) as InsertCommandResult;
    assert.match(huge.ok ? '' : huge.message, /larger than 1 MB/);
    const unknown = (await handlers[INSERT_MAPPING_COMMAND](['file:///nowhere/web.config', { line: 0, character: 0 }, base64Of('client-auth.cer'), 'oneToOne'])) as InsertCommandResult;
    assert.match(unknown.ok ? '' : unknown.message, /is not open or indexed/);
    assert.equal(applied.length, 0);
  });

  test(`${INSERT_MAPPING_COMMAND} never writes below site level: an application's web.config is refused, the site's root web.config gets it`, async () => {
    // The fixture workspace: site "Portal" (D:\\Sites\\Portal) with the application /Api (D:\\Sites\\Portal\\Api).
    const root = resolve(__dirname, '../../../test/fixtures/intellisense-workspace');
    const uriOf = (relative: string) => `file:///work/fixture/${relative}`;
    const files = Object.fromEntries(
      ['config/applicationHost.config', 'Portal/web.config', 'Portal/Api/web.config'].map((relative) => [uriOf(relative), readFileSync(join(root, relative), 'utf8')]),
    );
    const { handlers, applied } = host(files);
    const api = uriOf('Portal/Api/web.config');
    const refused = (await handlers[INSERT_MAPPING_COMMAND]([api, { line: 4, character: 0 }, base64Of('smartcard-logon.cer'), 'manyToOne'])) as InsertCommandResult;
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.message, /belongs to 'Portal\/Api', below site 'Portal': IIS reads certificate mappings only at server and site level/);
    assert.equal(applied.length, 0, 'the application web.config is left unchanged');

    const site = uriOf('Portal/web.config');
    const accepted = (await handlers[INSERT_MAPPING_COMMAND]([site, { line: 4, character: 0 }, base64Of('smartcard-logon.cer'), 'manyToOne', { apply: false }])) as InsertCommandResult;
    assert.ok(accepted.ok, accepted.ok ? '' : accepted.message);
    assert.match(accepted.edit.newText, /<iisClientCertificateMappingAuthentication enabled="true" manyToOneCertificateMappingsEnabled="true">/);
    assert.equal(applied.length, 0, 'apply: false only returns the edit');
  });

  test(`${TEST_CERTIFICATE_COMMAND} evaluates against applicationHost.config and the open web.config`, async () => {
    const { handlers } = host({
      [HOST]: `<configuration><location path="Portal">${section('<oneToOneMappings />')}</location></configuration>`,
      [WEB]: `<configuration>${section(janeRules)}</configuration>`,
    });
    const result = (await handlers[TEST_CERTIFICATE_COMMAND]([base64Of('smartcard-chain.p7b'), { uri: WEB, fileName: 'smartcard-chain.p7b' }])) as TestCommandResult;
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(result.report.outcome, 'mapped');
    assert.equal(result.report.mapping?.location.uri, WEB);
    assert.match(result.text, /^The file holds 3 certificates; using 'DOE\.JANE\.1234567890'/);
    const withoutWeb = (await handlers[TEST_CERTIFICATE_COMMAND]([base64Of('smartcard-logon.cer'), {}])) as TestCommandResult;
    assert.ok(withoutWeb.ok);
    assert.equal(withoutWeb.report.outcome, 'no-match');
  });

  test(`${TEST_CERTIFICATE_COMMAND} lists the sites to choose from when the path is ambiguous`, async () => {
    const { handlers } = host({ [HOST]: `<configuration><location path="A">${section('')}</location><location path="B">${section('')}</location></configuration>` });
    const result = (await handlers[TEST_CERTIFICATE_COMMAND]([base64Of('client-auth.cer'), {}])) as TestCommandResult;
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? [] : result.sites, ['A', 'B']);
    const chosen = (await handlers[TEST_CERTIFICATE_COMMAND]([base64Of('client-auth.cer'), { path: 'B' }])) as TestCommandResult;
    assert.ok(chosen.ok);
  });
});
