import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveAuthorization, isAllowed } from '../../server/src/core/effective/authorization';
import { urlTarget, resolveUrlPathOfScope } from '../../server/src/core/effective/index';
import { effectiveSettingsMarkdown } from '../../server/src/core/effectiveLens';
import { findingsOf, marked, serviceWith } from '../support/fixtures';

// IIS URL Authorization merged across levels the way "Understanding IIS URL Authorization"
// (learn.microsoft.com) describes it: deny rules first, outer level first, then allow rules; unlike
// ASP.NET's innermost-first, first-match order.

const HOST = 'file:///srv/iis/inetsrv/config/applicationHost.config';
const SITE_WEB = 'file:///srv/iis/inetpub/Portal/web.config';
const LONE_WEB = 'file:///home/dev/project/web.config';

function host(server: string, site = ''): string {
  return `<configuration>
  <system.applicationHost>
    <sites>
      <site name="Portal" id="2">
        <application path="/"><virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\Portal" /></application>
      </site>
    </sites>
  </system.applicationHost>
  <system.webServer>
    <security>
${server}
    </security>
  </system.webServer>
${site}
</configuration>`;
}

function siteLocation(security: string): string {
  return `  <location path="Portal">
    <system.webServer>
      <security>
${security}
      </security>
    </system.webServer>
  </location>`;
}

function web(security: string): string {
  return `<configuration>
  <system.webServer>
    <security>
${security}
    </security>
  </system.webServer>
</configuration>`;
}

const rules = (inner: string) => `      <authorization>\n${inner}\n      </authorization>`;

function at(files: Record<string, string>, path = 'Portal') {
  const ws = serviceWith(files).workspace;
  return effectiveAuthorization(ws, urlTarget(ws, path));
}

describe('URL Authorization in the effective configuration', () => {
  test('a deny above cannot be overridden by an allow below (the article\'s example)', () => {
    const authorization = at({
      [HOST]: host(rules('        <add accessType="Allow" users="*" />\n        <add accessType="Deny" users="?" />')),
      [SITE_WEB]: web(rules('        <add accessType="Allow" users="?" />')),
    });
    assert.equal(isAllowed(authorization, undefined, [], 'GET').allowed, false);
    assert.equal(isAllowed(authorization, 'CONTOSO\\fred', [], 'GET').allowed, true);
    // Deny rules come first, outer level first, then the allow rules in order.
    assert.deepEqual(
      authorization.rules.map((r) => `${r.accessType} ${r.users.join(',')}`),
      ['Deny ?', 'Allow *', 'Allow ?'],
    );
  });

  test('a user denied at the server stays denied, even when a site rule allows him by name', () => {
    const authorization = at({
      [HOST]: host(rules('        <add accessType="Deny" users="CONTOSO\\Fred" />\n        <add accessType="Allow" users="*" />')),
      [SITE_WEB]: web(rules('        <add accessType="Allow" users="contoso\\fred" />')),
    });
    const decision = isAllowed(authorization, 'contoso\\FRED', [], 'GET');
    assert.equal(decision.allowed, false);
    assert.equal(decision.rule?.accessType, 'Deny');
  });

  test('remove and clear take inherited rules out; with nothing left the request is refused', () => {
    const removed = at({
      [HOST]: host(rules('        <add accessType="Allow" users="*" />\n        <add accessType="Deny" users="?" />')),
      [SITE_WEB]: web(rules('        <remove users="?" roles="" verbs="" />')),
    });
    assert.equal(isAllowed(removed, undefined, [], 'GET').allowed, true);
    const cleared = at({ [HOST]: host(rules('        <add accessType="Allow" users="*" />')), [SITE_WEB]: web(rules('        <clear />')) });
    assert.equal(isAllowed(cleared, 'anyone', [], 'GET').allowed, false);
  });

  test('roles and verbs: a role is allowed, others find no rule; a verb-limited deny leaves other verbs', () => {
    const authorization = at({
      [HOST]: host(rules('        <clear />')),
      [SITE_WEB]: web(rules('        <add accessType="Allow" roles="CONTOSO\\Staff" />\n        <add accessType="Deny" users="*" verbs="POST" />')),
    });
    assert.equal(isAllowed(authorization, 'kim', ['contoso\\staff'], 'GET').allowed, true);
    assert.equal(isAllowed(authorization, 'kim', ['contoso\\staff'], 'POST').allowed, false);
    assert.deepEqual(isAllowed(authorization, 'lee', [], 'GET'), { allowed: false, rule: undefined });
  });

  test('without applicationHost.config IIS\'s default rule (allow everyone) is assumed first', () => {
    const ws = serviceWith({ [LONE_WEB]: web(rules('        <add accessType="Deny" users="?" />')) }).workspace;
    const file = ws.get(LONE_WEB)!;
    const authorization = effectiveAuthorization(ws, resolveUrlPathOfScope(ws, file, file.scopes[0]).target);
    assert.equal(authorization.assumedDefault, true);
    assert.equal(isAllowed(authorization, undefined, [], 'GET').allowed, false);
    assert.equal(isAllowed(authorization, 'kim', [], 'GET').allowed, true);
  });

  test('the effective-settings page lists the rules in evaluation order with their sources', () => {
    const ws = serviceWith({
      [HOST]: host(rules('        <add accessType="Allow" users="*" />'), siteLocation(rules('          <add accessType="Deny" users="?" />'))),
    }).workspace;
    const md = effectiveSettingsMarkdown(ws, { uri: HOST, path: 'Portal' });
    assert.match(md, /## URL Authorization/);
    assert.match(md, /\| 1 \| Deny \| \? \|[^\n]*applicationHost\.config:\d+/);
    assert.match(md, /\| 2 \| Allow \| \\\* \|/);
    assert.match(md, /Anonymous GET: refused by “Deny anonymous users”/);
  });
});

describe('IIS-AUTH-017 authentication and authorization lock everyone out', () => {
  test('anonymous the only method and anonymous denied: every request 401.2, at the deny rule', () => {
    const m = marked(host(rules('        <add accessType="Allow" users="*" />'), siteLocation(rules('          [[<add accessType="Deny" users="?" />]]'))));
    const service = serviceWith({ [HOST]: m.text });
    const findings = findingsOf(service, HOST, 'IIS-AUTH-017');
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [[m.ranges[0], 'error']],
    );
    assert.match(findings[0].message, /only method enabled[\s\S]*401\.2/);
  });

  test('a deny of everyone refuses every request whatever the methods', () => {
    const security = `${rules('          <add accessType="Deny" users="*" />')}
        <authentication><windowsAuthentication enabled="true" /></authentication>`;
    const findings = findingsOf(serviceWith({ [HOST]: host('', siteLocation(security)) }), HOST, 'IIS-AUTH-017');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /denies everyone/);
  });

  test('without the server\'s applicationHost.config the finding is information', () => {
    const findings = findingsOf(serviceWith({ [LONE_WEB]: web(rules('        <add accessType="Deny" users="?" />')) }), LONE_WEB, 'IIS-AUTH-017');
    assert.deepEqual(
      findings.map((f) => f.severity),
      ['information'],
    );
  });

  test('near miss: anonymous denied while Windows authentication logs users on, or a verb-limited deny of everyone', () => {
    const withWindows = `${rules('          <add accessType="Deny" users="?" />')}
        <authentication><windowsAuthentication enabled="true" /></authentication>`;
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: host(rules('        <add accessType="Allow" users="*" />'), siteLocation(withWindows)) }), HOST, 'IIS-AUTH-017'), []);
    const postOnly = siteLocation(rules('          <add accessType="Deny" users="*" verbs="POST" />'));
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: host(rules('        <add accessType="Allow" users="*" />'), postOnly) }), HOST, 'IIS-AUTH-017'), []);
  });
});
