// The XDT library on its own: each transform and locator applied to a small base file, the result
// compared as text (what is not changed stays byte for byte), and the corpus transforms applied to
// their base files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseXmlDocument } from '../../server/src/core/xml/document';
import { applyTransform } from '../../server/src/core/xdt/transform';
import { parseXPath, selectElements } from '../../server/src/core/xdt/xpath';
import { TreeElement } from '../../server/src/core/xdt/tree';

const BASE = `<?xml version="1.0"?>
<!-- the application's settings -->
<configuration>
  <appSettings>
    <add key="a" value="1" />
    <add key="b" value="2" />
    <add key="a" value="3" />
  </appSettings>
  <system.web>
    <compilation debug="true" targetFramework="4.8" />
  </system.web>
</configuration>
`;

function transform(body: string): string {
  return `<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">${body}</configuration>`;
}

function apply(body: string, base = BASE) {
  return applyTransform(parseXmlDocument(base), parseXmlDocument(transform(body)), 'Web.config');
}

/** The base file with the lines between `from` and `to` (1-based, inclusive) replaced. */
function baseWith(from: number, to: number, lines: string[]): string {
  const all = BASE.split('\n');
  all.splice(from - 1, to - from + 1, ...lines);
  return all.join('\n');
}

describe('XDT transforms', () => {
  test('Insert appends the element, without its xdt attributes, as the last child, indented like its siblings', () => {
    const result = apply('<appSettings><add key="c" value="4" xdt:Transform="Insert" /></appSettings>');
    assert.deepEqual(result.issues, []);
    assert.equal(result.text, baseWith(7, 7, ['    <add key="a" value="3" />', '    <add key="c" value="4" />']));
  });

  test('Insert into an element written as <x/> opens it', () => {
    const result = apply('<system.web><compilation><buildProviders xdt:Transform="Insert" /></compilation></system.web>');
    assert.equal(result.text, baseWith(10, 10, ['    <compilation debug="true" targetFramework="4.8"><buildProviders /></compilation>']));
    const closed = apply('<system.web><compilation><buildProviders xdt:Transform="Remove" /></compilation></system.web>', baseWith(10, 10, ['    <compilation><buildProviders /></compilation>']));
    assert.equal(closed.text, baseWith(10, 10, ['    <compilation></compilation>']));
  });

  test('InsertBefore and InsertAfter place the element next to the one their XPath selects', () => {
    const before = apply(`<appSettings><add key="z" xdt:Transform="InsertBefore(/configuration/appSettings/add[@key='b'])" /></appSettings>`);
    assert.equal(before.text, baseWith(6, 6, ['    <add key="z" />', '    <add key="b" value="2" />']));
    const after = apply(`<appSettings><add key="z" xdt:Transform="InsertAfter(/configuration/appSettings/add[@key='b'])" /></appSettings>`);
    assert.equal(after.text, baseWith(6, 6, ['    <add key="b" value="2" />', '    <add key="z" />']));
  });

  test('InsertIfMissing inserts only when no element at its path exists', () => {
    const present = apply('<appSettings><add key="b" value="9" xdt:Locator="Match(key)" xdt:Transform="InsertIfMissing" /></appSettings>');
    assert.equal(present.text, BASE);
    const missing = apply('<appSettings><add key="q" value="9" xdt:Locator="Match(key)" xdt:Transform="InsertIfMissing" /></appSettings>');
    assert.equal(missing.text, baseWith(7, 7, ['    <add key="a" value="3" />', '    <add key="q" value="9" />']));
  });

  test('Replace replaces the first element it selects, with everything inside', () => {
    const result = apply('<appSettings><add key="a" value="new" xdt:Locator="Match(key)" xdt:Transform="Replace" /></appSettings>');
    assert.equal(result.text, baseWith(5, 5, ['    <add key="a" value="new" />']));
  });

  test('Remove removes the first element it selects, RemoveAll every one', () => {
    assert.equal(apply('<appSettings><add key="a" xdt:Locator="Match(key)" xdt:Transform="Remove" /></appSettings>').text, baseWith(5, 5, []));
    assert.equal(apply('<appSettings><add key="a" xdt:Locator="Match(key)" xdt:Transform="RemoveAll" /></appSettings>').text, baseWith(5, 7, ['    <add key="b" value="2" />']));
  });

  test('SetAttributes sets the listed attributes (or all of them) on every element selected', () => {
    const listed = apply('<appSettings><add key="a" value="x" other="y" xdt:Locator="Match(key)" xdt:Transform="SetAttributes(value)" /></appSettings>');
    assert.equal(listed.text, baseWith(5, 7, ['    <add key="a" value="x" />', '    <add key="b" value="2" />', '    <add key="a" value="x" />']));
    const all = apply('<system.web><compilation debug="false" batch="true" xdt:Transform="SetAttributes" /></system.web>');
    assert.equal(all.text, baseWith(10, 10, ['    <compilation debug="false" targetFramework="4.8" batch="true" />']));
  });

  test('RemoveAttributes removes the listed attributes', () => {
    const result = apply('<system.web><compilation xdt:Transform="RemoveAttributes(debug)" /></system.web>');
    assert.equal(result.text, baseWith(10, 10, ['    <compilation targetFramework="4.8" />']));
  });

  test('transforms apply in document order, each to what the ones before left', () => {
    const result = apply(`<appSettings>
      <add key="b" xdt:Locator="Match(key)" xdt:Transform="Remove" />
      <add key="b" value="again" xdt:Transform="Insert" />
    </appSettings>`);
    assert.equal(result.text, baseWith(6, 7, ['    <add key="a" value="3" />', '    <add key="b" value="again" />']));
  });
});

describe('XDT locators', () => {
  test('Match with several attributes selects the elements that have all their values', () => {
    const result = apply('<appSettings><add key="a" value="3" xdt:Locator="Match(key, value)" xdt:Transform="Remove" /></appSettings>');
    assert.equal(result.text, baseWith(7, 7, []));
  });

  test('Condition adds its expression to the element path', () => {
    const result = apply(`<appSettings><add xdt:Locator="Condition(@key='b' or @value='3')" xdt:Transform="RemoveAll" /></appSettings>`);
    assert.equal(result.text, baseWith(6, 7, []));
  });

  test('XPath replaces the element path with its own, absolute one', () => {
    const result = apply(`<anything><add xdt:Locator="XPath(/configuration/appSettings/add[@value='2'])" xdt:Transform="Remove" /></anything>`);
    assert.equal(result.text, baseWith(6, 6, []));
  });

  test('a locator on an element without a transform narrows the path of its children', () => {
    const base = '<configuration>\n  <location path="A"><x n="1" /></location>\n  <location path="B"><x n="1" /></location>\n</configuration>';
    const result = apply('<location path="B" xdt:Locator="Match(path)"><x xdt:Transform="SetAttributes" n="2" /></location>', base);
    assert.equal(result.text, '<configuration>\n  <location path="A"><x n="1" /></location>\n  <location path="B"><x n="2" /></location>\n</configuration>');
  });
});

describe('what XDT cannot do here is said, never thrown', () => {
  test('an unknown transform, an unknown locator and an XPath beyond the subset: one information issue each, the rest applied', () => {
    const result = apply(`<appSettings>
      <add key="a" xdt:Transform="XSLT(C:\\t.xslt)" />
      <add key="b" xdt:Locator="Nearest(key)" xdt:Transform="Remove" />
      <add xdt:Locator="Condition(following-sibling::add)" xdt:Transform="Remove" />
      <add key="c" xdt:Transform="Insert" />
    </appSettings>`);
    assert.deepEqual(result.issues.map((i) => i.kind), ['unsupported', 'unsupported', 'unsupported']);
    assert.match(result.issues[0].message, /does not apply xdt:Transform="XSLT\(C:\\t\.xslt\)"/);
    assert.match(result.issues[1].message, /does not apply the locator Nearest\(key\)/);
    assert.match(result.issues[2].message, /cannot evaluate the XPath/);
    assert.equal(result.text, baseWith(7, 7, ['    <add key="a" value="3" />', '    <add key="c" />']));
  });

  test('a transform that selects nothing says so', () => {
    const result = apply('<system.webServer><security xdt:Transform="Remove" /></system.webServer>');
    assert.deepEqual(result.issues.map((i) => [i.kind, i.message]), [['noMatch', 'No element of Web.config matches /configuration/system.webServer/security: this Remove changes nothing.']]);
    assert.equal(result.text, BASE);
  });

  test('garbage in a transform attribute or a base without a root', () => {
    assert.doesNotThrow(() => apply('<appSettings><add xdt:Transform="((" xdt:Locator="Match(" /></appSettings>'));
    const result = applyTransform(parseXmlDocument(''), parseXmlDocument(transform('<a xdt:Transform="Insert"/>')), 'Web.config');
    assert.equal(result.operations.length, 0);
  });
});

describe('the XPath subset', () => {
  const doc = parseXmlDocument('<configuration><a k="1">x</a><a k="2"><b/></a><c/></configuration>');
  const root = TreeElement.document(new TreeElement('configuration', doc.root, 'base', doc.text), doc.text);
  const names = (xpath: string) => selectElements(xpath, root).map((e) => `${e.name}${e.attribute('k') ?? ''}`);
  test('paths, descendants, positions, functions', () => {
    assert.deepEqual(names('/configuration/a'), ['a1', 'a2']);
    assert.deepEqual(names('//b'), ['b']);
    assert.deepEqual(names('/configuration/a[2]'), ['a2']);
    assert.deepEqual(names('/configuration/a[last()]'), ['a2']);
    assert.deepEqual(names("/configuration/a[.='x']"), ['a1']);
    assert.deepEqual(names("/configuration/*[not(@k)]"), ['c']);
    assert.deepEqual(names("/configuration/a[contains(@k, '2') and b]"), ['a2']);
    assert.deepEqual(names("//b/.."), ['a2']);
    assert.deepEqual(names("/configuration/a[@k!='1'] | /configuration/c"), ['a2', 'c']);
  });
  test('what it does not read is a syntax error', () => {
    assert.throws(() => parseXPath('following-sibling::a'), /axis/);
    assert.throws(() => parseXPath("a[@k='1'"), /ends too early/);
    assert.throws(() => parseXPath('a[@k=1]]'), /unexpected/);
  });
});

describe('the transforms of the corpus', () => {
  const corpus = resolve(__dirname, '../../../../shared/corpus');
  const available = existsSync(corpus);
  const read = (path: string) => readFileSync(resolve(corpus, path), 'utf8');

  const pairs: Array<[string, string, RegExp]> = [
    ['real/01binary-login-src-Web.config', 'real/01binary-login-src-Web.Release.config', /<compilation debug="true"/],
    ['real/1109575656-WebApiAuthentication-WebApiAuthentication-Web.config', 'real/1109575656-WebApiAuthentication-WebApiAuthentication-Web.Release.config', /<compilation debug="true"/],
  ];
  for (const [basePath, transformPath, removed] of pairs) {
    test(`${transformPath} applied to ${basePath}: only debug="true" goes`, { skip: !available && 'corpus absent' }, () => {
      const base = read(basePath);
      const result = applyTransform(parseXmlDocument(base), parseXmlDocument(read(transformPath)), 'Web.config');
      assert.deepEqual(result.issues, []);
      assert.match(base, removed);
      assert.equal(result.text, base.replace(/(<compilation) debug="true"/, '$1'));
    });
  }
  test('the Debug transforms of the same projects change nothing the base does not have', { skip: !available && 'corpus absent' }, () => {
    const base = read('real/01binary-login-src-Web.config');
    const result = applyTransform(parseXmlDocument(base), parseXmlDocument(read('real/01binary-login-src-Web.Debug.config')), 'Web.config');
    assert.deepEqual([result.text, result.operations.length, result.issues], [base, 0, []]);
  });

  const minimal = '<configuration>\n  <system.web>\n    <compilation debug="true" />\n  </system.web>\n</configuration>';
  test('005 inserts <system.webServer> with anonymous authentication off', { skip: !available && 'corpus absent' }, () => {
    const result = applyTransform(parseXmlDocument(minimal), parseXmlDocument(read('real-auth/005-NicolaiMouritzen-RestCertificateAuthentication-Web.Release.config')), 'Web.config');
    assert.deepEqual(result.issues, []);
    const out = parseXmlDocument(result.text);
    assert.deepEqual(out.errors, []);
    assert.equal(out.root!.element('system.webServer')!.element('security')!.element('authentication')!.element('anonymousAuthentication')!.get('enabled'), 'false');
    assert.equal(out.root!.element('system.web')!.element('compilation')!.get('debug'), undefined);
  });
  test('006 inserts the missing sections one inside the other, once', { skip: !available && 'corpus absent' }, () => {
    const transform006 = parseXmlDocument(read('real-auth/006-sevensolutions-nomad-iis-Web.Release.config'));
    const once = applyTransform(parseXmlDocument(minimal), transform006, 'Web.config');
    const out = parseXmlDocument(once.text);
    assert.deepEqual([once.issues, out.errors], [[], []]);
    assert.equal(out.root!.elements('system.webServer').length, 1);
    assert.equal(out.root!.element('system.webServer')!.element('security')!.element('authentication')!.elements('anonymousAuthentication').length, 1);
    const twice = applyTransform(out, transform006, 'Web.config');
    assert.equal(twice.text, once.text);
  });
  test('038 (applicationHost.xdt) edits the location of the site it names', { skip: !available && 'corpus absent' }, () => {
    const host = '<configuration>\n  <location path="%XDT_SITENAME%">\n    <system.webServer>\n      <defaultDocument><files><add value="hostingstart.html" /><add value="index.html" /></files></defaultDocument>\n    </system.webServer>\n  </location>\n</configuration>';
    const result = applyTransform(parseXmlDocument(host), parseXmlDocument(read('real-auth/038-suwatch-Auth0Extension-applicationHost.xdt')), 'applicationHost.config');
    assert.deepEqual(result.issues, []);
    const webServer = parseXmlDocument(result.text).root!.element('location')!.element('system.webServer')!;
    assert.deepEqual(webServer.element('modules')!.elements('add').map((a) => a.get('name')), ['Auth0Module']);
    assert.deepEqual(webServer.element('defaultDocument')!.element('files')!.elements('add').map((a) => a.get('value')), ['index.html', 'auth0info.cshtml', 'hostingstart.html']);
  });
});
