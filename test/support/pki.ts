// A small PKI made in the test run with pkijs and webcrypto: a root, an intermediate, client and
// server certificates, and variants (LDAP-only CDP, expired, no Client Authentication EKU, another
// root of the same name). Nothing is read from disk, so every case shows what it is built from.
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { readCertificateInput, type CertificateFile, type ParsedCertificate } from '../../server/src/core/certificate/certificateInput';

const crypto = webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];
const engine = new pkijs.CryptoEngine({ name: 'node', crypto });

export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_SECURE_EMAIL = '1.3.6.1.5.5.7.3.4';

export interface Issued {
  der: Uint8Array;
  cert: pkijs.Certificate;
  keys: webcrypto.CryptoKeyPair;
  commonName: string;
}

export interface IssueOptions {
  commonName: string;
  /** Signs with this CA's key and names it as issuer; self-signed when absent. */
  issuer?: Issued;
  ca?: boolean;
  ekus?: string[];
  crl?: string[];
  dnsNames?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** Reuse a key pair (a CA re-issued with the same key, or a different key under the same name). */
  keys?: webcrypto.CryptoKeyPair;
}

let serial = 1000;

function nameOf(commonName: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.10', value: new asn1js.Utf8String({ value: 'Contoso' }) }),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) }),
    ],
  });
}

function extension(extnID: string, critical: boolean, value: { toSchema(): asn1js.AsnType }): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toSchema().toBER(false), parsedValue: value });
}

export async function issue(options: IssueOptions): Promise<Issued> {
  const keys = options.keys ?? ((await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair);
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: serial++ });
  certificate.subject = nameOf(options.commonName);
  certificate.issuer = options.issuer ? nameOf(options.issuer.commonName) : nameOf(options.commonName);
  certificate.notBefore.value = options.notBefore ?? new Date('2025-01-01T00:00:00Z');
  certificate.notAfter.value = options.notAfter ?? new Date('2035-01-01T00:00:00Z');
  const extensions: pkijs.Extension[] = [extension('2.5.29.19', true, new pkijs.BasicConstraints({ cA: options.ca === true }))];
  if (options.ekus) extensions.push(extension('2.5.29.37', false, new pkijs.ExtKeyUsage({ keyPurposes: options.ekus })));
  if (options.crl && options.crl.length > 0) {
    const points = new pkijs.CRLDistributionPoints({
      distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: options.crl.map((value) => new pkijs.GeneralName({ type: 6, value })) })],
    });
    extensions.push(extension('2.5.29.31', false, points));
  }
  if (options.dnsNames && options.dnsNames.length > 0) {
    extensions.push(extension('2.5.29.17', false, new pkijs.AltName({ altNames: options.dnsNames.map((value) => new pkijs.GeneralName({ type: 2, value })) })));
  }
  certificate.extensions = extensions;
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  await certificate.sign((options.issuer?.keys ?? keys).privateKey, 'SHA-256', engine);
  const der = new Uint8Array(certificate.toSchema(true).toBER(false));
  return { der, cert: pkijs.Certificate.fromBER(der), keys, commonName: options.commonName };
}

export function parsed(issued: Issued): ParsedCertificate {
  const read = readCertificateInput(issued.der);
  if (!read.ok) throw new Error(read.message);
  return read.leaf;
}

/** A client's certificate file: the leaf, optionally with the CA certificates it sends along (PEM bundle). */
export function certificateFile(leaf: Issued, ...chain: Issued[]): CertificateFile {
  const pem = [leaf, ...chain].map((c) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(c.der).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`).join('');
  const read = readCertificateInput(new TextEncoder().encode(pem), 'client.pem');
  if (!read.ok) throw new Error(read.message);
  return read;
}

export function base64Of(issued: Issued): string {
  return Buffer.from(issued.der).toString('base64');
}

export interface TestPki {
  root: Issued;
  intermediate: Issued;
  client: Issued;
  server: Issued;
  /** An intermediate and a client whose CRLs are published only over LDAP. */
  ldapIntermediate: Issued;
  ldapClient: Issued;
  /** The client certificate without any CDP. */
  noCdpClient: Issued;
  expiredClient: Issued;
  emailClient: Issued;
  /** A root with the same name as `root` but another key: a chain through it does not verify. */
  impostorRoot: Issued;
  impostorIntermediate: Issued;
  impostorClient: Issued;
}

const HTTP_CRL = 'http://pki.contoso.example/crl/contoso-issuing.crl';
const LDAP_CRL = 'ldap:///CN=Contoso%20Issuing%20CA,CN=pki,CN=CDP,CN=Public%20Key%20Services,CN=Services,CN=Configuration,DC=contoso,DC=example?certificateRevocationList?base';

let cached: Promise<TestPki> | undefined;

/** Built once per test process: key generation is the slow part. */
export function testPki(): Promise<TestPki> {
  return (cached ??= (async () => {
    const root = await issue({ commonName: 'Contoso Root CA', ca: true });
    const intermediate = await issue({ commonName: 'Contoso Issuing CA', issuer: root, ca: true, crl: ['http://pki.contoso.example/crl/contoso-root.crl'] });
    const client = await issue({ commonName: 'jane.doe', issuer: intermediate, ekus: [EKU_CLIENT_AUTH], crl: [HTTP_CRL] });
    const server = await issue({ commonName: 'www.contoso.com', issuer: intermediate, ekus: [EKU_SERVER_AUTH], crl: [HTTP_CRL], dnsNames: ['www.contoso.com'] });
    const ldapIntermediate = await issue({ commonName: 'Contoso Issuing CA', issuer: root, ca: true, crl: [LDAP_CRL], keys: intermediate.keys });
    const ldapClient = await issue({ commonName: 'jane.doe', issuer: intermediate, ekus: [EKU_CLIENT_AUTH], crl: [LDAP_CRL] });
    const noCdpClient = await issue({ commonName: 'jane.doe', issuer: intermediate, ekus: [EKU_CLIENT_AUTH] });
    const expiredClient = await issue({ commonName: 'jane.doe', issuer: intermediate, ekus: [EKU_CLIENT_AUTH], crl: [HTTP_CRL], notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2025-06-01T00:00:00Z') });
    const emailClient = await issue({ commonName: 'jane.doe', issuer: intermediate, ekus: [EKU_SECURE_EMAIL], crl: [HTTP_CRL] });
    const impostorRoot = await issue({ commonName: 'Contoso Root CA', ca: true });
    const impostorIntermediate = await issue({ commonName: 'Contoso Issuing CA', issuer: impostorRoot, ca: true, crl: [HTTP_CRL] });
    const impostorClient = await issue({ commonName: 'jane.doe', issuer: impostorIntermediate, ekus: [EKU_CLIENT_AUTH], crl: [HTTP_CRL] });
    return { root, intermediate, client, server, ldapIntermediate, ldapClient, noCdpClient, expiredClient, emailClient, impostorRoot, impostorIntermediate, impostorClient };
  })());
}
