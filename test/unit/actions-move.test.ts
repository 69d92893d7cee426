import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseXmlDocument, type XmlElement } from '../../server/src/core/xml/document';
import { COPY_SECTION_COMMAND } from '../../server/src/core/actions/codeAction';
import type { CopySectionArguments } from '../../server/src/core/actions/moveSectionFromWebConfig';
import { APPHOST_URI, serviceWith } from '../support/fixtures';
import { actionsFor, applyAction, findingsWith, only } from '../support/codeActions';

// The move of seed 001 (IIS-AUTH-001): certificate mappings set below the site go to the site level,
// in the same applicationHost.config or across files, and the locked-section fixes (IIS-AUTH-002).

const examples = resolve(__dirname, '../../../examples');
const example = (name: string) => readFileSync(resolve(examples, name, 'applicationHost.config'), 'utf8');

/**
 * What a configuration means, level by level: for `<configuration>` itself and for each `<location
 * path>`, every element as its path from that level with its attributes (sorted, values decoded).
 * Comments, whitespace, attribute order and quoting do not count.
 */
function meaning(text: string): Map<string, string[]> {
  const doc = parseXmlDocument(text);
  assert.deepEqual(doc.errors, []);
  const levels = new Map<string, string[]>();
  const walk = (element: XmlElement, prefix: string, into: string[]) => {
    const path = prefix ? `${prefix}/${element.name}` : element.name;
    const attributes = element.attributes.map((a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
    into.push(`${path} [${attributes.join(' ')}]`);
    for (const child of element.children) walk(child, path, into);
  };
  const top: string[] = [];
  for (const child of doc.root!.children) {
    if (child.name !== 'location') {
      walk(child, '', top);
      continue;
    }
    const key = `location ${child.get('path')}`;
    assert.ok(!levels.has(key), `two locations for ${key}`);
    const entries: string[] = [];
    for (const inner of child.children) walk(inner, '', entries);
    levels.set(key, entries.sort());
  }
  levels.set('configuration', top.sort());
  return levels;
}

/** An applicationHost.config with one site (Shop, application /Admin), in the given style. */
function host(locations: string[], unit = '  ', eol = '\n'): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<configuration>',
    '~<system.applicationHost>',
    '~~<sites>',
    '~~~<site name="Shop" id="1">',
    '~~~~<application path="/">',
    '~~~~~<virtualDirectory path="/" physicalPath="C:\\inetpub\\Shop" />',
    '~~~~</application>',
    '~~~~<application path="/Admin">',
    '~~~~~<virtualDirectory path="/" physicalPath="C:\\inetpub\\Shop\\Admin" />',
    '~~~~</application>',
    '~~~</site>',
    '~~</sites>',
    '~</system.applicationHost>',
    ...locations.flatMap((l) => l.split('\n')),
    '</configuration>',
    '',
  ];
  return lines.map((line) => line.replace(/^~+/, (t) => unit.repeat(t.length))).join(eol);
}

/** `<location path>` with `inner` inside `<authentication>` (and `after` beside it in `<security>`). */
function location(path: string, inner: string[], after: string[] = []): string {
  return [
    `~<location path="${path}">`,
    '~~<system.webServer>',
    '~~~<security>',
    '~~~~<authentication>',
    ...inner.map((l) => `~~~~~${l}`),
    '~~~~</authentication>',
    ...after.map((l) => `~~~~${l}`),
    '~~~</security>',
    '~~</system.webServer>',
    '~</location>',
  ].join('\n');
}

const MAPPINGS = [
  '<iisClientCertificateMappingAuthentication enabled="true">',
  '~<!-- operators, see ticket 42 -->',
  '~<manyToOneMappings>',
  "~~<add name='R&amp;D &quot;ops&quot;' userName=\"SHOP\\ops\" password=\"[enc:IISCngProvider:AAAA:enc]\">",
  '~~~<rules>',
  '~~~~<add certificateField="Subject" certificateSubField="OU" matchCriteria="R&amp;D" />',
  '~~~</rules>',
  '~~</add>',
  '~</manyToOneMappings>',
  '</iisClientCertificateMappingAuthentication>',
];

function moveOffered(text: string) {
  const service = serviceWith({ [APPHOST_URI]: text });
  const [finding] = findingsWith(service, APPHOST_URI, 'IIS-AUTH-001');
  assert.ok(finding, 'IIS-AUTH-001 fires');
  return { service, finding, actions: actionsFor(service, finding) };
}

describe('move certificate mappings to site level in applicationHost.config (IIS-AUTH-001)', () => {
  test('seed 001: example 01 after the move means exactly what example 02 means', () => {
    const before = example('01-mapping-below-site');
    const { service, finding, actions } = moveOffered(before);
    const action = only(actions);
    assert.equal(action.title, 'Move the certificate mappings to site level (<location path="Contoso-Portal">)');
    assert.equal(action.isPreferred, true);
    const after = applyAction(service, action)[APPHOST_URI];
    assert.deepEqual(meaning(after), meaning(example('02-mapping-at-site-level')));
    assert.notDeepEqual(meaning(before), meaning(example('02-mapping-at-site-level')));
    assert.deepEqual(findingsWith(service, APPHOST_URI, 'IIS-AUTH-001'), []);
    assert.deepEqual(actionsFor(service, finding), []);
  });

  test('a missing site location is created before the sub-application\'s, with the file\'s tabs and CRLF', () => {
    const text = host([location('Shop/Admin', ['<anonymousAuthentication enabled="false" />', ...MAPPINGS.map((l) => l)], ['<access sslFlags="Ssl, SslNegotiateCert" />'])], '\t', '\r\n');
    const { service, actions } = moveOffered(text);
    const after = applyAction(service, only(actions))[APPHOST_URI];
    const expected = host(
      [location('Shop', MAPPINGS), location('Shop/Admin', ['<anonymousAuthentication enabled="false" />'], ['<access sslFlags="Ssl, SslNegotiateCert" />'])],
      '\t',
      '\r\n',
    );
    assert.equal(after, expected);
  });

  test('when the sub-application location held only the mappings, the whole location goes', () => {
    const text = host([location('Shop', ['<anonymousAuthentication enabled="true" />']), location('Shop/Admin', MAPPINGS)], '    ');
    const { service, actions } = moveOffered(text);
    const after = applyAction(service, only(actions))[APPHOST_URI];
    assert.equal(after, host([location('Shop', ['<anonymousAuthentication enabled="true" />', ...MAPPINGS])], '    '));
  });

  test('a comment left in <authentication> keeps it: only what is empty is removed', () => {
    const text = host([location('Shop/Admin', ['<!-- keep me -->', ...MAPPINGS])]);
    const { service, actions } = moveOffered(text);
    const after = applyAction(service, only(actions))[APPHOST_URI];
    assert.equal(after, host([location('Shop', MAPPINGS), location('Shop/Admin', ['<!-- keep me -->'])]));
  });

  test('merging into the site\'s section: identical entries are not repeated, new ones are added', () => {
    const shared = '<add name="Staff" userName="SHOP\\staff" password="x" />';
    const site = ['<iisClientCertificateMappingAuthentication enabled="true">', '~<manyToOneMappings>', `~~${shared}`, '~</manyToOneMappings>', '</iisClientCertificateMappingAuthentication>'];
    const sub = ['<iisClientCertificateMappingAuthentication enabled="true">', '~<manyToOneMappings>', `~~${shared}`, '~~<add name="Audit" userName="SHOP\\audit" password="y" />', '~</manyToOneMappings>', '</iisClientCertificateMappingAuthentication>'];
    const { service, actions } = moveOffered(host([location('Shop', site), location('Shop/Admin', sub)]));
    const action = only(actions);
    assert.equal(action.isPreferred, true);
    const after = applyAction(service, action)[APPHOST_URI];
    const merged = [...site.slice(0, 3), '~~<add name="Audit" userName="SHOP\\audit" password="y" />', ...site.slice(3)];
    assert.equal(after, host([location('Shop', merged)]));
  });

  test('a conflicting attribute is never overwritten silently: keep the site\'s value, or replace it by name', () => {
    const site = ['<iisClientCertificateMappingAuthentication enabled="false" />'];
    const sub = ['<iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="false" />'];
    const { service, actions } = moveOffered(host([location('Shop', site), location('Shop/Admin', sub)]));
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred]),
      [
        ['Move the certificate mappings to site level (<location path="Shop">), keeping the site\'s enabled="false"', undefined],
        ['Move the certificate mappings to site level (<location path="Shop">), replacing the site\'s enabled="false" with enabled="true"', undefined],
      ],
    );
    const kept = applyAction(serviceWith({ [APPHOST_URI]: service.workspace.text(APPHOST_URI)! }), actions[0])[APPHOST_URI];
    assert.equal(kept, host([location('Shop', ['<iisClientCertificateMappingAuthentication enabled="false" oneToOneCertificateMappingsEnabled="false" />'])]));
    const replaced = applyAction(service, actions[1])[APPHOST_URI];
    assert.equal(replaced, host([location('Shop', ['<iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="false" />'])]));
  });

  test('a moved value IIS cannot read never replaces the site\'s valid one: only "keep" is offered', () => {
    const site = ['<iisClientCertificateMappingAuthentication enabled="true" />'];
    const sub = ['<iisClientCertificateMappingAuthentication enabled="ture" />'];
    const { actions } = moveOffered(host([location('Shop', site), location('Shop/Admin', sub)]));
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Move the certificate mappings to site level (<location path="Shop">), keeping the site\'s enabled="true"'],
    );
  });

  test('a different entry with the same key at the site blocks the move, with the reason', () => {
    const site = ['<iisClientCertificateMappingAuthentication enabled="true">', '~<manyToOneMappings>', '~~<add name="Staff" userName="a" password="x" />', '~</manyToOneMappings>', '</iisClientCertificateMappingAuthentication>'];
    const sub = site.map((l) => l.replace('userName="a"', 'userName="b"'));
    const { actions } = moveOffered(host([location('Shop', site), location('Shop/Admin', sub)]));
    const action = only(actions);
    assert.equal(action.edit, undefined);
    assert.match(action.disabled!.reason, /already has a different <manyToOneMappings> entry with the same name/);
  });
});

const HOST = 'file:///srv/iis/inetsrv/config/applicationHost.config';
const SITE_WEB = 'file:///srv/iis/inetpub/Shop/web.config';
const APP_WEB = 'file:///srv/iis/inetpub/Shop/Admin/web.config';

/** The host with the mapping section's declaration (Deny as IIS ships it, or Allow). */
function declaringHost(mode: 'Deny' | 'Allow', locations: string[] = []): string {
  return host(
    [
      '~<configSections>',
      '~~<sectionGroup name="system.webServer">',
      '~~~<sectionGroup name="security">',
      '~~~~<sectionGroup name="authentication">',
      `~~~~~<section name="iisClientCertificateMappingAuthentication" overrideModeDefault="${mode}" />`,
      '~~~~</sectionGroup>',
      '~~~</sectionGroup>',
      '~~</sectionGroup>',
      '~</configSections>',
      ...locations,
    ],
    '  ',
  ).replace(/(<configuration>\n)([\s\S]*?)(  <configSections>[\s\S]*?<\/configSections>\n)/, '$1$3$2');
}

const WEB_SECTION = [
  '<iisClientCertificateMappingAuthentication enabled="true">',
  '~<!-- partners -->',
  '~<oneToOneMappings>',
  '~~<add userName="SHOP\\partner" password="p&amp;w" certificate="MIIB" />',
  '~</oneToOneMappings>',
  '</iisClientCertificateMappingAuthentication>',
];
const WEB_MAPPINGS = [
  '<?xml version="1.0"?>',
  '<configuration>',
  '  <system.webServer>',
  '    <security>',
  '      <authentication>',
  ...WEB_SECTION.map((l) => '        ' + l.replace(/^~+/, (t) => '  '.repeat(t.length))),
  '      </authentication>',
  '    </security>',
  '  </system.webServer>',
  '</configuration>',
  '',
].join('\n');

describe('move certificate mappings out of a web.config below the site (IIS-AUTH-001, across files)', () => {
  test('one WorkspaceEdit: out of the web.config, into the site location of applicationHost.config', () => {
    const service = serviceWith({ [HOST]: declaringHost('Deny'), [APP_WEB]: WEB_MAPPINGS });
    const [finding] = findingsWith(service, APP_WEB, 'IIS-AUTH-001');
    const action = only(actionsFor(service, finding));
    assert.equal(action.title, 'Move the certificate mappings to site "Shop" (<location path="Shop"> of applicationHost.config)');
    assert.equal(action.isPreferred, true);
    assert.deepEqual(Object.keys(action.edit!.changes).sort(), [HOST, APP_WEB].sort());
    const texts = applyAction(service, action);
    assert.equal(texts[APP_WEB], '<?xml version="1.0"?>\n<configuration>\n</configuration>\n');
    assert.equal(texts[HOST], declaringHost('Deny', [location('Shop', WEB_SECTION)]));
    assert.deepEqual(findingsWith(service, APP_WEB, 'IIS-AUTH-001'), []);
    assert.deepEqual(actionsFor(service, finding), []);
  });

  test('the site root web.config is a second target when the section is unlocked for it', () => {
    const service = serviceWith({ [HOST]: declaringHost('Allow'), [APP_WEB]: WEB_MAPPINGS, [SITE_WEB]: '<configuration>\r\n\t<appSettings />\r\n</configuration>\r\n' });
    const [finding] = findingsWith(service, APP_WEB, 'IIS-AUTH-001');
    const actions = actionsFor(service, finding);
    const toRoot = only(actions, "the site's root web.config");
    assert.equal(toRoot.isPreferred, undefined, 'applicationHost.config is the preferred target when present');
    const texts = applyAction(service, toRoot);
    assert.deepEqual(Object.keys(texts).sort(), [APP_WEB, SITE_WEB].sort());
    assert.equal(
      texts[SITE_WEB],
      [
        '<configuration>',
        '\t<appSettings />',
        '\t<system.webServer>',
        '\t\t<security>',
        '\t\t\t<authentication>',
        '\t\t\t\t<iisClientCertificateMappingAuthentication enabled="true">',
        '\t\t\t\t\t<!-- partners -->',
        '\t\t\t\t\t<oneToOneMappings>',
        '\t\t\t\t\t\t<add userName="SHOP\\partner" password="p&amp;w" certificate="MIIB" />',
        '\t\t\t\t\t</oneToOneMappings>',
        '\t\t\t\t</iisClientCertificateMappingAuthentication>',
        '\t\t\t</authentication>',
        '\t\t</security>',
        '\t</system.webServer>',
        '</configuration>',
        '',
      ].join('\r\n'),
    );
    assert.deepEqual(findingsWith(service, APP_WEB, 'IIS-AUTH-001'), []);
  });

  test('with no applicationHost.config in the workspace: a clipboard copy with instructions, no guessed file', () => {
    const web = WEB_MAPPINGS.replace('<system.webServer>', '<location path="Admin">\n  <system.webServer>').replace('</system.webServer>', '</system.webServer>\n  </location>');
    const service = serviceWith({ [SITE_WEB]: web });
    const [finding] = findingsWith(service, SITE_WEB, 'IIS-AUTH-001');
    const action = only(actionsFor(service, finding));
    assert.equal(action.edit, undefined);
    assert.equal(action.command?.command, COPY_SECTION_COMMAND);
    const args = action.command!.arguments![0] as CopySectionArguments;
    assert.match(args.xml, /^<iisClientCertificateMappingAuthentication enabled="true">\n {2}<!-- partners -->\n/);
    assert.match(args.xml, /password="p&amp;w"/);
    assert.deepEqual(parseXmlDocument(args.xml).errors, []);
    assert.match(args.instructions, /paste it into applicationHost\.config/);
  });
});

describe('locked section in a web.config (IIS-AUTH-002)', () => {
  const webAnonymous = '<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n        <anonymousAuthentication enabled="false" />\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>\n';
  const lockingHost = () =>
    declaringHost('Deny').replace(
      '<section name="iisClientCertificateMappingAuthentication" overrideModeDefault="Deny" />',
      '<section name="anonymousAuthentication" overrideModeDefault="Deny" />',
    );

  test('unlock: a <location overrideMode="Allow"> with the empty section in applicationHost.config', () => {
    const service = serviceWith({ [HOST]: lockingHost(), [APP_WEB]: webAnonymous });
    const [finding] = findingsWith(service, APP_WEB, 'IIS-AUTH-002');
    assert.ok(finding);
    const unlock = only(actionsFor(service, finding), 'Unlock');
    assert.deepEqual(Object.keys(unlock.edit!.changes), [HOST]);
    const after = applyAction(service, unlock)[HOST];
    assert.equal(unlock.title, 'Unlock <anonymousAuthentication> for "Shop" in applicationHost.config (<location overrideMode="Allow">)');
    assert.match(after, /\n {2}<location path="Shop" overrideMode="Allow">\n {4}<system\.webServer>\n {6}<security>\n {8}<authentication>\n {10}<anonymousAuthentication \/>\n {8}<\/authentication>\n/);
    assert.deepEqual(findingsWith(service, APP_WEB, 'IIS-AUTH-002'), []);
  });

  test('move: the setting goes to applicationHost.config\'s location for that path and leaves the web.config', () => {
    const service = serviceWith({ [HOST]: lockingHost(), [APP_WEB]: webAnonymous });
    const [finding] = findingsWith(service, APP_WEB, 'IIS-AUTH-002');
    const move = only(actionsFor(service, finding), 'Move <anonymousAuthentication>');
    const texts = applyAction(service, move);
    assert.equal(texts[APP_WEB], '<configuration>\n</configuration>\n');
    assert.match(texts[HOST], /<location path="Shop\/Admin">\n {4}<system\.webServer>\n {6}<security>\n {8}<authentication>\n {10}<anonymousAuthentication enabled="false" \/>/);
    assert.deepEqual(findingsWith(service, APP_WEB, 'IIS-AUTH-002'), []);
  });
});

describe('both certificate mapping modules enabled (IIS-AUTH-006)', () => {
  test('in the same element: the Active Directory module gets enabled="false", keeping its quotes', () => {
    const text = host([location('Shop', ["<clientCertificateMappingAuthentication enabled='true' />", '<iisClientCertificateMappingAuthentication enabled="true" />'])]);
    const service = serviceWith({ [APPHOST_URI]: text });
    const [finding] = findingsWith(service, APPHOST_URI, 'IIS-AUTH-006');
    const action = only(actionsFor(service, finding));
    assert.equal(action.title, 'Disable Active Directory certificate mapping for "Shop" (enabled="false")');
    assert.equal(action.isPreferred, true);
    assert.equal(applyAction(service, action)[APPHOST_URI], text.replace("enabled='true'", "enabled='false'"));
    assert.deepEqual(findingsWith(service, APPHOST_URI, 'IIS-AUTH-006'), []);
    assert.deepEqual(actionsFor(service, finding), []);
  });

  test('inherited from the server: the site gets its own <clientCertificateMappingAuthentication enabled="false" />', () => {
    const server = ['~<system.webServer>', '~~<security>', '~~~<authentication>', '~~~~<clientCertificateMappingAuthentication enabled="true" />', '~~~</authentication>', '~~</security>', '~</system.webServer>'];
    const text = host([...server, location('Shop', ['<iisClientCertificateMappingAuthentication enabled="true" />'])]);
    const service = serviceWith({ [APPHOST_URI]: text });
    const finding = findingsWith(service, APPHOST_URI, 'IIS-AUTH-006').find((f) => f.range.start.line > 20);
    assert.ok(finding);
    const action = only(actionsFor(service, finding));
    assert.equal(action.isPreferred, undefined);
    const after = applyAction(service, action)[APPHOST_URI];
    assert.equal(after, host([...server, location('Shop', ['<iisClientCertificateMappingAuthentication enabled="true" />', '<clientCertificateMappingAuthentication enabled="false" />'])]));
  });
});

describe('disabling Active Directory mapping where it is the last way to a user (IIS-AUTH-006)', () => {
  test('shown disabled, naming the path that would get 401.2', () => {
    const text = host([
      location('Shop', [
        '<anonymousAuthentication enabled="false" />',
        '<clientCertificateMappingAuthentication enabled="true" />',
        '<iisClientCertificateMappingAuthentication enabled="true" />',
      ], ['<access sslFlags="Ssl, SslNegotiateCert" />']),
    ]);
    const service = serviceWith({ [APPHOST_URI]: text });
    assert.deepEqual(findingsWith(service, APPHOST_URI, 'IIS-AUTH-005'), []);
    const [finding] = findingsWith(service, APPHOST_URI, 'IIS-AUTH-006');
    const action = only(actionsFor(service, finding));
    assert.equal(action.edit, undefined);
    assert.match(action.disabled!.reason, /gives requests to "Shop" a user; with it off they would get 401\.2/);
  });
});

describe('a mapping where no certificate is ever negotiated (IIS-AUTH-004)', () => {
  test('the path\'s own sslFlags get SslNegotiateCert', () => {
    const text = host([location('Shop', ['<iisClientCertificateMappingAuthentication enabled="true" />'], ['<access sslFlags="Ssl" />'])]);
    const service = serviceWith({ [APPHOST_URI]: text });
    const [finding] = findingsWith(service, APPHOST_URI, 'IIS-AUTH-004');
    assert.ok(finding);
    const action = only(actionsFor(service, finding));
    assert.match(action.title, /^Add SslNegotiateCert to sslFlags for "Shop"/);
    assert.equal(applyAction(service, action)[APPHOST_URI], text.replace('sslFlags="Ssl"', 'sslFlags="Ssl, SslNegotiateCert"'));
    assert.deepEqual(findingsWith(service, APPHOST_URI, 'IIS-AUTH-004'), []);
  });

  test('no <access> of its own: one is added next to <authentication>', () => {
    const text = host([location('Shop', ['<iisClientCertificateMappingAuthentication enabled="true" />'])]);
    const service = serviceWith({ [APPHOST_URI]: text });
    const [finding] = findingsWith(service, APPHOST_URI, 'IIS-AUTH-004');
    const action = only(actionsFor(service, finding));
    assert.equal(applyAction(service, action)[APPHOST_URI], host([location('Shop', ['<iisClientCertificateMappingAuthentication enabled="true" />'], ['<access sslFlags="SslNegotiateCert" />'])]));
  });
});
