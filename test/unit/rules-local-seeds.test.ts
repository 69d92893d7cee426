// Seeds and shipped examples that must stay quiet for the file-local rules (003, 007-012): no error or
// warning. Rules 001/002/004-006 judge these same files in their own tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serviceWith } from '../support/fixtures';
import type { Finding } from '../../server/src/core/types';

const LOCAL_RULES = new Set(['IIS-AUTH-003', 'IIS-AUTH-007', 'IIS-AUTH-008', 'IIS-AUTH-009', 'IIS-AUTH-010', 'IIS-AUTH-011', 'IIS-AUTH-012']);
const repo = resolve(__dirname, '../../..');

function loudLocalFindings(findings: Finding[]): string[] {
  return findings
    .filter((f) => LOCAL_RULES.has(f.code) && (f.severity === 'error' || f.severity === 'warning'))
    .map((f) => `${f.code} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
}

// Seed 001, "GOOD ONE": mappings at site level, the sub-application only requires the certificate.
// The certificate values are shortened in the blog post, as in the original.
const seed001Fixed = `<configuration>
<location path="Client-Cert-Mapping-IIS-App">
<system.webServer>
<security>
<authentication>
<clientCertificateMappingAuthentication enabled="false" />
<iisClientCertificateMappingAuthentication enabled="true" manyToOneCertificateMappingsEnabled="false">
<oneToOneMappings>
<add userName="Pingu-IIS.Local-User" password="[enc:IISCngProvider:Spo...Zqk=:enc]" certificate="MIIFwjDwAwggEKAo...O5U=" />
<add userName="Pingu-IIS.ARR-Acnt" password="[enc:IISCngProvider:gha...Yws=:enc]" certificate="MIIFwjDANBgkqhki...9DI=" />
</oneToOneMappings>
</iisClientCertificateMappingAuthentication>
</authentication>
<access sslFlags="None" />
</security>
</system.webServer>
</location>
<location path="Client-Cert-Mapping-IIS-App/Sub-Application">
<system.webServer>
<security>
<authentication>
<anonymousAuthentication enabled="false" />
</authentication>
<access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />
</security>
</system.webServer>
</location>
</configuration>`;

describe('file-local rules stay quiet on the seeds and examples', () => {
  test('seed 001, second configuration: no error or warning; the shortened certificates are information', () => {
    const uri = 'file:///srv/iis/config/applicationHost.config';
    const findings = serviceWith({ [uri]: seed001Fixed }).validate(uri);
    assert.deepEqual(loudLocalFindings(findings), []);
    const elided = findings.filter((f) => f.code === 'IIS-AUTH-008');
    assert.deepEqual(
      elided.map((f) => [f.severity, f.data?.status]),
      [
        ['information', 'elided'],
        ['information', 'elided'],
      ],
    );
  });

  test('examples 02 (mapping at site level) and 03 (seed 000: many-to-one split across two files)', () => {
    const files: Record<string, string> = {};
    for (const path of [
      'examples/02-mapping-at-site-level/applicationHost.config',
      'examples/03-smartcard-many-to-one/applicationHost.config',
      'examples/03-smartcard-many-to-one/FabrikamPortal/web.config',
    ]) {
      files[`file://${resolve(repo, path)}`] = readFileSync(resolve(repo, path), 'utf8');
    }
    const service = serviceWith(files);
    for (const uri of Object.keys(files)) {
      const findings = service.validate(uri);
      assert.deepEqual(loudLocalFindings(findings), [], uri);
      assert.deepEqual(
        findings.filter((f) => LOCAL_RULES.has(f.code)),
        [],
        `${uri}: not even information`,
      );
    }
  });
});
