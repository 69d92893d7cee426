import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type StateStack } from 'vscode-textmate';
import { SEED_000_W3C_LOG } from '../support/iisLogSamples';

// The grammars run through VS Code's own tokenizer (vscode-textmate + vscode-oniguruma), and the
// injection is tested on top of VS Code's real XML grammar, so scope names and priorities are the
// ones an editor sees.

const ROOT = resolve(__dirname, '../../..');
const LOG_SCOPE = 'text.log.iis-w3c';
const INJECTION_SCOPE = 'iis-config.injection';

const grammarFiles: Record<string, string> = {
  [LOG_SCOPE]: join(ROOT, 'syntaxes/iis-w3c-log.tmLanguage.json'),
  [INJECTION_SCOPE]: join(ROOT, 'syntaxes/iis-config-injection.tmLanguage.json'),
  'text.xml': join(ROOT, 'node_modules/tm-grammars/grammars/xml.json'),
};

let logGrammar: IGrammar;
let xmlGrammar: IGrammar;

before(async () => {
  const wasm = readFileSync(join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const injectionContribution = packageJson.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === INJECTION_SCOPE);
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const path = grammarFiles[scopeName];
      return path ? parseRawGrammar(readFileSync(path, 'utf8'), path) : null;
    },
    // What VS Code does with the package.json contribution's injectTo.
    getInjections: (scopeName) => (injectionContribution.injectTo.includes(scopeName) ? [INJECTION_SCOPE] : undefined),
  });
  logGrammar = (await registry.loadGrammar(LOG_SCOPE))!;
  xmlGrammar = (await registry.loadGrammar('text.xml'))!;
});

interface Token {
  text: string;
  scopes: string[];
}

function tokenizeLines(grammar: IGrammar, text: string): Token[][] {
  let state: StateStack = INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** Scopes of the token that is exactly `text` (the nth such token on the line). */
function scopesOf(line: Token[], text: string, nth = 0): string[] {
  const matches = line.filter((t) => t.text === text);
  assert.ok(matches[nth], `no token "${text}" in ${JSON.stringify(line.map((t) => t.text))}`);
  return matches[nth].scopes;
}

/** Scopes of the token that contains `text` (for text no rule claims, which merges with its neighbours). */
function scopesAround(line: Token[], text: string): string[] {
  const token = line.find((t) => t.text.includes(text));
  assert.ok(token, `no "${text}" in ${JSON.stringify(line.map((t) => t.text))}`);
  return token.scopes;
}

function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));
}

function assertScope(line: Token[], text: string, scope: string, nth = 0): void {
  const scopes = scopesOf(line, text, nth);
  assert.ok(hasScope(scopes, scope), `"${text}" has ${JSON.stringify(scopes)}, expected ${scope}`);
}

describe('IIS W3C log grammar', () => {
  test('seed 000 as a real log: every column of the default layout gets its scope', () => {
    const lines = tokenizeLines(logGrammar, SEED_000_W3C_LOG);
    const logon = lines.find((l) => l.some((t) => t.text === '-1073741715'))!;
    assertScope(logon, '2000-01-01', 'constant.numeric.date.iis-w3c-log');
    assertScope(logon, '19:31:05', 'constant.numeric.time.iis-w3c-log');
    assertScope(logon, '10.1.1.5', 'constant.other.ip-address.server.iis-w3c-log');
    assertScope(logon, '192.0.2.20', 'constant.other.ip-address.client.iis-w3c-log');
    assertScope(logon, 'GET', 'keyword.other.method.iis-w3c-log');
    assertScope(logon, '/', 'string.unquoted.uri.stem.iis-w3c-log');
    assertScope(logon, '443', 'constant.numeric.port.iis-w3c-log');
    assertScope(logon, '401', 'markup.deleted.status.client-error.iis-w3c-log');
    assertScope(logon, '1', 'constant.numeric.substatus.iis-w3c-log');
    assertScope(logon, '-1073741715', 'constant.numeric.win32-status.iis-w3c-log');
    assertScope(logon, '2', 'constant.numeric.time-taken.iis-w3c-log');
    // the empty user name and query are placeholders, dimmed
    assertScope(logon, '-', 'comment.other.placeholder.iis-w3c-log');

    const user = lines.find((l) => l.some((t) => t.text === '/HMSLoginController.asp'))!;
    assertScope(user, 'Server\\User', 'variable.other.user-name.iis-w3c-log');
    assertScope(user, '200', 'markup.inserted.status.success.iis-w3c-log');
    assertScope(user, 'https://example.test/EntryBanner.asp', 'string.unquoted.uri.referer.iis-w3c-log');
    assertScope(user, 'Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko', 'string.unquoted.user-agent.iis-w3c-log');

    const redirect = lines.find((l) => l.some((t) => t.text === 'POST'))!;
    assertScope(redirect, '302', 'markup.inserted.status.redirect.iis-w3c-log');
    const serverError = lines.find((l) => l.some((t) => t.text === '500'))!;
    assertScope(serverError, '500', 'invalid.status.server-error.iis-w3c-log');
  });

  test('2xx/3xx, 4xx and 5xx get scopes that differ at the first (theme-visible) segment', () => {
    const lines = tokenizeLines(logGrammar, SEED_000_W3C_LOG);
    const statusScope = (status: string) =>
      scopesOf(lines.find((l) => l.some((t) => t.text === status && t.scopes.some((s) => s.startsWith('meta.status')))!)!, status).at(-1)!.split('.')[0];
    assert.deepEqual([statusScope('200'), statusScope('302'), statusScope('401'), statusScope('500')], ['markup', 'markup', 'markup', 'invalid']);
    assert.notEqual(
      scopesOf(lines.find((l) => l.some((t) => t.text === '401'))!, '401').at(-1),
      scopesOf(lines.find((l) => l.some((t) => t.text === '200'))!, '200').at(-1),
    );
  });

  test('directives: name, value, #Date: date and time, status field names in #Fields:', () => {
    const lines = tokenizeLines(logGrammar, SEED_000_W3C_LOG);
    assertScope(lines[0], 'Software', 'keyword.other.directive.iis-w3c-log');
    assertScope(lines[0], '#', 'punctuation.definition.directive.iis-w3c-log');
    assertScope(lines[0], ' Microsoft Internet Information Services 7.5', 'string.unquoted.directive-value.iis-w3c-log');
    assertScope(lines[2], '2000-01-01', 'constant.numeric.date.iis-w3c-log');
    assertScope(lines[2], '19:30:00', 'constant.numeric.time.iis-w3c-log');
    assertScope(lines[3], 'Fields', 'keyword.other.directive.iis-w3c-log');
    assertScope(lines[3], 'sc-substatus', 'variable.other.field-name.status.iis-w3c-log');
    assertScope(lines[3], 'cs-uri-stem', 'variable.other.field-name.iis-w3c-log');
    assert.ok(!hasScope(scopesOf(lines[3], 'cs-uri-stem'), 'variable.other.field-name.status'));
  });

  test('after a #Fields: with another layout the status triple is found by its shape, not by column', () => {
    const log = [
      '#Fields: date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
      '2026-11-23 08:00:12 W3SVC3 10.0.0.5 GET /Claims/api/status - 443 CONTOSO\\svc-claims 10.0.0.23 HTTP/1.1 curl/8.5.0 claims.contoso.test 403 16 2148204809 1293 312 4',
    ].join('\n');
    const [, entry] = tokenizeLines(logGrammar, log);
    assertScope(entry, '403', 'markup.deleted.status.client-error.iis-w3c-log');
    assertScope(entry, '16', 'constant.numeric.substatus.iis-w3c-log');
    assertScope(entry, '2148204809', 'constant.numeric.win32-status.iis-w3c-log');
    assertScope(entry, '10.0.0.23', 'constant.other.ip-address.iis-w3c-log');
    assertScope(entry, 'CONTOSO\\svc-claims', 'variable.other.user-name.iis-w3c-log');
    assertScope(entry, '/Claims/api/status', 'string.unquoted.uri.stem.iis-w3c-log');
    // the port is not mistaken for a status: it is followed by a user name, not two numbers
    assert.ok(!scopesAround(entry, '443').some((s) => s.includes('status')));
    // sc-bytes after the triple is not a status either
    assert.ok(!scopesAround(entry, '1293').some((s) => s.includes('status')));
  });

  test('a later #Fields: back to the default layout switches back to exact columns', () => {
    const log = [
      '#Fields: time sc-status c-ip',
      '08:00:00 401 10.0.0.1',
      SEED_000_W3C_LOG.split('\r\n')[3],
      '2026-11-23 08:00:07 10.0.0.5 GET /Claims - 443 - 10.0.0.21 claims-agent/1.4 - 401 2 5 31',
    ].join('\n');
    const lines = tokenizeLines(logGrammar, log);
    // first layout has no triple shape: the lone 401 is not coloured as a status by guesswork
    assert.ok(!scopesAround(lines[1], '401').some((s) => s.includes('status')), JSON.stringify(lines[1]));
    assertScope(lines[3], '401', 'markup.deleted.status.client-error.iis-w3c-log');
    assertScope(lines[3], '10.0.0.21', 'constant.other.ip-address.client.iis-w3c-log');
    assertScope(lines[3], 'claims-agent/1.4', 'string.unquoted.user-agent.iis-w3c-log');
  });

  test('lines before any #Fields: are read with the IIS default layout, like the parser does', () => {
    const [entry] = tokenizeLines(logGrammar, '2026-11-23 08:00:09 10.0.0.5 GET /Claims/api/status - 80 - 10.0.0.22 curl/8.5.0 - 403 4 5 2');
    assertScope(entry, '403', 'markup.deleted.status.client-error.iis-w3c-log');
    assertScope(entry, '80', 'constant.numeric.port.iis-w3c-log');
    assertScope(entry, '10.0.0.22', 'constant.other.ip-address.client.iis-w3c-log');
  });

  test('the fixed IIS format (u_in*.log)', () => {
    const [entry] = tokenizeLines(logGrammar, '192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SALES1, 172.21.13.45, 4502, 163, 3223, 503, 0, GET, /DeptLogo.gif, -,');
    assertScope(entry, '192.168.114.201', 'constant.other.ip-address.client.iis-w3c-log');
    assertScope(entry, '03/20/01', 'constant.numeric.date.iis-w3c-log');
    assertScope(entry, '503', 'invalid.status.server-error.iis-w3c-log');
    assertScope(entry, '/DeptLogo.gif', 'string.unquoted.uri.stem.iis-w3c-log');
  });

  test('the e2e fixture log tokenises with a status scope on every entry line', () => {
    const text = readFileSync(join(ROOT, 'test/e2e/fixture/logs/LogFiles/W3SVC3/u_ex261123.log'), 'utf8').trimEnd();
    const lines = tokenizeLines(logGrammar, text).filter((l) => !l[0]?.text.startsWith('#'));
    assert.ok(lines.length >= 5);
    for (const line of lines) assert.ok(line.some((t) => t.scopes.some((s) => s.startsWith('meta.status'))), JSON.stringify(line.map((t) => t.text)));
  });
});

describe('IIS config injection into XML', () => {
  test('sslFlags keywords get their own scopes inside the XML attribute; typos are invalid', () => {
    const [line] = tokenizeLines(xmlGrammar, '<access sslFlags="Ssl, SslNegotiateCert, SslRequireCert, SslRequireCrt" />');
    assertScope(line, 'sslFlags', 'entity.other.attribute-name.ssl-flags.iis-config');
    assertScope(line, 'Ssl', 'constant.language.ssl-flag.iis-config');
    assertScope(line, 'SslNegotiateCert', 'constant.language.ssl-flag.negotiate-certificate.iis-config');
    assertScope(line, 'SslRequireCert', 'constant.language.ssl-flag.require-certificate.iis-config');
    assertScope(line, 'SslRequireCrt', 'invalid.illegal.ssl-flag.iis-config');
    // still a string inside an XML tag, so themes keep colouring it as a value
    assert.ok(hasScope(scopesOf(line, 'Ssl'), 'string.quoted.double.xml'));
    assert.ok(hasScope(scopesOf(line, 'Ssl'), 'meta.tag.xml'));
    assertScope(line, 'access', 'entity.name.tag.localname.xml');
  });

  test("a binding's numeric sslFlags, and single quotes", () => {
    const [binding] = tokenizeLines(xmlGrammar, `<binding protocol="https" bindingInformation="*:443:claims" sslFlags='3' />`);
    assertScope(binding, '3', 'constant.numeric.ssl-flags.iis-config');
    assertScope(binding, 'https', 'string.quoted.double.xml');
  });

  test('[enc:Provider:…:enc] secrets: provider named, ciphertext dimmed', () => {
    const cipher = '57686f6120447564652c2049206c696b65207468697320636f6e666967';
    const [line] = tokenizeLines(xmlGrammar, `<anonymousAuthentication enabled="true" userName="svc" password="[enc:IISWASOnlyCngProvider:${cipher}:enc]" />`);
    assertScope(line, 'IISWASOnlyCngProvider', 'entity.name.type.provider.iis-config');
    assertScope(line, cipher, 'comment.block.ciphertext.iis-config');
    assertScope(line, '[enc:', 'punctuation.definition.secret.begin.iis-config');
    assertScope(line, ':enc]', 'punctuation.definition.secret.end.iis-config');
  });

  test('a long base64 certificate value is dimmed; short values and names are not', () => {
    const cert = 'MIIDdzCCAl+gAwIBAgIQTestCertificateBlobForGrammarTestsOnlyAAAAAAAAAAAAAAAAAAAAAAAA==';
    const [line] = tokenizeLines(xmlGrammar, `<add userName="CONTOSO\\claims" certificate="${cert}" enabled="true" />`);
    assertScope(line, cert, 'comment.block.base64.iis-config');
    assert.ok(hasScope(scopesOf(line, cert), 'string.quoted.double.xml'));
    assert.ok(!scopesOf(line, 'true').some((s) => s.includes('base64')));
  });

  test('inside XML comments nothing is injected', () => {
    const [line] = tokenizeLines(xmlGrammar, '<!-- <access sslFlags="SslRequireCrt" /> -->');
    assert.ok(line.every((t) => !t.scopes.some((s) => s.endsWith('.iis-config'))), JSON.stringify(line));
  });

  test('package.json: log language, config files as XML, both grammars contributed', () => {
    const contributes = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes;
    const log = contributes.languages.find((l: { id: string }) => l.id === 'iis-w3c-log');
    assert.deepEqual(log.filenamePatterns, ['u_ex*.log', 'u_in*.log']);
    assert.match('#Software: Microsoft Internet Information Services 10.0', new RegExp(log.firstLine));
    const xml = contributes.languages.find((l: { id: string }) => l.id === 'xml');
    for (const name of ['web.config', 'applicationHost.config']) assert.ok(xml.filenames.includes(name));
    assert.ok(xml.extensions.includes('.config'));
    assert.ok(xml.filenamePatterns.includes('web.*.config'));
    const logGrammarEntry = contributes.grammars.find((g: { language?: string }) => g.language === 'iis-w3c-log');
    assert.equal(logGrammarEntry.scopeName, LOG_SCOPE);
    const injection = contributes.grammars.find((g: { scopeName: string }) => g.scopeName === INJECTION_SCOPE);
    assert.deepEqual(injection.injectTo, ['text.xml']);
  });
});
