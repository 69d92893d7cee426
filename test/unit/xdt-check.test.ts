// Transforms checked by their effect: a Web.<name>.config is applied to the Web.config beside it (an
// applicationHost.xdt to the host file beside it), and what only the result has is reported on the
// transform element that causes it, naming the base file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked, serviceWith } from '../support/fixtures';

const XDT = 'xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform"';
const WEB = 'file:///w/site/Web.config';
const RELEASE = 'file:///w/site/Web.Release.config';

const windowsOnly = `<configuration>
  <system.webServer>
    <security>
      <authentication>
        <anonymousAuthentication enabled="false" />
        <windowsAuthentication enabled="true">
          <providers>
            <add value="Negotiate" />
          </providers>
        </windowsAuthentication>
      </authentication>
    </security>
  </system.webServer>
</configuration>`;

function transformFindings(files: Record<string, string>, uri = RELEASE) {
  return serviceWith(files).validate(uri);
}

describe('a Web.<name>.config is checked by what it makes of the Web.config beside it', () => {
  test('an Insert adding an entry the base file already has: duplicate entry (500.19) on the Insert', () => {
    const release = marked(`<configuration ${XDT}>
  <system.webServer><security><authentication><windowsAuthentication><providers>
    <add value="[[Negotiate]]" xdt:Transform="Insert" />
  </providers></windowsAuthentication></authentication></security></system.webServer>
</configuration>`);
    const findings = transformFindings({ [WEB]: windowsOnly, [RELEASE]: release.text });
    assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['IIS-AUTH-010', 'error']]);
    assert.deepEqual(findings[0].range, release.ranges[0]);
    assert.match(findings[0].message, /^In Web\.config after this transform: Duplicate entry in <providers>: an entry with value="Negotiate" is already added/);
    assert.match(findings[0].message, /500\.19/);
    assert.match(findings[0].message, /already added on line 8\b/);
    // The line named is the base file's, not one of the transformed text nobody sees.
    const above = release.text.replace('<system.webServer>', '<system.web xdt:Transform="InsertBefore(/configuration/system.webServer)">\n    <compilation />\n  </system.web>\n  <system.webServer>');
    const shifted = transformFindings({ [WEB]: windowsOnly, [RELEASE]: above });
    assert.deepEqual(shifted.map((f) => f.code), ['IIS-AUTH-010']);
    assert.match(shifted[0].message, /already added on line 8\b/);
    assert.deepEqual(findings[0].related?.map((r) => [r.uri, r.range.start.line]), [[WEB, 7]]);
    assert.equal(findings[0].data, undefined, 'no quick fix computed against text the user does not have');
  });

  test('a Remove of the only enabled authentication method: 401.2 on the Remove, with the removed element of Web.config', () => {
    const release = marked(`<configuration ${XDT}>
  <system.webServer><security><authentication>
    <windowsAuthentication [[xdt:Transform="Remove"]] />
  </authentication></security></system.webServer>
</configuration>`);
    const findings = transformFindings({ [WEB]: windowsOnly, [RELEASE]: release.text });
    assert.deepEqual(findings.map((f) => f.code), ['IIS-AUTH-005']);
    assert.deepEqual(findings[0].range, release.ranges[0]);
    assert.match(findings[0].message, /^In Web\.config after this transform: No authentication method .*401\.2/);
    const removed = findings[0].related?.find((r) => /this Remove removes/.test(r.message));
    assert.deepEqual([removed?.uri, removed?.range.start], [WEB, { line: 5, character: 9 }]);
  });

  test('what the base file already has is reported there, not again on the transform', () => {
    const duplicated = windowsOnly.replace('<add value="Negotiate" />', '<add value="Negotiate" /><add value="Negotiate" />');
    const release = `<configuration ${XDT}><system.web><compilation xdt:Transform="RemoveAttributes(debug)" /></system.web></configuration>`;
    const base = duplicated.replace('<system.webServer>', '<system.web><compilation debug="true" /></system.web>\n  <system.webServer>');
    const service = serviceWith({ [WEB]: base, [RELEASE]: release });
    assert.ok(service.validate(WEB).some((f) => f.code === 'IIS-AUTH-010'));
    assert.deepEqual(service.validate(RELEASE), []);
  });

  test('a transform that only changes what is fine stays silent, and is never checked as a configuration itself', () => {
    // On its own this fragment would be "anonymous off, nothing else": applied, Windows stays on.
    const release = `<configuration ${XDT}><system.webServer><security><authentication>
      <anonymousAuthentication enabled="false" xdt:Transform="SetAttributes(enabled)" />
    </authentication></security></system.webServer></configuration>`;
    assert.deepEqual(transformFindings({ [WEB]: windowsOnly, [RELEASE]: release }), []);
  });

  test('without a Web.config beside it, a transform is left alone', () => {
    const release = `<configuration ${XDT}><system.webServer><security><authentication>
      <windowsAuthentication xdt:Transform="Remove" />
    </authentication></security></system.webServer></configuration>`;
    assert.deepEqual(transformFindings({ [RELEASE]: release }), []);
    assert.deepEqual(transformFindings({ 'file:///w/other/Web.config': windowsOnly, [RELEASE]: release }), []);
  });

  test('an unsupported transform is one information finding, and the rest still applies', () => {
    const release = marked(`<configuration ${XDT}><system.webServer><security><authentication>
      <anonymousAuthentication [[xdt:Transform="Merge"]] />
      <windowsAuthentication xdt:Transform="Remove" />
    </authentication></security></system.webServer></configuration>`);
    const findings = transformFindings({ [WEB]: windowsOnly, [RELEASE]: release.text });
    assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['XDT-UNSUPPORTED', 'information'], ['IIS-AUTH-005', 'information']]);
    assert.deepEqual(findings[0].range, release.ranges[0]);
    assert.match(findings[0].message, /does not apply xdt:Transform="Merge"/);
  });

  test('the base file pairs by name whatever the letter case, Web.config to web.debug.config', () => {
    const release = `<configuration ${XDT}><system.webServer><security><authentication>
      <windowsAuthentication xdt:Transform="Remove" />
    </authentication></security></system.webServer></configuration>`;
    const findings = transformFindings({ 'file:///w/site/web.config': windowsOnly, 'file:///w/site/web.debug.config': release }, 'file:///w/site/web.debug.config');
    assert.deepEqual(findings.map((f) => f.code), ['IIS-AUTH-005']);
    assert.match(findings[0].message, /^In web\.config after this transform/);
  });
});

describe('applicationHost.xdt is applied to the host file beside it', () => {
  const HOST = 'file:///w/config/applicationHost.config';
  const XDT_URI = 'file:///w/config/applicationHost.xdt';
  const host = `<configuration>
  <system.applicationHost>
    <sites><site name="Portal" id="1"><application path="/"><virtualDirectory path="/" physicalPath="C:\\inetpub\\portal" /></application></site></sites>
  </system.applicationHost>
  <location path="Portal">
    <system.webServer>
      <security>
        <authentication>
          <anonymousAuthentication enabled="false" />
          <windowsAuthentication enabled="true" />
        </authentication>
      </security>
    </system.webServer>
  </location>
</configuration>`;
  const transform = marked(`<configuration ${XDT}>
  <location path="Portal" xdt:Locator="Match(path)">
    <system.webServer><security><authentication>
      <windowsAuthentication enabled="false" [[xdt:Transform="SetAttributes(enabled)"]] />
    </authentication></security></system.webServer>
  </location>
</configuration>`);

  test('turning the site\'s last method off is reported on the SetAttributes, naming applicationHost.config', () => {
    const findings = transformFindings({ [HOST]: host, [XDT_URI]: transform.text }, XDT_URI);
    const noUser = findings.filter((f) => f.code === 'IIS-AUTH-005');
    assert.equal(noUser.length, 1, JSON.stringify(findings));
    assert.equal(noUser[0].severity, 'error');
    assert.match(noUser[0].message, /^In applicationHost\.config after this transform: /);
    assert.deepEqual(noUser[0].range, transform.ranges[0]);
  });

  test('with no host file beside it, it is left alone', () => {
    assert.deepEqual(transformFindings({ [XDT_URI]: transform.text }, XDT_URI), []);
  });
});
