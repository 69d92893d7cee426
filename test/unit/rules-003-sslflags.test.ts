import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { APPHOST_URI } from '../support/fixtures';
import { inSecurity, runRule } from '../support/ruleFixtures';

const CODE = 'IIS-AUTH-003';
const access = (value: string) => inSecurity(`      <access sslFlags="${value}" />`);

describe('IIS-AUTH-003 <access sslFlags>', () => {
  test('a misspelt flag is an error on the token, naming the closest flag and 500.19', () => {
    const { marked, findings } = runRule(CODE, access('Ssl, [[SslNegociateCert]]'));
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.range, marked.ranges[0]);
    assert.match(finding.message, /did you mean "SslNegotiateCert"/);
    assert.match(finding.message, /500\.19/);
    assert.equal(finding.data?.suggestion, 'SslNegotiateCert');
    assert.equal(finding.data?.fixedValue, 'Ssl, SslNegotiateCert');
    assert.match(finding.docUrl ?? '', /system\.webserver\/security\/access/);
  });

  test('near miss: any letter case, with or without spaces after the commas, is what IIS accepts', () => {
    assert.deepEqual(runRule(CODE, access('ssl,SSLNEGOTIATECERT ,  SslRequireCert')).findings, []);
    assert.deepEqual(runRule(CODE, access('Ssl, SslNegotiateCert, SslRequireCert, Ssl128')).findings, []);
    assert.deepEqual(runRule(CODE, access('None')).findings, []);
  });

  test('flags separated by spaces are one unknown keyword for IIS: error with the comma-separated form', () => {
    const { marked, findings } = runRule(CODE, access('[[Ssl SslNegotiateCert]]'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'error');
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.match(findings[0].message, /separated by commas/);
    assert.equal(findings[0].data?.suggestion, 'Ssl, SslNegotiateCert');
  });

  test('a word that resembles no flag lists the valid keywords instead of guessing', () => {
    const { findings } = runRule(CODE, access('Ssl, Banana'));
    assert.equal(findings.length, 1);
    assert.doesNotMatch(findings[0].message, /did you mean/);
    assert.match(findings[0].message, /Valid keywords: None, Ssl, SslNegotiateCert, SslRequireCert, Ssl128/);
    assert.equal(findings[0].data?.suggestion, undefined);
  });

  test('None beside other flags is a warning on None', () => {
    const { marked, findings } = runRule(CODE, access('[[None]], Ssl'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.match(findings[0].message, /still applies Ssl/);
    assert.equal(findings[0].data?.fixedValue, 'Ssl');
  });

  test('SslRequireCert without SslNegotiateCert warns that IIS never asks for the certificate', () => {
    const { marked, findings } = runRule(CODE, access('Ssl, [[SslRequireCert]]'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.match(findings[0].message, /never asks/);
    assert.match(findings[0].message, /403\.7/);
    assert.equal(findings[0].data?.fixedValue, 'Ssl, SslNegotiateCert, SslRequireCert');
  });

  test('a repeated flag is reported once, as unnecessary, on the repetition', () => {
    const { marked, findings } = runRule(CODE, access('Ssl, SslNegotiateCert, [[ssl]]'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'information');
    assert.deepEqual(findings[0].tags, ['unnecessary']);
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.equal(findings[0].data?.fixedValue, 'Ssl, SslNegotiateCert');
  });

  test('a number is reported with the keywords it stands for', () => {
    const { marked, findings } = runRule(CODE, access('[[40]]'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'information');
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.equal(findings[0].data?.suggestion, 'Ssl, SslNegotiateCert');
    const odd = runRule(CODE, access('3')).findings;
    assert.equal(odd.length, 1);
    assert.equal(odd[0].severity, 'warning');
  });

  test('SslMapCert, absent from IIS\'s schema, is a warning', () => {
    const { marked, findings } = runRule(CODE, access('Ssl, [[SslMapCert]]'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.equal(findings[0].data?.fixedValue, 'Ssl');
  });

  test('an <access> inside a <location> of applicationHost.config is checked too', () => {
    const source = `<configuration>
  <location path="Contoso">
    <system.webServer>
      <security>
        <access sslFlags="Ssl, [[SslNegotiatCert]], SslRequireCert" />
      </security>
    </system.webServer>
  </location>
</configuration>`;
    const { marked, findings } = runRule(CODE, source, APPHOST_URI);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].range, marked.ranges[0]);
  });
});
