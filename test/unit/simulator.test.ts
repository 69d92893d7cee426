import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateRequest, type Simulation, type SimulationStep } from '../../server/src/core/simulator/simulateRequest';
import { formatSimulationMarkdown, formatSimulationText, simulationToJson } from '../../server/src/core/simulator/formatSimulation';
import type { SimulatorSnapshot } from '../../server/src/core/simulator/snapshotView';
import { base64Of, issueCertificate, type IssuedCertificate } from '../support/pki';
import {
  apphost as apphostOf,
  certificateFile,
  lineOf,
  simulatorPki,
  snapshotFixture,
  HOST,
  NETSH_URI,
  REG_URI,
  type SimulatorPki,
  type SiteOptions,
  type SnapshotFixture,
  type SnapshotOptions,
} from '../support/simulatorFixtures';
import { serviceWith, APPHOST_URI } from '../support/fixtures';

const NOW = new Date('2026-11-23T12:00:00Z');
const CLIENT_URI = 'file:///home/dana/client.pem';

let pki: SimulatorPki;
before(async () => {
  pki = await simulatorPki();
});
const apphost = (options?: SiteOptions) => apphostOf(pki, options);
const fixture = (options?: SnapshotOptions): SnapshotFixture => snapshotFixture(pki, options);
const snapshot = (options?: SnapshotOptions): SimulatorSnapshot => fixture(options).snapshot;
/** Where a netsh field of the default dump is. */
const netshLine = (label: string, options?: SnapshotOptions) => ({ uri: NETSH_URI, line: lineOf(fixture(options).netsh, label) });

interface RunOptions {
  url?: string;
  client?: IssuedCertificate;
  sent?: IssuedCertificate[];
  site?: SiteOptions;
  snapshot?: SimulatorSnapshot;
  files?: Record<string, string>;
  now?: Date;
}

function run(options: RunOptions = {}): Simulation {
  const service = serviceWith(options.files ?? { [APPHOST_URI]: apphost(options.site) });
  const result = simulateRequest({
    url: options.url ?? `https://${HOST}/payroll/report.aspx`,
    certificate: certificateFile(options.client ?? pki.client, ...(options.sent ?? [])),
    certificateUri: CLIENT_URI,
    workspace: service.workspace,
    snapshot: 'snapshot' in options ? options.snapshot : snapshot(),
    now: options.now ?? NOW,
  });
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.simulation;
}

function step(simulation: Simulation, name: string): SimulationStep {
  const found = simulation.steps.find((s) => s.step === name);
  assert.ok(found, `no step '${name}' in:\n${formatSimulationText(simulation)}`);
  return found;
}

describe('simulator: 200', () => {
  test('a mapped certificate through a fully known snapshot logs on, every step passing', () => {
    const simulation = run();
    assert.equal(simulation.status, '200', formatSimulationText(simulation));
    assert.equal(simulation.bestCase, false);
    assert.deepEqual(simulation.risks, []);
    assert.match(step(simulation, 'IIS certificate mapping').detail, /FABRIKAM\\dana/);
    assert.equal(step(simulation, 'Chain trust').outcome, 'pass');
  });

  test('near miss: without the Root store the answer is the best case, with the unknown trust named', () => {
    const simulation = run({ snapshot: snapshot({ stores: { CA: [pki.intermediate], My: [pki.server] } }) });
    assert.equal(simulation.status, '200');
    assert.equal(simulation.bestCase, true);
    assert.equal(step(simulation, 'Chain trust').outcome, 'unknown');
    assert.ok(simulation.risks.some((r) => /not in the snapshot/.test(r) && /403\.16/.test(r)), simulation.risks.join('\n'));
  });

  test('with no snapshot at all every server-side stage is named as not in the snapshot', () => {
    const simulation = run({ snapshot: undefined });
    assert.equal(simulation.status, '200');
    assert.equal(simulation.bestCase, true);
    assert.match(step(simulation, 'HTTP.sys binding').detail, /HTTP\.sys binding: not in the snapshot/);
    assert.ok(simulation.risks.some((r) => /Renegotiation/.test(r)));
  });
});

describe('simulator: 403.7', () => {
  test('ClientAuthTrustMode 2 with Ctl Store Name (null) on the binding refuses every certificate (seed 004)', () => {
    const simulation = run({ snapshot: snapshot({ schannel: { ClientAuthTrustMode: 2 } }) });
    assert.equal(simulation.status, '403.7', formatSimulationText(simulation));
    const trust = step(simulation, 'Issuer list and trust mode');
    assert.equal(trust.outcome, 'fail');
    assert.deepEqual(trust.source, netshLine('Ctl Store Name'));
    assert.match(trust.detail, /sslctlstorename/);
  });

  test('an issuer list over 16 KB is truncated and the browser offers nothing (seed 002)', async () => {
    const crowded = await Promise.all(Array.from({ length: 20 }, (_, i) => issueCertificate({ cn: `Legacy Root CA ${i} ${'x'.repeat(900)}`, ca: true, keys: pki.root.keys })));
    const stores = { Root: [...crowded, pki.root], CA: [pki.intermediate], My: [pki.server] };
    const simulation = run({ snapshot: snapshot({ schannel: { SendTrustedIssuerList: 1 }, stores }) });
    assert.equal(simulation.status, '403.7');
    const list = step(simulation, 'Issuer list and trust mode');
    assert.match(list.detail, /exceeds 16 KB and is truncated/);
    assert.deepEqual(list.source, { uri: REG_URI, line: lineOf(fixture({ schannel: { SendTrustedIssuerList: 1 } }).reg!, 'SendTrustedIssuerList') });
    const quiet = run({ snapshot: snapshot({ schannel: { SendTrustedIssuerList: 0 }, stores }) });
    assert.equal(quiet.status, '200', 'near miss: with SendTrustedIssuerList 0 the same store sends no list');
  });

  test('near miss: the issuer list from a Root store that holds the client\'s root passes', () => {
    const simulation = run({ snapshot: snapshot({ schannel: { SendTrustedIssuerList: 1 } }) });
    assert.equal(simulation.status, '200');
    assert.match(step(simulation, 'Issuer list and trust mode').detail, /names the certificate's issuer/);
  });

  test('near miss: the same trust mode with a CTL store that holds the issuing CA passes', () => {
    const simulation = run({ snapshot: snapshot({ schannel: { ClientAuthTrustMode: 2 }, netsh: { 'Ctl Store Name': 'ClientAuthIssuer' }, stores: { Root: [pki.root], CA: [pki.intermediate], My: [pki.server], ClientAuthIssuer: [pki.intermediate] } }) });
    assert.equal(simulation.status, '200', formatSimulationText(simulation));
    assert.match(step(simulation, 'Chain trust').detail, /CTL store ClientAuthIssuer holds one of its CAs/);
  });

  test('a certificate without the Client Authentication EKU is never offered, so the requirement fails', () => {
    const simulation = run({ client: pki.emailClient });
    assert.equal(simulation.status, '403.7');
    assert.equal(step(simulation, 'Client certificate offered').outcome, 'fail');
    assert.match(step(simulation, 'Access check').detail, /no Client Authentication EKU/);
  });

  test('near miss: the same certificate where sslFlags only accepts one goes on to authentication', () => {
    const simulation = run({ client: pki.emailClient, site: { siteAccess: 'Ssl, SslNegotiateCert', anonymous: true } });
    assert.equal(simulation.status, '200');
    assert.match(step(simulation, 'Anonymous authentication').detail, /anonymous user/);
  });

  test('an issuer list that does not name the client\'s CAs makes the browser offer nothing', async () => {
    const contoso = await issueCertificate({ cn: 'Contoso Root CA', ca: true });
    const simulation = run({ snapshot: snapshot({ schannel: { SendTrustedIssuerList: 1 }, stores: { Root: [contoso], CA: [pki.intermediate], My: [pki.server] } }) });
    assert.equal(simulation.status, '403.7');
    assert.match(step(simulation, 'Access check').detail, /trusted-issuer list/);
  });
});

describe('simulator: 403.13', () => {
  test('revocation checked and CRLs only on LDAP: the answer stands, with 403.13 as the named risk', () => {
    const simulation = run({ client: pki.ldapClient, site: { mapped: pki.ldapClient }, snapshot: snapshot({ stores: { Root: [pki.root], CA: [pki.ldapIntermediate], My: [pki.server] } }) });
    assert.equal(simulation.status, '200');
    const revocation = step(simulation, 'Revocation');
    assert.equal(revocation.outcome, 'risk');
    assert.match(revocation.detail, /LDAP/);
    assert.ok(simulation.risks.some((r) => /403\.13/.test(r)));
  });

  test('near miss: with Verify Client Certificate Revocation disabled the LDAP CDP carries no risk', () => {
    const simulation = run({ client: pki.ldapClient, site: { mapped: pki.ldapClient }, snapshot: snapshot({ netsh: { 'Verify Client Certificate Revocation': 'Disabled' }, stores: { Root: [pki.root], CA: [pki.ldapIntermediate], My: [pki.server] } }) });
    assert.equal(step(simulation, 'Revocation').outcome, 'pass');
    assert.ok(!simulation.risks.some((r) => /403\.13/.test(r)));
  });

  test('a client certificate with no CDP at all cannot be checked: 403.13', () => {
    const simulation = run({ client: pki.noCdpClient, site: { mapped: pki.noCdpClient } });
    assert.equal(simulation.status, '403.13');
    assert.deepEqual(step(simulation, 'Revocation').source, { uri: CLIENT_URI });
  });
});

describe('simulator: 403.16', () => {
  test('a chain that ends at another root of the same name is untrusted', () => {
    const simulation = run({ client: pki.impostorClient, sent: [pki.impostorIntermediate, pki.impostorRoot], site: { mapped: pki.impostorClient } });
    assert.equal(simulation.status, '403.16', formatSimulationText(simulation));
    assert.match(step(simulation, 'Chain trust').detail, /not in the server's Trusted Root store/);
  });

  test('an intermediate of the right name but another key does not chain to the trusted root of that name', () => {
    const simulation = run({ client: pki.impostorClient, sent: [pki.impostorIntermediate], site: { mapped: pki.impostorClient } });
    assert.equal(simulation.status, '403.16');
    assert.match(step(simulation, 'Chain trust').detail, /a certificate of that name is in store Root, but its key did not sign this chain/);
  });

  test('near miss: the genuine chain sent the same way is trusted', () => {
    const simulation = run({ sent: [pki.intermediate, pki.root] });
    assert.equal(simulation.status, '200');
  });

  test('an intermediate in none of the stores and not sent breaks the chain', () => {
    const simulation = run({ snapshot: snapshot({ stores: { Root: [pki.root], CA: [pki.ldapIntermediate], My: [pki.server] } }) });
    assert.equal(simulation.status, '403.16');
    assert.match(step(simulation, 'Chain trust').detail, /Fabrikam Test Issuing CA/);
  });
});

describe('simulator: 403.17', () => {
  test('an expired client certificate is refused before any mapping', () => {
    const simulation = run({ client: pki.expiredClient, site: { mapped: pki.expiredClient } });
    assert.equal(simulation.status, '403.17');
    assert.match(step(simulation, 'Chain validity').detail, /expired on 2025-06-01/);
  });

  test('near miss: the day before it expires the same certificate logs on', () => {
    const simulation = run({ client: pki.expiredClient, site: { mapped: pki.expiredClient }, now: new Date('2025-05-31T00:00:00Z') });
    assert.equal(simulation.status, '200');
  });
});

describe('simulator: 401.2', () => {
  test('a one-to-one mapping of another certificate of the same person matches nothing', async () => {
    const simulation = run({ site: { mapped: pki.renewedClient } });
    assert.equal(simulation.status, '401.2');
    const mapping = step(simulation, 'IIS certificate mapping');
    assert.match(mapping.detail, /another certificate of the same person/);
    assert.equal(mapping.source?.uri, APPHOST_URI);
  });

  test('the right mapping set below site level is ignored, and the step names where it is', () => {
    const simulation = run({ site: { mappingPath: 'Fabrikam/payroll' } });
    assert.equal(simulation.status, '401.2');
    const level = step(simulation, 'Certificate mapping level');
    assert.match(level.detail, /below site level and ignored/);
    assert.equal(level.source?.uri, APPHOST_URI);
  });

  test('near miss: anonymous authentication on gives 200 as the anonymous user', async () => {
    const simulation = run({ site: { mapped: pki.renewedClient, anonymous: true } });
    assert.equal(simulation.status, '200');
  });

  test('Active Directory mapping with DS Mapper Usage disabled maps nobody', () => {
    const simulation = run({ site: { mappingPath: 'Fabrikam/payroll', adMapping: true }, snapshot: snapshot({ netsh: { 'DS Mapper Usage': 'Disabled' } }) });
    assert.equal(simulation.status, '401.2');
    assert.deepEqual(step(simulation, 'Active Directory certificate mapping').source, netshLine('DS Mapper Usage'));
  });

  test('near miss: with DS Mapper Usage enabled the AD mapping is the best case', () => {
    const simulation = run({ site: { mappingPath: 'Fabrikam/payroll', adMapping: true }, snapshot: snapshot({ netsh: { 'DS Mapper Usage': 'Enabled' } }) });
    assert.equal(simulation.status, '200');
    assert.equal(simulation.bestCase, true);
  });
});

describe('simulator: URL authorization', () => {
  const withRules = (rules: string, site?: SiteOptions) =>
    apphost(site).replace(
      '</configuration>',
      `  <location path="Fabrikam/payroll">\n    <system.webServer><security><authorization>${rules}</authorization></security></system.webServer>\n  </location>\n</configuration>`,
    );

  test('a rule that allows the mapped account by name lets it in, and the step names the rule', () => {
    const files = { [APPHOST_URI]: withRules('<clear /><add accessType="Allow" users="FABRIKAM\\dana" />') };
    const simulation = run({ files });
    assert.equal(simulation.status, '200', formatSimulationText(simulation));
    const rule = step(simulation, 'URL authorization');
    assert.equal(rule.outcome, 'pass');
    assert.equal(rule.source?.line, lineOf(files[APPHOST_URI], 'users="FABRIKAM'));
  });

  test('near miss: the rule names another account: 401', () => {
    const simulation = run({ files: { [APPHOST_URI]: withRules('<clear /><add accessType="Allow" users="FABRIKAM\\lee" />') } });
    assert.equal(simulation.status, '401');
    assert.equal(step(simulation, 'URL authorization').outcome, 'fail');
  });

  test('deny ? refuses the anonymous user with 401.2', () => {
    const simulation = run({ site: { mapped: pki.renewedClient, anonymous: true }, files: { [APPHOST_URI]: withRules('<add accessType="Deny" users="?" />', { mapped: pki.renewedClient, anonymous: true }) } });
    assert.equal(simulation.status, '401.2');
    assert.match(step(simulation, 'URL authorization').detail, /Deny anonymous users refuses the anonymous user/);
  });

  test('an allow by role is a risk for a mapped account: the workspace cannot show its groups', () => {
    const simulation = run({ files: { [APPHOST_URI]: withRules('<clear /><add accessType="Allow" roles="FABRIKAM\\Payroll" />') } });
    assert.equal(simulation.status, '200');
    assert.equal(simulation.bestCase, true);
    assert.match(step(simulation, 'URL authorization').detail, /role fabrikam\\payroll/);
  });
});

describe('simulator: connection reset', () => {
  test('SslNegotiateCert below the site with no negotiation at connection and TLS 1.3 on resets the connection', () => {
    const simulation = run({ site: { siteAccess: 'Ssl', payrollAccess: 'Ssl, SslNegotiateCert, SslRequireCert' }, snapshot: snapshot({ netsh: { 'Negotiate Client Certificate': 'Disabled' } }) });
    assert.equal(simulation.status, 'connection reset', formatSimulationText(simulation));
    const request = step(simulation, 'Certificate request');
    assert.deepEqual(request.source, netshLine('Negotiate Client Certificate'));
    assert.match(request.detail, /clientcertnegotiation=enable/);
    assert.match(request.detail, /0x80070032/);
  });

  test('near miss: binding sslFlags 33 (SNI + TLS 1.3 off) lets TLS 1.2 renegotiate', () => {
    const simulation = run({ site: { bindingSslFlags: '33', siteAccess: 'Ssl', payrollAccess: 'Ssl, SslNegotiateCert, SslRequireCert' }, snapshot: snapshot({ netsh: { 'Negotiate Client Certificate': 'Disabled' } }) });
    assert.equal(simulation.status, '200', formatSimulationText(simulation));
    assert.match(step(simulation, 'Certificate request').detail, /bit 32/);
  });

  test('near miss: the SCHANNEL TLS 1.3 Server key off does the same', () => {
    const simulation = run({ site: { siteAccess: 'Ssl', payrollAccess: 'Ssl, SslNegotiateCert, SslRequireCert' }, snapshot: fixture({ netsh: { 'Negotiate Client Certificate': 'Disabled' }, tls13: { Enabled: 0 } }).snapshot });
    assert.equal(simulation.status, '200');
    const reg = fixture({ tls13: { Enabled: 0 } }).reg!;
    assert.deepEqual(step(simulation, 'Certificate request').source, { uri: REG_URI, line: lineOf(reg, '"Enabled"=dword:00000000') });
  });

  test('no HTTP.sys binding for the SNI host name: the handshake fails', () => {
    const simulation = run({ snapshot: snapshot({ endpoint: 'intranet.fabrikam.example:443' }) });
    assert.equal(simulation.status, 'connection reset');
    assert.match(step(simulation, 'HTTP.sys binding').detail, /No Hostname:port www\.fabrikam\.example:443/);
  });

  test('binding sslFlags 3 looks for the Central Certificate Store entry of the port, whose certificate the snapshot cannot show', () => {
    const simulation = run({ site: { bindingSslFlags: '3' }, snapshot: snapshot({ keyLabel: 'Central Certificate Store', endpoint: '443' }) });
    assert.equal(simulation.status, '200');
    assert.equal(step(simulation, 'Server certificate').outcome, 'unknown');
    assert.ok(simulation.risks.some((r) => /www\.fabrikam\.example\.pfx/.test(r)));
    assert.equal(run({ site: { bindingSslFlags: '3' } }).status, 'connection reset', 'near miss: with only the Hostname:port entry there is none for CCS');
  });

  test('near miss: without SNI the IP:port 0.0.0.0:443 entry serves the binding', () => {
    const simulation = run({ site: { bindingSslFlags: '0' }, snapshot: snapshot({ keyLabel: 'IP:port', endpoint: '0.0.0.0:443' }) });
    assert.equal(simulation.status, '200');
  });
});

describe('simulator: site binding, configuration and output', () => {
  test('the site binding step rests on the line of the https binding', () => {
    const simulation = run();
    const text = apphost();
    const line = text.split('\n').findIndex((l) => l.includes('protocol="https"')) + 1;
    assert.deepEqual(step(simulation, 'Site binding').source, { uri: APPHOST_URI, line });
  });

  test('a host name no binding serves is answered by HTTP.sys with 400', () => {
    assert.equal(run({ url: 'https://other.fabrikam.example/' }).status, '400');
  });

  test('a web.config that sets a locked access section: 500.19', () => {
    const web = '<configuration>\n  <system.webServer><security><access sslFlags="Ssl" /></security></system.webServer>\n</configuration>';
    const simulation = run({ files: { [APPHOST_URI]: apphost(), 'file:///srv/iis/payroll/web.config': web } });
    assert.equal(simulation.status, '500.19');
    assert.deepEqual(step(simulation, 'Configuration').source, { uri: 'file:///srv/iis/payroll/web.config', line: 2 });
  });

  test('near miss: the same web.config under an unlocking location is read', () => {
    const unlocked = apphost().replace('<location path="Fabrikam">', '<location path="Fabrikam/payroll" overrideMode="Allow"><system.webServer><security><access /></security></system.webServer></location>\n  <location path="Fabrikam">');
    const web = '<configuration>\n  <system.webServer><security><access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" /></security></system.webServer>\n</configuration>';
    const simulation = run({ files: { [APPHOST_URI]: unlocked, 'file:///srv/iis/payroll/web.config': web } });
    assert.equal(simulation.status, '200', formatSimulationText(simulation));
  });

  test('without applicationHost.config the top web.config is the site root and what it cannot show is a risk, not a 500.19', () => {
    const web = `<configuration>
  <system.webServer><security>
    <access sslFlags="Ssl, SslNegotiateCert" />
    <authentication><anonymousAuthentication enabled="true" /></authentication>
  </security></system.webServer>
</configuration>`;
    const simulation = run({ files: { 'file:///src/portal/web.config': web }, snapshot: undefined });
    assert.equal(simulation.status, '200', formatSimulationText(simulation));
    assert.equal(step(simulation, 'Site binding').outcome, 'unknown');
    assert.equal(step(simulation, 'Configuration').outcome, 'risk');
    assert.ok(simulation.risks.some((r) => /500\.19 unless the server's applicationHost\.config unlocks it/.test(r)));
    assert.match(step(simulation, 'Anonymous authentication').detail, /anonymous user/);
  });

  test('without applicationHost.config the mapping in the top web.config is the site-level one', () => {
    const web = `<configuration>
  <system.webServer><security>
    <access sslFlags="Ssl, SslNegotiateCert" />
    <authentication>
      <anonymousAuthentication enabled="false" />
      <iisClientCertificateMappingAuthentication enabled="true">
        <oneToOneMappings><add userName="FABRIKAM\\dana" password="[enc:AesProvider:x:enc]" certificate="${base64Of(pki.client)}" /></oneToOneMappings>
      </iisClientCertificateMappingAuthentication>
    </authentication>
  </security></system.webServer>
</configuration>`;
    const simulation = run({ files: { 'file:///src/portal/web.config': web }, snapshot: undefined });
    assert.equal(simulation.status, '200', formatSimulationText(simulation));
    assert.equal(simulation.bestCase, true);
    assert.deepEqual(step(simulation, 'IIS certificate mapping').source, { uri: 'file:///src/portal/web.config', line: 7 });
    const other = run({ client: pki.renewedClient, files: { 'file:///src/portal/web.config': web }, snapshot: undefined });
    assert.equal(other.status, '401.2', 'near miss: another certificate of the same person');
  });

  test('JSON has status and steps with file and line; Markdown links the sources', () => {
    const simulation = run({ snapshot: snapshot({ schannel: { ClientAuthTrustMode: 2 } }) });
    const json = simulationToJson(simulation);
    assert.equal(json.status, '403.7');
    const trust = json.steps.find((s) => s.step === 'Issuer list and trust mode')!;
    assert.deepEqual(trust.source, { file: 'sslcert.txt', line: netshLine('Ctl Store Name').line });
    assert.ok(json.steps.every((s) => typeof s.detail === 'string' && s.detail.length > 0));
    const markdown = formatSimulationMarkdown(simulation);
    assert.match(markdown, /\*\*403\.7\*\*/);
    assert.match(markdown, new RegExp(`\\(file:///srv/snapshot/sslcert\\.txt#L${netshLine('Ctl Store Name').line}\\)`));
  });

  test('a URL that is not https is refused with a message, not simulated', () => {
    const service = serviceWith({ [APPHOST_URI]: apphost() });
    const result = simulateRequest({ url: `http://${HOST}/`, certificate: certificateFile(pki.client), certificateUri: 'file:///c.pem', workspace: service.workspace, now: NOW });
    assert.equal(result.ok, false);
  });
});
