// The site every simulator test starts from, and a server snapshot written as the Windows tools
// write it (netsh dump, reg export, store folders) and read through core/snapshot, so that each case
// changes one thing.
import { readCertificateInput, type CertificateFile } from '../../server/src/core/certificate/certificateInput';
import { loadSnapshot, type SnapshotFileInput } from '../../server/src/core/snapshot/index';
import { simulatorSnapshotOf } from '../../server/src/core/simulator/snapshotAdapter';
import type { SimulatorSnapshot } from '../../server/src/core/simulator/snapshotView';
import { base64Of, issueCertificate, pemOf, testPki, thumbprintOf, EKU_CLIENT_AUTH, EKU_SECURE_EMAIL, type IssuedCertificate, type TestPki } from './pki';
import { dword, netshDump, netshEntry, regExport, SCHANNEL } from './snapshot';

export const HOST = 'www.fabrikam.example';
export const SNAPSHOT = 'file:///srv/snapshot';
export const NETSH_URI = `${SNAPSHOT}/sslcert.txt`;
export const REG_URI = `${SNAPSHOT}/schannel.reg`;

export interface SimulatorPki extends TestPki {
  /** The client's name and issuer, another certificate (a renewal): a one-to-one mapping of one never matches the other. */
  renewedClient: IssuedCertificate;
  expiredClient: IssuedCertificate;
  /** Secure Email only: browsers do not offer it for client authentication. */
  emailClient: IssuedCertificate;
  noCdpClient: IssuedCertificate;
  /** A root and intermediate with the same names as the real ones but other keys, and a client under them. */
  impostorRoot: IssuedCertificate;
  impostorIntermediate: IssuedCertificate;
  impostorClient: IssuedCertificate;
}

let cached: Promise<SimulatorPki> | undefined;

export function simulatorPki(): Promise<SimulatorPki> {
  cached ??= (async () => {
    const pki = await testPki();
    const client = (spec: { crl?: string[]; eku?: string[]; notBefore?: Date; notAfter?: Date }, issuer = pki.intermediate) =>
      issueCertificate({ cn: pki.client.cn, issuer, eku: [EKU_CLIENT_AUTH], crl: ['http://pki.fabrikam.example/crl/issuing.crl'], ...spec });
    const impostorRoot = await issueCertificate({ cn: pki.root.cn, ca: true });
    const impostorIntermediate = await issueCertificate({ cn: pki.intermediate.cn, ca: true, issuer: impostorRoot, crl: ['http://pki.fabrikam.example/crl/root.crl'] });
    return {
      ...pki,
      renewedClient: await client({}),
      expiredClient: await client({ notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2025-06-01T00:00:00Z') }),
      emailClient: await client({ eku: [EKU_SECURE_EMAIL] }),
      noCdpClient: await client({ crl: undefined }),
      impostorRoot,
      impostorIntermediate,
      impostorClient: await client({}, impostorIntermediate),
    };
  })();
  return cached;
}

/** The client's certificate file: the leaf and the CA certificates it sends along, as one PEM file. */
export function certificateFile(leaf: IssuedCertificate, ...chain: IssuedCertificate[]): CertificateFile {
  const read = readCertificateInput(new TextEncoder().encode([leaf, ...chain].map(pemOf).join('')), 'client.pem');
  if (!read.ok) throw new Error(read.message);
  return read;
}

export interface SiteOptions {
  bindingSslFlags?: string;
  siteAccess?: string;
  payrollAccess?: string;
  mapped?: IssuedCertificate;
  anonymous?: boolean;
  /** Where the one-to-one mapping is written; IIS reads it only at 'Fabrikam' (site level). */
  mappingPath?: string;
  adMapping?: boolean;
}

/** applicationHost.config with site Fabrikam (https *:443:www.fabrikam.example) and an application /payroll. */
export function apphost(pki: TestPki, options: SiteOptions = {}): string {
  const mapped = options.mapped ?? pki.client;
  return `<configuration>
  <configSections>
    <sectionGroup name="system.webServer">
      <sectionGroup name="security">
        <section name="access" overrideModeDefault="Deny" />
      </sectionGroup>
    </sectionGroup>
  </configSections>
  <system.applicationHost>
    <sites>
      <site name="Fabrikam" id="2">
        <application path="/"><virtualDirectory path="/" physicalPath="C:\\inetpub\\fabrikam" /></application>
        <application path="/payroll"><virtualDirectory path="/" physicalPath="C:\\inetpub\\payroll" /></application>
        <bindings>
          <binding protocol="http" bindingInformation="*:80:${HOST}" />
          <binding protocol="https" bindingInformation="*:443:${HOST}" sslFlags="${options.bindingSslFlags ?? '1'}" />
        </bindings>
      </site>
    </sites>
  </system.applicationHost>
  <location path="Fabrikam">
    <system.webServer><security>
      <access sslFlags="${options.siteAccess ?? 'Ssl, SslNegotiateCert, SslRequireCert'}" />
      <authentication>
        <anonymousAuthentication enabled="${options.anonymous ? 'true' : 'false'}" />
        ${options.adMapping ? '<clientCertificateMappingAuthentication enabled="true" />' : ''}
      </authentication>
    </security></system.webServer>
  </location>
  <location path="${options.mappingPath ?? 'Fabrikam'}">
    <system.webServer><security><authentication>
      <iisClientCertificateMappingAuthentication enabled="true">
        <oneToOneMappings><add userName="FABRIKAM\\dana" password="[enc:AesProvider:x:enc]" certificate="${base64Of(mapped)}" /></oneToOneMappings>
      </iisClientCertificateMappingAuthentication>
    </authentication></security></system.webServer>
  </location>${
    options.payrollAccess
      ? `
  <location path="Fabrikam/payroll">
    <system.webServer><security><access sslFlags="${options.payrollAccess}" /></security></system.webServer>
  </location>`
      : ''
  }
</configuration>`;
}

export interface SnapshotOptions {
  /** Netsh fields to print differently from the defaults below (Negotiate Client Certificate Enabled, Ctl Store Name (null)). */
  netsh?: Record<string, string | undefined>;
  keyLabel?: string;
  endpoint?: string;
  /** SCHANNEL values (name → DWORD); the key is exported even when empty. Undefined: no .reg file at all. */
  schannel?: Record<string, number> | null;
  /** `Protocols\TLS 1.3\Server` values. */
  tls13?: Record<string, number>;
  /** Store folder → certificates; default Root: root, CA: intermediate, My: server. */
  stores?: Record<string, IssuedCertificate[]>;
  noNetsh?: boolean;
}

export interface SnapshotFixture {
  snapshot: SimulatorSnapshot;
  netsh: string;
  reg?: string;
}

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split(/\r\n|\r|\n/).findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`'${needle}' is not in the text`);
  return index + 1;
}

export function storeUri(store: string, index: number): string {
  return `${SNAPSHOT}/certificates/${store}/${index}.cer`;
}

export function snapshotFixture(pki: TestPki, options: SnapshotOptions = {}): SnapshotFixture {
  const inputs: SnapshotFileInput[] = [];
  const netsh = netshDump(
    netshEntry(options.keyLabel ?? 'Hostname:port', options.endpoint ?? `${HOST}:443`, {
      'Certificate Hash': thumbprintOf(pki.server),
      'Negotiate Client Certificate': 'Enabled',
      ...options.netsh,
    }),
  );
  if (!options.noNetsh) inputs.push({ uri: NETSH_URI, text: netsh });
  let reg: string | undefined;
  if (options.schannel !== null) {
    const keys: Record<string, string[]> = { [SCHANNEL]: Object.entries(options.schannel ?? {}).map(([name, value]) => dword(name, value)) };
    if (options.tls13) keys[`${SCHANNEL}\\Protocols\\TLS 1.3\\Server`] = Object.entries(options.tls13).map(([name, value]) => dword(name, value));
    reg = regExport(keys);
    inputs.push({ uri: REG_URI, text: reg });
  }
  const stores = options.stores ?? { Root: [pki.root], CA: [pki.intermediate], My: [pki.server] };
  for (const [store, certificates] of Object.entries(stores)) {
    certificates.forEach((certificate, index) => inputs.push({ uri: storeUri(store, index), bytes: certificate.der }));
  }
  const loaded = loadSnapshot(inputs);
  if (loaded.problems.length > 0) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return { snapshot: simulatorSnapshotOf(loaded), netsh, reg };
}
