import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { complete, type CompletionItem } from '../../server/src/core/completion';
import { parseXmlDocument } from '../../server/src/core/xml/document';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { APPHOST_URI, WEB_URI, marked, serviceWith } from '../support/fixtures';

function completeAt(source: string, uri = WEB_URI, extra: Record<string, string> = {}, triggerCharacter?: string) {
  const doc = marked(source);
  assert.ok(doc.cursor, 'fixture needs a | cursor');
  const service = serviceWith({ ...extra, [uri]: doc.text });
  const list = complete(service.workspace, uri, doc.cursor!, { triggerCharacter });
  // In the order an editor shows them.
  const items = [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  return { doc, items, labels: items.map((i) => i.label) };
}

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} among ${items.map((i) => i.label).join(', ')}`);
  return found!;
}

/** The snippet as the editor inserts it when the user accepts every placeholder's first choice. */
function render(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|((?:\\.|[^,|])*)[^}]*\|\}/g, (_, first: string) => first.replace(/\\(.)/g, '$1'))
    .replace(/\$\{\d+:((?:\\.|[^}])*)\}/g, (_, value: string) => value.replace(/\\(.)/g, '$1'))
    .replace(/\$\{\d+\}|\$\d+/g, '');
}

function accept(text: string, completion: CompletionItem): string {
  const lines = new LineIndex(text);
  const start = lines.offsetAt(completion.textEdit.range.start);
  const end = lines.offsetAt(completion.textEdit.range.end);
  const inserted = completion.insertTextFormat === 2 ? render(completion.textEdit.newText) : completion.textEdit.newText;
  return text.slice(0, start) + inserted + text.slice(end);
}

const inAuthentication = (body: string) =>
  `<configuration>\n  <system.webServer>\n    <security>\n      <authentication>\n${body}\n      </authentication>\n    </security>\n  </system.webServer>\n</configuration>\n`;

describe('completion: element names', () => {
  test('inside <authentication> offers the authentication sections not yet present, before and after the cursor', () => {
    const { labels, items } = completeAt(
      inAuthentication('        <anonymousAuthentication enabled="false" />\n        <|\n        <windowsAuthentication enabled="true" />'),
    );
    assert.deepEqual(labels.sort(), [
      'basicAuthentication',
      'clientCertificateMappingAuthentication',
      'digestAuthentication',
      'iisClientCertificateMappingAuthentication',
    ]);
    const digest = item(items, 'digestAuthentication');
    assert.match(digest.detail!, /locked by default/);
    assert.match(digest.documentation!.value, /`enabled` \(bool, default `false`\)/);
    assert.match(digest.documentation!.value, /500\.19/);
  });

  test('the partly typed name is the replaced range, even when the document is cut off there', () => {
    const { doc, items } = completeAt('<configuration>\n  <system.webServer>\n    <security>\n      <[[acc|]]');
    const access = item(items, 'access');
    assert.deepEqual(access.textEdit.range, doc.ranges[0]);
    assert.equal(render(access.textEdit.newText), 'access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />');
    assert.ok(items.some((i) => i.label === 'authentication'));
  });

  test('inside <location> of applicationHost.config the section groups lead to the sections', () => {
    const { labels } = completeAt('<configuration>\n  <location path="Portal">\n    <|\n  </location>\n</configuration>', APPHOST_URI);
    assert.equal(labels[0], 'system.webServer');
    assert.ok(labels.includes('system.web'));
    // Server-wide sections (system.applicationHost, ARR's webFarms) and administration.config's are not offered there.
    for (const absent of ['system.applicationHost', 'webFarms', 'configPaths']) assert.ok(!labels.includes(absent), absent);
    const inConfiguration = completeAt('<configuration>\n  <|\n</configuration>', APPHOST_URI);
    assert.deepEqual(inConfiguration.labels.slice(0, 4), ['location', 'system.applicationHost', 'system.webServer', 'webFarms']);
    const inWebConfig = completeAt('<configuration>\n  <|\n</configuration>');
    assert.deepEqual(inWebConfig.labels.slice(0, 2), ['location', 'system.webServer']);
  });

  test('renaming an existing tag replaces only the name', () => {
    const { items } = completeAt(inAuthentication('        <windows|Authentication enabled="true" />'));
    const windows = item(items, 'windowsAuthentication');
    assert.equal(windows.insertTextFormat, 1);
    assert.equal(windows.textEdit.newText, 'windowsAuthentication');
  });

  test('iisClientCertificateMappingAuthentication completes to the whole section with its collections, indented like the file', () => {
    const { doc, items } = completeAt(inAuthentication('        <iis|'));
    const section = item(items, 'iisClientCertificateMappingAuthentication');
    assert.equal(section.insertTextFormat, 2);
    assert.equal(section.insertTextMode, 1);
    const result = accept(doc.text, section);
    const xml = parseXmlDocument(result);
    assert.deepEqual(xml.errors, []);
    const mapping = xml.root!.element('system.webServer')!.element('security')!.element('authentication')!.element('iisClientCertificateMappingAuthentication')!;
    assert.equal(mapping.get('enabled'), 'true');
    assert.ok(mapping.element('oneToOneMappings'));
    const rule = mapping.element('manyToOneMappings')!.element('add')!.element('rules')!.element('add')!;
    assert.deepEqual(
      rule.attributes.map((a) => a.name),
      ['certificateField', 'certificateSubField', 'matchCriteria', 'compareCaseSensitive'],
    );
    assert.equal(rule.get('certificateSubField'), 'CN');
    assert.match(result, /\n {10}<manyToOneMappings>\n {12}<add name="mapping name" permissionMode="Allow" userName="DOMAIN\\user" password="">\n {14}<rules>\n/);
  });

  test('inside manyToOneMappings, add completes to a mapping with one rule; inside rules, to a rule', () => {
    const source = inAuthentication(
      '        <iisClientCertificateMappingAuthentication enabled="true">\n          <manyToOneMappings>\n            <|\n          </manyToOneMappings>\n        </iisClientCertificateMappingAuthentication>',
    );
    const { doc, items } = completeAt(source);
    assert.deepEqual(items.map((i) => i.label), ['add', 'clear']);
    const result = accept(doc.text, item(items, 'add'));
    const xml = parseXmlDocument(result);
    assert.deepEqual(xml.errors, []);
    const add = xml.root!.element('system.webServer')!.element('security')!.element('authentication')!.element('iisClientCertificateMappingAuthentication')!
      .element('manyToOneMappings')!.element('add')!;
    assert.equal(add.elements('rules')[0].elements('add').length, 1);
    assert.ok(add.get('userName') !== undefined && add.get('password') !== undefined);

    const rules = completeAt(
      inAuthentication('        <iisClientCertificateMappingAuthentication>\n          <manyToOneMappings>\n            <add name="x">\n              <rules>\n                <|'),
    );
    assert.equal(
      render(item(rules.items, 'add').textEdit.newText),
      'add certificateField="Subject" certificateSubField="CN" matchCriteria="" compareCaseSensitive="false" />',
    );
  });

  test('a closing tag completes to the innermost open element', () => {
    const { items } = completeAt('<configuration>\n  <system.webServer>\n    <security>\n    </|');
    assert.deepEqual(items.map((i) => i.textEdit.newText), ['security>']);
  });

  test('outside the schema and inside comments nothing is offered', () => {
    assert.deepEqual(completeAt('<configuration>\n  <myCompany.settings>\n    <|\n  </myCompany.settings>\n</configuration>').labels, []);
    assert.deepEqual(completeAt(inAuthentication('        <!-- <| -->')).labels, []);
  });

  test('a space typed between elements does not pop up element names', () => {
    assert.deepEqual(completeAt(inAuthentication('         |'), WEB_URI, {}, ' ').labels, []);
  });
});

describe('completion: attribute names', () => {
  test('offers the attributes not yet written, required first, with default and documentation', () => {
    const { items, labels } = completeAt(inAuthentication('        <iisClientCertificateMappingAuthentication enabled="true" |>'));
    assert.deepEqual(labels.sort(), ['defaultLogonDomain', 'logonMethod', 'manyToOneCertificateMappingsEnabled', 'oneToOneCertificateMappingsEnabled']);
    const manyToOne = item(items, 'manyToOneCertificateMappingsEnabled');
    assert.equal(manyToOne.detail, 'bool · default: true');
    assert.match(manyToOne.documentation!.value, /many-to-one/);
    assert.equal(manyToOne.textEdit.newText, 'manyToOneCertificateMappingsEnabled="${1|false,true|}"');
    assert.equal(item(items, 'logonMethod').textEdit.newText, 'logonMethod="${1|ClearText,Interactive,Batch,Network|}"');
  });

  test('a partly typed name is replaced; an existing `=` keeps its value', () => {
    const typed = completeAt(inAuthentication('        <anonymousAuthentication [[user|]]'));
    assert.deepEqual(item(typed.items, 'userName').textEdit.range, typed.doc.ranges[0]);
    const existing = completeAt(inAuthentication('        <anonymousAuthentication [[en|abled]]="false" />'));
    const enabled = item(existing.items, 'enabled');
    assert.deepEqual(enabled.textEdit, { range: existing.doc.ranges[0], newText: 'enabled' });
  });

  test('right after a quoted value without a space, the inserted attribute starts with one', () => {
    const { doc, items } = completeAt(inAuthentication('        <anonymousAuthentication enabled="false"|/>'));
    assert.equal(accept(doc.text, item(items, 'userName')).includes('enabled="false" userName="DOMAIN\\user"/>'), true);
  });

  test('the never-display rule holds: a password attribute completion carries no value', () => {
    // Another location of the same file holds a password: neither the attribute completion offered
    // here nor a value completion inside password="" may bring it (or any value) along.
    const secret = 'Planted-Completion-Secret';
    const withNeighbour = (cursorElement: string) => `<configuration>
  <location path="A"><system.webServer><security><authentication>
    <anonymousAuthentication userName="IUSR_A" password="${secret}" />
  </authentication></security></system.webServer></location>
  <location path="B"><system.webServer><security><authentication>
    ${cursorElement}
  </authentication></security></system.webServer></location>
</configuration>`;
    const names = completeAt(withNeighbour('<anonymousAuthentication userName="IUSR_B" |/>'), APPHOST_URI);
    const password = item(names.items, 'password');
    assert.ok(accept(names.doc.text, password).includes('<anonymousAuthentication userName="IUSR_B" password=""/>'));
    const values = completeAt(withNeighbour('<anonymousAuthentication password="|" />'), APPHOST_URI);
    assert.deepEqual(values.labels, []);
    for (const offered of [...names.items, ...values.items]) assert.ok(!JSON.stringify(offered).includes(secret), offered.label);
  });
});

describe('completion: attribute values', () => {
  const access = (value: string) => `<configuration>\n  <system.webServer>\n    <security>\n      <access sslFlags="${value}" />\n    </security>\n  </system.webServer>\n</configuration>`;

  test('sslFlags offers only flags not yet present and never None beside others', () => {
    const { labels, items, doc } = completeAt(access('Ssl, [[|]]'));
    assert.deepEqual(labels, ['SslNegotiateCert', 'SslRequireCert', 'SslMapCert', 'Ssl128']);
    assert.deepEqual(item(items, 'SslNegotiateCert').textEdit.range, doc.ranges[0]);
    assert.match(item(items, 'SslRequireCert').documentation!.value, /SslNegotiateCert/);
  });

  test('sslFlags: the item under the cursor is completed, the others stay', () => {
    const { items, doc } = completeAt(access('Ssl, [[SslNeg|]], SslRequireCert'));
    assert.deepEqual(items.map((i) => i.label), ['SslNegotiateCert', 'SslMapCert', 'Ssl128']);
    assert.equal(accept(doc.text, item(items, 'SslNegotiateCert')), access('Ssl, SslNegotiateCert, SslRequireCert').replace(/\|/g, ''));
  });

  test('sslFlags: with None written, a flag replaces None instead of joining it', () => {
    const { items, doc } = completeAt(access('None,|'));
    assert.ok(!items.some((i) => i.label === 'None'));
    const ssl = item(items, 'Ssl');
    assert.equal(ssl.detail, 'replaces None');
    assert.match(accept(doc.text, ssl), /sslFlags="Ssl"/);
  });

  test('sslFlags: an empty value offers the IIS Manager combinations and None', () => {
    const { labels, items, doc } = completeAt(access('|'));
    assert.ok(labels.includes('None'));
    const require = item(items, 'Ssl, SslNegotiateCert, SslRequireCert');
    assert.match(accept(doc.text, require), /sslFlags="Ssl, SslNegotiateCert, SslRequireCert"/);
    assert.equal(items.find((i) => i.label === 'None')!.detail, 'default');
  });

  test('sslFlags in a document cut off inside the value, with no closing quote', () => {
    const { labels } = completeAt('<configuration>\n  <system.webServer>\n    <security>\n      <access sslFlags="Ssl, SslNegotiateCert, |\n    </security>');
    assert.deepEqual(labels, ['SslRequireCert', 'SslMapCert', 'Ssl128']);
  });

  test('sslFlags after a bare comma inserts the IIS Manager spacing', () => {
    const { items, doc } = completeAt(access('Ssl,|'));
    assert.match(accept(doc.text, item(items, 'SslNegotiateCert')), /sslFlags="Ssl, SslNegotiateCert"/);
  });

  test('booleans, with the default marked, replacing the whole value', () => {
    const { items, doc } = completeAt(inAuthentication('        <anonymousAuthentication enabled="[[t|rue]]" />'));
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [
      ['true', 'default'],
      ['false', undefined],
    ]);
    assert.deepEqual(item(items, 'false').textEdit.range, doc.ranges[0]);
  });

  test('after `=` without quotes the value comes with its quotes', () => {
    const { items, doc } = completeAt(inAuthentication('        <windowsAuthentication enabled=| />'));
    assert.match(accept(doc.text, item(items, 'true')), /<windowsAuthentication enabled="true" \/>/);
  });

  test('logonMethod, permissionMode, certificateField and certificateSubField', () => {
    const mapping = (attrs: string, rule: string) =>
      inAuthentication(
        `        <iisClientCertificateMappingAuthentication ${attrs}>\n          <manyToOneMappings>\n            <add name="m" ${rule === '' ? 'permissionMode="|"' : ''}>\n              <rules>\n                <add ${rule} />\n              </rules>\n            </add>\n          </manyToOneMappings>\n        </iisClientCertificateMappingAuthentication>`,
      );
    assert.deepEqual(completeAt(mapping('logonMethod="|"', 'x="y"')).labels, ['Interactive', 'Batch', 'Network', 'ClearText']);
    assert.deepEqual(completeAt(mapping('', '')).labels, ['Allow', 'Deny']);
    assert.deepEqual(completeAt(mapping('', 'certificateField="|"')).labels, ['Subject', 'Issuer']);
    const subField = completeAt(mapping('', 'certificateSubField="|"'));
    assert.deepEqual(subField.labels, ['CN', 'OU', 'O', 'L', 'S', 'C', 'E']);
    assert.match(item(subField.items, 'E').documentation!.value, /e-mail/);
  });

  test('Windows authentication providers', () => {
    const { labels } = completeAt(inAuthentication('        <windowsAuthentication enabled="true">\n          <providers>\n            <clear />\n            <add value="|" />'));
    assert.deepEqual(labels, ['Negotiate', 'NTLM', 'Negotiate:Kerberos']);
  });

  test('overrideMode on <location> and overrideModeDefault on a section declaration', () => {
    const { labels, items } = completeAt('<configuration>\n  <location path="Portal" overrideMode="|">\n  </location>\n</configuration>', APPHOST_URI);
    assert.deepEqual(labels, ['Inherit', 'Allow', 'Deny']);
    assert.match(item(items, 'Allow').documentation!.value, /unlock/);
    const declaration = completeAt(
      '<configuration>\n  <configSections>\n    <sectionGroup name="system.webServer">\n      <section name="x" overrideModeDefault="|" />',
      APPHOST_URI,
    );
    assert.deepEqual(declaration.labels, ['Allow', 'Deny']);
  });
});

describe('completion: <location path> in applicationHost.config', () => {
  const sites = `<configuration>
  <system.applicationHost>
    <sites>
      <site name="Portal" id="2">
        <application path="/">
          <virtualDirectory path="/" physicalPath="D:\\Sites\\Portal" />
        </application>
        <application path="/Api">
          <virtualDirectory path="/" physicalPath="D:\\Sites\\PortalApi" />
        </application>
      </site>
      <site name="Default Web Site" id="1">
        <application path="/" />
      </site>
    </sites>
  </system.applicationHost>
  <location path="[[Por|]]">
  </location>
</configuration>`;

  test('offers sites and their applications, replacing the typed path', () => {
    const { labels, items, doc } = completeAt(sites, APPHOST_URI);
    assert.deepEqual(labels, ['Default Web Site', 'Portal', 'Portal/Api']);
    const api = item(items, 'Portal/Api');
    assert.deepEqual(api.textEdit.range, doc.ranges[0]);
    assert.match(api.detail!, /application \/Api of site "Portal" · D:\\Sites\\PortalApi/);
  });

  test('a web.config location is relative to its folder: no site names there', () => {
    const { labels } = completeAt('<configuration>\n  <location path="|">\n  </location>\n</configuration>', WEB_URI, {
      [APPHOST_URI]: sites.replace(/\[\[|\]\]|\|/g, ''),
    });
    assert.deepEqual(labels, []);
  });
});

describe('completion: every section of IIS\'s schema files', () => {
  test('inside <security>: authorization, requestFiltering and ipSecurity besides access and authentication', () => {
    const { labels } = completeAt('<configuration>\n  <system.webServer>\n    <security>\n      <|\n    </security>\n  </system.webServer>\n</configuration>');
    for (const name of ['access', 'authentication', 'authorization', 'requestFiltering', 'ipSecurity', 'dynamicIpSecurity']) assert.ok(labels.includes(name), name);
    // AppHostOnly: not offered in a web.config.
    assert.ok(!labels.includes('isapiCgiRestriction'));
  });

  test('a collection offers its add/remove/clear; an add is written with its required and key attributes', () => {
    const { doc, items } = completeAt('<configuration>\n  <system.webServer>\n    <handlers>\n      <|\n    </handlers>\n  </system.webServer>\n</configuration>');
    assert.deepEqual(items.map((i) => i.label), ['add', 'remove', 'clear']);
    const result = accept(doc.text, item(items, 'add'));
    const add = parseXmlDocument(result).root!.element('system.webServer')!.element('handlers')!.element('add')!;
    assert.deepEqual(add.attributes.map((a) => a.name), ['name', 'path', 'verb']);
  });

  test('attribute names and enum values of any section, inside <location> too', () => {
    const inLocation = (inner: string) => `<configuration>\n  <location path="Portal">\n    <system.webServer>\n${inner}\n    </system.webServer>\n  </location>\n</configuration>`;
    const names = completeAt(inLocation('      <httpErrors |/>'), APPHOST_URI);
    assert.ok(names.labels.includes('errorMode') && names.labels.includes('existingResponse'));
    assert.match(item(names.items, 'errorMode').detail!, /default: DetailedLocalOnly/);
    const values = completeAt(inLocation('      <httpErrors errorMode="|" />'), APPHOST_URI);
    assert.deepEqual(values.labels, ['DetailedLocalOnly', 'Custom', 'Detailed']);
    const flags = completeAt(inLocation('      <handlers accessPolicy="Read, |" />'), APPHOST_URI);
    assert.ok(flags.labels.includes('Script') && !flags.labels.includes('Read'));
  });
});
