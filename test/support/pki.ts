// A certificate authority made in the test itself with pkijs and WebCrypto: a root, an intermediate,
// client and server certificates, and a variant whose intermediate publishes its CRL over LDAP only.
// ECDSA P-256 keys keep it fast; nothing is written to disk.
import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

type KeyPair = webcrypto.CryptoKeyPair;
const crypto = webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];
pkijs.setEngine('test-pki', new pkijs.CryptoEngine({ name: 'test-pki', crypto }));

export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_SECURE_EMAIL = '1.3.6.1.5.5.7.3.4';

export interface IssuedCertificate {
  cn: string;
  der: Uint8Array;
  keys: KeyPair;
  cert: pkijs.Certificate;
}

export interface CertificateSpec {
  cn: string;
  /** Self-signed when absent. */
  issuer?: IssuedCertificate;
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  /** Extended key usages; no EKU extension when undefined. */
  eku?: string[];
  /** CRL distribution point URLs (http:// or ldap://). */
  crl?: string[];
  /** AIA caIssuers URLs. */
  caIssuers?: string[];
  dnsNames?: string[];
  /** Use this key pair instead of generating one (a CA re-issued with its key, or speed). */
  keys?: KeyPair;
}

let serialCounter = 1;

function name(cn: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.10', value: new asn1js.Utf8String({ value: 'Fabrikam Test PKI' }) }),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) }),
    ],
  });
}

export async function generateKeys(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as KeyPair;
}

const uriName = (url: string) => new pkijs.GeneralName({ type: 6, value: url });

export async function issueCertificate(spec: CertificateSpec): Promise<IssuedCertificate> {
  const keys = spec.keys ?? (await generateKeys());
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: serialCounter++ });
  cert.subject = name(spec.cn);
  cert.issuer = spec.issuer ? spec.issuer.cert.subject : name(spec.cn);
  cert.notBefore.value = spec.notBefore ?? new Date('2025-01-01T00:00:00Z');
  cert.notAfter.value = spec.notAfter ?? new Date('2035-01-01T00:00:00Z');
  const extensions: pkijs.Extension[] = [];
  extensions.push(
    new pkijs.Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: spec.ca === true }).toSchema().toBER(false),
      parsedValue: new pkijs.BasicConstraints({ cA: spec.ca === true }),
    }),
  );
  if (spec.eku) {
    const value = new pkijs.ExtKeyUsage({ keyPurposes: spec.eku });
    extensions.push(new pkijs.Extension({ extnID: '2.5.29.37', extnValue: value.toSchema().toBER(false), parsedValue: value }));
  }
  if (spec.crl) {
    const value = new pkijs.CRLDistributionPoints({
      distributionPoints: spec.crl.map((url) => new pkijs.DistributionPoint({ distributionPoint: [uriName(url)] })),
    });
    extensions.push(new pkijs.Extension({ extnID: '2.5.29.31', extnValue: value.toSchema().toBER(false), parsedValue: value }));
  }
  if (spec.caIssuers) {
    const value = new pkijs.InfoAccess({
      accessDescriptions: spec.caIssuers.map((url) => new pkijs.AccessDescription({ accessMethod: '1.3.6.1.5.5.7.48.2', accessLocation: uriName(url) })),
    });
    extensions.push(new pkijs.Extension({ extnID: '1.3.6.1.5.5.7.1.1', extnValue: value.toSchema().toBER(false), parsedValue: value }));
  }
  if (spec.dnsNames) {
    const value = new pkijs.AltName({ altNames: spec.dnsNames.map((dns) => new pkijs.GeneralName({ type: 2, value: dns })) });
    extensions.push(new pkijs.Extension({ extnID: '2.5.29.17', extnValue: value.toSchema().toBER(false), parsedValue: value }));
  }
  cert.extensions = extensions;
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey, pkijs.getCrypto(true));
  await cert.sign((spec.issuer ?? { keys }).keys.privateKey, 'SHA-256', pkijs.getCrypto(true));
  const der = new Uint8Array(cert.toSchema(true).toBER(false));
  return { cn: spec.cn, der, keys, cert: pkijs.Certificate.fromBER(der) };
}

export interface TestPki {
  root: IssuedCertificate;
  intermediate: IssuedCertificate;
  client: IssuedCertificate;
  server: IssuedCertificate;
  /** An intermediate whose only CRL distribution point is ldap://, and a client it issued. */
  ldapIntermediate: IssuedCertificate;
  ldapClient: IssuedCertificate;
}

let cached: Promise<TestPki> | undefined;

/** One PKI for a whole test file: generated once, shared by every test that asks. */
export function testPki(): Promise<TestPki> {
  cached ??= (async () => {
    const root = await issueCertificate({ cn: 'Fabrikam Test Root CA', ca: true });
    const intermediate = await issueCertificate({
      cn: 'Fabrikam Test Issuing CA',
      ca: true,
      issuer: root,
      crl: ['http://pki.fabrikam.example/crl/root.crl'],
      caIssuers: ['http://pki.fabrikam.example/aia/root.crt'],
    });
    const client = await issueCertificate({
      cn: 'dana.ruiz',
      issuer: intermediate,
      eku: [EKU_CLIENT_AUTH],
      crl: ['http://pki.fabrikam.example/crl/issuing.crl'],
      caIssuers: ['http://pki.fabrikam.example/aia/issuing.crt'],
    });
    const server = await issueCertificate({
      cn: 'www.fabrikam.example',
      issuer: intermediate,
      eku: [EKU_SERVER_AUTH],
      dnsNames: ['www.fabrikam.example'],
      crl: ['http://pki.fabrikam.example/crl/issuing.crl'],
    });
    const ldapIntermediate = await issueCertificate({
      cn: 'Fabrikam LDAP Issuing CA',
      ca: true,
      issuer: root,
      crl: ['ldap:///CN=Fabrikam%20Test%20Root%20CA,CN=CDP,CN=Public%20Key%20Services,CN=Services,CN=Configuration,DC=fabrikam,DC=example?certificateRevocationList?base'],
    });
    const ldapClient = await issueCertificate({
      cn: 'lee.chen',
      issuer: ldapIntermediate,
      eku: [EKU_CLIENT_AUTH],
      crl: ['http://pki.fabrikam.example/crl/ldap-issuing.crl'],
    });
    return { root, intermediate, client, server, ldapIntermediate, ldapClient };
  })();
  return cached;
}

export function base64Of(certificate: IssuedCertificate): string {
  return Buffer.from(certificate.der).toString('base64');
}

export function pemOf(certificate: IssuedCertificate): string {
  const body = base64Of(certificate).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}

export function thumbprintOf(certificate: IssuedCertificate): string {
  return createHash('sha1').update(certificate.der).digest('hex');
}
