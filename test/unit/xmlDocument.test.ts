import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXmlDocument } from '../../server/src/core/xml/document';
import { parseConfigFile, sectionsNamed } from '../../server/src/core/model/configFile';
import { marked, serviceWith } from '../support/fixtures';

function slice(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

describe('position-true XML', () => {
  test('attribute name and value spans are exact, with either quote style and CRLF', () => {
    const text = '<configuration>\r\n  <location path="Site/App">\r\n    <access  sslFlags = \'Ssl, SslNegotiateCert\' />\r\n  </location>\r\n</configuration>';
    const doc = parseXmlDocument(text);
    const access = doc.root!.element('location')!.element('access')!;
    const flags = access.attribute('sslFlags')!;
    assert.equal(slice(text, flags.nameSpan), 'sslFlags');
    assert.equal(slice(text, flags.valueSpan), 'Ssl, SslNegotiateCert');
    assert.equal(flags.quote, "'");
    assert.deepEqual(doc.lines.rangeOf(flags.valueSpan), { start: { line: 2, character: 25 }, end: { line: 2, character: 46 } });
    assert.equal(slice(text, access.span), "<access  sslFlags = 'Ssl, SslNegotiateCert' />");
    assert.equal(access.selfClosing, true);
  });

  test('element spans cover start to end tag and content lies between', () => {
    const text = '<configuration><location path="A"><x/></location></configuration>';
    const location = parseXmlDocument(text).root!.element('location')!;
    assert.equal(slice(text, location.span), '<location path="A"><x/></location>');
    assert.equal(slice(text, location.contentSpan), '<x/>');
    assert.equal(slice(text, location.nameSpan), 'location');
  });

  test('entities in attribute values are decoded but the raw text is kept', () => {
    const doc = parseXmlDocument('<a userName="DOM&amp;AIN\\u&#65;"/>');
    const attr = doc.root!.attribute('userName')!;
    assert.equal(attr.value, 'DOM&AIN\\uA');
    assert.equal(attr.rawValue, 'DOM&amp;AIN\\u&#65;');
  });

  test('a malformed document reports the error at its position and keeps the well-formed part', () => {
    const { text, ranges } = marked('<configuration>\n  <location path="Site">\n    <access sslFlags="Ssl">\n  [[</location>]]\n</configuration>');
    const doc = parseXmlDocument(text);
    assert.equal(doc.errors.length, 1);
    assert.match(doc.errors[0].message, /^Expected <\/access> before <\/location>: <access> \(line 3\) is not closed\.$/);
    assert.deepEqual(doc.lines.rangeOf(doc.errors[0].span), ranges[0]);
    assert.equal(doc.root!.element('location')!.element('access')!.get('sslFlags'), 'Ssl');
  });

  test('a byte-order mark does not shift positions', () => {
    const text = '\uFEFF<configuration><access sslFlags="Ssl"/></configuration>';
    const attr = parseXmlDocument(text).root!.element('access')!.attribute('sslFlags')!;
    assert.equal(slice(text, attr.valueSpan), 'Ssl');
  });
});

describe('bad input never throws and always says something', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty file', '', /empty/],
    ['whitespace only', '  \n\t ', /empty/],
    ['non-XML text', 'sslFlags = Ssl, SslNegotiateCert', /^Text outside the root element/],
    ['binary bytes', 'MZ\u0000\u0003\u0000\u0000\u00ff\u00fe', /binary/],
    ['truncated document', '<configuration>\n  <system.webServer>\n    <security>\n      <access sslFl', /^The file ends inside the tag <access>/],
    ['unclosed root', '<configuration>\n  <location path="A">\n', /^<location> is never closed/],
    ['attribute without quotes', '<configuration><access sslFlags=Ssl /></configuration>', /^The value of attribute 'sslFlags' must be in quotes/],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => {
      const findings = serviceWith({ 'file:///w/web.config': text }).validate('file:///w/web.config');
      assert.ok(findings.length >= 1, 'expected at least one finding');
      assert.match(findings[0].message, expected);
      assert.equal(findings[0].severity, 'error');
    });
  }

  test('deeply nested elements give a diagnostic, not a stack overflow', () => {
    const depth = 100_000;
    const text = '<configuration>' + '<a>'.repeat(depth) + '</a>'.repeat(depth) + '</configuration>';
    const findings = serviceWith({ 'file:///w/web.config': text }).validate('file:///w/web.config');
    assert.ok(findings.some((f) => f.severity === 'error' && /nested/i.test(f.message)), JSON.stringify(findings.slice(0, 2)));
  });

  test('entity declarations are reported and never expanded', () => {
    const laughs = '<!DOCTYPE configuration [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>';
    const text = `${laughs}<configuration><appSettings><add key="x" value="&c;"/></appSettings></configuration>`;
    const service = serviceWith({ 'file:///w/web.config': text });
    const findings = service.validate('file:///w/web.config');
    assert.ok(findings.some((f) => f.code === 'XML-DOCTYPE'));
    const value = service.workspace.get('file:///w/web.config')!.configuration!.element('appSettings')!.element('add')!.get('value');
    assert.equal(value, '&c;');
  });

  test('a large file with a mismatched end tag deep inside still gets the exact error', () => {
    const filler = '  <location path="S"><system.webServer /></location>\n'.repeat(60_000);
    const { text, ranges } = marked(`<configuration>\n${filler}  <location path="T">\n    <access sslFlags="Ssl">\n  [[</location>]]\n</configuration>`);
    assert.ok(text.length > 2 * 1024 * 1024);
    const findings = serviceWith({ 'file:///w/applicationHost.config': text }).validate('file:///w/applicationHost.config');
    assert.equal(findings[0].code, 'XML-InvalidTag');
    assert.deepEqual(findings[0].range, ranges[0]);
  });

  test('a file above the analysis limit gets one information message', () => {
    const huge = '<configuration>' + ' '.repeat(33 * 1024 * 1024) + '</configuration>';
    const findings = serviceWith({ 'file:///w/applicationHost.config': huge }).validate('file:///w/applicationHost.config');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'information');
    assert.match(findings[0].message, /did not analyse/);
  });
});

describe('configuration model', () => {
  test('sections are found at file level and per location, with declarations and sites', () => {
    const file = parseConfigFile(
      'file:///c/applicationHost.config',
      `<configuration>
  <configSections>
    <sectionGroup name="system.webServer"><sectionGroup name="security">
      <section name="access" overrideModeDefault="Deny" />
    </sectionGroup></sectionGroup>
  </configSections>
  <system.applicationHost><sites>
    <site name="Portal" id="1"><application path="/"/><application path="/App"/>
      <bindings><binding protocol="https" bindingInformation="*:443:" sslFlags="1"/></bindings></site>
  </sites></system.applicationHost>
  <system.webServer><security><access sslFlags="None"/></security></system.webServer>
  <location path="/Portal/App/" overrideMode="Allow">
    <system.webServer><security><authentication><anonymousAuthentication enabled="false"/></authentication></security></system.webServer>
  </location>
</configuration>`,
    );
    assert.equal(file.kind, 'applicationHost');
    assert.equal(file.declarations.get('system.webServer/security/access')?.overrideModeDefault, 'Deny');
    assert.deepEqual(file.scopes.map((s) => s.path), ['', 'Portal/App']);
    assert.equal(file.scopes[1].overrideMode, 'Allow');
    assert.deepEqual(sectionsNamed(file, 'system.webServer/security/access').map((s) => s.scope.path), ['']);
    assert.deepEqual(
      file.scopes[1].sections.map((s) => s.path),
      ['system.webServer/security/authentication/anonymousAuthentication'],
    );
    assert.equal(file.sites[0].name, 'Portal');
    assert.deepEqual(file.sites[0].applications.map((a) => a.path), ['/', '/App']);
    assert.equal(file.sites[0].bindings[0].sslFlags, '1');
  });
});

describe('suppression and severity settings', () => {
  test('iis-auth-disable-next-line silences the next line only, by code', () => {
    const clean = '<!-- iis-auth-disable-next-line XML-DOCTYPE -->\n<!DOCTYPE configuration>\n<configuration/>';
    assert.deepEqual(serviceWith({ 'file:///w/web.config': clean }).validate('file:///w/web.config'), []);
    const other = '<!-- iis-auth-disable-next-line IIS-AUTH-999 -->\n<!DOCTYPE configuration>\n<configuration/>';
    assert.deepEqual(serviceWith({ 'file:///w/web.config': other }).validate('file:///w/web.config').map((f) => f.code), ['XML-DOCTYPE']);
    const twoLinesAbove = '<!-- iis-auth-disable-next-line XML-DOCTYPE -->\n\n<!DOCTYPE configuration>\n<configuration/>';
    assert.deepEqual(serviceWith({ 'file:///w/web.config': twoLinesAbove }).validate('file:///w/web.config').map((f) => f.code), ['XML-DOCTYPE']);
  });

  test('iisAuth.diagnostics.severity changes or turns off a code', () => {
    const text = '<!DOCTYPE configuration>\n<configuration/>';
    const service = serviceWith({ 'file:///w/web.config': text });
    service.configure({ ...service.settings, severity: { 'XML-DOCTYPE': 'hint' } });
    assert.equal(service.validate('file:///w/web.config')[0].severity, 'hint');
    service.configure({ ...service.settings, severity: { 'XML-DOCTYPE': 'off' } });
    assert.deepEqual(service.validate('file:///w/web.config'), []);
  });
});
