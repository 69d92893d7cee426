import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateBase64, inAuthentication, inMappingSection, runRule } from '../support/ruleFixtures';

const CODE = 'IIS-AUTH-009';
const JANE = certificateBase64('client-auth.cer');
const SECRET = 'Winter2026!Pa55';
const oneToOne = (attributes: string) =>
  inMappingSection('enabled="true"', `          <oneToOneMappings>\n            <add ${attributes} certificate="${JANE}" />\n          </oneToOneMappings>`);
const manyToOne = (attributes: string) =>
  inMappingSection(
    'enabled="true"',
    `          <manyToOneMappings>
            <add ${attributes}>
              <rules><add certificateField="Issuer" certificateSubField="O" matchCriteria="Contoso" /></rules>
            </add>
          </manyToOneMappings>`,
  );

describe('IIS-AUTH-009 credentials', () => {
  test('a clear-text mapping password is a warning on the value that never repeats the password', () => {
    const { marked, findings } = runRule(CODE, oneToOne(`userName="CONTOSO\\jane" password="[[${SECRET}]]"`));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.match(findings[0].message, /clear text/);
    assert.ok(!JSON.stringify(findings).includes(SECRET), 'the password must not appear in any finding');
    assert.ok(!JSON.stringify(findings).includes('Winter'), 'not even part of it');
  });

  test('near miss: encrypted passwords and pipeline placeholders are not clear text', () => {
    assert.deepEqual(runRule(CODE, oneToOne('userName="CONTOSO\\jane" password="[enc:IISCngProvider:Spo...Zqk=:enc]"')).findings, []);
    assert.deepEqual(runRule(CODE, oneToOne('userName="CONTOSO\\jane" password="[enc:57686f6120447564652c:enc]"')).findings, []);
    assert.deepEqual(runRule(CODE, oneToOne('userName="CONTOSO\\jane" password="#{MappingPassword}#"')).findings, []);
    assert.deepEqual(runRule(CODE, oneToOne('userName="CONTOSO\\jane" password="$(MappingPassword)"')).findings, []);
  });

  test('a mapping with a user but no password warns of 401.1 on the userName', () => {
    const { marked, findings } = runRule(CODE, oneToOne('userName="[[CONTOSO\\jane]]"'));
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.match(findings[0].message, /401\.1/);
    assert.equal(findings[0].data?.missing, 'password');
    const encryptedEmpty = runRule(CODE, oneToOne('userName="CONTOSO\\jane" password="[enc:AesProvider::enc]"')).findings;
    assert.equal(encryptedEmpty.length, 1, 'the schema default [enc:AesProvider::enc] is the encrypted empty string');
  });

  test('a mapping without a user warns; a Deny mapping needs none', () => {
    const { findings } = runRule(CODE, manyToOne('name="[[Contractors]]" permissionMode="Allow"'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].data?.missing, 'userName');
    assert.match(findings[0].message, /many-to-one mapping "Contractors"/);
    assert.deepEqual(runRule(CODE, manyToOne('name="Blocked" permissionMode="Deny"')).findings, []);
  });

  test('an empty userName on a many-to-one mapping is a 500.19 error', () => {
    const { marked, findings } = runRule(CODE, manyToOne('name="Staff" userName=[[""]] password="[enc:A:b:enc]"'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'error');
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.match(findings[0].message, /500\.19/);
  });

  test('disabled mappings are not judged for missing credentials', () => {
    assert.deepEqual(runRule(CODE, oneToOne('enabled="false" userName="CONTOSO\\jane"')).findings, []);
  });

  test('anonymous authentication: clear-text password, and a custom account without password', () => {
    const clear = runRule(CODE, inAuthentication(`        <anonymousAuthentication userName="webuser" password="[[${SECRET}]]" />`));
    assert.equal(clear.findings.length, 1);
    assert.deepEqual(clear.findings[0].range, clear.marked.ranges[0]);
    assert.ok(!JSON.stringify(clear.findings).includes(SECRET));

    const missing = runRule(CODE, inAuthentication('        <anonymousAuthentication enabled="true" userName="[[CONTOSO\\svc-web]]" />'));
    assert.equal(missing.findings.length, 1);
    assert.deepEqual(missing.findings[0].range, missing.marked.ranges[0]);
    assert.match(missing.findings[0].message, /401\.1/);
  });

  test('near miss: IUSR and the application pool identity need no password', () => {
    assert.deepEqual(runRule(CODE, inAuthentication('        <anonymousAuthentication enabled="true" userName="IUSR" />')).findings, []);
    assert.deepEqual(runRule(CODE, inAuthentication('        <anonymousAuthentication enabled="true" userName="" />')).findings, []);
  });
});
