import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateBase64, certificateFileText, inMappingSection, runRule } from '../support/ruleFixtures';
import { findingsOf, marked, serviceWith, WEB_URI } from '../support/fixtures';

const CODE = 'IIS-AUTH-008';

// A TLS server certificate (EKU Server Authentication only, CRL distribution point, valid 2025-2049),
// made with openssl for this test: the kind of certificate that gets mapped by mistake when someone
// exports "the site's certificate" instead of the user's.
const SERVER_AUTH_ONLY = [
  'MIIB8TCCAZegAwIBAgICEAAwCgYIKoZIzj0EAwIwNzEfMB0GA1UEAwwWcG9ydGFsLmNvbnRvc28uZXhhbXBsZTEUMBIGA1UECgwL',
  'Q29udG9zbyBMdGQwHhcNMjUwMTAxMDAwMDAwWhcNNDkxMjMxMjM1OTU5WjA3MR8wHQYDVQQDDBZwb3J0YWwuY29udG9zby5leGFt',
  'cGxlMRQwEgYDVQQKDAtDb250b3NvIEx0ZDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABGRmTtjSbKp12bXvFPbE7G77mNrHG4jA',
  'yGSQrwVxlC7iAMr98+Br/gnpL+bs/ZhhsPPuj1oYB5qY0FdSX5KnfJ2jgZIwgY8wDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMC',
  'BaAwEwYDVR0lBAwwCgYIKwYBBQUHAwEwOwYDVR0fBDQwMjAwoC6gLIYqaHR0cDovL3BraS5jb250b3NvLmV4YW1wbGUvY3JsL2Nv',
  'bnRvc28uY3JsMB0GA1UdDgQWBBQoZPnnPGfmlGujuCllDpDplUZ1/jAKBggqhkjOPQQDAgNIADBFAiEA8j/QIKb5gKXMrs7CBmFU',
  'OKIyiSI3ZlHgHcuG7IkfkxACIFFpiBoG6WzbJqdQxb2nsa1Qz1FT8DnnUr7KPW4t9MUL',
].join('');

const mapping = (certificate: string) =>
  inMappingSection(
    'enabled="true"',
    `          <oneToOneMappings>
            <add userName="CONTOSO\\jane" password="[enc:IISCngProvider:AbC1:enc]" certificate="[[${certificate}]]" />
          </oneToOneMappings>`,
  );

describe('IIS-AUTH-008 certificate of a one-to-one mapping', () => {
  test('near miss: a valid client-authentication certificate on one line gives nothing', () => {
    assert.deepEqual(runRule(CODE, mapping(certificateBase64('client-auth.cer'))).findings, []);
    assert.deepEqual(runRule(CODE, mapping(certificateBase64('smartcard-logon.cer'))).findings, []);
  });

  test('revocation: a CA-issued certificate without CRL distribution point is a warning on the value, a self-signed one nothing', () => {
    const { marked, findings } = runRule(CODE, mapping(certificateBase64('no-cdp.cer')));
    assert.deepEqual(findings.map((f) => [f.data?.issue, f.severity]), [['no-crl-distribution-point', 'warning']]);
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.match(findings[0].message, /every certificate in the chain except the root/);
    assert.deepEqual(runRule(CODE, mapping(certificateBase64('self-signed-client.cer'))).findings, []);
  });

  test('an expired certificate is an error on the whole value naming 403.17', () => {
    const { marked, findings } = runRule(CODE, mapping(certificateBase64('expired.cer')));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'error');
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.match(findings[0].message, /expired/);
    assert.match(findings[0].message, /403\.17/);
    assert.equal(findings[0].data?.issue, 'expired');
  });

  test('validity follows the clock of the analysis, not of the machine', () => {
    // Each certificate is judged at two analysis clocks, one on each side of its validity; the
    // machine's clock (between the two for expired.cer, before both for not-yet-valid.cer) must
    // change nothing.
    const issuesAt = (certificate: string, now: string) =>
      findingsOf(serviceWith({ [WEB_URI]: marked(mapping(certificateBase64(certificate))).text }, new Date(now)), WEB_URI, CODE).map((f) => f.data?.issue);
    assert.deepEqual(issuesAt('expired.cer', '2020-06-01T00:00:00Z'), []);
    assert.deepEqual(issuesAt('expired.cer', '2026-11-23T12:00:00Z'), ['expired']);
    assert.deepEqual(issuesAt('not-yet-valid.cer', '2026-11-23T12:00:00Z'), ['not-yet-valid']);
    assert.deepEqual(issuesAt('not-yet-valid.cer', '2091-06-01T00:00:00Z'), []);
  });

  test('seed 000: an e-mail certificate mapped instead of the logon certificate is a warning', () => {
    const { findings } = runRule(CODE, mapping(certificateBase64('email-only.cer')));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].data?.issue, 'secure-email-only');
    assert.match(findings[0].message, /e-mail certificate/);
  });

  test('a certificate without the Client Authentication EKU is a warning on the value', () => {
    const { marked, findings } = runRule(CODE, mapping(SERVER_AUTH_ONLY));
    assert.deepEqual(
      findings.map((f) => [f.severity, f.data?.issue]),
      [['warning', 'no-client-auth-eku']],
    );
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.match(findings[0].message, /Server Authentication/);
    assert.match(findings[0].message, /lack Client Authentication/);
  });

  test('a CA certificate is a warning', () => {
    const { findings } = runRule(CODE, mapping(certificateBase64('issuing-ca.cer')));
    assert.ok(findings.some((f) => f.data?.issue === 'ca-certificate' && f.severity === 'warning'));
  });

  test('PEM armour is an error with the single-line value as the fix', () => {
    const pem = certificateFileText('client-auth.pem').trim();
    const { marked, findings } = runRule(CODE, mapping(pem));
    const armour = findings.find((f) => f.data?.status === 'pem-armour');
    assert.ok(armour);
    assert.equal(armour.severity, 'error');
    assert.deepEqual(armour.range, marked.ranges[0]);
    assert.equal(armour.data?.fixedValue, certificateBase64('client-auth.cer'));
  });

  test('line breaks inside the base64 are an error', () => {
    const wrapped = certificateBase64('client-auth.cer').replace(/(.{64})/g, '$1\n');
    const { findings } = runRule(CODE, mapping(wrapped));
    assert.deepEqual(
      findings.map((f) => [f.severity, f.data?.status]),
      [['error', 'whitespace']],
    );
    assert.match(findings[0].message, /one line/);
  });

  test('a value shortened with "..." (seed 001) is reported as information', () => {
    const { marked, findings } = runRule(CODE, mapping('MIIFwjDwAwggEKAo...O5U='));
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'information');
    assert.deepEqual(findings[0].range, marked.ranges[0]);
    assert.equal(findings[0].data?.status, 'elided');
  });

  test('a placeholder and a certificate request are errors: neither is a certificate', () => {
    const placeholder = runRule(CODE, mapping('Base64-Encoded-Certificate-Data')).findings;
    assert.deepEqual(
      placeholder.map((f) => [f.severity, f.data?.status]),
      [['error', 'not-base64']],
    );
    const csrBase64 = certificateFileText('request.csr').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    const csr = runRule(CODE, mapping(csrBase64)).findings;
    assert.equal(csr.length, 1);
    assert.equal(csr[0].data?.status, 'not-certificate');
    assert.match(csr[0].message, /signing request/);
  });

  test('DER-shaped bytes that hold no certificate (a SEQUENCE of noise) are an error in plain words, never a parser message', () => {
    // The header of a SEQUENCE, then contents no certificate starts with: a UTCTime, and a
    // GeneralizedTime asn1js cannot convert (it throws). The structural check answers both without a parse.
    for (const tag of [0x17, 0x18]) {
      const noise = Buffer.alloc(300, 0x41);
      noise.set([0x30, 0x82, 0x01, 0x28, tag, 0x0d, 0x32, 0x35]);
      const { findings } = runRule(CODE, mapping(noise.toString('base64')));
      assert.equal(findings.length, 1);
      assert.match(findings[0].message, /^The value is base64 but does not decode to an X\.509 certificate\./);
    }
  });
});

