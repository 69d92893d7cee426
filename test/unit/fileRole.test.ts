import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyConfigFile, XDT_NAMESPACE } from '../../server/src/core/model/fileRole';
import { parseXmlDocument } from '../../server/src/core/xml/document';
import { findConfigFiles } from '../../server/src/configFiles';
import { findingsOf, marked, serviceWith } from '../support/fixtures';
import { DANA_CERT } from '../support/certificates';

// What a file is to IIS is decided by its content whatever its name (host configuration saved as
// Http.config, a Hostable Web Core file, a transform), by its name for web.config and
// applicationHost.config; the server, the CLI and the folder index all read the same role.

const role = (uri: string, text: string) => classifyConfigFile(uri, parseXmlDocument(text));

const HOST_SECTIONS = `<system.applicationHost>
    <sites>
      <site name="Contoso-Portal" id="2">
        <application path="/"><virtualDirectory path="/" physicalPath="D:\\Sites\\Portal" /></application>
        <application path="/Payroll"><virtualDirectory path="/" physicalPath="D:\\Sites\\Portal\\Payroll" /></application>
      </site>
    </sites>
  </system.applicationHost>`;

const DECLARES_HOST_GROUP = `<configSections>
    <sectionGroup name="system.applicationHost">
      <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
    </sectionGroup>
  </configSections>`;

const transform = (body: string) => `<?xml version="1.0"?>
<configuration xmlns:xdt="${XDT_NAMESPACE}">
${body}
</configuration>`;

describe('file role by content', () => {
  test('host configuration under any name: a <system.applicationHost> section, or configSections declaring its group', () => {
    for (const name of ['Http.config', 'IIS.config', 'applicationhost.iis.config', 'HostableWebCore.config', 'original2.config']) {
      assert.equal(role(`file:///repo/test/${name}`, `<configuration>${HOST_SECTIONS}</configuration>`), 'applicationHost', name);
      assert.equal(role(`file:///repo/test/${name}`, `<configuration>${DECLARES_HOST_GROUP}</configuration>`), 'applicationHost', name);
    }
    assert.equal(role('file:///srv/config/applicationHost.config', '<configuration />'), 'applicationHost', 'the name alone is enough');
  });

  test('web.config by name, or by IIS web server content under another name', () => {
    assert.equal(role('file:///site/Web.config', '<configuration />'), 'web');
    assert.equal(role('file:///site/web.config', `<configuration>${HOST_SECTIONS}</configuration>`), 'web', 'IIS reads a web.config as one whatever it holds');
    assert.equal(role('file:///site/site.config', '<configuration><system.webServer /></configuration>'), 'web');
    assert.equal(role('file:///site/site.config', '<configuration><location path="a"><system.webServer /></location></configuration>'), 'web');
  });

  test('XDT transforms: a root declaring the XML-Document-Transform namespace, whatever the name', () => {
    assert.equal(role('file:///site/Web.Release.config', transform('<system.webServer />')), 'transform');
    assert.equal(role('file:///ext/applicationHost.xdt', transform(HOST_SECTIONS)), 'transform', 'host sections inside a transform are edits, not host configuration');
    assert.equal(role('file:///ext/anything.config', transform('<system.web />')), 'transform');
    assert.equal(role('file:///site/Web.Debug.config', '<configuration />'), 'transform', 'Visual Studio names its transforms Web.<configuration>.config');
  });

  test('other files: another tool\'s XML, or a <configuration> without IIS sections', () => {
    assert.equal(role('file:///p/packages.config', '<packages><package id="x" /></packages>'), 'other');
    assert.equal(role('file:///p/App.config', '<configuration><appSettings /></configuration>'), 'other');
    assert.equal(role('file:///p/broken.config', '<configuration><system.applicationHost'), 'other', 'an unparsable file claims nothing');
  });
});

describe('what each role is checked for', () => {
  const subApplicationMapping = (mark: boolean) => `<configuration>
  ${HOST_SECTIONS}
  <location path="Contoso-Portal/Payroll">
    <system.webServer><security><authentication>
      <${mark ? '[[' : ''}iisClientCertificateMappingAuthentication${mark ? ']]' : ''} enabled="true">
        <oneToOneMappings><add userName="CONTOSO\\dana" password="[enc:IISCngProvider:q8XbVw0m:enc]" certificate="${DANA_CERT}" /></oneToOneMappings>
      </iisClientCertificateMappingAuthentication>
    </authentication></security></system.webServer>
  </location>
</configuration>`;

  test('a host file named Http.config with a sub-application mapping gets IIS-AUTH-001, as applicationHost.config does', () => {
    const m = marked(subApplicationMapping(true));
    const uri = 'file:///repo/src/IntegrationTesting/Http.config';
    const [finding, ...rest] = findingsOf(serviceWith({ [uri]: m.text }), uri, 'IIS-AUTH-001');
    assert.equal(rest.length, 0);
    assert.deepEqual(finding.range, m.ranges[0]);
    assert.match(finding.message, /"Contoso-Portal\/Payroll"/);
  });

  test('a host file under another name is not read as a web.config: no lock finding on its own sections', () => {
    const uri = 'file:///repo/test/IIS.config';
    const text = `<configuration>
  ${DECLARES_HOST_GROUP}
  <system.webServer><security><authentication><windowsAuthentication enabled="true" /></authentication></security></system.webServer>
</configuration>`;
    assert.deepEqual(findingsOf(serviceWith({ [uri]: text }), uri, 'IIS-AUTH-002'), []);
  });

  test('a host file under another name governs the web.config files below its folder\'s parent', () => {
    const host = 'file:///srv/Portal/config/HostableWebCore.config';
    const web = 'file:///srv/Portal/Payroll/web.config';
    const hostText = `<configuration>
  <configSections>
    <sectionGroup name="system.applicationHost"><section name="sites" /></sectionGroup>
    <sectionGroup name="system.webServer"><sectionGroup name="security"><sectionGroup name="authentication">
      <section name="windowsAuthentication" overrideModeDefault="Deny" />
    </sectionGroup></sectionGroup></sectionGroup>
  </configSections>
  ${HOST_SECTIONS}
</configuration>`;
    const webText = marked(`<configuration><system.webServer><security><authentication><[[windowsAuthentication]] enabled="true" /></authentication></security></system.webServer></configuration>`);
    const [locked] = findingsOf(serviceWith({ [host]: hostText, [web]: webText.text }), web, 'IIS-AUTH-002');
    assert.deepEqual(locked.range, webText.ranges[0]);
    assert.equal(locked.severity, 'error');
    assert.equal(locked.related?.[0].uri, host);
  });

  test('a transform is not checked as a configuration by itself', () => {
    const uri = 'file:///site/Web.Release.config';
    const text = transform(`<system.webServer><security><access sslFlags="SslNegotiateCert, Bogus" xdt:Transform="SetAttributes" /></security></system.webServer>`);
    assert.deepEqual(findingsOf(serviceWith({ [uri]: text }), uri), []);
    const asWebConfig = 'file:///site/web.config';
    assert.ok(findingsOf(serviceWith({ [asWebConfig]: text.replace(` xmlns:xdt="${XDT_NAMESPACE}"`, '') }), asWebConfig).length > 0, 'the same content as a web.config is checked');
  });

  test('IIS-AUTH-013: a file named web.config holding system.applicationHost sections (500.19)', () => {
    const m = marked(`<configuration>
  <[[system.applicationHost]]>
    <sites><site name="Contoso-Portal" id="2" /></sites>
  </system.applicationHost>
  <location path="api">
    <[[system.applicationHost]]><applicationPools /></system.applicationHost>
  </location>
</configuration>`);
    const uri = 'file:///site/web.config';
    const findings = findingsOf(serviceWith({ [uri]: m.text }), uri, 'IIS-AUTH-013');
    assert.deepEqual(findings.map((f) => f.range), m.ranges);
    assert.equal(findings[0].severity, 'error');
    assert.match(findings[0].message, /<sites>/);
    assert.match(findings[0].message, /only in applicationHost\.config/);
    assert.match(findings[0].message, /500\.19/);
  });

  test('IIS-AUTH-013 near misses: the same sections in applicationHost.config or in a host file under another name', () => {
    const text = `<configuration>${HOST_SECTIONS}</configuration>`;
    for (const uri of ['file:///srv/config/applicationHost.config', 'file:///repo/test/Http.config']) {
      assert.deepEqual(findingsOf(serviceWith({ [uri]: text }), uri, 'IIS-AUTH-013'), [], uri);
    }
  });
});

describe('folder indexing', () => {
  test('finds *.config and *.xdt transforms; inside .vs only applicationhost.config', async () => {
    const root = mkdtempSync(join(tmpdir(), 'iis-role-'));
    try {
      mkdirSync(join(root, '.vs', 'App', 'config'), { recursive: true });
      for (const path of ['Http.config', 'applicationHost.xdt', 'notes.txt', '.vs/App/config/applicationhost.config', '.vs/App/config/other.config']) {
        writeFileSync(join(root, path), '<configuration />');
      }
      const found = (await findConfigFiles(root)).paths.map((p) => p.slice(root.length + 1).replace(/\\/g, '/')).sort();
      assert.deepEqual(found, ['.vs/App/config/applicationhost.config', 'Http.config', 'applicationHost.xdt']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
