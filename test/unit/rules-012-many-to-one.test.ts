import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inMappingSection, runRule } from '../support/ruleFixtures';

const CODE = 'IIS-AUTH-012';
const mapping = (attributes: string, rules: string) =>
  inMappingSection(
    'enabled="true" manyToOneCertificateMappingsEnabled="true"',
    `          <manyToOneMappings>
            <add ${attributes} userName="records" password="[enc:IISCngProvider:x:enc]">
${rules}
            </add>
          </manyToOneMappings>`,
  );
const rules = (...items: string[]) => `              <rules>\n${items.map((i) => `                <add ${i} />`).join('\n')}\n              </rules>`;

describe('IIS-AUTH-012 many-to-one rules', () => {
  test('an Allow mapping whose only rule is "*" matches every trusted certificate: warning on matchCriteria', () => {
    const { marked, findings } = runRule(CODE, mapping('name="[[Everyone]]"', rules('certificateField="Issuer" certificateSubField="O" matchCriteria="[[*]]"')));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.deepEqual(findings[0].range, marked.ranges[1]);
    assert.match(findings[0].message, /every client certificate the server trusts/);
    assert.match(findings[0].message, /as "records"/);
    assert.deepEqual(findings[0].related?.[0].range, marked.ranges[0]);
  });

  test('near miss: a wildcard beside a specific rule, or on a Deny mapping, is fine', () => {
    const narrowed = mapping(
      'name="Contoso staff"',
      rules('certificateField="Issuer" certificateSubField="O" matchCriteria="Contoso Ltd"', 'certificateField="Subject" certificateSubField="CN" matchCriteria="*"'),
    );
    assert.deepEqual(runRule(CODE, narrowed).findings, []);
    const deny = mapping('name="Nobody" permissionMode="Deny"', rules('certificateField="Issuer" certificateSubField="O" matchCriteria="*"'));
    assert.deepEqual(runRule(CODE, deny).findings, []);
  });

  test('a mapping with no rules is a warning on its name; <clear/> leaves none either', () => {
    const none = runRule(CODE, mapping('name="[[Orphan]]"', ''));
    assert.equal(none.findings.length, 1);
    assert.deepEqual(none.findings[0].range, none.marked.ranges[0]);
    assert.match(none.findings[0].message, /has no rules/);
    const cleared = runRule(CODE, mapping('name="Orphan"', '              <rules><add certificateField="Issuer" certificateSubField="O" matchCriteria="A" /><clear /></rules>'));
    assert.equal(cleared.findings.length, 1);
  });

  test('a certificateSubField that is no name part is a warning with the closest one', () => {
    const { marked, findings } = runRule(CODE, mapping('name="Staff"', rules('certificateField="Subject" certificateSubField="[[UO]]" matchCriteria="People"')));
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.equal(findings[0].data?.suggestion, 'OU');
    assert.match(findings[0].message, /401\.2/);
  });

  test('near miss: the name parts Windows prints (CN, OU, O, L, S, C, E, DC) are accepted', () => {
    const all = ['CN', 'OU', 'O', 'L', 'S', 'C', 'E', 'DC'].map((s, i) => `certificateField="Subject" certificateSubField="${s}" matchCriteria="v${i}"`);
    assert.deepEqual(runRule(CODE, mapping('name="Staff"', rules(...all))).findings, []);
  });

  test('mappings IIS skips (disabled) are left to IIS-AUTH-007', () => {
    assert.deepEqual(runRule(CODE, mapping('name="Old" enabled="false"', '')).findings, []);
  });
});
