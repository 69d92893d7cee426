import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateBase64, inAuthentication, inMappingSection, inSecurity, runRule } from '../support/ruleFixtures';

const CODE = 'IIS-AUTH-011';

describe('IIS-AUTH-011 invalid names and values', () => {
  test('a boolean other than true/false is a 500.19 error on the value', () => {
    const { marked, findings } = runRule(CODE, inAuthentication('        <anonymousAuthentication enabled="[[yes]]" />'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'error');
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.match(findings[0].message, /true or false/);
    assert.match(findings[0].message, /500\.19/);
    assert.equal(findings[0].data?.suggestion, 'true');
  });

  test('near miss: booleans and keywords in any letter case are what IIS accepts', () => {
    const source = inAuthentication(`        <anonymousAuthentication enabled="True" logonMethod="cleartext" />
        <basicAuthentication enabled="FALSE" logonMethod="Network" realm="Contoso" defaultLogonDomain="CONTOSO" />
        <windowsAuthentication enabled="false" useKernelMode="true">
          <extendedProtection tokenChecking="Allow" flags="Proxy, NoServiceNameCheck" />
        </windowsAuthentication>`);
    assert.deepEqual(runRule(CODE, source).findings, []);
  });

  test('unknown logonMethod, permissionMode and certificateField values name the closest keyword', () => {
    const logon = runRule(CODE, inAuthentication('        <basicAuthentication logonMethod="[[ClearTxt]]" />'));
    assert.equal(logon.findings.length, 1);
    assert.deepEqual(logon.findings[0].range, logon.marked.ranges[0]);
    assert.equal(logon.findings[0].data?.suggestion, 'ClearText');
    assert.match(logon.findings[0].message, /Valid values: Interactive, Batch, Network, ClearText/);

    const mapping = runRule(
      CODE,
      inMappingSection(
        'enabled="true"',
        `          <manyToOneMappings>
            <add name="Staff" permissionMode="[[Alow]]" userName="u" password="[enc:A:b:enc]">
              <rules><add certificateField="[[Subjet]]" certificateSubField="CN" matchCriteria="jane" /></rules>
            </add>
          </manyToOneMappings>`,
      ),
    );
    assert.deepEqual(
      mapping.findings.map((f) => [f.range, f.data?.suggestion]),
      [
        [mapping.marked.ranges[0], 'Allow'],
        [mapping.marked.ranges[1], 'Subject'],
      ],
    );
  });

  test('a documented enum number is information with the keyword', () => {
    const { findings } = runRule(CODE, inAuthentication('        <basicAuthentication logonMethod="3" />'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'information');
    assert.equal(findings[0].data?.suggestion, 'ClearText');
  });

  test('unknown attributes: case-only differences and near misses are named', () => {
    const source = inAuthentication('        <windowsAuthentication [[Enabled]]="true" [[useKernalMode]]="false" [[foo]]="1" />');
    const { marked, findings } = runRule(CODE, source);
    assert.deepEqual(
      findings.map((f) => f.range),
      marked.ranges,
    );
    assert.match(findings[0].message, /case-sensitive: write enabled/);
    assert.equal(findings[1].data?.suggestion, 'useKernelMode');
    assert.equal(findings[2].data?.suggestion, undefined);
    assert.match(findings[2].message, /accepts authPersistNonNTLM/);
  });

  test('unknown child elements are errors: one-to-one mappings have no <remove>', () => {
    const source = inMappingSection(
      'enabled="true"',
      `          <oneToOneMappings>
            <[[remove]] certificate="x" />
          </oneToOneMappings>
          <[[manyToOneMapping]] />`,
    );
    const { marked, findings } = runRule(CODE, source);
    assert.deepEqual(
      findings.map((f) => [f.severity, f.range]),
      marked.ranges.map((range) => ['error', range]),
    );
    assert.match(findings[0].message, /<oneToOneMappings> accepts <add>, <clear>/);
    assert.equal(findings[1].data?.suggestion, 'manyToOneMappings');
  });

  test('near miss: locking attributes, configSource and transform attributes are valid everywhere', () => {
    const source = `<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">
  <system.webServer>
    <security>
      <access sslFlags="Ssl" lockAttributes="sslFlags" xdt:Transform="SetAttributes" />
      <authentication>
        <anonymousAuthentication lockItem="true" lockElements="*" enabled="false" xdt:Transform="Replace" />
        <windowsAuthentication configSource="windowsAuth.config" />
      </authentication>
    </security>
  </system.webServer>
</configuration>`;
    assert.deepEqual(runRule(CODE, source).findings, []);
  });

  test('a required attribute that is missing is an error on the element', () => {
    const source = inMappingSection('enabled="true"', '          <oneToOneMappings>\n            <[[add]] userName="u" password="[enc:A:b:enc]" />\n          </oneToOneMappings>');
    const { marked, findings } = runRule(CODE, source);
    assert.deepEqual(
      findings.map((f) => [f.severity, f.range]),
      [['error', marked.ranges[0]]],
    );
    assert.match(findings[0].message, /required attribute certificate/);
    const complete = inMappingSection('enabled="true"', `          <oneToOneMappings>\n            <add userName="u" password="[enc:A:b:enc]" certificate="${certificateBase64('client-auth.cer')}" />\n          </oneToOneMappings>`);
    assert.deepEqual(runRule(CODE, complete).findings, []);
  });

  test('a misspelt authentication section is an unrecognized section', () => {
    const { marked, findings } = runRule(CODE, inAuthentication('        <[[anonymousAuthentification]] enabled="false" />'));
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.equal(findings[0].data?.suggestion, 'anonymousAuthentication');
  });

  test('a flags keyword is checked one by one; <access sslFlags> is left to IIS-AUTH-003', () => {
    const source = inSecurity(`      <access sslFlags="Ssl, Nonsense" />
      <authentication>
        <windowsAuthentication enabled="true">
          <extendedProtection flags="Proxy, [[NoServiceNameChek]]" />
        </windowsAuthentication>
      </authentication>`);
    const { marked, findings } = runRule(CODE, source);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.equal(findings[0].data?.suggestion, 'NoServiceNameCheck');
  });
});
