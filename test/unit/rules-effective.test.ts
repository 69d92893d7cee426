import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  configuredTargetsUnder,
  effectiveSection,
  isSectionUnlockedFor,
  resolveUrlPathOfScope,
  urlTarget,
} from '../../server/src/core/effective/index';
import { authenticationAt } from '../../server/src/core/effective/authentication';
import type { Finding } from '../../server/src/core/types';
import { findingsOf, marked, serviceWith } from '../support/fixtures';
import { DANA_CERT, LEE_CERT } from '../support/certificates';

// The effective configuration (server level → applicationHost.config locations → web.config tree) and
// the rules built on it: IIS-AUTH-001, 002, 004, 005, 006. Files live in an IIS-like tree so that
// web.config files are placed by the physicalPath of their site.

const HOST = 'file:///srv/iis/inetsrv/config/applicationHost.config';
const SITE_WEB = 'file:///srv/iis/inetpub/ContosoPortal/web.config';
const APP_WEB = 'file:///srv/iis/inetpub/ContosoPortal/Payroll/web.config';
const DIR_WEB = 'file:///srv/iis/inetpub/ContosoPortal/Payroll/reports/web.config';
const LONE_WEB = 'file:///home/dev/project/web.config';

const AUTH_SECTIONS = ['access', 'anonymousAuthentication', 'basicAuthentication', 'clientCertificateMappingAuthentication', 'digestAuthentication', 'iisClientCertificateMappingAuthentication', 'windowsAuthentication'];

/** applicationHost.config with the default declarations, Contoso-Portal (root + /Payroll), and the given body. */
function applicationHost(body: string, declarations = defaultDeclarations()): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <configSections>
${declarations}
    </configSections>
    <system.applicationHost>
        <sites>
            <site name="Contoso-Portal" id="2">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\ContosoPortal" />
                </application>
                <application path="/Payroll">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\ContosoPortal\\Payroll" />
                </application>
                <bindings>
                    <binding protocol="https" bindingInformation="*:443:portal.contoso.example" sslFlags="1" />
                </bindings>
            </site>
        </sites>
    </system.applicationHost>
${body}
</configuration>
`;
}

function defaultDeclarations(overrides: Record<string, string> = {}): string {
  const sections = AUTH_SECTIONS.filter((n) => n !== 'access')
    .map((n) => `                    <section name="${n}" overrideModeDefault="${overrides[n] ?? 'Deny'}" />`)
    .join('\n');
  return `        <sectionGroup name="system.webServer">
            <sectionGroup name="security">
                <section name="access" overrideModeDefault="${overrides.access ?? 'Deny'}" />
                <sectionGroup name="authentication">
${sections}
                </sectionGroup>
            </sectionGroup>
        </sectionGroup>`;
}

function location(path: string, security: string, attributes = ''): string {
  return `    <location path="${path}"${attributes}>
        <system.webServer>
            <security>
${security}
            </security>
        </system.webServer>
    </location>`;
}

function webConfig(security: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <security>
${security}
        </security>
    </system.webServer>
</configuration>
`;
}

const oneToOne = (cert: string, user: string) =>
  `<add userName="CONTOSO\\${user}" password="[enc:IISCngProvider:q8XbVw0mRkC2P1aJ9yTn4LhE:enc]" certificate="${cert}" />`;

/** Seed 001, first configuration: mappings saved for the sub-application. */
function seed001Before(mark = false): string {
  const open = mark ? '[[' : '';
  const close = mark ? ']]' : '';
  return applicationHost(`${location('Contoso-Portal', `                <authentication>
                    <clientCertificateMappingAuthentication enabled="false" />
                </authentication>
                <access sslFlags="None" />`)}
${location('Contoso-Portal/Payroll', `                <authentication>
                    <anonymousAuthentication enabled="${open}false${close}" />
                    <${open}iisClientCertificateMappingAuthentication${close} enabled="true" manyToOneCertificateMappingsEnabled="false">
                        <oneToOneMappings>
                            ${oneToOne(DANA_CERT, 'dana.ruiz')}
                            ${oneToOne(LEE_CERT, 'lee.chen')}
                        </oneToOneMappings>
                    </iisClientCertificateMappingAuthentication>
                </authentication>
                <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />`)}`);
}

/** Seed 001, the fix: mappings at site level, the sub-application only requires the certificate. */
function seed001After(): string {
  return applicationHost(`${location('Contoso-Portal', `                <authentication>
                    <clientCertificateMappingAuthentication enabled="false" />
                    <iisClientCertificateMappingAuthentication enabled="true" manyToOneCertificateMappingsEnabled="false">
                        <oneToOneMappings>
                            ${oneToOne(DANA_CERT, 'dana.ruiz')}
                            ${oneToOne(LEE_CERT, 'lee.chen')}
                        </oneToOneMappings>
                    </iisClientCertificateMappingAuthentication>
                </authentication>
                <access sslFlags="None" />`)}
${location('Contoso-Portal/Payroll', `                <authentication>
                    <anonymousAuthentication enabled="false" />
                </authentication>
                <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />`)}`);
}

function manyToOne(name: string, user: string, cn: string): string {
  return `<add name="${name}" permissionMode="Allow" userName="${user}" password="[enc:IISCngProvider:Hq2vL8sN0pYc4RtW6mXe1KbA:enc]">
                                <rules>
                                    <add certificateField="Issuer" certificateSubField="O" matchCriteria="Fabrikam Smart Card Authority" compareCaseSensitive="true" />
                                    <add certificateField="Subject" certificateSubField="CN" matchCriteria="${cn}" compareCaseSensitive="true" />
                                </rules>
                            </add>`;
}

const seriousOnly = (findings: Finding[]) => findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
const brief = (findings: Finding[]) => findings.map((f) => `${f.code} ${f.severity} ${f.range.start.line + 1}: ${f.message}`);

describe('effective configuration: placing files and scopes', () => {
  test('applicationHost.config locations are URL paths with their level; web.config files are placed by physicalPath', () => {
    const service = serviceWith({
      [HOST]: seed001After(),
      [SITE_WEB]: webConfig(''),
      [APP_WEB]: webConfig(''),
      [DIR_WEB]: webConfig(''),
    });
    const host = service.workspace.get(HOST)!;
    const placements = host.scopes.map((scope) => resolveUrlPathOfScope(service.workspace, host, scope));
    assert.deepEqual(
      placements.map((p) => [p.target.path, p.level, p.site]),
      [
        ['', 'server', undefined],
        ['Contoso-Portal', 'site', 'Contoso-Portal'],
        ['Contoso-Portal/Payroll', 'application', 'Contoso-Portal'],
      ],
    );
    const place = (uri: string) => {
      const file = service.workspace.get(uri)!;
      const p = resolveUrlPathOfScope(service.workspace, file, file.scopes[0]);
      return [p.target.host?.uri, p.target.path, p.target.known, p.level, p.inferredBy, p.application?.path];
    };
    assert.deepEqual(place(SITE_WEB), [HOST, 'Contoso-Portal', true, 'site', 'physicalPath', '/']);
    assert.deepEqual(place(APP_WEB), [HOST, 'Contoso-Portal/Payroll', true, 'application', 'physicalPath', '/Payroll']);
    assert.deepEqual(place(DIR_WEB), [HOST, 'Contoso-Portal/Payroll/reports', true, 'folder', 'physicalPath', '/Payroll']);
  });

  test('a web.config location path is relative to its folder; folder name = site name is the fallback', () => {
    const host = applicationHost('').replace(/physicalPath="[^"]*"/g, 'physicalPath="D:\\Elsewhere"');
    const web = 'file:///srv/iis/sites/Contoso-Portal/web.config';
    const service = serviceWith({
      [HOST]: host,
      [web]: `<configuration>\n  <location path="Payroll/reports">\n    <system.webServer />\n  </location>\n</configuration>`,
    });
    const file = service.workspace.get(web)!;
    const [own, inner] = file.scopes.map((scope) => resolveUrlPathOfScope(service.workspace, file, scope));
    assert.deepEqual([own.target.path, own.inferredBy, own.level], ['Contoso-Portal', 'siteName', 'site']);
    assert.deepEqual([inner.target.path, inner.level], ['Contoso-Portal/Payroll/reports', 'folder']);
  });

  test('folder name = site name places an application folder too: Site/App/web.config is "Site/App" when <sites> shows /App', () => {
    const host = applicationHost('').replace(/physicalPath="[^"]*"/g, 'physicalPath="D:\\Elsewhere"');
    const app = 'file:///srv/iis/sites/Contoso-Portal/Payroll/web.config';
    const folder = 'file:///srv/iis/sites/Contoso-Portal/Payroll/reports/web.config';
    const service = serviceWith({ [HOST]: host, [app]: webConfig(''), [folder]: webConfig('') });
    const place = (uri: string) => {
      const file = service.workspace.get(uri)!;
      const p = resolveUrlPathOfScope(service.workspace, file, file.scopes[0]);
      return [p.target.path, p.target.known, p.level, p.inferredBy, p.application?.path];
    };
    assert.deepEqual(place(app), ['Contoso-Portal/Payroll', true, 'application', 'siteName', '/Payroll']);
    assert.deepEqual(place(folder), ['Contoso-Portal/Payroll/reports', true, 'folder', 'siteName', '/Payroll']);
  });

  test('with several applicationHost.config files, each web.config follows the nearest (.vs/config per project)', () => {
    const vsHost = (physical: string) =>
      `<configuration><system.applicationHost><sites><site name="WebApp" id="2"><application path="/"><virtualDirectory path="/" physicalPath="${physical}" /></application></site></sites></system.applicationHost></configuration>`;
    const service = serviceWith({
      'file:///repos/alpha/.vs/config/applicationhost.config': vsHost('C:\\Users\\dev\\source\\repos\\alpha\\WebApp'),
      'file:///repos/beta/.vs/Beta/config/applicationhost.config': vsHost('C:\\Users\\dev\\source\\repos\\beta\\WebApp'),
      'file:///repos/alpha/WebApp/Web.config': '<configuration/>',
      'file:///repos/beta/WebApp/Web.config': '<configuration/>',
    });
    for (const project of ['alpha', 'beta']) {
      const file = service.workspace.get(`file:///repos/${project}/WebApp/Web.config`)!;
      const placement = resolveUrlPathOfScope(service.workspace, file, file.scopes[0]);
      assert.match(placement.target.host!.uri, new RegExp(`/repos/${project}/`));
      assert.equal(placement.target.path, 'WebApp');
    }
  });

  test('equally good physicalPath matches in different sites place nothing; a lone web.config reasons on its own', () => {
    const twoSites = `<configuration><system.applicationHost><sites>
      <site name="A"><application path="/App"><virtualDirectory path="/" physicalPath="D:\\A\\App" /></application></site>
      <site name="B"><application path="/App"><virtualDirectory path="/" physicalPath="D:\\B\\App" /></application></site>
    </sites></system.applicationHost></configuration>`;
    const web = 'file:///srv/iis/inetpub/App/web.config';
    const service = serviceWith({ [HOST]: twoSites, [web]: '<configuration/>' });
    const file = service.workspace.get(web)!;
    const placement = resolveUrlPathOfScope(service.workspace, file, file.scopes[0]);
    assert.deepEqual([placement.target.known, placement.level, placement.target.host?.uri], [false, 'unknown', HOST]);

    const alone = serviceWith({ [LONE_WEB]: '<configuration/>' });
    const loneFile = alone.workspace.get(LONE_WEB)!;
    const lonePlacement = resolveUrlPathOfScope(alone.workspace, loneFile, loneFile.scopes[0]);
    assert.deepEqual([lonePlacement.target.known, lonePlacement.target.host], [false, undefined]);
  });
});

describe('effective configuration: merging', () => {
  test('server level, site and application locations, then web.config files: inner wins, each value knows its source', () => {
    const host = applicationHost(
      `    <system.webServer><security><authentication><windowsAuthentication enabled="true" /></authentication><access sslFlags="Ssl" /></security></system.webServer>
${location('Contoso-Portal', '                <authentication><windowsAuthentication enabled="false" useKernelMode="false" /></authentication>', ' overrideMode="Allow"')}
${location('Contoso-Portal/Payroll', '                <access sslFlags="Ssl, SslNegotiateCert" />')}`,
    );
    const service = serviceWith({
      [HOST]: host,
      [SITE_WEB]: webConfig('            <authentication><windowsAuthentication enabled="true" /></authentication>'),
    });
    const ws = service.workspace;
    const windows = effectiveSection(ws, urlTarget(ws, 'Contoso-Portal/Payroll/reports'), 'system.webServer/security/authentication/windowsAuthentication');
    const enabled = windows.attributes.get('enabled')!;
    assert.equal(enabled.value, 'true');
    assert.equal(enabled.section!.scope.file.uri, SITE_WEB);
    assert.equal(windows.attributes.get('useKernelMode')!.section!.scope.path, 'Contoso-Portal');
    assert.deepEqual([windows.attributes.get('authPersistNonNTLM')!.value, windows.attributes.get('authPersistNonNTLM')!.isDefault], ['false', true]);
    assert.deepEqual(windows.sections.map((s) => `${s.scope.file.uri === HOST ? 'host' : 'web'}:${s.scope.path}`), ['host:', 'host:Contoso-Portal', 'web:']);

    const siteAccess = effectiveSection(ws, urlTarget(ws, 'contoso-portal'), 'system.webServer/security/access');
    const appAccess = effectiveSection(ws, urlTarget(ws, 'Contoso-Portal/Payroll/x.aspx'), 'system.webServer/security/access');
    assert.equal(siteAccess.attributes.get('sslFlags')!.value, 'Ssl');
    assert.equal(appAccess.attributes.get('sslFlags')!.value, 'Ssl, SslNegotiateCert');
    // Nothing written anywhere: IIS's default.
    const anonymous = effectiveSection(ws, urlTarget(ws, 'Contoso-Portal'), 'system.webServer/security/authentication/anonymousAuthentication');
    assert.deepEqual([anonymous.attributes.get('enabled')!.value, anonymous.attributes.get('enabled')!.isDefault, anonymous.sections.length], ['true', true, 0]);
  });

  test('collections accumulate across files; <remove> and <clear> take out what outer levels added', () => {
    const host = applicationHost(
      location(
        'Contoso-Portal',
        `                <authentication><iisClientCertificateMappingAuthentication enabled="true"><manyToOneMappings>
                    ${manyToOne('Dana Ruiz', 'records-dana', 'dana.ruiz')}
                    ${manyToOne('Lee Chen', 'records-lee', 'lee.chen')}
                </manyToOneMappings></iisClientCertificateMappingAuthentication></authentication>`,
        ' overrideMode="Allow"',
      ),
    );
    const siteWeb = webConfig(`            <authentication><iisClientCertificateMappingAuthentication><manyToOneMappings>
                ${manyToOne('Kim Park', 'records-kim', 'kim.park')}
            </manyToOneMappings></iisClientCertificateMappingAuthentication></authentication>`);
    const ws = serviceWith({ [HOST]: host, [SITE_WEB]: siteWeb }).workspace;
    const names = (path: string) =>
      effectiveSection(ws, urlTarget(ws, path), 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication')
        .children.get('manyToOneMappings')!
        .entries!.map((e) => `${e.value.attributes.get('name')!.value}@${e.section.scope.file.uri === HOST ? 'host' : 'web'}`);
    assert.deepEqual(names('Contoso-Portal'), ['Dana Ruiz@host', 'Lee Chen@host', 'Kim Park@web']);

    const cleared = serviceWith({
      [HOST]: host,
      [SITE_WEB]: siteWeb.replace('<manyToOneMappings>', '<manyToOneMappings><remove name="lee chen" />'),
      [APP_WEB]: webConfig('            <authentication><iisClientCertificateMappingAuthentication><manyToOneMappings><clear /></manyToOneMappings></iisClientCertificateMappingAuthentication></authentication>'),
    }).workspace;
    const after = (path: string) =>
      effectiveSection(cleared, urlTarget(cleared, path), 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication').children.get('manyToOneMappings')!.entries!.map((e) => e.value.attributes.get('name')!.value);
    assert.deepEqual(after('Contoso-Portal'), ['Dana Ruiz', 'Kim Park']);
    assert.deepEqual(after('Contoso-Portal/Payroll'), []);
  });

  test('inheritInChildApplications="false" keeps a location out of applications below it, not out of folders', () => {
    const host = applicationHost(location('Contoso-Portal', '                <access sslFlags="Ssl" />', ' inheritInChildApplications="false"'));
    const ws = serviceWith({ [HOST]: host }).workspace;
    const flags = (path: string) => effectiveSection(ws, urlTarget(ws, path), 'system.webServer/security/access').attributes.get('sslFlags')!;
    assert.equal(flags('Contoso-Portal/images').value, 'Ssl');
    assert.deepEqual([flags('Contoso-Portal/Payroll').value, flags('Contoso-Portal/Payroll').isDefault], ['None', true]);
  });

  test('configuredTargetsUnder lists the deeper paths that have their own configuration', () => {
    const ws = serviceWith({ [HOST]: seed001After(), [DIR_WEB]: webConfig('') }).workspace;
    const paths = configuredTargetsUnder(ws, urlTarget(ws, 'Contoso-Portal')).map((t) => t.path).sort();
    assert.deepEqual(paths, ['Contoso-Portal', 'Contoso-Portal/Payroll', 'Contoso-Portal/Payroll/reports']);
  });

  test('authenticationAt reads certificate mappings at site level and ignores them below (seed 001)', () => {
    const before = serviceWith({ [HOST]: seed001Before() }).workspace;
    const broken = authenticationAt(before, urlTarget(before, 'Contoso-Portal/Payroll'));
    assert.equal(broken.producesUser, false);
    assert.equal(broken.iisMapping.readAt.path, 'Contoso-Portal');
    assert.equal(broken.iisMapping.enabled, false);
    assert.equal(broken.iisMapping.ignored.length, 1);
    assert.equal(broken.certificate.negotiates, true);

    const after = serviceWith({ [HOST]: seed001After() }).workspace;
    const fixed = authenticationAt(after, urlTarget(after, 'Contoso-Portal/Payroll'));
    assert.deepEqual([fixed.producesUser, fixed.anonymous.enabled, fixed.iisMapping.usableMappings.length], [true, false, 2]);
  });
});

describe('effective configuration: locking', () => {
  const anonymousPath = 'system.webServer/security/authentication/anonymousAuthentication';

  test('the declaration decides when no location does; a site location with overrideMode="Allow" unlocks its section only', () => {
    const host = applicationHost(location('Contoso-Portal', '                <authentication><anonymousAuthentication /></authentication>', ' overrideMode="Allow"'));
    const ws = serviceWith({ [HOST]: host }).workspace;
    const app = urlTarget(ws, 'Contoso-Portal/Payroll');
    const unlocked = isSectionUnlockedFor(ws, app, anonymousPath);
    assert.deepEqual([unlocked.allowed, unlocked.decidedBy, unlocked.scope!.path, unlocked.attribute!.value], [true, 'location', 'Contoso-Portal', 'Allow']);
    const access = isSectionUnlockedFor(ws, app, 'system.webServer/security/access');
    assert.deepEqual([access.allowed, access.decidedBy, access.attribute!.name], [false, 'declaration', 'overrideModeDefault']);
    const otherSite = isSectionUnlockedFor(ws, urlTarget(ws, 'Other-Site'), anonymousPath);
    assert.deepEqual([otherSite.allowed, otherSite.decidedBy], [false, 'declaration']);
  });

  test('the innermost location decides: Deny for the application beats Allow for the site; allowOverride="false" locks too', () => {
    const host = applicationHost(
      `${location('Contoso-Portal', '                <authentication><anonymousAuthentication /></authentication>', ' overrideMode="Allow"')}
${location('Contoso-Portal/Payroll', '                <authentication><anonymousAuthentication /></authentication>', ' allowOverride="false"')}`,
      defaultDeclarations({ anonymousAuthentication: 'Allow' }),
    );
    const ws = serviceWith({ [HOST]: host }).workspace;
    const decision = isSectionUnlockedFor(ws, urlTarget(ws, 'Contoso-Portal/Payroll/reports'), anonymousPath);
    assert.deepEqual([decision.allowed, decision.scope!.path, decision.attribute!.name], [false, 'Contoso-Portal/Payroll', 'allowOverride']);
    assert.equal(isSectionUnlockedFor(ws, urlTarget(ws, 'Contoso-Portal'), anonymousPath).allowed, true);
  });

  test('without applicationHost.config the IIS defaults decide and say so', () => {
    const ws = serviceWith({ [LONE_WEB]: webConfig('') }).workspace;
    const file = ws.get(LONE_WEB)!;
    const target = resolveUrlPathOfScope(ws, file, file.scopes[0]).target;
    const decision = isSectionUnlockedFor(ws, target, 'system.webServer/security/access');
    assert.deepEqual([decision.allowed, decision.decidedBy, decision.assumedDefaults], [false, 'iisDefault', true]);
    const open = isSectionUnlockedFor(ws, target, 'system.webServer/defaultDocument');
    assert.deepEqual([open.allowed, open.decidedBy], [true, 'iisDefault']);
    // Modules and handlers are declared Deny, then opened by the default <location path="" overrideMode="Allow">.
    assert.equal(isSectionUnlockedFor(ws, target, 'system.webServer/handlers').allowed, true);
    assert.equal(isSectionUnlockedFor(ws, target, 'system.webServer/security/ipSecurity').allowed, false);
    assert.deepEqual([isSectionUnlockedFor(ws, target, 'system.webServer/iisnode').decidedBy], ['unknown']);
  });
});

describe('IIS-AUTH-001 certificate mappings below site level', () => {
  test('seed 001 before: fires on the element in the sub-application location, pointing at the site-level location', () => {
    const m = marked(seed001Before(true));
    const service = serviceWith({ [HOST]: m.text });
    const [finding, ...rest] = findingsOf(service, HOST, 'IIS-AUTH-001');
    assert.equal(rest.length, 0);
    assert.deepEqual(finding.range, m.ranges[1]);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /only at server and site level/);
    assert.match(finding.message, /"Contoso-Portal\/Payroll"/);
    assert.match(finding.message, /401\.2/);
    assert.match(finding.docUrl!, /^https:\/\/learn\.microsoft\.com\/.*iisclientcertificatemappingauthentication/);
    assert.equal(finding.related![0].uri, HOST);
    assert.match(finding.related![0].message, /site-level <location> for "Contoso-Portal"/);
    assert.equal(finding.related![0].range.start.line, m.text.split('\n').findIndex((l) => l.includes('<location path="Contoso-Portal">')));
    assert.deepEqual(
      { sitePath: finding.data!.sitePath, locationPath: finding.data!.locationPath, siteLocationExists: finding.data!.siteLocationExists, mappings: finding.data!.mappings },
      { sitePath: 'Contoso-Portal', locationPath: 'Contoso-Portal/Payroll', siteLocationExists: true, mappings: 2 },
    );
    assert.ok(!JSON.stringify(finding.data).includes('enc:'), 'data carries no password');
  });

  test('in a web.config the workspace places in an application, and in any web.config <location>', () => {
    const app = marked(webConfig(`            <authentication>
                <[[iisClientCertificateMappingAuthentication]] enabled="true" />
            </authentication>`));
    const service = serviceWith({ [HOST]: applicationHost(''), [APP_WEB]: app.text });
    const [inApp] = findingsOf(service, APP_WEB, 'IIS-AUTH-001');
    assert.deepEqual(inApp.range, app.ranges[0]);
    assert.match(inApp.message, /"Contoso-Portal\/Payroll" \(an application below site "Contoso-Portal"\)/);

    const lone = marked(`<configuration>
  <location path="secure">
    <system.webServer><security><authentication><[[iisClientCertificateMappingAuthentication]] enabled="false" /></authentication></security></system.webServer>
  </location>
</configuration>`);
    const [inLocation] = findingsOf(serviceWith({ [LONE_WEB]: lone.text }), LONE_WEB, 'IIS-AUTH-001');
    assert.deepEqual(inLocation.range, lone.ranges[0]);
    assert.equal(inLocation.severity, 'warning', 'a disabled section below the site is harmless, only pointless');
  });

  test('near miss: the same section at site level, in the site root web.config, or in a lone web.config', () => {
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: seed001After() }), HOST, 'IIS-AUTH-001'), []);
    const site = webConfig('            <authentication><iisClientCertificateMappingAuthentication enabled="true" /></authentication>');
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: applicationHost(''), [SITE_WEB]: site }), SITE_WEB, 'IIS-AUTH-001'), []);
    assert.deepEqual(findingsOf(serviceWith({ [LONE_WEB]: site }), LONE_WEB, 'IIS-AUTH-001'), []);
  });
});

describe('IIS-AUTH-002 section locked at a parent level', () => {
  const anonymousOff = (mark: boolean) => webConfig(`            <authentication>
                <${mark ? '[[' : ''}anonymousAuthentication${mark ? ']]' : ''} enabled="false" />
                <windowsAuthentication enabled="true" />
            </authentication>`);

  test('locked by the declaration: 500.19 on the section element, related to overrideModeDefault', () => {
    const m = marked(anonymousOff(true));
    const host = applicationHost('');
    const findings = findingsOf(serviceWith({ [HOST]: host, [APP_WEB]: m.text }), APP_WEB, 'IIS-AUTH-002');
    assert.equal(findings.length, 2, brief(findings).join('\n'));
    const [anonymous] = findings;
    assert.deepEqual(anonymous.range, m.ranges[0]);
    assert.equal(anonymous.severity, 'error');
    assert.match(anonymous.message, /500\.19 \(0x80070021/);
    assert.match(anonymous.message, /overrideModeDefault="Deny"/);
    assert.match(anonymous.message, /<location path="Contoso-Portal" overrideMode="Allow">/);
    const declarationLine = host.split('\n').findIndex((l) => l.includes('name="anonymousAuthentication"'));
    assert.deepEqual([anonymous.related![0].uri, anonymous.related![0].range.start.line], [HOST, declarationLine]);
    assert.deepEqual([anonymous.data!.decidedBy, anonymous.data!.path, anonymous.data!.unlockPath], ['declaration', 'Contoso-Portal/Payroll', 'Contoso-Portal']);
  });

  test('near miss: unlocked for the site by <location overrideMode="Allow">; a lock on another site does not matter', () => {
    const unlock = location('Contoso-Portal', '                <authentication><anonymousAuthentication /><windowsAuthentication /></authentication>', ' overrideMode="Allow"');
    const lockOther = location('Other-Site', '                <authentication><anonymousAuthentication /></authentication>', ' overrideMode="Deny"');
    const service = serviceWith({ [HOST]: applicationHost(`${unlock}\n${lockOther}`), [APP_WEB]: anonymousOff(false) });
    assert.deepEqual(findingsOf(service, APP_WEB, 'IIS-AUTH-002'), []);
  });

  test('an application location with overrideMode="Deny" locks again what the site unlocked', () => {
    const unlock = location('Contoso-Portal', '                <authentication><anonymousAuthentication /></authentication>', ' overrideMode="Allow"');
    const relock = location('Contoso-Portal/Payroll', '                <authentication><anonymousAuthentication /></authentication>', ' overrideMode="Deny"');
    const host = applicationHost(`${unlock}\n${relock}`, defaultDeclarations({ windowsAuthentication: 'Allow' }));
    const [finding, ...rest] = findingsOf(serviceWith({ [HOST]: host, [APP_WEB]: anonymousOff(false) }), APP_WEB, 'IIS-AUTH-002');
    assert.equal(rest.length, 0);
    assert.match(finding.message, /locked for this path by <location path="Contoso-Portal\/Payroll" overrideMode="Deny">/);
    assert.deepEqual(finding.data!.lockingLocationPath, 'Contoso-Portal/Payroll');
  });

  test('a lone web.config without any host file: one information per file, saying it depends on the server', () => {
    const m = marked(webConfig(`            <authentication>
                <[[anonymousAuthentication]] enabled="false" />
                <[[windowsAuthentication]] enabled="true" />
            </authentication>`));
    const service = serviceWith({ [LONE_WEB]: m.text });
    const findings = findingsOf(service, LONE_WEB, 'IIS-AUTH-002');
    assert.equal(findings.length, 1, brief(findings).join('\n'));
    const [finding] = findings;
    assert.deepEqual(finding.range, m.ranges[0]);
    assert.equal(finding.severity, 'information');
    assert.match(finding.message, /^Depends on the server: no applicationHost\.config governs this web\.config/);
    assert.match(finding.message, /<anonymousAuthentication>, <windowsAuthentication>/);
    assert.match(finding.message, /iisAuth\.applicationHostConfig/);
    assert.deepEqual(finding.related?.map((r) => r.range), [m.ranges[1]]);
  });

  const SERVER_HOST = 'file:///C:/Windows/System32/inetsrv/config/applicationHost.config';
  const PROJECT_WEB = 'file:///home/dev/src/ContosoPortal/web.config';

  test('a lone web.config with iisAuth.applicationHostConfig pointing at a server file that unlocks the sections: nothing', () => {
    const service = serviceWith({ [PROJECT_WEB]: anonymousOff(false) });
    service.workspace.setServerFile(SERVER_HOST, applicationHost('', defaultDeclarations({ anonymousAuthentication: 'Allow', windowsAuthentication: 'Allow' })));
    assert.deepEqual(findingsOf(service, PROJECT_WEB, 'IIS-AUTH-002'), []);
  });

  test('a lone web.config with a server file that locks the sections: an error per section naming that file; no edit to it is offered', () => {
    const m = marked(anonymousOff(true));
    const service = serviceWith({ [PROJECT_WEB]: m.text });
    service.workspace.setServerFile(SERVER_HOST, applicationHost(''));
    const findings = findingsOf(service, PROJECT_WEB, 'IIS-AUTH-002');
    assert.deepEqual(findings.map((f) => f.severity), ['error', 'error'], brief(findings).join('\n'));
    assert.deepEqual(findings[0].range, m.ranges[0]);
    assert.match(findings[0].message, /^The server's C:\\Windows\\System32\\inetsrv\\config\\applicationHost\.config declares <anonymousAuthentication> with overrideModeDefault="Deny"/);
    assert.match(findings[0].message, /"Contoso-Portal"/);
    assert.equal(findings[0].related?.[0].uri, SERVER_HOST);
    assert.deepEqual(service.codeActions(PROJECT_WEB, findings[0].range, [findings[0]]).filter((a) => a.edit), [], 'the server file is never written');
    assert.deepEqual(service.validate(PROJECT_WEB).filter((f) => f.uri === SERVER_HOST), []);
  });

  test('an applicationHost.config excerpt without <configSections>: a warning that names the missing declaration, not the missing file', () => {
    const m = marked(anonymousOff(true));
    const excerpt = applicationHost('', '');
    const findings = findingsOf(serviceWith({ [HOST]: excerpt, [APP_WEB]: m.text }), APP_WEB, 'IIS-AUTH-002');
    assert.equal(findings.length, 2, brief(findings).join('\n'));
    const [anonymous] = findings;
    assert.deepEqual(anonymous.range, m.ranges[0]);
    assert.equal(anonymous.severity, 'warning');
    assert.match(anonymous.message, /does not declare <anonymousAuthentication>/);
    assert.doesNotMatch(anonymous.message, /No applicationHost\.config in this workspace/);
    assert.deepEqual([anonymous.related![0].uri, anonymous.related![0].range.start.line], [HOST, 1]);
  });

  test('cross-file: unlocking in applicationHost.config clears the web.config finding on the next validation', () => {
    const service = serviceWith({ [HOST]: applicationHost(''), [APP_WEB]: anonymousOff(false) });
    assert.equal(findingsOf(service, APP_WEB, 'IIS-AUTH-002').length, 2);
    service.workspace.set(
      HOST,
      applicationHost(location('Contoso-Portal', '                <authentication><anonymousAuthentication /><windowsAuthentication /></authentication>', ' overrideMode="Allow"')),
    );
    assert.deepEqual(findingsOf(service, APP_WEB, 'IIS-AUTH-002'), []);
  });
});

describe('IIS-AUTH-004 certificate mapping where no certificate is requested', () => {
  const siteMapping = (accessUnderApp: string, mark = false) =>
    applicationHost(`${location('Contoso-Portal', `                <authentication>
                    <iisClientCertificateMappingAuthentication enabled="${mark ? '[[' : ''}true${mark ? ']]' : ''}">
                        <oneToOneMappings>${oneToOne(DANA_CERT, 'dana.ruiz')}</oneToOneMappings>
                    </iisClientCertificateMappingAuthentication>
                </authentication>
                <access sslFlags="Ssl" />`)}
${location('Contoso-Portal/Payroll', `                <access sslFlags="${accessUnderApp}" />`)}`);

  test('fires on enabled="true" when neither the site nor anything below it negotiates a certificate', () => {
    const m = marked(siteMapping('Ssl, SslRequireCert', true));
    const [finding, ...rest] = findingsOf(serviceWith({ [HOST]: m.text }), HOST, 'IIS-AUTH-004');
    assert.equal(rest.length, 0);
    assert.deepEqual(finding.range, m.ranges[0]);
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /never asks for a client certificate/);
    assert.match(finding.message, /SslNegotiateCert/);
    assert.match(finding.related![0].message, /sslFlags in effect/);
  });

  test('near miss: the sub-application negotiates (seed 001 after), or a web.config below does', () => {
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: siteMapping('Ssl, SslNegotiateCert') }), HOST, 'IIS-AUTH-004'), []);
    const service = serviceWith({ [HOST]: siteMapping('Ssl'), [DIR_WEB]: webConfig('            <access sslFlags="Ssl, SslNegotiateCert" />') });
    assert.deepEqual(findingsOf(service, HOST, 'IIS-AUTH-004'), []);
  });
});

describe('IIS-AUTH-005 no authentication method produces a user', () => {
  test('seed 001 before: the sub-application ends in 401.2, on anonymous enabled="false", related to the ignored mapping', () => {
    const m = marked(seed001Before(true));
    const [finding, ...rest] = findingsOf(serviceWith({ [HOST]: m.text }), HOST, 'IIS-AUTH-005');
    assert.equal(rest.length, 0);
    assert.deepEqual(finding.range, m.ranges[0]);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /"Contoso-Portal\/Payroll"/);
    assert.match(finding.message, /401\.2/);
    assert.match(finding.message, /ignored because IIS reads it only at site or server level/);
    assert.deepEqual(finding.related!.map((r) => r.range.start.line), [m.ranges[1].start.line]);
    assert.deepEqual(finding.data!.reasons, ['mappingBelowSite']);
  });

  test('seed 003 (AuthFlags=0): a scope with every method off', () => {
    const m = marked(applicationHost(location('Contoso-Portal', `                <authentication>
                    <anonymousAuthentication enabled="[[false]]" />
                    <windowsAuthentication enabled="false" />
                    <basicAuthentication enabled="false" />
                </authentication>`)));
    const [finding] = findingsOf(serviceWith({ [HOST]: m.text }), HOST, 'IIS-AUTH-005');
    assert.deepEqual(finding.range, m.ranges[0]);
    assert.match(finding.message, /Windows, Basic and Digest authentication are off/);
  });

  test('mapping at site level but the path never asks for a certificate', () => {
    const m = marked(applicationHost(`${location('Contoso-Portal', `                <authentication>
                    <iisClientCertificateMappingAuthentication enabled="true"><oneToOneMappings>${oneToOne(DANA_CERT, 'dana.ruiz')}</oneToOneMappings></iisClientCertificateMappingAuthentication>
                </authentication>
                <access sslFlags="SslNegotiateCert" />`)}
${location('Contoso-Portal/Payroll', `                <authentication><anonymousAuthentication enabled="[[false]]" /></authentication>
                <access sslFlags="[[Ssl]]" />`)}`));
    const [finding] = findingsOf(serviceWith({ [HOST]: m.text }), HOST, 'IIS-AUTH-005');
    assert.deepEqual(finding.range, m.ranges[0]);
    assert.match(finding.message, /no client certificate is requested here/);
    assert.deepEqual(finding.related![0].range, m.ranges[1]);
  });

  test('near misses: nothing configured (anonymous by default), Windows on, the fixed seed 001', () => {
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: applicationHost(location('Contoso-Portal', '                <access sslFlags="Ssl" />')) }), HOST, 'IIS-AUTH-005'), []);
    const windows = applicationHost(location('Contoso-Portal', '                <authentication><anonymousAuthentication enabled="false" /><windowsAuthentication enabled="true" /></authentication>'));
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: windows }), HOST, 'IIS-AUTH-005'), []);
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: seed001After() }), HOST, 'IIS-AUTH-005'), []);
  });

  test('cross-file: a web.config turns anonymous off; whether Windows is on comes from applicationHost.config', () => {
    const web = marked(webConfig('            <authentication><anonymousAuthentication enabled="[[false]]" /></authentication>'));
    const windowsAt = (value: string) =>
      applicationHost(location('Contoso-Portal', `                <authentication><anonymousAuthentication /><windowsAuthentication enabled="${value}" /></authentication>`, ' overrideMode="Allow"'));
    const service = serviceWith({ [HOST]: windowsAt('true'), [APP_WEB]: web.text });
    assert.deepEqual(findingsOf(service, APP_WEB, 'IIS-AUTH-005'), []);
    service.workspace.set(HOST, windowsAt('false'));
    const [finding] = findingsOf(service, APP_WEB, 'IIS-AUTH-005');
    assert.deepEqual(finding.range, web.ranges[0]);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /"Contoso-Portal\/Payroll"/);
  });

  test('server level: judged by the sites that only inherit it, named in the message', () => {
    const serverOff = (siteOwn: string) =>
      marked(
        applicationHost(`    <system.webServer><security><authentication>
        <anonymousAuthentication enabled="[[false]]" /><clientCertificateMappingAuthentication enabled="true" />
    </authentication></security></system.webServer>
${siteOwn}`),
      );
    const m = serverOff('');
    const [finding, ...rest] = findingsOf(serviceWith({ [HOST]: m.text }), HOST, 'IIS-AUTH-005');
    assert.equal(rest.length, 0);
    assert.deepEqual(finding.range, m.ranges[0]);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /site "Contoso-Portal", which inherits this server-level configuration/);
    assert.match(finding.message, /401\.2/);
    // Near miss: the site turns anonymous back on for itself, so nothing inherits the dead end.
    const own = serverOff(location('Contoso-Portal', '                <authentication><anonymousAuthentication enabled="true" /></authentication>'));
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: own.text }), HOST, 'IIS-AUTH-005'), []);
  });

  test('seed 003 style in a web.config: every method turned off for an application the server unlocked', () => {
    const unlock = applicationHost(
      location('Contoso-Portal', '                <authentication><anonymousAuthentication /><windowsAuthentication /><basicAuthentication /></authentication>', ' overrideMode="Allow"'),
    );
    const web = marked(webConfig(`            <authentication>
                <anonymousAuthentication enabled="[[false]]" />
                <windowsAuthentication enabled="false" />
                <basicAuthentication enabled="false" />
            </authentication>`));
    const findings = findingsOf(serviceWith({ [HOST]: unlock, [APP_WEB]: web.text }), APP_WEB);
    assert.deepEqual(seriousOnly(findings).map((f) => `${f.code} ${f.severity}`), ['IIS-AUTH-005 error'], brief(findings).join('\n'));
    const [finding] = findings.filter((f) => f.code === 'IIS-AUTH-005');
    assert.deepEqual(finding.range, web.ranges[0]);
    assert.match(finding.message, /"Contoso-Portal\/Payroll"/);
    assert.match(finding.message, /401\.2/);
    // Near miss: the same file with Windows authentication left on.
    const windowsOn = webConfig('            <authentication><anonymousAuthentication enabled="false" /><windowsAuthentication enabled="true" /></authentication>');
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: unlock, [APP_WEB]: windowsOn }), APP_WEB, 'IIS-AUTH-005'), []);
  });

  test('while the web.config section is locked, the 401.2 is announced for after the 500.19', () => {
    const web = webConfig('            <authentication><anonymousAuthentication enabled="false" /></authentication>');
    const service = serviceWith({ [HOST]: applicationHost(''), [APP_WEB]: web });
    assert.deepEqual(findingsOf(service, APP_WEB).map((f) => f.code).sort(), ['IIS-AUTH-002', 'IIS-AUTH-005']);
    const [noUser] = findingsOf(service, APP_WEB, 'IIS-AUTH-005');
    assert.match(noUser.message, /Once IIS accepts these sections \(today they are locked, see IIS-AUTH-002, and requests get 500\.19\), it ends every request there with 401\.2/);
  });

  test('a lone web.config cannot see the server: only information', () => {
    const web = webConfig('            <authentication><anonymousAuthentication enabled="false" /></authentication>');
    const [finding] = findingsOf(serviceWith({ [LONE_WEB]: web }), LONE_WEB, 'IIS-AUTH-005');
    assert.equal(finding.severity, 'information');
    assert.match(finding.message, /applicationHost\.config is not in this workspace/);
  });
});

describe('IIS-AUTH-006 Active Directory and IIS certificate mapping both enabled', () => {
  test('both enabled in one scope: a warning on the AD section, related to the IIS one', () => {
    const m = marked(applicationHost(location('Contoso-Portal', `                <authentication>
                    <clientCertificateMappingAuthentication enabled="[[true]]" />
                    <iisClientCertificateMappingAuthentication enabled="[[true]]"><oneToOneMappings>${oneToOne(DANA_CERT, 'dana.ruiz')}</oneToOneMappings></iisClientCertificateMappingAuthentication>
                </authentication>
                <access sslFlags="Ssl, SslNegotiateCert" />`)));
    const [finding, ...rest] = findingsOf(serviceWith({ [HOST]: m.text }), HOST, 'IIS-AUTH-006');
    assert.equal(rest.length, 0);
    assert.deepEqual(finding.range, m.ranges[0]);
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.related![0].range, m.ranges[1]);
    assert.match(finding.docUrl!, /clientcertificatemappingauthentication/);
  });

  test('AD on for the server, IIS mapping on for the site (seed 000\'s server): information only; AD off: nothing', () => {
    const split = (ad: string) =>
      applicationHost(`    <system.webServer><security><authentication><clientCertificateMappingAuthentication enabled="${ad}" /></authentication></security></system.webServer>
${location('Contoso-Portal', `                <authentication><iisClientCertificateMappingAuthentication enabled="true"><oneToOneMappings>${oneToOne(DANA_CERT, 'dana.ruiz')}</oneToOneMappings></iisClientCertificateMappingAuthentication></authentication>
                <access sslFlags="Ssl, SslNegotiateCert" />`)}`);
    const [info] = findingsOf(serviceWith({ [HOST]: split('true') }), HOST, 'IIS-AUTH-006');
    assert.equal(info.severity, 'information');
    assert.deepEqual(findingsOf(serviceWith({ [HOST]: split('false') }), HOST, 'IIS-AUTH-006'), []);
  });
});

describe('seed scenarios end to end (every rule)', () => {
  test('seed 000 as described: AD mapping on for the server, anonymous and Windows on for the site, many-to-one split across two files', () => {
    const host = applicationHost(`    <system.webServer>
        <security>
            <authentication>
                <anonymousAuthentication enabled="false" />
                <windowsAuthentication enabled="false" />
                <clientCertificateMappingAuthentication enabled="true" />
            </authentication>
        </security>
    </system.webServer>
${location(
  'Contoso-Portal',
  `                <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />
                <authentication>
                    <anonymousAuthentication enabled="true" />
                    <windowsAuthentication enabled="true" />
                    <iisClientCertificateMappingAuthentication enabled="true" logonMethod="ClearText" manyToOneCertificateMappingsEnabled="true" oneToOneCertificateMappingsEnabled="false">
                        <manyToOneMappings>
                            ${manyToOne('Dana Ruiz', 'records-dana', 'dana.ruiz')}
                        </manyToOneMappings>
                    </iisClientCertificateMappingAuthentication>
                </authentication>`,
  ' overrideMode="Allow"',
)}`);
    const web = webConfig(`            <authentication>
                <iisClientCertificateMappingAuthentication>
                    <manyToOneMappings>
                        ${manyToOne('Lee Chen', 'records-lee', 'lee.chen')}
                    </manyToOneMappings>
                </iisClientCertificateMappingAuthentication>
            </authentication>`);
    const service = serviceWith({ [HOST]: host, [SITE_WEB]: web });
    const findings = [...service.validate(HOST), ...service.validate(SITE_WEB)];
    assert.deepEqual(brief(seriousOnly(findings)), []);
    // The server-wide AD mapping beside the site's IIS mapping is worth a note, no more; so is the
    // renegotiation SslNegotiateCert needs, which only the server's netsh output could rule out.
    assert.deepEqual(
      findings.filter((f) => f.code.startsWith('IIS-AUTH')).map((f) => [f.code, f.severity]),
      [
        ['IIS-AUTH-006', 'information'],
        ['IIS-AUTH-106', 'information'],
      ],
    );
  });

  test('seed 001, second configuration: no error or warning from any rule', () => {
    const service = serviceWith({ [HOST]: seed001After() });
    assert.deepEqual(brief(seriousOnly(service.validate(HOST))), []);
  });

  test('seed 001, first configuration: rule 1 on the element and rule 5 for the sub-application', () => {
    const codes = seriousOnly(serviceWith({ [HOST]: seed001Before() }).validate(HOST)).map((f) => f.code);
    assert.ok(codes.includes('IIS-AUTH-001') && codes.includes('IIS-AUTH-005'), codes.join(', '));
  });

  test('seed 000: many-to-one mappings split between applicationHost.config and the site web.config give no false alarm', () => {
    const host = applicationHost(
      location(
        'Contoso-Portal',
        `                <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />
                <authentication>
                    <anonymousAuthentication enabled="false" />
                    <windowsAuthentication enabled="false" />
                    <clientCertificateMappingAuthentication enabled="false" />
                    <iisClientCertificateMappingAuthentication enabled="true" logonMethod="ClearText" manyToOneCertificateMappingsEnabled="true" oneToOneCertificateMappingsEnabled="false">
                        <manyToOneMappings>
                            ${manyToOne('Dana Ruiz', 'records-dana', 'dana.ruiz')}
                        </manyToOneMappings>
                    </iisClientCertificateMappingAuthentication>
                </authentication>`,
        ' overrideMode="Allow"',
      ),
    );
    const web = webConfig(`            <authentication>
                <iisClientCertificateMappingAuthentication enabled="true" manyToOneCertificateMappingsEnabled="true">
                    <manyToOneMappings>
                        ${manyToOne('Lee Chen', 'records-lee', 'lee.chen')}
                    </manyToOneMappings>
                </iisClientCertificateMappingAuthentication>
            </authentication>`);
    const service = serviceWith({ [HOST]: host, [SITE_WEB]: web });
    assert.deepEqual(brief(seriousOnly([...service.validate(HOST), ...service.validate(SITE_WEB)])), []);
    const state = authenticationAt(service.workspace, urlTarget(service.workspace, 'Contoso-Portal'));
    assert.deepEqual(state.iisMapping.usableMappings.map((e) => e.value.attributes.get('name')!.value), ['Dana Ruiz', 'Lee Chen']);
  });
});
