import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APPHOST_URI, marked, serviceWith, type MarkedText } from '../support/fixtures';

// applicationHost.config in /srv/iis/config; the site "Shop" serves C:\inetpub\site (= /srv/site here),
// its application /App serves C:\inetpub\site\App.
const SITE_WEB = 'file:///srv/site/web.config';
const APP_WEB = 'file:///srv/site/App/web.config';

const appHost = marked(`<configuration>
  <configSections>
    <sectionGroup name="system.webServer">
      <sectionGroup name="security">
        <sectionGroup name="authentication">
          <section name="anonymousAuthentication" overrideModeDefault="Deny" />
          [[<section name="basicAuthentication" overrideModeDefault="Deny" />]]
          <section name="iisClientCertificateMappingAuthentication" overrideModeDefault="Deny" />
          [[<section name="windowsAuthentication" overrideModeDefault="Deny" />]]
        </sectionGroup>
      </sectionGroup>
    </sectionGroup>
  </configSections>
  <system.applicationHost>
    <sites>
      <site name="Shop" id="1">
        <application path="/">
          <virtualDirectory path="/" physicalPath="C:\\inetpub\\site" />
        </application>
        <application path="/App">
          <virtualDirectory path="/" physicalPath="C:\\inetpub\\site\\App" />
        </application>
      </site>
    </sites>
  </system.applicationHost>
  [[<location path="Shop" overrideMode="Allow">]]
    <system.webServer>
      <security>
        <authentication>
          <windowsAuthentication enabled="false" />
          [[<iisClientCertificateMappingAuthentication enabled="true">]]
            <manyToOneMappings>
              <add name="[[Everyone at Contoso]]" userName="shop" password="[enc:AesProvider:c2hvcA:enc]">
                <rules>
                  <add certificateField="Issuer" certificateSubField="O" matchCriteria="Contoso" />
                </rules>
              </add>
            </manyToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
      </security>
    </system.webServer>
  </location>
</configuration>`);
const [BASIC_DECLARATION, WINDOWS_DECLARATION, SHOP_LOCATION, SITE_MAPPING_SECTION, SITE_MAPPING_NAME] = appHost.ranges;

function at(doc: MarkedText) {
  return doc.cursor!;
}

describe('go to definition: from a section to what unlocks or locks it', () => {
  test('a section a location unlocks leads to that <location> and to the section declaration', () => {
    const web = marked('<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n        <windows|Authentication enabled="true" />\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>');
    const service = serviceWith({ [APPHOST_URI]: appHost.text, [SITE_WEB]: web.text });
    assert.deepEqual(service.definition(SITE_WEB, at(web)), [
      { uri: APPHOST_URI, range: SHOP_LOCATION },
      { uri: APPHOST_URI, range: WINDOWS_DECLARATION },
    ]);
  });

  test('a section nothing unlocks leads to the declaration that locks it', () => {
    const web = marked('<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n        <basicAuthentication |enabled="true" />\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>');
    const service = serviceWith({ [APPHOST_URI]: appHost.text, [SITE_WEB]: web.text });
    assert.deepEqual(service.definition(SITE_WEB, at(web)), [{ uri: APPHOST_URI, range: BASIC_DECLARATION }]);
  });

  test('certificate mappings set in an application lead also to the site-level section IIS reads instead', () => {
    const web = marked('<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n        <iisClient|CertificateMappingAuthentication enabled="true" />\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>');
    const service = serviceWith({ [APPHOST_URI]: appHost.text, [APP_WEB]: web.text });
    const targets = service.definition(APP_WEB, at(web));
    assert.deepEqual(targets[targets.length - 1], { uri: APPHOST_URI, range: SITE_MAPPING_SECTION });
  });

  test('inside the section (not on its start tag), and without an applicationHost.config, there is nothing to go to', () => {
    const web = marked('<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n        <windowsAuthentication enabled="true">\n          <providers>|</providers>\n        </windowsAuthentication>\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>');
    assert.deepEqual(serviceWith({ [APPHOST_URI]: appHost.text, [SITE_WEB]: web.text }).definition(SITE_WEB, at(web)), []);
    const alone = marked('<configuration><system.webServer><security><authentication><windows|Authentication enabled="true" /></authentication></security></system.webServer></configuration>');
    assert.deepEqual(serviceWith({ [SITE_WEB]: alone.text }).definition(SITE_WEB, at(alone)), []);
  });
});

describe('find references', () => {
  const siteWeb = marked('<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n        <[[windowsAuthentication]] enabled="true" />\n        <[[basicAuthentication]] enabled="true" />\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>');
  const [SITE_WINDOWS, SITE_BASIC] = siteWeb.ranges;

  test('from a <location>: the web.config sections it unlocks', () => {
    const service = serviceWith({ [APPHOST_URI]: appHost.text, [SITE_WEB]: siteWeb.text });
    const position = { line: SHOP_LOCATION.start.line, character: SHOP_LOCATION.start.character + 3 };
    assert.deepEqual(service.references(APPHOST_URI, position, false), [{ uri: SITE_WEB, range: SITE_WINDOWS }]);
  });

  test('from a declaration: every instance of its section', () => {
    const service = serviceWith({ [APPHOST_URI]: appHost.text, [SITE_WEB]: siteWeb.text });
    const position = { line: BASIC_DECLARATION.start.line, character: BASIC_DECLARATION.start.character + 2 };
    assert.deepEqual(service.references(APPHOST_URI, position, false), [{ uri: SITE_WEB, range: SITE_BASIC }]);
  });

  test('from a many-to-one mapping: the diagnostics about it and the mapping of the same name in another file', () => {
    const web = marked(`<configuration>
  <system.webServer>
    <security>
      <authentication>
        <iisClientCertificateMappingAuthentication enabled="true">
          <manyToOneMappings>
            <add name="Everyone at Contoso" userName="shop" password="plain-text-secret">
            </add>
            <add name="[[Auditors]]" userName="audit" password="[enc:AesProvider:YQ:enc]">
              <rules>
                <add certificateField="Subject" certificateSubField="OU" matchCriteria="Audit" />
              </rules>
            </add>
          </manyToOneMappings>
        </iisClientCertificateMappingAuthentication>
      </authentication>
    </security>
  </system.webServer>
</configuration>`);
    const service = serviceWith({ [APPHOST_URI]: appHost.text, [SITE_WEB]: web.text });
    const mappingLine = web.text.split('\n').findIndex((l) => l.includes('Everyone at Contoso'));
    const found = service.references(SITE_WEB, { line: mappingLine, character: 20 }, false);
    const findings = service.validate(SITE_WEB).filter((f) => f.range.start.line >= mappingLine && f.range.end.line <= mappingLine + 1);
    assert.ok(findings.some((f) => f.code === 'IIS-AUTH-009'), 'the clear-text password is reported');
    assert.ok(findings.some((f) => f.code === 'IIS-AUTH-012'), 'the mapping without rules is reported');
    for (const finding of findings) assert.ok(found.some((l) => l.uri === SITE_WEB && JSON.stringify(l.range) === JSON.stringify(finding.range)), finding.code);
    assert.ok(found.some((l) => l.uri === APPHOST_URI && JSON.stringify(l.range) === JSON.stringify(SITE_MAPPING_NAME)));
    assert.ok(!found.some((l) => l.uri === SITE_WEB && l.range.start.line === web.ranges[0].start.line), 'the other mapping is not mentioned');
  });
});

describe('go to definition: from a diagnostic to the many-to-one mappings it is about', () => {
  test('from the switch that makes IIS skip mappings (where IIS-AUTH-007 points) to each skipped mapping', () => {
    const site = marked(`<configuration>
  <location path="Shop">
    <system.webServer>
      <security>
        <authentication>
          <iisClientCertificateMappingAuthentication enabled="true" manyToOneCertificateMappingsEnabled="fal|se">
            <manyToOneMappings>
              <add name="[[Auditors]]" userName="audit" password="[enc:AesProvider:YQ:enc]">
                <rules><add certificateField="Subject" certificateSubField="OU" matchCriteria="Audit" /></rules>
              </add>
              <add name="[[Clerks]]" userName="clerk" password="[enc:AesProvider:Yw:enc]">
                <rules><add certificateField="Subject" certificateSubField="OU" matchCriteria="Clerks" /></rules>
              </add>
            </manyToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
      </security>
    </system.webServer>
  </location>
</configuration>`);
    const service = serviceWith({ [APPHOST_URI]: site.text });
    assert.equal(service.validate(APPHOST_URI).filter((f) => f.code === 'IIS-AUTH-007').length, 2, 'both mappings are reported as skipped');
    assert.deepEqual(service.definition(APPHOST_URI, site.cursor!), [
      { uri: APPHOST_URI, range: site.ranges[0] },
      { uri: APPHOST_URI, range: site.ranges[1] },
    ]);
  });

  test('a place no diagnostic covers, and a diagnostic about something else, lead nowhere', () => {
    const text = `<configuration>
  <location path="Shop">
    <system.webServer>
      <security>
        <access sslFlags="Ssl, SslRequ|ireCert" />
        <authentication>
          <iisClientCertificateMappingAuthentication enabled="true">
            <manyToOneMappings>
              <add name="Auditors" userName="audit" password="[enc:AesProvider:YQ:enc]">
                <rules><add certificateField="Subject" certificateSubField="OU" matchCriteria="Audit" /></rules>
              </add>
            </manyToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
      </security>
    </system.webServer>
  </location>
</configuration>`;
    const doc = marked(text);
    const service = serviceWith({ [APPHOST_URI]: doc.text });
    assert.ok(service.validate(APPHOST_URI).some((f) => f.code === 'IIS-AUTH-003'), 'SslRequireCert without SslNegotiateCert is reported');
    assert.deepEqual(service.definition(APPHOST_URI, doc.cursor!), []);
    const userLine = doc.text.split('\n').findIndex((l) => l.includes('userName="audit"'));
    assert.deepEqual(service.definition(APPHOST_URI, { line: userLine, character: 10 }), []);
  });
});
