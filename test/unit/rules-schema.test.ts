import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runRule } from '../support/ruleFixtures';
import { APPHOST_URI } from '../support/fixtures';

// Every section IIS's schema files define (generated table), not only the authentication ones:
// IIS-AUTH-014 values and names, IIS-AUTH-015 unrecognized sections, IIS-AUTH-016 allowDefinition,
// IIS-AUTH-010 duplicate keys in every collection.

function inWebServer(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.webServer>
${inner}
  </system.webServer>
</configuration>
`;
}

function appHost(declarations: string, body: string): string {
  return `<configuration>
  <configSections>
    <sectionGroup name="system.webServer">
${declarations}
    </sectionGroup>
  </configSections>
${body}
</configuration>
`;
}

describe('IIS-AUTH-014 values and names in every section', () => {
  test('an enum keyword misspelt names the closest one, at the value', () => {
    const { marked, findings } = runRule('IIS-AUTH-014', inWebServer('    <httpErrors errorMode="[[Detailled]]" />'));
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].data?.suggestion, 'Detailed');
    assert.match(findings[0].message, /500\.19/);
  });

  test('a number that is words, a negative uint and a boolean word, each at its value', () => {
    const source = inWebServer(`    <security>
      <requestFiltering>
        <requestLimits maxAllowedContentLength="[[thirty megabytes]]" />
      </requestFiltering>
    </security>
    <serverRuntime uploadReadAheadSize="[[-5]]" />
    <directoryBrowse enabled="[[yes]]" />`);
    const { marked, findings } = runRule('IIS-AUTH-014', source);
    assert.deepEqual(
      findings.map((f) => f.range),
      marked.ranges,
    );
    assert.match(findings[0].message, /not a number/);
    assert.equal(findings[2].data?.suggestion, 'true');
  });

  test('integer ranges and time-span ranges from the schema', () => {
    const source = inWebServer(`    <serverRuntime frequentHitThreshold="[[0]]" />
    <security>
      <dynamicIpSecurity>
        <denyByRequestRate enabled="true" requestIntervalInMilliseconds="[[0]]" />
      </dynamicIpSecurity>
    </security>
    <caching>
      <profiles>
        <add extension=".cs" duration="[[00:00:00]]" />
      </profiles>
    </caching>`);
    const { marked, findings } = runRule('IIS-AUTH-014', source);
    assert.deepEqual(
      findings.map((f) => f.range),
      marked.ranges,
    );
    assert.match(findings[0].message, /out of range/);
    assert.match(findings[2].message, /1 second/);
  });

  test('a time span that is not one, and a flags keyword misspelt', () => {
    const source = inWebServer(`    <staticContent>
      <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="[[seven days]]" />
    </staticContent>
    <handlers accessPolicy="Read, [[Scrpt]]" />`);
    const { marked, findings } = runRule('IIS-AUTH-014', source);
    assert.deepEqual(
      findings.map((f) => f.range),
      marked.ranges,
    );
    assert.match(findings[0].message, /time span such as 00:01:30/);
    assert.equal(findings[1].data?.suggestion, 'Script');
  });

  test('an unknown attribute names the closest one; an unknown child element is reported at its name', () => {
    const source = inWebServer(`    <staticContent>
      <clientCache [[cacheControlMaxAgee]]="7.00:00:00" />
      <[[mimeMaps]] />
    </staticContent>`);
    const { marked, findings } = runRule('IIS-AUTH-014', source);
    assert.deepEqual(
      findings.map((f) => f.range),
      marked.ranges,
    );
    assert.equal(findings[0].data?.suggestion, 'cacheControlMaxAge');
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[1].data?.suggestion, 'mimeMap');
  });

  test('a required attribute left out of a collection entry', () => {
    const { marked, findings } = runRule('IIS-AUTH-014', inWebServer('    <handlers>\n      <[[add]] path="*.x" verb="*" modules="IsapiModule" />\n    </handlers>'));
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.equal(findings[0].data?.missing, 'name');
  });

  test('inside <location> of applicationHost.config too', () => {
    const source = `<configuration>
  <location path="Default Web Site">
    <system.webServer>
      <httpErrors errorMode="[[Detailled]]" />
    </system.webServer>
  </location>
</configuration>`;
    const { marked, findings } = runRule('IIS-AUTH-014', source, APPHOST_URI);
    assert.deepEqual(
      findings.map((f) => f.range),
      marked.ranges,
    );
  });

  test('near miss: a valid everyday web.config, placeholders and Infinite are clean', () => {
    const source = inWebServer(`    <httpErrors errorMode="DetailedLocalOnly" existingResponse="Replace">
      <remove statusCode="404" subStatusCode="-1" />
      <error statusCode="404" path="/404.html" responseMode="ExecuteURL" />
    </httpErrors>
    <staticContent>
      <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="7.00:00:00" />
      <remove fileExtension=".json" />
      <mimeMap fileExtension=".json" mimeType="application/json" />
    </staticContent>
    <security>
      <requestFiltering removeServerHeader="true">
        <requestLimits maxAllowedContentLength="#{MaxUpload}#" />
      </requestFiltering>
    </security>
    <handlers accessPolicy="Read, Script">
      <remove name="WebDAV" />
      <add name="aspNetCore" path="*" verb="*" modules="AspNetCoreModuleV2" resourceType="Unspecified" />
    </handlers>
    <aspNetCore processPath="dotnet" arguments=".\\App.dll" stdoutLogEnabled="false" hostingModel="inprocess" />
    <rewrite>
      <rules>
        <rule name="https" stopProcessing="true">
          <match url="(.*)" />
          <conditions><add input="{HTTPS}" pattern="off" /></conditions>
          <action type="Redirect" url="https://{HTTP_HOST}/{R:1}" redirectType="Permanent" />
        </rule>
      </rules>
    </rewrite>`);
    assert.deepEqual(runRule('IIS-AUTH-014', source).findings, []);
  });

  test('.NET sections are warnings: ASP.NET, not IIS, reads them', () => {
    const source = `<configuration>
  <system.web>
    <customErrors mode="[[Offf]]" />
  </system.web>
</configuration>`;
    const { marked, findings } = runRule('IIS-AUTH-014', source);
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity, f.data?.suggestion]),
      [[marked.ranges[0], 'warning', 'Off']],
    );
  });
});

describe('IIS-AUTH-010 duplicate keys in every collection', () => {
  test('two authorization rules with the same users, roles and verbs; handlers with the same name (names compare case-sensitively there)', () => {
    const source = inWebServer(`    <security>
      <authorization>
        <add accessType="Allow" users="*" />
        [[<add accessType="Deny" users="*" />]]
      </authorization>
    </security>
    <handlers>
      <add name="x" path="*.x" verb="*" modules="IsapiModule" />
      <add name="X" path="*.y" verb="*" modules="IsapiModule" />
      <add name="[[x]]" path="*.z" verb="*" modules="IsapiModule" />
    </handlers>`);
    const { marked, findings } = runRule('IIS-AUTH-010', source);
    assert.deepEqual(
      findings.map((f) => f.range),
      marked.ranges,
    );
  });

  test('near miss: <remove>/<clear> in between, different verbs, and ASP.NET allow/deny (duplicates allowed)', () => {
    const source = `<configuration>
  <system.webServer>
    <security>
      <authorization>
        <add accessType="Allow" users="*" />
        <add accessType="Allow" users="*" verbs="GET" />
        <remove users="*" roles="" verbs="" />
        <add accessType="Deny" users="*" />
      </authorization>
    </security>
    <handlers>
      <add name="x" path="*.x" verb="*" modules="IsapiModule" />
      <clear />
      <add name="x" path="*.x" verb="*" modules="IsapiModule" />
    </handlers>
  </system.webServer>
  <system.web>
    <authorization>
      <allow users="*" />
      <allow users="*" />
    </authorization>
  </system.web>
</configuration>`;
    assert.deepEqual(runRule('IIS-AUTH-010', source).findings, []);
  });
});

describe('IIS-AUTH-015 unrecognized sections', () => {
  test('a misspelt section is a 500.19 error with the known name', () => {
    const { marked, findings } = runRule('IIS-AUTH-015', inWebServer('    <[[secuirty]]>\n      <requestFiltering />\n    </secuirty>'));
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity, f.data?.suggestion]),
      [[marked.ranges[0], 'error', 'security']],
    );
  });

  test('a section close to no known name is information without the server, a warning when the server does not declare it', () => {
    const web = inWebServer('    <[[iisnode]] loggingEnabled="false" />');
    const lone = runRule('IIS-AUTH-015', web);
    assert.deepEqual(
      lone.findings.map((f) => [f.range, f.severity]),
      [[lone.marked.ranges[0], 'information']],
    );
    const withHost = runRule('IIS-AUTH-015', web, undefined, { [APPHOST_URI]: appHost('      <section name="httpErrors" />', '') });
    assert.deepEqual(
      withHost.findings.map((f) => f.severity),
      ['warning'],
    );
  });

  test('near miss: a section the workspace declares is not reported', () => {
    const web = inWebServer('    <iisnode loggingEnabled="false" />');
    const host = appHost('      <section name="iisnode" />', '');
    assert.deepEqual(runRule('IIS-AUTH-015', web, undefined, { [APPHOST_URI]: host }).findings, []);
  });
});

describe('IIS-AUTH-016 allowDefinition', () => {
  test('an AppHostOnly section in a web.config: error when the governing applicationHost.config declares it so', () => {
    const web = inWebServer('    <[[globalModules]] />');
    const host = appHost('      <section name="globalModules" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />', '');
    const { marked, findings } = runRule('IIS-AUTH-016', web, undefined, { [APPHOST_URI]: host });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [[marked.ranges[0], 'error']],
    );
    assert.match(findings[0].message, /500\.19/);
    assert.equal(findings[0].related?.length, 1);
  });

  test('without the server, IIS\'s default declaration is assumed and said so, as information', () => {
    const { findings } = runRule('IIS-AUTH-016', inWebServer('    <security>\n      <isapiCgiRestriction />\n    </security>'));
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['information'],
    );
    assert.match(findings[0].message, /assuming the server kept it/);
  });

  test('near miss: the same section in applicationHost.config, and Everywhere sections in a web.config', () => {
    const host = appHost('      <section name="globalModules" allowDefinition="AppHostOnly" />', '  <system.webServer>\n    <globalModules />\n  </system.webServer>');
    assert.deepEqual(runRule('IIS-AUTH-016', host, APPHOST_URI).findings, []);
    assert.deepEqual(runRule('IIS-AUTH-016', inWebServer('    <httpErrors />\n    <defaultDocument />')).findings, []);
  });
});
