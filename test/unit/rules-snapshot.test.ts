import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { snapshotRules } from '../../server/src/core/rules/index';
import type { LanguageService } from '../../server/src/core/languageService';
import type { Finding } from '../../server/src/core/types';
import { serviceWith } from '../support/fixtures';
import { base64Of, EKU_CLIENT_AUTH, EKU_SERVER_AUTH, issueCertificate, testPki, thumbprintOf, type TestPki } from '../support/pki';
import { applicationHostWith, dword, IIS_APP_ID, netshDump, netshEntry, regExport, SCHANNEL, textAt } from '../support/snapshot';

// One snapshot per rule, each with the near miss that must stay silent. The PKI is made here (pkijs +
// WebCrypto); the snapshot files are what the README's collection script saves.

const DIR = 'file:///srv/snapshot';
const APPHOST = `${DIR}/applicationHost.config`;
const NETSH = `${DIR}/sslcert.txt`;
const REG = `${DIR}/schannel.reg`;
const HOST = 'www.fabrikam.example';

interface SnapshotFixture {
  apphost?: string;
  netsh?: string;
  reg?: string;
  stores?: Record<string, Uint8Array>;
}

function service(fixture: SnapshotFixture): LanguageService {
  const texts: Record<string, string> = {};
  if (fixture.apphost) texts[APPHOST] = fixture.apphost;
  if (fixture.netsh) texts[NETSH] = fixture.netsh;
  if (fixture.reg) texts[REG] = fixture.reg;
  const s = serviceWith(texts);
  for (const [path, bytes] of Object.entries(fixture.stores ?? {})) s.workspace.setSnapshotFile({ uri: `${DIR}/certificates/${path}`, bytes });
  return s;
}

function findings(fixture: SnapshotFixture, code: string): Finding[] {
  const s = service(fixture);
  const uris = [APPHOST, NETSH, REG, ...Object.keys(fixture.stores ?? {}).map((p) => `${DIR}/certificates/${p}`)];
  return uris.flatMap((uri) => s.validate(uri)).filter((f) => f.code === code);
}

const sniSite = (security = '', sslFlags = 1) => applicationHostWith({ bindings: [{ info: `*:443:${HOST}`, sslFlags }], security });
const NEGOTIATE = '        <access sslFlags="Ssl, SslNegotiateCert" />';
const ONE_TO_ONE = (certificate: string) => `        <authentication>
          <iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="true">
            <oneToOneMappings>
              <add userName="FABRIKAM\\dana" password="[enc:AesProvider:x:enc]" certificate="${certificate}" />
            </oneToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>`;

let pki: TestPki;
before(async () => {
  pki = await testPki();
});

test('the snapshot rule catalog: IIS-AUTH-101..107 in order, each with a Microsoft page', () => {
  assert.deepEqual(
    snapshotRules.map((r) => r.code),
    Array.from({ length: 7 }, (_, i) => `IIS-AUTH-${101 + i}`),
  );
  for (const rule of snapshotRules) assert.match(rule.docUrl, /^https:\/\/learn\.microsoft\.com\//, rule.code);
});

describe('IIS-AUTH-101 site binding without HTTP.sys binding', () => {
  test('an SNI binding with only an IP:port entry fails the handshake, at the bindingInformation', () => {
    const apphost = sniSite();
    const [finding, ...rest] = findings({ apphost, netsh: netshDump(netshEntry('IP:port', '0.0.0.0:443', { 'Application ID': '{00000000-0000-0000-0000-000000000001}' })) }, 'IIS-AUTH-101');
    assert.deepEqual(rest, []);
    assert.equal(finding.uri, APPHOST);
    assert.equal(textAt(apphost, finding.range), `*:443:${HOST}`);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /no Hostname:port www\.fabrikam\.example:443 entry/);
    assert.match(finding.message, /TLS handshake fails/);
    assert.equal(finding.related?.[0].uri, NETSH);
  });

  test('near miss: the Hostname:port entry is there; an unused IIS entry is information on the netsh file', () => {
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`), netshEntry('IP:port', '0.0.0.0:8443'), netshEntry('IP:port', '0.0.0.0:5986', { 'Application ID': '{afebb9ad-9b97-4a91-9ab5-daf4d59122f6}' }));
    const all = findings({ apphost: sniSite(), netsh }, 'IIS-AUTH-101');
    assert.deepEqual(all.map((f) => [f.uri, f.severity, textAt(netsh, f.range)]), [[NETSH, 'information', 'IP:port                      : 0.0.0.0:8443']]);
  });
});

describe('IIS-AUTH-102 server certificate', () => {
  test('a hash that is not in the My folder, at the Certificate Hash value', () => {
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`));
    const [finding] = findings({ apphost: sniSite(), netsh, stores: { 'My/www.cer': pki.server.der } }, 'IIS-AUTH-102');
    assert.equal(textAt(netsh, finding.range), '846762724f99a530cae257c8d18ceafb46723cd2');
    assert.match(finding.message, /not in the snapshot's My store/);
  });

  test('the certificate is found; near miss silent, an expired one and one for another host are named', async () => {
    const hash = thumbprintOf(pki.server);
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'Certificate Hash': hash }));
    assert.deepEqual(findings({ apphost: sniSite(), netsh, stores: { 'My/www.cer': pki.server.der } }, 'IIS-AUTH-102'), []);

    const expired = await issueCertificate({ cn: HOST, issuer: pki.intermediate, eku: [EKU_SERVER_AUTH], dnsNames: [HOST], notAfter: new Date('2026-01-01T00:00:00Z') });
    const expiredDump = netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'Certificate Hash': thumbprintOf(expired) }));
    const [old] = findings({ apphost: sniSite(), netsh: expiredDump, stores: { 'My/www.cer': expired.der } }, 'IIS-AUTH-102');
    assert.match(old.message, /expired on 2026-01-01/);

    const otherHost = applicationHostWith({ bindings: [{ info: '*:443:shop.fabrikam.example', sslFlags: 1 }] });
    const shopDump = netshDump(netshEntry('Hostname:port', 'shop.fabrikam.example:443', { 'Certificate Hash': hash }));
    const [wrongName] = findings({ apphost: otherHost, netsh: shopDump, stores: { 'My/www.cer': pki.server.der } }, 'IIS-AUTH-102');
    assert.equal(wrongName.severity, 'warning');
    assert.match(wrongName.message, /does not name 'shop\.fabrikam\.example'/);
  });
});

describe('IIS-AUTH-103 ClientAuthTrustMode and Ctl Store Name (the renewal that drops it)', () => {
  const reg = (mode: number) => regExport({ [SCHANNEL]: [dword('SendTrustedIssuerList', 1), dword('ClientAuthTrustMode', mode)] });

  test('mode 2 with Ctl Store Name (null): 403.7 at the field, with the netsh command that keeps the binding\'s other values', () => {
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'DS Mapper Usage': 'Enabled', 'Verify Client Certificate Revocation': 'Disabled' }));
    const registry = reg(2);
    const [finding, ...rest] = findings({ apphost: sniSite(NEGOTIATE), netsh, reg: registry }, 'IIS-AUTH-103');
    assert.deepEqual(rest, []);
    assert.equal(finding.uri, NETSH);
    assert.equal(textAt(netsh, finding.range), 'Ctl Store Name               : (null)');
    assert.match(finding.message, /403\.7/);
    assert.equal(
      finding.data?.command,
      `netsh http update sslcert hostnameport=${HOST}:443 certhash=846762724f99a530cae257c8d18ceafb46723cd2 appid=${IIS_APP_ID} certstorename=My verifyclientcertrevocation=disable dsmapperusage=enable sslctlstorename=ClientAuthIssuer`,
    );
    assert.ok(finding.message.includes(String(finding.data?.command)));
    const related = finding.related!.find((r) => r.uri === REG)!;
    assert.equal(textAt(registry, related.range), '"ClientAuthTrustMode"=dword:00000002');
  });

  test('near misses: mode 0; or the site never asks for a certificate', () => {
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`));
    assert.deepEqual(findings({ apphost: sniSite(NEGOTIATE), netsh, reg: reg(0) }, 'IIS-AUTH-103'), []);
    assert.deepEqual(findings({ apphost: sniSite(), netsh, reg: reg(2) }, 'IIS-AUTH-103'), []);
  });

  test('a named store without the mapped certificate\'s issuing CA: 403.7 (issuer list sent); with it: silent', () => {
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'Ctl Store Name': 'ClientAuthIssuer' }));
    const apphost = sniSite(`${NEGOTIATE}\n${ONE_TO_ONE(base64Of(pki.client))}`);
    const base = { apphost, netsh, reg: reg(2) };
    const [missing] = findings({ ...base, stores: { 'ClientAuthIssuer/other.cer': pki.ldapIntermediate.der, 'Root/root.cer': pki.root.der, 'CA/issuing.cer': pki.intermediate.der } }, 'IIS-AUTH-103');
    assert.equal(textAt(netsh, missing.range), 'ClientAuthIssuer');
    assert.match(missing.message, /lacks the issuing CA .* of the mapped certificate .dana\.ruiz. of .FABRIKAM\\dana./);
    assert.match(missing.message, /403\.7/);
    assert.deepEqual(findings({ ...base, stores: { 'ClientAuthIssuer/issuing.cer': pki.intermediate.der, 'Root/root.cer': pki.root.der } }, 'IIS-AUTH-103'), []);
  });
});

describe('IIS-AUTH-104 trusted issuer list and Trusted Root', () => {
  test('SendTrustedIssuerList 1 with a Root store over 16 KB: truncated list, 403.7, at the registry value; 0 is the near miss', async () => {
    const roots: Record<string, Uint8Array> = {};
    for (let i = 0; i < 70; i++) {
      const root = await issueCertificate({ cn: `Fabrikam Partner Root CA ${i} ${'x'.repeat(200)}`, ca: true, keys: pki.root.keys });
      roots[`Root/partner-${i}.cer`] = root.der;
    }
    const registry = regExport({ [SCHANNEL]: [dword('SendTrustedIssuerList', 1)] });
    const [finding, ...rest] = findings({ reg: registry, stores: roots }, 'IIS-AUTH-104');
    assert.deepEqual(rest, []);
    assert.equal(finding.uri, REG);
    assert.equal(textAt(registry, finding.range), '"SendTrustedIssuerList"=dword:00000001');
    assert.match(finding.message, /70 CA names, 1[0-9],[0-9]{3} bytes\) is over SChannel's 16 KB/);
    assert.deepEqual(findings({ reg: regExport({ [SCHANNEL]: [dword('SendTrustedIssuerList', 0)] }), stores: roots }, 'IIS-AUTH-104'), []);
  });

  test('a certificate in Root that is not self-signed is named on its file: 403.16; the real root is not', () => {
    const all = findings({ stores: { 'Root/root.cer': pki.root.der, 'Root/issuing.cer': pki.intermediate.der } }, 'IIS-AUTH-104');
    assert.deepEqual(all.map((f) => f.uri), [`${DIR}/certificates/Root/issuing.cer`]);
    assert.match(all[0].message, /'Fabrikam Test Issuing CA' in Trusted Root .* is not self-signed/);
    assert.match(all[0].message, /403\.16/);
  });
});

describe('IIS-AUTH-105 chain of a mapped certificate', () => {
  const apphost = () => sniSite(`${NEGOTIATE}\n${ONE_TO_ONE(base64Of(pki.client))}`);
  const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`));

  test('near miss: root in Root, intermediate in CA, http CRLs: silent', () => {
    assert.deepEqual(findings({ apphost: apphost(), netsh, stores: { 'Root/root.cer': pki.root.der, 'CA/issuing.cer': pki.intermediate.der } }, 'IIS-AUTH-105'), []);
  });

  test('an intermediate missing from the stores: 403.16 at the certificate attribute, with the AIA hint', () => {
    const text = apphost();
    const [finding] = findings({ apphost: text, netsh, stores: { 'Root/root.cer': pki.root.der } }, 'IIS-AUTH-105');
    assert.equal(textAt(text, finding.range), base64Of(pki.client));
    assert.match(finding.message, /issuer 'CN=Fabrikam Test Issuing CA, O=Fabrikam Test PKI' is in none/);
    assert.match(finding.message, /403\.16/);
    assert.match(finding.message, /http:\/\/pki\.fabrikam\.example\/aia\/issuing\.crt/);
  });

  test('a root that is only in CA is untrusted: 403.16; an expired intermediate: 403.17', async () => {
    const [untrusted] = findings({ apphost: apphost(), netsh, stores: { 'CA/root.cer': pki.root.der, 'CA/issuing.cer': pki.intermediate.der } }, 'IIS-AUTH-105');
    assert.match(untrusted.message, /ends in 'Fabrikam Test Root CA', which is not in the snapshot's Root store/);
    const oldCa = await issueCertificate({ cn: 'Fabrikam Test Issuing CA', ca: true, issuer: pki.root, keys: pki.intermediate.keys, crl: ['http://pki.fabrikam.example/crl/root.crl'], notAfter: new Date('2026-06-01T00:00:00Z') });
    const [expired] = findings({ apphost: apphost(), netsh, stores: { 'Root/root.cer': pki.root.der, 'CA/issuing.cer': oldCa.der } }, 'IIS-AUTH-105');
    assert.match(expired.message, /expired since 2026-06-01/);
    assert.match(expired.message, /403\.17/);
  });

  test('an intermediate with only an LDAP CDP while the binding checks revocation: 403.13 risk; revocation off: silent', () => {
    const ldapSite = sniSite(`${NEGOTIATE}\n${ONE_TO_ONE(base64Of(pki.ldapClient))}`);
    const stores = { 'Root/root.cer': pki.root.der, 'CA/ldap.cer': pki.ldapIntermediate.der };
    const [risk, ...rest] = findings({ apphost: ldapSite, netsh, stores }, 'IIS-AUTH-105');
    assert.deepEqual(rest, []);
    assert.equal(risk.severity, 'warning');
    assert.match(risk.message, /'Fabrikam LDAP Issuing CA' .* has only an LDAP CRL distribution point/);
    assert.match(risk.message, /403\.13/);
    assert.ok(risk.related?.some((r) => r.uri === NETSH && textAt(netsh, r.range).startsWith('Verify Client Certificate Revocation')));
    const off = netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'Verify Client Certificate Revocation': 'Disabled' }));
    assert.deepEqual(findings({ apphost: ldapSite, netsh: off, stores }, 'IIS-AUTH-105'), []);
  });

  test('a client certificate without Client Authentication under a CA that restricts usages: 403.7', async () => {
    const emailCa = await issueCertificate({ cn: 'Fabrikam Mail CA', ca: true, issuer: pki.root, eku: ['1.3.6.1.5.5.7.3.4'], crl: ['http://pki.fabrikam.example/crl/mail.crl'] });
    const user = await issueCertificate({ cn: 'mail.user', issuer: emailCa, eku: [EKU_CLIENT_AUTH], crl: ['http://pki.fabrikam.example/crl/m.crl'] });
    const site = sniSite(`${NEGOTIATE}\n${ONE_TO_ONE(base64Of(user))}`);
    const [finding] = findings({ apphost: site, netsh, stores: { 'Root/root.cer': pki.root.der, 'CA/mail.cer': emailCa.der } }, 'IIS-AUTH-105');
    assert.match(finding.message, /without Client Authentication/);
    assert.match(finding.message, /403\.7/);
  });
});

describe('IIS-AUTH-106 renegotiation over TLS 1.3 / HTTP/2', () => {
  test('SslNegotiateCert, Negotiate Client Certificate Disabled and TLS 1.3 on: warning at the netsh field with both fixes', () => {
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`));
    const apphost = sniSite(NEGOTIATE);
    const [finding, ...rest] = findings({ apphost, netsh }, 'IIS-AUTH-106');
    assert.deepEqual(rest, []);
    assert.equal(textAt(netsh, finding.range), 'Negotiate Client Certificate : Disabled');
    assert.match(finding.message, /ERR_CONNECTION_RESET/);
    assert.match(finding.message, /500\.0 with 0x80070032/);
    assert.match(finding.message, /clientcertnegotiation=enable/);
    assert.match(finding.message, /sslFlags 33/);
    assert.ok(finding.related?.some((r) => r.uri === APPHOST && textAt(apphost, r.range) === 'Ssl, SslNegotiateCert'));
  });

  test('near misses: sslFlags 33 on the site binding, netsh Disable TLS1.3 Set, negotiation at connection time, or TLS 1.3 off in SCHANNEL', () => {
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`));
    assert.deepEqual(findings({ apphost: sniSite(NEGOTIATE, 33), netsh }, 'IIS-AUTH-106'), []);
    assert.deepEqual(findings({ apphost: sniSite(NEGOTIATE), netsh: netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'Disable TLS1.3': 'Set' })) }, 'IIS-AUTH-106'), []);
    assert.deepEqual(findings({ apphost: sniSite(NEGOTIATE), netsh: netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'Negotiate Client Certificate': 'Enabled' })) }, 'IIS-AUTH-106'), []);
    const tls13Off = regExport({ [`${SCHANNEL}\\Protocols\\TLS 1.3\\Server`]: [dword('Enabled', 0)] });
    assert.deepEqual(findings({ apphost: sniSite(NEGOTIATE), netsh, reg: tls13Off }, 'IIS-AUTH-106'), []);
  });

  test('configuration alone (IIS Express, location path="" overrideMode="Allow"): information at the sslFlags value', () => {
    const express = `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <location path="" overrideMode="Allow">
    <system.webServer>
      <security>
        <access sslFlags="SslNegotiateCert" />
      </security>
    </system.webServer>
  </location>
</configuration>
`;
    const uri = 'file:///src/WebApp/.vs/WebApp/config/applicationhost.config';
    const s = serviceWith({ [uri]: express });
    const [finding, ...rest] = s.validate(uri).filter((f) => f.code === 'IIS-AUTH-106');
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'information');
    assert.equal(textAt(express, finding.range), 'SslNegotiateCert');
    assert.match(finding.message, /clientcertnegotiation=enable/);
    const without = serviceWith({ [uri]: express.replace('SslNegotiateCert', 'Ssl') });
    assert.deepEqual(without.validate(uri).filter((f) => f.code === 'IIS-AUTH-106'), []);
  });

  test('configuration alone: silent only when every https binding turns TLS 1.3 off (sslFlags 32); one binding that does not is enough', () => {
    const tls13OffEverywhere = applicationHostWith({ bindings: [{ info: `*:443:${HOST}`, sslFlags: 33 }, { info: '*:8443:', sslFlags: 32 }], security: NEGOTIATE });
    assert.deepEqual(findings({ apphost: tls13OffEverywhere }, 'IIS-AUTH-106'), []);
    const oneOn = applicationHostWith({ bindings: [{ info: `*:443:${HOST}`, sslFlags: 33 }, { info: '*:8443:', sslFlags: 0 }], security: NEGOTIATE });
    const [finding, ...rest] = findings({ apphost: oneOn }, 'IIS-AUTH-106');
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'information');
    assert.equal(textAt(oneOn, finding.range), 'Ssl, SslNegotiateCert');
    // An http binding or an unreadable one is not an https binding: it neither silences nor counts.
    const httpOnly = tls13OffEverywhere.replace('protocol="https" bindingInformation="*:8443:" sslFlags="32"', 'protocol="http" bindingInformation="*:80:"');
    assert.deepEqual(findings({ apphost: httpOnly }, 'IIS-AUTH-106'), []);
  });
});

describe('IIS-AUTH-107 AD mapping without the DS mapper', () => {
  const adSite = sniSite(`${NEGOTIATE}\n        <authentication>\n          <clientCertificateMappingAuthentication enabled="true" />\n        </authentication>`);

  test('DS Mapper Usage Disabled: 401.2 at the field, with the command', () => {
    const netsh = netshDump(netshEntry('Hostname:port', `${HOST}:443`));
    const [finding] = findings({ apphost: adSite, netsh }, 'IIS-AUTH-107');
    assert.equal(textAt(netsh, finding.range), 'DS Mapper Usage              : Disabled');
    assert.match(finding.message, /401\.2/);
    assert.match(String(finding.data?.command), /dsmapperusage=enable$/);
    assert.ok(finding.related?.some((r) => r.uri === APPHOST && textAt(adSite, r.range) === 'true'));
  });

  test('near miss: DS Mapper Usage Enabled, or the AD mapping off', () => {
    assert.deepEqual(findings({ apphost: adSite, netsh: netshDump(netshEntry('Hostname:port', `${HOST}:443`, { 'DS Mapper Usage': 'Enabled' })) }, 'IIS-AUTH-107'), []);
    assert.deepEqual(findings({ apphost: sniSite(NEGOTIATE), netsh: netshDump(netshEntry('Hostname:port', `${HOST}:443`)) }, 'IIS-AUTH-107'), []);
  });
});
