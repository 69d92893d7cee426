import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateBase64, inMappingSection, runRule } from '../support/ruleFixtures';

const CODE = 'IIS-AUTH-007';
const JANE = certificateBase64('client-auth.cer');
const oneToOne = (extra = '') =>
  `            <add userName="CONTOSO\\jane" password="[enc:IISCngProvider:AbC1:enc]" certificate="${JANE}"${extra} />`;

describe('IIS-AUTH-007 mappings IIS skips', () => {
  test('one-to-one entries under oneToOneCertificateMappingsEnabled="false" are faded warnings pointing at the switch', () => {
    const source = inMappingSection(
      'enabled="true" oneToOneCertificateMappingsEnabled="[[false]]"',
      `          <oneToOneMappings>\n[[${oneToOne()}]]\n          </oneToOneMappings>`,
    );
    const { marked, findings } = runRule(CODE, source);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.tags, ['unnecessary']);
    assert.deepEqual(finding.range, { start: { ...marked.ranges[1].start, character: 12 }, end: marked.ranges[1].end });
    assert.match(finding.message, /one-to-one mapping for "CONTOSO\\jane"/);
    assert.match(finding.message, /401\.2/);
    assert.deepEqual(finding.related?.[0].range, marked.ranges[0]);
  });

  test('many-to-one entries under manyToOneCertificateMappingsEnabled="false" are reported the same way', () => {
    const source = inMappingSection(
      'enabled="true" manyToOneCertificateMappingsEnabled="False"',
      `          <manyToOneMappings>
            <add name="Staff" userName="staff" password="[enc:IISCngProvider:x:enc]">
              <rules><add certificateField="Issuer" certificateSubField="O" matchCriteria="Contoso" /></rules>
            </add>
          </manyToOneMappings>`,
    );
    const { findings } = runRule(CODE, source);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /many-to-one mapping "Staff"/);
  });

  test('near miss (seed 001): many-to-one switched off with only one-to-one entries present, and defaults, report nothing', () => {
    const seed001 = inMappingSection(
      'enabled="true" manyToOneCertificateMappingsEnabled="false"',
      `          <oneToOneMappings>\n${oneToOne()}\n          </oneToOneMappings>`,
    );
    assert.deepEqual(runRule(CODE, seed001).findings, []);
    const defaults = inMappingSection('enabled="true"', `          <oneToOneMappings>\n${oneToOne(' enabled="true"')}\n          </oneToOneMappings>`);
    assert.deepEqual(runRule(CODE, defaults).findings, []);
  });

  test('a disabled entry is information, faded', () => {
    const source = inMappingSection('enabled="true"', `          <oneToOneMappings>\n[[${oneToOne(' enabled="false"')}]]\n          </oneToOneMappings>`);
    const { marked, findings } = runRule(CODE, source);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'information');
    assert.deepEqual(findings[0].tags, ['unnecessary']);
    assert.equal(findings[0].range.start.line, marked.ranges[0].start.line);
    assert.equal(findings[0].data?.reason, 'entryDisabled');
  });

  test('entries of a section switched off with enabled="false" are information', () => {
    const source = inMappingSection('enabled="false"', `          <oneToOneMappings>\n${oneToOne()}\n          </oneToOneMappings>`);
    const { findings } = runRule(CODE, source);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'information');
    assert.equal(findings[0].data?.reason, 'sectionDisabled');
  });
});
