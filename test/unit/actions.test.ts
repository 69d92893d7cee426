import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXmlDocument } from '../../server/src/core/xml/document';
import {
  appendChild,
  applySpanEdits,
  blockOfLines,
  detectIndentUnit,
  minimalReplace,
  removalSpan,
  replaceAttributeValue,
  textStyleOf,
} from '../../server/src/core/actions/edits';
import { APPHOST_URI, serviceWith, WEB_URI } from '../support/fixtures';
import { actionsFor, applyAction, findingsWith, only } from '../support/codeActions';
import { certificateBase64, certificateFileText, inAuthentication, inMappingSection, inSecurity } from '../support/ruleFixtures';

describe('edit toolkit', () => {
  test('the indentation step is read from the file: tabs, two or four spaces, or none', () => {
    assert.equal(detectIndentUnit('<a>\n\t<b>\n\t\t<c/>\n\t</b>\n</a>'), '\t');
    assert.equal(detectIndentUnit('<a>\n  <b>\n    <c/>\n  </b>\n</a>'), '  ');
    assert.equal(detectIndentUnit('<a>\r\n    <b>\r\n        <c/>\r\n    </b>\r\n</a>'), '    ');
    assert.equal(detectIndentUnit('<a>\n<b>\n<c/>\n</b>\n</a>'), '');
  });

  test('an element alone on its line goes with its indentation and CRLF; an inline one goes alone', () => {
    const text = '<a>\r\n\t<b x="1" />\r\n\t<c/><d/>\r\n</a>';
    const doc = parseXmlDocument(text);
    const [b, c] = doc.root!.children;
    assert.equal(applySpanEdits(text, [{ span: removalSpan(text, b.span), newText: '' }]), '<a>\r\n\t<c/><d/>\r\n</a>');
    assert.equal(applySpanEdits(text, [{ span: removalSpan(text, c.span), newText: '' }]), '<a>\r\n\t<b x="1" />\r\n\t<d/>\r\n</a>');
  });

  test('a child appended to <x/> opens it, with the file\'s tabs and line endings', () => {
    const text = '<a>\r\n\t<auth enabled="true" />\r\n</a>\r\n';
    const doc = parseXmlDocument(text);
    const edit = appendChild(doc, doc.root!.children[0], blockOfLines('<m>', '\t<add k="v" />', '</m>'), textStyleOf(doc));
    assert.equal(applySpanEdits(text, [edit]), '<a>\r\n\t<auth enabled="true">\r\n\t\t<m>\r\n\t\t\t<add k="v" />\r\n\t\t</m>\r\n\t</auth>\r\n</a>\r\n');
  });

  test('a value edit keeps single quotes, escapes for them and leaves untouched entities alone', () => {
    const text = `<a v='R&amp;D &lt;x&gt;' />`;
    const attribute = parseXmlDocument(text).root!.attribute('v')!;
    assert.equal(applySpanEdits(text, [replaceAttributeValue(attribute, "R&D <y> it's")]), `<a v='R&amp;D &lt;y&gt; it&apos;s' />`);
    const edit = minimalReplace({ start: 0, end: 6 }, 'x&lt;y', 'x&gt;y');
    assert.deepEqual(edit, { span: { start: 1, end: 5 }, newText: '&gt;' });
  });
});

/** Asserts the finding is gone after the action, and that asking again for it offers nothing. */
function assertResolved(service: ReturnType<typeof serviceWith>, uri: string, code: string, before: number) {
  const after = findingsWith(service, uri, code);
  assert.equal(after.length, before - 1, after.map((f) => f.message).join('\n'));
}

describe('quick fixes for <access sslFlags> (IIS-AUTH-003)', () => {
  const accessIn = (value: string, quote = '"') => inSecurity(`      <access sslFlags=${quote}${value}${quote} />`).replace(/\n/g, '\r\n');

  test('a misspelt flag becomes the closest one, in place, keeping quotes and CRLF', () => {
    const service = serviceWith({ [WEB_URI]: accessIn('Ssl, SslNegociateCert', "'") });
    const [finding] = findingsWith(service, WEB_URI, 'IIS-AUTH-003');
    const action = only(actionsFor(service, finding));
    assert.equal(action.title, 'Change "SslNegociateCert" to "SslNegotiateCert"');
    assert.equal(action.kind, 'quickfix');
    assert.equal(action.isPreferred, true);
    const { [WEB_URI]: text } = applyAction(service, action);
    assert.equal(text, accessIn('Ssl, SslNegotiateCert', "'"));
    assert.deepEqual(findingsWith(service, WEB_URI, 'IIS-AUTH-003'), []);
    assert.deepEqual(actionsFor(service, finding), []);
  });

  test('None is removed from a combination', () => {
    const service = serviceWith({ [WEB_URI]: accessIn('None, Ssl') });
    const [finding] = findingsWith(service, WEB_URI, 'IIS-AUTH-003');
    const action = only(actionsFor(service, finding));
    assert.equal(action.title, 'Remove None from sslFlags');
    assert.equal(applyAction(service, action)[WEB_URI], accessIn('Ssl'));
    assert.deepEqual(findingsWith(service, WEB_URI, 'IIS-AUTH-003'), []);
  });

  test('SslRequireCert without SslNegotiateCert gets SslNegotiateCert', () => {
    const service = serviceWith({ [WEB_URI]: accessIn('Ssl, SslRequireCert') });
    const [finding] = findingsWith(service, WEB_URI, 'IIS-AUTH-003');
    const action = only(actionsFor(service, finding));
    assert.match(action.title, /Add SslNegotiateCert/);
    assert.equal(action.isPreferred, true);
    assert.equal(applyAction(service, action)[WEB_URI], accessIn('Ssl, SslNegotiateCert, SslRequireCert'));
    assert.deepEqual(findingsWith(service, WEB_URI, 'IIS-AUTH-003'), []);
    assert.deepEqual(actionsFor(service, finding), []);
  });

  test('a word that resembles no flag gets no guess', () => {
    const service = serviceWith({ [WEB_URI]: accessIn('Ssl, Banana') });
    const [finding] = findingsWith(service, WEB_URI, 'IIS-AUTH-003');
    assert.deepEqual(actionsFor(service, finding), []);
  });
});

describe('quick fix for a PEM or wrapped certificate (IIS-AUTH-008)', () => {
  test('the armour and line breaks go; the value becomes the certificate\'s single-line base64', () => {
    const pem = certificateFileText('client-auth.pem').trim();
    const source = inMappingSection('enabled="true"', `          <oneToOneMappings>\n            <add userName="CONTOSO\\dana" certificate="${pem}" />\n          </oneToOneMappings>`);
    const service = serviceWith({ [APPHOST_URI]: source });
    const finding = findingsWith(service, APPHOST_URI, 'IIS-AUTH-008').find((f) => f.data?.status === 'pem-armour');
    assert.ok(finding);
    const action = only(actionsFor(service, finding));
    assert.equal(action.isPreferred, true);
    const text = applyAction(service, action)[APPHOST_URI];
    assert.equal(text, source.replace(pem, certificateBase64('client-auth.cer')));
    assert.equal(findingsWith(service, APPHOST_URI, 'IIS-AUTH-008').filter((f) => f.data?.status === 'pem-armour').length, 0);
  });

  test('a base64 value wrapped over lines is joined', () => {
    const base64 = certificateBase64('client-auth.cer');
    const wrapped = base64.match(/.{1,64}/g)!.join('\r\n');
    const source = inMappingSection('enabled="true"', `          <oneToOneMappings>\n            <add userName="u" certificate='${wrapped}' />\n          </oneToOneMappings>`);
    const service = serviceWith({ [APPHOST_URI]: source });
    const finding = findingsWith(service, APPHOST_URI, 'IIS-AUTH-008').find((f) => f.data?.status === 'whitespace')!;
    const action = only(actionsFor(service, finding));
    assert.equal(action.title, 'Join the certificate into one line of base64');
    assert.equal(applyAction(service, action)[APPHOST_URI], source.replace(wrapped, base64));
  });
});

describe('quick fix for duplicate collection entries (IIS-AUTH-010)', () => {
  test('the later duplicate goes with its whole line; the first stays', () => {
    const cert = certificateBase64('client-auth.cer');
    const first = `            <add userName="a" certificate="${cert}" />`;
    const source = inMappingSection('enabled="true"', `          <oneToOneMappings>\n${first}\n            <!-- copy -->\n${first}\n          </oneToOneMappings>`);
    const service = serviceWith({ [APPHOST_URI]: source });
    const findings = findingsWith(service, APPHOST_URI, 'IIS-AUTH-010');
    assert.equal(findings.length, 1);
    const action = only(actionsFor(service, findings[0]));
    assert.match(action.title, /identical to line 8/);
    assert.equal(action.isPreferred, true);
    const expected = source.replace(`<!-- copy -->\n${first}\n`, '<!-- copy -->\n');
    assert.equal(applyAction(service, action)[APPHOST_URI], expected);
    assertResolved(service, APPHOST_URI, 'IIS-AUTH-010', 1);
  });

  test('duplicates that differ beyond the key are removable, but not as the preferred fix', () => {
    const source = inMappingSection(
      'enabled="true"',
      '          <manyToOneMappings>\n            <add name="Staff" userName="a" />\n            <add name="staff" userName="b" />\n          </manyToOneMappings>',
    );
    const service = serviceWith({ [APPHOST_URI]: source });
    const [finding] = findingsWith(service, APPHOST_URI, 'IIS-AUTH-010');
    const action = only(actionsFor(service, finding));
    assert.match(action.title, /other values differ/);
    assert.equal(action.isPreferred, undefined);
    // Removable: applied, the second entry goes with its line, the first (and its values) stays.
    assert.equal(applyAction(service, action)[APPHOST_URI], source.replace('\n            <add name="staff" userName="b" />', ''));
    assertResolved(service, APPHOST_URI, 'IIS-AUTH-010', 1);
  });
});

describe('quick fix for invalid values (IIS-AUTH-011)', () => {
  const anonymous = (attributes: string) => inAuthentication(`        <anonymousAuthentication ${attributes} />`);

  test('a misspelt boolean becomes true/false', () => {
    const service = serviceWith({ [WEB_URI]: anonymous('enabled="ture"') });
    const [finding] = findingsWith(service, WEB_URI, 'IIS-AUTH-011');
    const action = only(actionsFor(service, finding));
    assert.equal(action.title, 'Change "ture" to "true"');
    assert.equal(applyAction(service, action)[WEB_URI], anonymous('enabled="true"'));
    assert.deepEqual(findingsWith(service, WEB_URI, 'IIS-AUTH-011'), []);
  });

  test('"yes" and "1" are not guessed; "True" needs no fix at all', () => {
    for (const value of ['yes', '1']) {
      const service = serviceWith({ [WEB_URI]: anonymous(`enabled="${value}"`) });
      const [finding] = findingsWith(service, WEB_URI, 'IIS-AUTH-011');
      assert.ok(finding, value);
      assert.deepEqual(actionsFor(service, finding), [], value);
    }
    assert.deepEqual(findingsWith(serviceWith({ [WEB_URI]: anonymous('enabled="True"') }), WEB_URI, 'IIS-AUTH-011'), []);
  });

  test('an enum typo and a documented enum number become the keyword', () => {
    for (const [written, fixed] of [['Clear Text', 'ClearText'], ['2', 'Network']]) {
      const service = serviceWith({ [WEB_URI]: anonymous(`logonMethod="${written}"`) });
      const [finding] = findingsWith(service, WEB_URI, 'IIS-AUTH-011');
      const action = only(actionsFor(service, finding));
      assert.equal(applyAction(service, action)[WEB_URI], anonymous(`logonMethod="${fixed}"`));
    }
  });

  test('an attribute name in the wrong letter case is renamed', () => {
    const service = serviceWith({ [WEB_URI]: anonymous('Enabled="false"') });
    const [finding] = findingsWith(service, WEB_URI, 'IIS-AUTH-011');
    const action = only(actionsFor(service, finding));
    assert.equal(action.title, 'Rename Enabled to enabled');
    assert.equal(applyAction(service, action)[WEB_URI], anonymous('enabled="false"'));
  });
});
