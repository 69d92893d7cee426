import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { insertMappingFromCertificate, type InsertMappingRequest, type InsertMappingSuccess } from '../../server/src/core/certificate/insertMapping';
import { collectMappingConfiguration, type MappingConfiguration } from '../../server/src/core/certificate/mappingConfiguration';
import { matchCertificate, matchesCriteria, formatMatchReport } from '../../server/src/core/certificate/matchMappings';
import { readCertificateInput, type ParsedCertificate } from '../../server/src/core/certificate/certificateInput';
import { parseConfigFile } from '../../server/src/core/model/configFile';
import { certificateHover } from '../../server/src/core/hover/certificateHover';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import type { TextEdit } from '../../server/src/core/types';
import { marked, serviceWith, APPHOST_URI, WEB_URI } from '../support/fixtures';

const CERTS = resolve(__dirname, '../../../test/fixtures/certs');
const fileBytes = (name: string) => new Uint8Array(readFileSync(join(CERTS, name)));
const base64Of = (name: string) => Buffer.from(fileBytes(name)).toString('base64');
const NOW = new Date('2026-01-01T00:00:00Z');

/** DER of a self-signed ECDSA certificate with the given extended key usages. */
async function selfSignedWithEku(commonName: string, ekus: string[]): Promise<Uint8Array> {
  const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] });
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: 4242 });
  const name = new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) });
  certificate.subject.typesAndValues.push(name);
  certificate.issuer.typesAndValues.push(name);
  certificate.notBefore.value = new Date('2025-01-01T00:00:00Z');
  certificate.notAfter.value = new Date('2030-01-01T00:00:00Z');
  const eku = new pkijs.ExtKeyUsage({ keyPurposes: ekus });
  certificate.extensions = [new pkijs.Extension({ extnID: '2.5.29.37', critical: false, extnValue: eku.toSchema().toBER(false), parsedValue: eku })];
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  await certificate.sign(keys.privateKey, 'SHA-256', engine);
  return new Uint8Array(certificate.toSchema(true).toBER(false));
}

function certificate(name: string): ParsedCertificate {
  const read = readCertificateInput(fileBytes(name), name);
  assert.ok(read.ok);
  return read.leaf;
}

function apply(text: string, edit: TextEdit): string {
  const lines = new LineIndex(text);
  return text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
}

/** Inserts at the `|` of the marked source; returns the result and the new text. */
function insert(uri: string, source: string, cert: string, kind: InsertMappingRequest['kind'], extra: Partial<InsertMappingRequest> = {}) {
  const { text, cursorOffset } = marked(source);
  const result = insertMappingFromCertificate({ uri, text, offset: cursorOffset ?? text.length, bytes: fileBytes(cert), fileName: cert, kind, now: NOW, ...extra });
  assert.ok(result.ok, result.ok ? '' : result.message);
  return { result: result as InsertMappingSuccess, text: apply(text, result.edit), before: text };
}

const janeOneToOne = (indent: string) =>
  `${indent}<!-- Jane Doe; issued by Contoso Issuing CA 2; valid until 2049-12-31; SHA-1 1552A76105309FFCCF6E91A435F742A4E27F0876 -->\n` +
  `${indent}<add userName="" password="" certificate="${base64Of('client-auth.cer')}" />`;

describe('insertMappingFromCertificate: where the mapping goes', () => {
  test('a drop on an empty line of the right collection inserts exactly there', () => {
    const { result, text } = insert(
      APPHOST_URI,
      `<configuration>
  <location path="Default Web Site">
    <system.webServer>
      <security>
        <authentication>
          <iisClientCertificateMappingAuthentication enabled="true">
            <oneToOneMappings>
              <add userName="CONTOSO\\old" password="[enc:AesProvider:x:enc]" certificate="MIIB" />
|
            </oneToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
      </security>
    </system.webServer>
  </location>
</configuration>
`,
      'client-auth.cer',
      'oneToOne',
    );
    assert.equal(result.atRequestedOffset, true);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.notes, ['Inserted at the drop position.']);
    assert.ok(text.includes(`certificate="MIIB" />\n${janeOneToOne('              ')}\n            </oneToOneMappings>`), text);
  });

  test('a drop inside an existing <add> goes after that entry, not into its attributes', () => {
    const { result, text } = insert(
      WEB_URI,
      `<configuration>
\t<system.webServer>
\t\t<security>
\t\t\t<authentication>
\t\t\t\t<iisClientCertificateMappingAuthentication enabled="true">
\t\t\t\t\t<oneToOneMappings>
\t\t\t\t\t\t<add userName="a" pass|word="" certificate="MIIB" />
\t\t\t\t\t\t<add userName="b" password="" certificate="MIIC" />
\t\t\t\t\t</oneToOneMappings>
\t\t\t\t</iisClientCertificateMappingAuthentication>
\t\t\t</authentication>
\t\t</security>
\t</system.webServer>
</configuration>`,
      'client-auth.cer',
      'oneToOne',
    );
    assert.equal(result.atRequestedOffset, false);
    assert.ok(text.includes(`certificate="MIIB" />\n${janeOneToOne('\t\t\t\t\t\t')}\n\t\t\t\t\t\t<add userName="b"`), text);
  });

  test('a web.config without the section gets the skeleton with its own indentation and the lock warning', () => {
    const { result, text } = insert(
      WEB_URI,
      `<?xml version="1.0" encoding="utf-8"?>\r\n<configuration>\r\n   <system.web>\r\n      <compilation debug="true" />\r\n   </system.web>\r\n</configuration>\r\n|`,
      'smartcard-logon.cer',
      'manyToOne',
    );
    assert.equal(
      text,
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<configuration>',
        '   <system.web>',
        '      <compilation debug="true" />',
        '   </system.web>',
        '   <system.webServer>',
        '      <security>',
        '         <authentication>',
        '            <iisClientCertificateMappingAuthentication enabled="true" manyToOneCertificateMappingsEnabled="true">',
        '               <manyToOneMappings>',
        '                  <!-- DOE.JANE.1234567890; issued by Contoso Issuing CA 2; valid until 2049-12-31; SHA-1 6E9559DB5D9BC6BB7B6A4BF47DDF412D653E24E6 -->',
        '                  <add name="DOE.JANE.1234567890" enabled="true" permissionMode="Allow" userName="" password="">',
        '                     <rules>',
        '                        <add certificateField="Subject" certificateSubField="CN" matchCriteria="DOE.JANE.1234567890" compareCaseSensitive="true" />',
        '                        <add certificateField="Issuer" certificateSubField="O" matchCriteria="Contoso Ltd" compareCaseSensitive="true" />',
        '                     </rules>',
        '                  </add>',
        '               </manyToOneMappings>',
        '            </iisClientCertificateMappingAuthentication>',
        '         </authentication>',
        '      </security>',
        '   </system.webServer>',
        '</configuration>',
        '',
      ].join('\r\n'),
    );
    assert.match(result.warnings.join('\n'), /locked by default \(overrideModeDefault="Deny"\).*500\.19/);
    assert.ok(result.notes.includes('Created the <iisClientCertificateMappingAuthentication> section (enabled, manyToOneCertificateMappingsEnabled).'));
  });

  test('seed 001: a drop inside <location path="Site/App"> goes to the site, with a warning', () => {
    const { result, text } = insert(
      APPHOST_URI,
      `<configuration>
    <location path="Shop">
        <system.webServer>
            <security>
                <access sslFlags="Ssl, SslNegotiateCert" />
            </security>
        </system.webServer>
    </location>
    <location path="Shop/Api">
        <system.webServer>
            |
        </system.webServer>
    </location>
</configuration>`,
      'client-auth.cer',
      'oneToOne',
    );
    assert.match(result.warnings[0], /Dropped inside <location path="Shop\/Api">, below site level .* goes to site 'Shop' instead/);
    const file = parseConfigFile(APPHOST_URI, text);
    const site = file.scopes.find((s) => s.path === 'Shop')!;
    const section = site.sections.find((s) => s.path.endsWith('iisClientCertificateMappingAuthentication'));
    assert.ok(section, text);
    assert.equal(section.element.get('enabled'), 'true');
    assert.equal(section.element.get('oneToOneCertificateMappingsEnabled'), 'true');
    assert.equal(section.element.element('oneToOneMappings')!.elements('add')[0].get('certificate'), base64Of('client-auth.cer'));
    assert.ok(!file.scopes.find((s) => s.path === 'Shop/Api')!.sections.length, 'nothing below site level');
  });

  test('below site level with no site location: a new <location path="Site"> is written before the others', () => {
    const { result, text } = insert(
      APPHOST_URI,
      `<configuration>
  <location path="Shop/Api">
    <system.webServer>|</system.webServer>
  </location>
</configuration>`,
      'client-auth.cer',
      'manyToOne',
    );
    assert.ok(result.notes.some((n) => n.startsWith('Created <location path="Shop">')));
    const file = parseConfigFile(APPHOST_URI, text);
    assert.deepEqual(file.scopes.map((s) => s.path), ['', 'Shop', 'Shop/Api']);
    assert.equal(file.xml.errors.length, 0);
  });

  test('a drop outside any location in applicationHost.config with one site targets that site', () => {
    const { text } = insert(
      APPHOST_URI,
      `<configuration>
  <system.applicationHost>
    <sites>
      <site name="Default Web Site" id="1" />
    </sites>
  </system.applicationHost>|
</configuration>`,
      'client-auth.cer',
      'oneToOne',
    );
    const file = parseConfigFile(APPHOST_URI, text);
    assert.ok(file.scopes.find((s) => s.path === 'Default Web Site')?.sections.some((s) => s.path.endsWith('iisClientCertificateMappingAuthentication')));
  });

  test('with several sites and no site mappings, server level is used and the user is told', () => {
    const { result, text } = insert(
      APPHOST_URI,
      `<configuration>
  <system.applicationHost><sites><site name="A" /><site name="B" /></sites></system.applicationHost>
  <system.webServer>
    <security>
      <authentication>|
      </authentication>
    </security>
  </system.webServer>
</configuration>`,
      'client-auth.cer',
      'oneToOne',
    );
    assert.match(result.warnings.join('\n'), /server level, so it applies to every site/);
    assert.ok(parseConfigFile(APPHOST_URI, text).scopes[0].sections.some((s) => s.path.endsWith('iisClientCertificateMappingAuthentication')));
  });

  test('a self-closing section is opened; its disabled switches are reported, not changed', () => {
    const { result, text } = insert(
      WEB_URI,
      `<configuration>
  <system.webServer>
    <security>
      <authentication>
        <iisClientCertificateMappingAuthentication enabled="false" manyToOneCertificateMappingsEnabled="false" />|
      </authentication>
    </security>
  </system.webServer>
</configuration>`,
      'client-auth.cer',
      'manyToOne',
    );
    assert.ok(text.includes('<iisClientCertificateMappingAuthentication enabled="false" manyToOneCertificateMappingsEnabled="false">\n          <manyToOneMappings>'), text);
    assert.ok(text.includes('          </manyToOneMappings>\n        </iisClientCertificateMappingAuthentication>'), text);
    assert.ok(result.warnings.some((w) => /has enabled="false": the mapping is not used until it is enabled/.test(w)));
    assert.ok(result.warnings.some((w) => /manyToOneCertificateMappingsEnabled is "false"/.test(w)));
  });

  test('an existing mapping name gets a unique one (duplicate keys are 500.19)', () => {
    const { text } = insert(
      WEB_URI,
      `<configuration><system.webServer><security><authentication>
  <iisClientCertificateMappingAuthentication enabled="true">
    <manyToOneMappings>
      <add name="Jane Doe" userName="x" />
      |
    </manyToOneMappings>
  </iisClientCertificateMappingAuthentication>
</authentication></security></system.webServer></configuration>`,
      'client-auth.cer',
      'manyToOne',
    );
    assert.match(text, /<add name="Jane Doe \(2\)" enabled="true" permissionMode="Allow"/);
  });

  test('snippet mode: placeholders for the account and password', () => {
    const { result } = insert(WEB_URI, '<configuration>|</configuration>', 'client-auth.cer', 'oneToOne', { snippet: true });
    assert.equal(result.snippet, true);
    assert.match(result.edit.newText, /<add userName="\$\{1:DOMAIN\\\\user\}" password="\$\{2\}" certificate="MII/);
  });

  test('certificate problems are listed before the insert, which still happens (seed 000, 403.17)', () => {
    const email = insert(WEB_URI, '<configuration>|</configuration>', 'jane-email.cer', 'oneToOne');
    assert.match(email.result.warnings[0], /e-mail certificate \(Secure Email\) without Client Authentication/);
    assert.match(email.result.title, /^One-to-one mapping for Jane Doe \(⚠ 2 warnings\)$/);
    const expired = insert(WEB_URI, '<configuration>|</configuration>', 'expired.cer', 'oneToOne');
    assert.match(expired.result.warnings[0], /403\.17/);
    assert.notEqual(expired.text, expired.before);
  });

  test('each kind of certificate problem is named before the insert: no Client Authentication EKU, a CA, no CRL distribution point', async () => {
    const warningsFor = (cert: string) => insert(WEB_URI, '<configuration>|</configuration>', cert, 'oneToOne').result.warnings.join('\n');
    // A server certificate (Server Authentication only), made here with a throwaway key that is never stored.
    const serverOnly = insertMappingFromCertificate({
      uri: WEB_URI,
      text: '<configuration>\n</configuration>\n',
      offset: 15,
      bytes: await selfSignedWithEku('web01.contoso.test', ['1.3.6.1.5.5.7.3.1']),
      kind: 'oneToOne',
      now: NOW,
    });
    assert.ok(serverOnly.ok);
    assert.match(serverOnly.warnings.join('\n'), /extended key usages \(Server Authentication\) lack Client Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.2\)/);
    // Without an EKU extension Windows allows every purpose: no EKU warning.
    assert.doesNotMatch(warningsFor('no-eku.cer'), /Client Authentication/);
    assert.match(warningsFor('issuing-ca.cer'), /This is a CA certificate \(Basic Constraints: CA\)/);
    assert.match(warningsFor('no-cdp.cer'), /no CRL distribution point \(and no OCSP\)[^\n]*403\.13/);
    assert.match(warningsFor('not-yet-valid.cer'), /not valid before [^\n]*403\.17/);
    assert.doesNotMatch(warningsFor('smartcard-logon.cer'), /EKU|Client Authentication|CA certificate|CRL|403\.17/, 'a good logon certificate only gets the web.config lock note');
  });

  test('a .p7b chain: the leaf is mapped and the note says which', () => {
    const { result, text } = insert(WEB_URI, '<configuration>|</configuration>', 'smartcard-chain.p7b', 'oneToOne');
    assert.match(result.notes[0], /3 certificates; using 'DOE\.JANE\.1234567890'/);
    assert.ok(text.includes(`certificate="${base64Of('smartcard-logon.cer')}"`));
  });
});

describe('insertMappingFromCertificate: nothing is inserted when it must not be', () => {
  const request = (bytes: Uint8Array, text = '<configuration>\n</configuration>\n', extra: Partial<InsertMappingRequest> = {}) =>
    insertMappingFromCertificate({ uri: WEB_URI, text, offset: 16, bytes, kind: 'oneToOne', now: NOW, ...extra });

  test('a file that is not a certificate gives its one-line message', () => {
    const result = request(fileBytes('request.csr'), undefined, { fileName: 'request.csr' });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /^'request\.csr' is a certificate signing request \(CSR\).*Nothing was inserted\.$/);
    assert.equal(request(new Uint8Array(0)).ok, false);
  });

  test('the same certificate mapped twice would be a duplicate key', () => {
    const text = `<configuration><system.webServer><security><authentication><iisClientCertificateMappingAuthentication><oneToOneMappings>\n<add certificate="${base64Of('client-auth.cer')}" />\n</oneToOneMappings></iisClientCertificateMappingAuthentication></authentication></security></system.webServer></configuration>`;
    const result = request(fileBytes('client-auth.cer'), text);
    assert.match(result.ok ? '' : result.message, /already mapped on line 2; a second entry would be a duplicate key \(500\.19\)/);
  });

  test('malformed XML, a document that is not configuration, and a web.config below its site', () => {
    assert.match((request(fileBytes('client-auth.cer'), '<configuration><system.webServer></configuration>') as { message: string }).message, /^Fix the XML first \(line 1/);
    assert.match((request(fileBytes('client-auth.cer'), '<packages />') as { message: string }).message, /not an IIS configuration file/);
    const below = request(fileBytes('client-auth.cer'), undefined, { belowSiteLevel: { site: 'Shop', path: 'Shop/Api' } });
    assert.match((below as { message: string }).message, /belongs to 'Shop\/Api', below site 'Shop'/);
  });
});

function configurationOf(files: Record<string, string>, path?: string): MappingConfiguration {
  const parsed = Object.entries(files).map(([uri, text]) => parseConfigFile(uri, text));
  const result = collectMappingConfiguration(parsed, path);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.configuration;
}

const section = (body: string, attributes = ' enabled="true"') =>
  `<system.webServer><security><authentication><iisClientCertificateMappingAuthentication${attributes}>${body}</iisClientCertificateMappingAuthentication></authentication></security></system.webServer>`;

const rule = (field: string, sub: string, criteria: string, caseSensitive = 'true') =>
  `<add certificateField="${field}" certificateSubField="${sub}" matchCriteria="${criteria}" compareCaseSensitive="${caseSensitive}" />`;

const manyToOne = (name: string, rules: string, extra = '') => `<add name="${name}" userName="CONTOSO\\${name.replace(/\W/g, '')}" password="[enc:AesProvider:x:enc]"${extra}><rules>${rules}</rules></add>`;

describe('matchCertificate', () => {
  test('seed 000: mappings split between applicationHost.config and the site web.config are combined; the logon certificate maps', () => {
    const configuration = configurationOf({
      [APPHOST_URI]: `<configuration><location path="Portal">${section(
        `<manyToOneMappings>${manyToOne('Someone Else', rule('Subject', 'CN', 'DOE.JOHN.1111111111') + rule('Issuer', 'O', 'Contoso Ltd'))}</manyToOneMappings>`,
        ' enabled="true" oneToOneCertificateMappingsEnabled="false"',
      )}</location></configuration>`,
      [WEB_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('Jane', rule('Subject', 'CN', 'DOE.JANE.1234567890') + rule('Issuer', 'O', 'Contoso Ltd'))}</manyToOneMappings>`, '')}</configuration>`,
    });
    assert.equal(configuration.site, 'Portal');
    assert.equal(configuration.manyToOne.length, 2);
    const report = matchCertificate(certificate('smartcard-logon.cer'), configuration, NOW);
    assert.equal(report.outcome, 'mapped');
    assert.equal(report.mapping?.name, 'Jane');
    assert.equal(report.mapping?.userName, 'CONTOSO\\Jane');
    assert.equal(report.mapping?.location.uri, WEB_URI);
    assert.match(report.summary, /^Mapped by the many-to-one mapping 'Jane' at web\.config:1 to 'CONTOSO\\Jane': all 2 rule\(s\) match\.$/);
    assert.ok(!JSON.stringify(report).includes('[enc:'), 'no password in the report');
  });

  test("seed 000: the one-to-one mapping holds the user's e-mail certificate, the logon certificate gets 401.2 and the reason", () => {
    const configuration = configurationOf({
      [WEB_URI]: `<configuration>${section(`<oneToOneMappings><add userName="CONTOSO\\jdoe" password="" certificate="${base64Of('jane-email.cer')}" /></oneToOneMappings>`)}</configuration>`,
    });
    const report = matchCertificate(certificate('client-auth.cer'), configuration, NOW);
    assert.equal(report.outcome, 'no-match');
    assert.equal(report.statusCode, '401.2');
    assert.equal(report.closest?.kind, 'oneToOne');
    assert.match(report.summary, /request ends in 401\.2\. Closest: the one-to-one mapping for 'CONTOSO\\jdoe': it maps another certificate of the same person .*Secure Email; SHA-1 A0F9CE8018C7C7D331B3C9EF8EB6359B5A0E3F21\), not this one \(SHA-1 1552A76105309FFCCF6E91A435F742A4E27F0876\)/);
  });

  test('one-to-one by exact certificate, and before any many-to-one mapping', () => {
    const text = `<configuration>${section(
      `<oneToOneMappings><add userName="CONTOSO\\jane" certificate="${base64Of('client-auth.cer')}" /></oneToOneMappings><manyToOneMappings>${manyToOne('Everyone', rule('Issuer', 'O', 'Contoso Ltd'))}</manyToOneMappings>`,
    )}</configuration>`;
    const configuration = configurationOf({ [WEB_URI]: text });
    const report = matchCertificate(certificate('client-auth.cer'), configuration, NOW);
    assert.equal(report.outcome, 'mapped');
    assert.equal(report.mapping?.kind, 'oneToOne');
    assert.equal(report.mapping?.userName, 'CONTOSO\\jane');
    assert.deepEqual(report.mapping?.location.range.start, { line: 0, character: text.indexOf('<add userName="CONTOSO') });
  });

  test('a one-to-one value with line breaks holds the certificate but never matches: the detail says why', () => {
    const wrapped = base64Of('client-auth.cer').replace(/(.{64})/g, '$1&#xA;');
    const configuration = configurationOf({ [WEB_URI]: `<configuration>${section(`<oneToOneMappings><add userName="u" certificate="${wrapped}" /></oneToOneMappings>`)}</configuration>` });
    const report = matchCertificate(certificate('client-auth.cer'), configuration, NOW);
    assert.equal(report.outcome, 'no-match');
    assert.ok(report.details.some((d) => /holds this certificate, but the certificate value spans several lines/.test(d)), report.details.join('\n'));
  });

  test('no match: the closest many-to-one rule and the field that differed', () => {
    const configuration = configurationOf({
      [WEB_URI]: `<configuration>${section(
        `<manyToOneMappings>${manyToOne('Sales', rule('Subject', 'OU', 'Marketing') + rule('Issuer', 'O', 'Fabrikam'))}${manyToOne('Jane', rule('Subject', 'CN', 'Jane Doe') + rule('Issuer', 'O', 'Contoso'))}</manyToOneMappings>`,
      )}</configuration>`,
    });
    const report = matchCertificate(certificate('client-auth.cer'), configuration, NOW);
    assert.equal(report.outcome, 'no-match');
    assert.equal(report.closest?.name, 'Jane');
    assert.equal(report.closest?.difference?.field, 'Issuer');
    assert.deepEqual(report.closest?.difference?.actual, ['Contoso Ltd']);
    assert.match(report.summary, /Closest: the many-to-one mapping 'Jane': Issuer O is 'Contoso Ltd', the rule expects 'Contoso' \(1 of 2 rules match\)/);
  });

  test('case sensitivity: a difference only in case is named; compareCaseSensitive="false" matches', () => {
    const caseRule = (sensitive: string) =>
      configurationOf({ [WEB_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('Jane', rule('Subject', 'CN', 'jane doe', sensitive))}</manyToOneMappings>`)}</configuration>` });
    const strict = matchCertificate(certificate('client-auth.cer'), caseRule('true'), NOW);
    assert.equal(strict.outcome, 'no-match');
    assert.match(strict.closest!.reason, /differs from 'jane doe' only in case \(compareCaseSensitive is true\)/);
    assert.equal(matchCertificate(certificate('client-auth.cer'), caseRule('false'), NOW).outcome, 'mapped');
  });

  test('wildcards in matchCriteria, several OUs, and sub-field aliases', () => {
    const configuration = configurationOf({
      [WEB_URI]: `<configuration>${section(
        `<manyToOneMappings>${manyToOne('Staff', rule('Subject', 'CN', 'DOE.*') + rule('Subject', 'OU', 'Peo*le') + rule('Issuer', 'CN', '*Issuing CA ?') + rule('Subject', 'c', 'US'))}${manyToOne('Wild', rule('Subject', 'CN', 'DOE.*') + rule('Subject', 'OU', 'Peo*le'))}</manyToOneMappings>`,
      )}</configuration>`,
    });
    const report = matchCertificate(certificate('smartcard-logon.cer'), configuration, NOW);
    assert.equal(report.mapping?.name, 'Wild', '"?" is literal, so the first mapping fails on Issuer CN');
    assert.equal(matchesCriteria('Contoso Issuing CA 2', 'Contoso*CA*', true), true);
    assert.equal(matchesCriteria('Contoso Issuing CA 2', 'Contoso', true), false, 'the whole value must match');
    assert.equal(matchesCriteria('a.b', 'a.b', true), true);
    assert.equal(matchesCriteria('axb', 'a.b', true), false, 'regex characters are literal');
    const st = configurationOf({ [WEB_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('WA', rule('Subject', 'ST', 'Washington') + rule('Subject', 'E', 'jane.doe@*'))}</manyToOneMappings>`)}</configuration>` });
    assert.equal(matchCertificate(certificate('client-auth.cer'), st, NOW).outcome, 'mapped');
  });

  test('Allow and Deny in order: the first mapping whose rules all match decides', () => {
    const denyFirst = configurationOf({
      [WEB_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('Block Sales', rule('Subject', 'OU', 'Sales'), ' permissionMode="Deny"')}${manyToOne('Everyone', rule('Issuer', 'O', 'Contoso Ltd'))}</manyToOneMappings>`)}</configuration>`,
    });
    const denied = matchCertificate(certificate('client-auth.cer'), denyFirst, NOW);
    assert.equal(denied.outcome, 'denied');
    assert.match(denied.summary, /^Refused by the many-to-one mapping 'Block Sales' \(permissionMode="Deny"\)/);
    const allowFirst = configurationOf({
      [WEB_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('Everyone', rule('Issuer', 'O', 'Contoso Ltd'))}${manyToOne('Block Sales', rule('Subject', 'OU', 'Sales'), ' permissionMode="deny"')}</manyToOneMappings>`)}</configuration>`,
    });
    assert.equal(matchCertificate(certificate('client-auth.cer'), allowFirst, NOW).mapping?.name, 'Everyone');
  });

  test('disabled mappings and switched-off collections are skipped and said so', () => {
    const configuration = configurationOf({
      [WEB_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('Off', rule('Issuer', 'O', 'Contoso Ltd'), ' enabled="false"')}</manyToOneMappings>`)}</configuration>`,
    });
    assert.equal(matchCertificate(certificate('client-auth.cer'), configuration, NOW).outcome, 'no-match');
    const switchedOff = configurationOf({
      [WEB_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('All', rule('Issuer', 'O', 'Contoso Ltd'))}</manyToOneMappings>`, ' enabled="true" manyToOneCertificateMappingsEnabled="false"')}</configuration>`,
    });
    const report = matchCertificate(certificate('client-auth.cer'), switchedOff, NOW);
    assert.equal(report.outcome, 'no-match');
    assert.ok(report.details.some((d) => /manyToOneCertificateMappingsEnabled is false for server level: its 1 many-to-one mapping\(s\) are skipped/.test(d)), report.details.join('\n'));
  });

  test('the section switched off: nothing is consulted (401.2)', () => {
    const configuration = configurationOf({ [WEB_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('All', rule('Issuer', 'O', 'Contoso Ltd'))}</manyToOneMappings>`, '')}</configuration>` });
    const report = matchCertificate(certificate('client-auth.cer'), configuration, NOW);
    assert.equal(report.outcome, 'not-enabled');
    assert.equal(report.statusCode, '401.2');
  });

  test('an expired certificate is rejected with 403.17 first, and the report says what would happen once valid', () => {
    const configuration = configurationOf({ [WEB_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('All', rule('Issuer', 'O', 'Contoso Ltd'))}</manyToOneMappings>`)}</configuration>` });
    const report = matchCertificate(certificate('expired.cer'), configuration, NOW);
    assert.equal(report.outcome, 'rejected');
    assert.equal(report.statusCode, '403.17');
    assert.match(report.summary, /^IIS rejects the certificate with 403\.17 before any mapping is tried: it is expired .* Once valid, it would map to 'CONTOSO\\All'\.$/);
  });

  test('seed 001: mappings below site level are ignored and listed; clear and remove work like IIS collections', () => {
    const configuration = configurationOf(
      {
        [APPHOST_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('Server Wide', rule('Issuer', 'O', 'Contoso Ltd'))}${manyToOne('Legacy', rule('Issuer', 'O', 'Contoso Ltd'))}</manyToOneMappings>`, '')}
<location path="Shop">${section(`<manyToOneMappings><remove name="legacy" /></manyToOneMappings>`)}</location>
<location path="Shop/Api">${section(`<manyToOneMappings>${manyToOne('Api', rule('Subject', 'CN', 'Jane Doe'))}</manyToOneMappings>`)}</location>
<location path="Other">${section(`<manyToOneMappings><clear /></manyToOneMappings>`)}</location></configuration>`,
      },
      'Shop/Api',
    );
    assert.equal(configuration.site, 'Shop');
    assert.deepEqual(configuration.manyToOne.map((m) => m.name), ['Server Wide']);
    const report = matchCertificate(certificate('client-auth.cer'), configuration, NOW);
    assert.equal(report.mapping?.name, 'Server Wide');
    assert.match(report.details[0], /^The mappings at applicationHost\.config:3 \(<location path="Shop\/Api">\) are ignored: IIS reads this section only at server and site level\.$/);
    const other = configurationOf({ [APPHOST_URI]: `<configuration>${section(`<manyToOneMappings>${manyToOne('X', rule('Issuer', 'O', 'Contoso Ltd'))}</manyToOneMappings>`)}<location path="Other">${section('<manyToOneMappings><clear /></manyToOneMappings>')}</location></configuration>` }, 'Other');
    assert.deepEqual(other.manyToOne, []);
  });

  test('several sites with mappings and no path: the user is asked to choose', () => {
    const parsed = [parseConfigFile(APPHOST_URI, `<configuration><location path="A">${section('')}</location><location path="B/x">${section('')}</location></configuration>`)];
    const result = collectMappingConfiguration(parsed);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /Several sites configure certificate mappings \(A, B\)/);
  });

  test('an inserted mapping is then found by the matcher (insert and match agree)', () => {
    const { text } = insert(WEB_URI, '<configuration>|</configuration>', 'smartcard-logon.cer', 'manyToOne');
    const report = matchCertificate(certificate('smartcard-logon.cer'), configurationOf({ [WEB_URI]: text }), NOW);
    assert.equal(report.outcome, 'mapped');
    assert.equal(report.mapping?.name, 'DOE.JANE.1234567890');
    assert.equal(matchCertificate(certificate('client-auth.cer'), configurationOf({ [WEB_URI]: text }), NOW).outcome, 'no-match');
    const oneToOne = insert(WEB_URI, '<configuration>|</configuration>', 'client-auth.cer', 'oneToOne').text;
    assert.equal(matchCertificate(certificate('client-auth.cer'), configurationOf({ [WEB_URI]: oneToOne }), NOW).mapping?.kind, 'oneToOne');
  });

  test('the text report names the certificate and the decision', () => {
    const configuration = configurationOf({ [WEB_URI]: `<configuration>${section('')}</configuration>` });
    const text = formatMatchReport(matchCertificate(certificate('jane-email.cer'), configuration, NOW));
    assert.match(text, /^Certificate: E=jane\.doe@contoso\.test, CN=Jane Doe/);
    assert.match(text, /No mapping matches this certificate among the 0 mapping\(s\)/);
    assert.match(text, /! This is an e-mail certificate/);
  });
});

describe('certificate hover', () => {
  const config = (value: string) => `<configuration>
  <system.webServer><security><authentication>
    <iisClientCertificateMappingAuthentication enabled="true">
      <oneToOneMappings>
        <add userName="CONTOSO\\jane" password="secret" certificate="${value}" />
      </oneToOneMappings>
    </iisClientCertificateMappingAuthentication>
  </authentication></security></system.webServer>
</configuration>`;

  test('shows what the Windows certificate dialog shows, on the value range', () => {
    const text = config(base64Of('client-auth.cer'));
    const file = parseConfigFile(WEB_URI, text);
    const start = text.indexOf('certificate="') + 'certificate="'.length;
    const hover = certificateHover(file, start + 40, NOW)!;
    assert.ok(hover);
    assert.deepEqual(hover.range, file.xml.lines.rangeOf({ start, end: start + base64Of('client-auth.cer').length }));
    const md = hover.contents;
    assert.match(md, /^\*\*Client certificate: Jane Doe\*\*/);
    assert.match(md, /\| Subject \| E=jane\.doe@contoso\.test, CN=Jane Doe, OU=Sales, OU=People, O=Contoso Ltd, L=Redmond, S=Washington, C=US \|/);
    assert.match(md, /\| Serial number \| `1003` \|/);
    assert.match(md, /\| Valid \| 2025-01-01 to 2049-12-31: valid until 2049-12-31 \(8765 days left\) \|/);
    assert.match(md, /\| Thumbprint \(SHA-1\) \| `1552A76105309FFCCF6E91A435F742A4E27F0876` \|/);
    assert.match(md, /\| SHA-256 \| `C3638ED79AD301059BE359F9923415E5C3E329C767C28249852F1C75A26EE4F5` \|/);
    assert.match(md, /\| Enhanced key usage \| Client Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.2\) \|/);
    assert.match(md, /\| CRL distribution points \| `http:\/\/pki\.contoso\.test\/crl\/contoso-issuing\.crl`<br>`ldap:/);
    assert.match(md, /\| OCSP \(AIA\) \| `http:\/\/ocsp\.contoso\.test` \|/);
    assert.match(md, /\| Certificate authority \| no \|/);
    assert.ok(!md.includes('secret'), 'never the password');
    assert.ok(!/Error:|Warning:/.test(md));
  });

  test('names the problems: seed 000 e-mail certificate, PEM armour, an elided value', () => {
    const email = config(base64Of('jane-email.cer'));
    const emailHover = certificateHover(parseConfigFile(WEB_URI, email), email.indexOf('certificate="') + 20, NOW)!;
    assert.match(emailHover.contents, /\*\*Warning:\*\* This is an e-mail certificate \(Secure Email\) without Client Authentication/);
    const pem = config(`-----BEGIN CERTIFICATE-----&#xA;${base64Of('no-cdp.cer')}&#xA;-----END CERTIFICATE-----`);
    const pemHover = certificateHover(parseConfigFile(WEB_URI, pem), pem.indexOf('certificate="') + 20, NOW)!;
    assert.match(pemHover.contents, /\*\*Error:\*\* The value still has its PEM armour/);
    assert.match(pemHover.contents, /\*\*Client certificate: No CDP User\*\*/);
    assert.match(pemHover.contents, /\*\*Warning:\*\* The certificate has no CRL distribution point/);
    const elided = config('MIIF...O5U=');
    const elidedHover = certificateHover(parseConfigFile(WEB_URI, elided), elided.indexOf('MIIF'), NOW)!;
    assert.match(elidedHover.contents, /^\*\*Client certificate\*\*\n\n\*\*Error:\*\* The value is shortened/);
  });

  test('key usage, the AIA issuer URL, expired since, and a CA certificate said to be one', () => {
    const hoverOf = (name: string) => {
      const text = config(base64Of(name));
      return certificateHover(parseConfigFile(WEB_URI, text), text.indexOf('certificate="') + 20, NOW)!.contents;
    };
    const client = hoverOf('client-auth.cer');
    assert.match(client, /\| Key usage \| Digital Signature, Key Encipherment \|/);
    assert.match(client, /\| CA issuers \(AIA\) \| `http:\/\/pki\.contoso\.test\/aia\/contoso-issuing\.crt` \|/);
    const expired = hoverOf('expired.cer');
    assert.match(expired, /\| Valid \| 2020-01-01 to 2021-01-01: expired on 2021-01-01 \(1826 days ago\) \|/);
    assert.match(expired, /\*\*Error:\*\* The certificate expired on 2021-01-01 \(1826 days ago\): IIS answers 403\.17/);
    const ca = hoverOf('issuing-ca.cer');
    assert.match(ca, /\| Certificate authority \| yes \(path length 0\) \|/);
    assert.match(ca, /\| Key usage \| Certificate Signing, CRL Signing \|/);
    assert.match(ca, /\*\*Warning:\*\* This is a CA certificate/);
  });

  test('only on the certificate value of a one-to-one mapping', () => {
    const text = config(base64Of('client-auth.cer'));
    const file = parseConfigFile(WEB_URI, text);
    assert.equal(certificateHover(file, text.indexOf('CONTOSO'), NOW), undefined);
    assert.equal(certificateHover(file, text.indexOf('<oneToOneMappings'), NOW), undefined);
  });

  test('the language service answers with it', () => {
    const text = config(base64Of('smartcard-logon.cer'));
    const service = serviceWith({ [WEB_URI]: text });
    const hover = service.hover(WEB_URI, parseConfigFile(WEB_URI, text).xml.lines.positionAt(text.indexOf('certificate="') + 30));
    assert.match(hover?.contents ?? '', /Smart Card Logon \(1\.3\.6\.1\.4\.1\.311\.20\.2\.2\)/);
    assert.match(hover?.contents ?? '', /Principal Name=1234567890@mil\.contoso\.test/);
  });
});
