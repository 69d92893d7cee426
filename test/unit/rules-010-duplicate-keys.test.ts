import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateBase64, inAuthentication, inMappingSection, runRule } from '../support/ruleFixtures';

const CODE = 'IIS-AUTH-010';
const JANE = certificateBase64('client-auth.cer');
const rule = (attributes: string) => `                <add ${attributes} />`;
const mapping = (name: string, rules: string[]) => `            <add name="${name}" userName="u" password="[enc:A:b:enc]">
              <rules>
${rules.join('\n')}
              </rules>
            </add>`;
const manyToOne = (...items: string[]) => inMappingSection('enabled="true"', `          <manyToOneMappings>\n${items.join('\n')}\n          </manyToOneMappings>`);

describe('IIS-AUTH-010 duplicate collection keys', () => {
  test('the same many-to-one name twice is a 500.19 error on the second, related to the first', () => {
    const source = inMappingSection(
      'enabled="true"',
      `          <manyToOneMappings>
            <add name="[[Staff]]" userName="a" password="[enc:A:b:enc]"><rules><add certificateField="Issuer" certificateSubField="O" matchCriteria="Contoso" /></rules></add>
            <add name="[[staff]]" userName="b" password="[enc:A:c:enc]"><rules><add certificateField="Issuer" certificateSubField="O" matchCriteria="Fabrikam" /></rules></add>
          </manyToOneMappings>`,
    );
    const { marked, findings } = runRule(CODE, source);
    assert.equal(findings.length, 1, 'the name key is not case-sensitive');
    const [finding] = findings;
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range, marked.ranges[1]);
    assert.match(finding.message, /500\.19/);
    assert.match(finding.message, new RegExp(`line ${marked.ranges[0].start.line + 1}`));
    assert.deepEqual(finding.related?.[0].range, marked.ranges[0]);
    assert.deepEqual(finding.data?.firstOccurrence, marked.ranges[0]);
  });

  test('the same certificate twice is named, not printed', () => {
    const add = (user: string) => `            <add userName="${user}" password="[enc:A:b:enc]" certificate="${JANE}" />`;
    const source = inMappingSection('enabled="true"', `          <oneToOneMappings>\n${add('a')}\n${add('b')}\n          </oneToOneMappings>`);
    const { findings } = runRule(CODE, source);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /the same certificate/);
    assert.ok(!findings[0].message.includes(JANE.slice(0, 40)));
  });

  test('certificates differing in one character are distinct; a repeat after <clear/> is not a duplicate; a later repeat points at the first', () => {
    // One character changed at every offset of the value: whatever positions a shortcut compares, only an exact repeat is a duplicate.
    const variants = Array.from({ length: 60 }, (_, i) => {
      const at = Math.floor((i * JANE.length) / 60);
      return JANE.slice(0, at) + (JANE[at] === 'A' ? 'B' : 'A') + JANE.slice(at + 1);
    });
    const add = (certificate: string) => `            <add userName="u" password="[enc:A:b:enc]" certificate="${certificate}" />`;
    const items = [add(JANE), ...variants.map(add), '            <clear />', add(variants[7]), add(JANE), `            <add userName="u" password="[enc:A:b:enc]" certificate="[[${JANE}]]" />`];
    const source = inMappingSection('enabled="true"', `          <oneToOneMappings>\n${items.join('\n')}\n          </oneToOneMappings>`);
    const { marked, findings } = runRule(CODE, source);
    assert.deepEqual(findings.map((f) => f.range), [marked.ranges[0]], 'only the third JANE (the second after <clear/>) is a duplicate');
    assert.equal(findings[0].related?.[0].range.start.line, marked.ranges[0].start.line - 1, 'related to the JANE added right after <clear/>');
  });

  test('a rule repeated with the same four key attributes (default compareCaseSensitive = true) is an error on its tag', () => {
    const source = manyToOne(
      mapping('Staff', [
        rule('certificateField="Subject" certificateSubField="CN" matchCriteria="jane"'),
        `                [[<add certificateField="subject" certificateSubField="CN" matchCriteria="jane" compareCaseSensitive="True" />]]`,
      ]),
    );
    const { marked, findings } = runRule(CODE, source);
    assert.deepEqual(
      findings.map((f) => [f.severity, f.range]),
      [['error', marked.ranges[0]]],
    );
    assert.match(findings[0].message, /the same rule \(subject CN = "jane"/);
  });

  test('near miss: rules that differ in a case-sensitive key or in compareCaseSensitive are distinct', () => {
    const source = manyToOne(
      mapping('Staff', [
        rule('certificateField="Subject" certificateSubField="CN" matchCriteria="jane"'),
        rule('certificateField="Subject" certificateSubField="CN" matchCriteria="Jane"'),
        rule('certificateField="Subject" certificateSubField="CN" matchCriteria="jane" compareCaseSensitive="false"'),
      ]),
      mapping('Other', [rule('certificateField="Subject" certificateSubField="CN" matchCriteria="jane"')]),
    );
    assert.deepEqual(runRule(CODE, source).findings, []);
  });

  test('near miss: <clear/> and <remove> make room for the same key again', () => {
    const cleared = manyToOne(mapping('Staff', [rule('certificateField="Issuer" certificateSubField="O" matchCriteria="C"')]), '            <clear />', mapping('Staff', [rule('certificateField="Issuer" certificateSubField="O" matchCriteria="C"')]));
    assert.deepEqual(runRule(CODE, cleared).findings, []);
    const providers = inAuthentication(`        <windowsAuthentication enabled="true">
          <providers>
            <add value="Negotiate" />
            <remove value="Negotiate" />
            <add value="Negotiate" />
          </providers>
        </windowsAuthentication>`);
    assert.deepEqual(runRule(CODE, providers).findings, []);
  });

  test('the same Windows authentication provider twice is an error', () => {
    const source = inAuthentication(`        <windowsAuthentication enabled="true">
          <providers>
            <add value="Negotiate" />
            <add value="NTLM" />
            <add value="[[ntlm]]" />
          </providers>
        </windowsAuthentication>`);
    const { marked, findings } = runRule(CODE, source);
    assert.deepEqual(
      findings.map((f) => [f.severity, f.range]),
      [['error', marked.ranges[0]]],
    );
  });
});
