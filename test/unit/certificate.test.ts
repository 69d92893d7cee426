import { describe, test } from 'node:test';
import { pfxShapedBytes } from '../support/certificates';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { XMLValidator } from 'fast-xml-parser';
import { readCertificateInput, MAX_CERTIFICATE_FILE_BYTES, type CertificateFile } from '../../server/src/core/certificate/certificateInput';
import { parseIisCertificateAttribute } from '../../server/src/core/certificate/iisCertificateAttribute';
import { describeCertificate } from '../../server/src/core/certificate/describeCertificate';
import { readDistinguishedName, subFieldValues } from '../../server/src/core/certificate/distinguishedName';
import { checkCertificateForMapping, checkChainForMapping } from '../../server/src/core/certificate/checkCertificate';
import { buildMappingSnippets, renderSnippetLines } from '../../server/src/core/certificate/mappingSnippets';

// Compiled to out/test/unit; the fixtures stay in the source tree (made by test/fixtures/certs/generate.sh).
const CERTS = resolve(__dirname, '../../../test/fixtures/certs');
const fixture = (name: string) => new Uint8Array(readFileSync(join(CERTS, name)));
const NOW = new Date('2026-01-01T00:00:00Z');

function read(name: string): CertificateFile {
  const result = readCertificateInput(fixture(name), name);
  assert.ok(result.ok, `expected a certificate in ${name}, got: ${result.ok ? '' : result.message}`);
  return result;
}

function cn(file: CertificateFile): string | undefined {
  return subFieldValues(readDistinguishedName(file.leaf.cert.subject), 'CN')[0];
}

function pemOf(der: Uint8Array, label = 'CERTIFICATE'): string {
  const body = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** Deterministic noise, so a failure can be reproduced. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('readCertificateInput: certificate encodings', () => {
  test('a DER .cer is read as is', () => {
    const file = read('client-auth.cer');
    assert.equal(file.format, 'DER');
    assert.equal(file.certificates.length, 1);
    assert.deepEqual(Buffer.from(file.leaf.der), Buffer.from(fixture('client-auth.cer')));
    assert.deepEqual(file.notes, []);
  });

  test('a PEM file gives the same DER as the .cer', () => {
    const file = read('client-auth.pem');
    assert.equal(file.format, 'PEM');
    assert.deepEqual(Buffer.from(file.leaf.der), Buffer.from(fixture('client-auth.cer')));
  });

  test('bare base64 with CRLF line breaks (certutil -encode without armour) is accepted', () => {
    const file = read('smartcard-logon-bare-base64.txt');
    assert.equal(file.format, 'base64');
    assert.deepEqual(Buffer.from(file.leaf.der), Buffer.from(fixture('smartcard-logon.cer')));
  });

  test('single-line base64, as copied out of a certificate attribute, is accepted', () => {
    const oneLine = Buffer.from(fixture('expired.cer')).toString('base64');
    const result = readCertificateInput(bytes(oneLine));
    assert.ok(result.ok);
    assert.equal(result.format, 'base64');
    assert.deepEqual(Buffer.from(result.leaf.der), Buffer.from(fixture('expired.cer')));
  });

  test('a PEM saved by PowerShell as UTF-16 with a byte order mark is read', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pemOf(fixture('no-cdp.cer')), 'utf16le')]);
    const result = readCertificateInput(new Uint8Array(utf16), 'exported.cer');
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.deepEqual(Buffer.from(result.leaf.der), Buffer.from(fixture('no-cdp.cer')));
  });

  test('a PEM bundle with the issuer uses the leaf and says so', () => {
    const file = read('client-with-chain.pem');
    assert.equal(file.certificates.length, 2);
    assert.equal(cn(file), 'Jane Doe');
    assert.match(file.notes[0], /holds 2 certificates; using 'Jane Doe', the end-entity certificate/);
  });

  test('a DER .p7b with the CAs listed first still yields the end-entity certificate', () => {
    const file = read('smartcard-chain.p7b');
    assert.equal(file.format, 'PKCS#7');
    assert.equal(file.certificates.length, 3);
    assert.equal(cn(file), 'DOE.JANE.1234567890');
    assert.deepEqual(Buffer.from(file.leaf.der), Buffer.from(fixture('smartcard-logon.cer')));
    assert.match(file.notes[0], /3 certificates; using 'DOE\.JANE\.1234567890'/);
  });

  test('a PEM-armoured .p7b is read too', () => {
    const file = read('client-chain-pem.p7b');
    assert.equal(file.format, 'PKCS#7');
    assert.equal(cn(file), 'Jane Doe');
  });

  test('a file of CA certificates only is read, and the note says that none is an end-entity certificate', () => {
    const pem = pemOf(fixture('root-ca.cer')) + pemOf(fixture('issuing-ca.cer'));
    const result = readCertificateInput(bytes(pem));
    assert.ok(result.ok);
    assert.equal(subFieldValues(readDistinguishedName(result.leaf.cert.subject), 'CN')[0], 'Contoso Issuing CA 2');
    assert.ok(result.notes.some((n) => /Every certificate in the file is a CA certificate/.test(n)));
  });

  test('a PEM with the certificate and its private key keeps the certificate and warns about the key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = pemOf(fixture('client-auth.cer')) + privateKey.export({ type: 'pkcs8', format: 'pem' });
    const result = readCertificateInput(bytes(pem));
    assert.ok(result.ok);
    assert.ok(result.notes.some((n) => /also holds a private key; it was ignored/.test(n)));
  });
});

describe('readCertificateInput: files that are not certificates', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  const expectRejected = (input: Uint8Array, kind: string, pattern: RegExp, fileName?: string) => {
    const result = readCertificateInput(input, fileName);
    assert.equal(result.ok, false, 'expected a rejection');
    if (result.ok) return;
    assert.equal(result.kind, kind, result.message);
    assert.match(result.message, pattern);
    assert.ok(!result.message.includes('\n'), 'the message is one line');
  };

  test('a PEM private key (PKCS#8)', () => {
    expectRejected(bytes(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string), 'private-key', /^'client\.key' holds a private key \(PEM "PRIVATE KEY"\), not a certificate/, 'C:\\keys\\client.key');
  });

  test('a PEM RSA private key (PKCS#1) and an EC private key (SEC 1)', () => {
    expectRejected(bytes(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string), 'private-key', /PEM "RSA PRIVATE KEY"/);
    expectRejected(bytes(ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string), 'private-key', /PEM "EC PRIVATE KEY"/);
  });

  test('an encrypted PEM private key', () => {
    const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'throwaway' }) as string;
    expectRejected(bytes(pem), 'encrypted-private-key', /an encrypted private key/);
  });

  test('DER private keys (PKCS#8, PKCS#1, SEC 1) are named by their structure', () => {
    expectRejected(new Uint8Array(rsa.privateKey.export({ type: 'pkcs8', format: 'der' })), 'private-key', /holds a private key/);
    expectRejected(new Uint8Array(rsa.privateKey.export({ type: 'pkcs1', format: 'der' })), 'private-key', /holds a private key/);
    expectRejected(new Uint8Array(ec.privateKey.export({ type: 'sec1', format: 'der' })), 'private-key', /holds a private key/);
  });

  test('a public key is not a certificate', () => {
    expectRejected(bytes(rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string), 'public-key', /bare public key/);
    expectRejected(new Uint8Array(rsa.publicKey.export({ type: 'spki', format: 'der' })), 'public-key', /bare public key/);
  });

  test('a PFX-shaped structure (version 3, ContentInfo of type data) is named PKCS#12', () => {
    expectRejected(pfxShapedBytes(), 'pkcs12', /PKCS#12 \(\.pfx\/\.p12\) archive/, 'user.pfx');
  });

  test('a real .pfx made by openssl is named PKCS#12', { skip: !hasOpenssl && 'openssl is not installed, so no throwaway .pfx can be built' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-pfx-'));
    try {
      const run = (...args: string[]) => assert.equal(spawnSync('openssl', args, { cwd: dir }).status, 0, `openssl ${args[0]} failed`);
      run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=throwaway', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '1');
      run('pkcs12', '-export', '-inkey', 'k.pem', '-in', 'c.pem', '-passout', 'pass:throwaway', '-out', 'user.pfx');
      expectRejected(new Uint8Array(readFileSync(join(dir, 'user.pfx'))), 'pkcs12', /PKCS#12/, 'user.pfx');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a CSR, as PEM and as DER', () => {
    expectRejected(fixture('request.csr'), 'csr', /certificate signing request \(CSR\), not a certificate/);
    const der = Buffer.from(readFileSync(join(CERTS, 'request.csr'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expectRejected(new Uint8Array(der), 'csr', /certificate signing request/);
  });

  test('an empty file and a file of blank lines', () => {
    expectRejected(new Uint8Array(0), 'empty', /^'empty\.cer' is empty/, 'empty.cer');
    expectRejected(bytes('\r\n  \r\n'), 'empty', /only whitespace/);
  });

  test('random bytes', () => {
    const random = noise(2048, 7);
    random[0] = 0x9c;
    expectRejected(random, 'not-certificate', /neither DER, PEM nor base64/);
  });

  test('a 20 MB file is refused without being decoded', () => {
    const huge = new Uint8Array(20 * 1024 * 1024);
    huge.set(fixture('client-auth.cer'));
    // Every look at the buffer beyond its length is recorded: reading a byte, slicing it or
    // handing it to a decoder all go through the proxy (a decoder given the proxy itself throws).
    const touched: string[] = [];
    const watched = new Proxy(huge, {
      get(target, property) {
        if (property !== 'length') touched.push(String(property));
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    expectRejected(watched, 'too-large', /is 20\.0 MB; a certificate is a few KB, so it was not read \(limit 1 MB\)/, 'huge.cer');
    assert.deepEqual(touched, [], 'the bytes of a file over the limit were read');
    assert.equal(readCertificateInput(new Uint8Array(MAX_CERTIFICATE_FILE_BYTES + 1)).ok, false);
  });

  test('a truncated DER certificate says how much is missing', () => {
    const der = fixture('client-auth.cer');
    expectRejected(der.subarray(0, 600), 'truncated', new RegExp(`announces ${der.length} bytes but only 600 are there`));
  });

  test('a PEM with a broken base64 body names the line', () => {
    const lines = readFileSync(join(CERTS, 'client-auth.pem'), 'utf8').split('\n');
    lines[4] = lines[4].slice(0, 10) + '!' + lines[4].slice(11);
    expectRejected(bytes(lines.join('\n')), 'broken-pem', /PEM CERTIFICATE block whose base64 body is damaged \(line 5: invalid character '!'\)/);
  });

  test('a PEM cut off before its END line', () => {
    const text = readFileSync(join(CERTS, 'client-auth.pem'), 'utf8').split('\n').slice(0, 10).join('\n');
    expectRejected(bytes(text), 'broken-pem', /no END line/);
  });

  test('a PEM CERTIFICATE block whose base64 decodes to something else', () => {
    expectRejected(bytes(pemOf(noise(96, 3))), 'broken-pem', /does not hold a readable certificate/);
  });

  test('a text file and an unknown PEM block', () => {
    expectRejected(bytes('<configuration>\n</configuration>\n'), 'not-certificate', /text file with no certificate/);
    expectRejected(bytes('-----BEGIN PGP PUBLIC KEY BLOCK-----\nabc\n-----END PGP PUBLIC KEY BLOCK-----\n'), 'not-certificate', /PEM "PGP PUBLIC KEY BLOCK" block, not a certificate/);
  });

  test('never throws, whatever prefix or corruption of a certificate it is given', () => {
    const der = fixture('smartcard-logon.cer');
    for (let cut = 0; cut <= der.length; cut += 7) {
      const result = readCertificateInput(der.subarray(0, cut));
      assert.equal(typeof result.ok, 'boolean');
      if (cut < der.length) assert.equal(result.ok, false, `prefix of ${cut} bytes accepted`);
    }
    for (let seed = 1; seed <= 60; seed++) {
      const damaged = new Uint8Array(der);
      const flips = noise(4, seed);
      damaged[flips[0] % der.length] ^= flips[1] | 1;
      damaged[(flips[2] * 7) % der.length] ^= flips[3] | 1;
      const result = readCertificateInput(damaged);
      assert.equal(typeof result.ok, 'boolean');
      const text = readCertificateInput(bytes(pemOf(damaged)));
      assert.equal(typeof text.ok, 'boolean');
    }
  });
});

describe('parseIisCertificateAttribute', () => {
  const der = fixture('client-auth.cer');
  const base64 = Buffer.from(der).toString('base64');

  test('single-line base64 DER is what IIS expects', () => {
    const value = parseIisCertificateAttribute(base64);
    assert.equal(value.status, 'ok');
    assert.equal(value.message, '');
    assert.deepEqual(Buffer.from(value.certificate!.der), Buffer.from(der));
  });

  test('PEM armour is reported, with the value IIS needs', () => {
    const value = parseIisCertificateAttribute(pemOf(der));
    assert.equal(value.status, 'pem-armour');
    assert.equal(value.problemOffset, 0);
    assert.equal(value.fixedValue, base64);
    assert.match(value.message, /PEM armour/);
  });

  test('line breaks are reported at the first break, with the joined value', () => {
    const wrapped = base64.replace(/(.{64})/g, '$1\n');
    const value = parseIisCertificateAttribute(wrapped);
    assert.equal(value.status, 'whitespace');
    assert.equal(value.problemOffset, 64);
    assert.equal(value.fixedValue, base64);
    assert.match(value.message, /spans several lines/);
  });

  test('spaces are reported too', () => {
    const value = parseIisCertificateAttribute(`${base64.slice(0, 100)} ${base64.slice(100)}`);
    assert.equal(value.status, 'whitespace');
    assert.equal(value.problemOffset, 100);
    assert.match(value.message, /contains spaces/);
  });

  test('an elided value like MIIF...O5U= points at the dots', () => {
    const value = parseIisCertificateAttribute('MIIF...O5U=');
    assert.equal(value.status, 'elided');
    assert.equal(value.problemOffset, 4);
    assert.equal(parseIisCertificateAttribute('MIIF…O5U=').status, 'elided');
  });

  test('a value that is not base64 points at the first bad character', () => {
    const value = parseIisCertificateAttribute('81C7B41E-D3B1A8FF');
    assert.equal(value.status, 'not-base64');
    assert.equal(value.problemOffset, 8);
    assert.match(value.message, /invalid character '-'/);
  });

  test('base64 that is not a certificate says what it is', () => {
    assert.equal(parseIisCertificateAttribute('AAAAAAAA').status, 'not-certificate');
    const csr = readFileSync(join(CERTS, 'request.csr'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
    const csrValue = parseIisCertificateAttribute(csr);
    assert.equal(csrValue.status, 'not-certificate');
    assert.match(csrValue.message, /certificate signing request/);
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' });
    assert.match(parseIisCertificateAttribute(Buffer.from(key).toString('base64')).message, /private key \(remove it from the configuration now\)/);
  });

  test('extra bytes after the certificate never match, but the certificate is still recognised', () => {
    const value = parseIisCertificateAttribute(Buffer.concat([Buffer.from(der), Buffer.from([0, 0, 0])]).toString('base64'));
    assert.equal(value.status, 'not-certificate');
    assert.match(value.message, /followed by 3 extra bytes/);
    assert.equal(value.fixedValue, base64);
  });

  test('an empty value', () => {
    assert.equal(parseIisCertificateAttribute('  ').status, 'empty');
  });
});

describe('describeCertificate', () => {
  test('a client authentication certificate, as Windows shows it', () => {
    const d = describeCertificate(read('client-auth.cer').leaf, NOW);
    assert.equal(d.subject.text, 'E=jane.doe@contoso.test, CN=Jane Doe, OU=Sales, OU=People, O=Contoso Ltd, L=Redmond, S=Washington, C=US');
    assert.equal(d.issuer.text, 'CN=Contoso Issuing CA 2, OU=PKI, O=Contoso Ltd, C=US');
    assert.deepEqual(subFieldValues(d.subject, 'OU'), ['Sales', 'People']);
    assert.deepEqual(subFieldValues(d.subject, 'ST'), ['Washington']);
    // Serial and fingerprints as printed by `openssl x509 -serial -fingerprint` for this file.
    assert.equal(d.serialNumber, '1003');
    assert.equal(d.thumbprintSha1, '1552A76105309FFCCF6E91A435F742A4E27F0876');
    assert.equal(d.thumbprintSha256, 'C3638ED79AD301059BE359F9923415E5C3E329C767C28249852F1C75A26EE4F5');
    assert.equal(d.notBefore.toISOString(), '2025-01-01T00:00:00.000Z');
    assert.equal(d.notAfter.toISOString(), '2049-12-31T23:59:59.000Z');
    assert.deepEqual(d.validity, { state: 'valid', days: 8765, text: 'valid until 2049-12-31 (8765 days left)' });
    assert.deepEqual(d.keyUsage, ['Digital Signature', 'Key Encipherment']);
    assert.deepEqual(d.extendedKeyUsages, [{ oid: '1.3.6.1.5.5.7.3.2', name: 'Client Authentication' }]);
    assert.deepEqual(d.crlDistributionPoints, [
      'http://pki.contoso.test/crl/contoso-issuing.crl',
      'ldap:///CN=Contoso%20Issuing%20CA%2CCN=CDP%2CDC=contoso%2CDC=test?certificateRevocationList?base',
    ]);
    assert.deepEqual(d.caIssuers, ['http://pki.contoso.test/aia/contoso-issuing.crt']);
    assert.deepEqual(d.ocsp, ['http://ocsp.contoso.test']);
    assert.equal(d.isCa, false);
    assert.equal(d.publicKey, 'RSA (2048 bits)');
    assert.equal(d.signatureAlgorithm, 'sha256ECDSA');
  });

  test('a smart card logon certificate shows the EKU by name and the UPN', () => {
    const d = describeCertificate(read('smartcard-logon.cer').leaf, NOW);
    assert.deepEqual(d.extendedKeyUsages?.map((e) => e.name), ['Client Authentication', 'Smart Card Logon']);
    assert.deepEqual(d.subjectAltNames, ['Principal Name=1234567890@mil.contoso.test']);
    assert.equal(d.thumbprintSha1, '6E9559DB5D9BC6BB7B6A4BF47DDF412D653E24E6');
    assert.equal(d.publicKey, 'ECC P-256');
  });

  test('non-ASCII names and the e-mail SAN of an e-mail certificate', () => {
    const d = describeCertificate(read('email-only.cer').leaf, NOW);
    assert.equal(d.subject.text, 'E=jurgen.muller@contoso.test, CN=Jürgen Müller, O=Contoso Ltd, C=DE');
    assert.deepEqual(d.extendedKeyUsages, [{ oid: '1.3.6.1.5.5.7.3.4', name: 'Secure Email' }]);
    assert.deepEqual(d.subjectAltNames, ['RFC822 Name=jurgen.muller@contoso.test']);
  });

  test('expired and not-yet-valid certificates count the days', () => {
    assert.deepEqual(describeCertificate(read('expired.cer').leaf, NOW).validity, { state: 'expired', days: 1826, text: 'expired on 2021-01-01 (1826 days ago)' });
    const future = describeCertificate(read('not-yet-valid.cer').leaf, new Date('2089-12-30T00:00:00Z')).validity;
    assert.deepEqual(future, { state: 'not-yet-valid', days: 2, text: 'not valid before 2090-01-01 (starts in 2 days)' });
  });

  test('a CA certificate and an intermediate with a path length', () => {
    const root = describeCertificate(read('root-ca.cer').leaf, NOW);
    assert.equal(root.isCa, true);
    assert.equal(root.selfIssued, true);
    assert.equal(root.pathLength, undefined);
    assert.deepEqual(root.keyUsage, ['Certificate Signing', 'CRL Signing']);
    const issuing = describeCertificate(read('issuing-ca.cer').leaf, NOW);
    assert.equal(issuing.isCa, true);
    assert.equal(issuing.pathLength, 0);
    assert.equal(issuing.selfIssued, false);
  });

  test('a certificate without an EKU extension reports none rather than an empty list', () => {
    assert.equal(describeCertificate(read('no-eku.cer').leaf, NOW).extendedKeyUsages, undefined);
  });

  test('names quote values that contain separators, the Windows way', () => {
    const name = new pkijs.RelativeDistinguishedNames({
      typesAndValues: [
        new pkijs.AttributeTypeAndValue({ type: '2.5.4.10', value: new asn1js.Utf8String({ value: 'Contoso, "Ltd"' }) }),
        new pkijs.AttributeTypeAndValue({ type: '0.9.2342.19200300.100.1.1', value: new asn1js.Utf8String({ value: 'ZALDI001' }) }),
      ],
    });
    assert.equal(readDistinguishedName(name).text, 'OID.0.9.2342.19200300.100.1.1=ZALDI001, O="Contoso, ""Ltd"""');
  });
});

describe('checkCertificateForMapping', () => {
  const kinds = (name: string, now = NOW) => checkCertificateForMapping(read(name).leaf, now).map((i) => i.kind);

  test('a good client certificate and a smart card certificate have no findings', () => {
    assert.deepEqual(kinds('client-auth.cer'), []);
    assert.deepEqual(kinds('smartcard-logon.cer'), []);
    assert.deepEqual(kinds('no-eku.cer'), [], 'no EKU extension means every purpose to Windows');
  });

  test('seed 000: the e-mail certificate mapped instead of the logon certificate', () => {
    const [issue, ...rest] = checkCertificateForMapping(read('email-only.cer').leaf, NOW);
    assert.equal(rest.length, 0);
    assert.equal(issue.kind, 'secure-email-only');
    assert.equal(issue.severity, 'warning');
    assert.match(issue.message, /e-mail certificate \(Secure Email\) without Client Authentication/);
    assert.match(issue.message, /logon \(smart card\) certificate instead/);
  });

  test('expired and not yet valid mean 403.17', () => {
    const [expired] = checkCertificateForMapping(read('expired.cer').leaf, NOW);
    assert.equal(expired.kind, 'expired');
    assert.equal(expired.severity, 'error');
    assert.match(expired.message, /expired on 2021-01-01 \(1826 days ago\): IIS answers 403\.17/);
    assert.deepEqual(kinds('not-yet-valid.cer'), ['not-yet-valid']);
    assert.deepEqual(kinds('client-auth.cer', new Date('2050-06-01T00:00:00Z')), ['expired']);
  });

  test('a CA certificate is not a user certificate', () => {
    assert.deepEqual(kinds('root-ca.cer'), ['ca-certificate']);
    assert.deepEqual(kinds('issuing-ca.cer'), ['ca-certificate']);
  });

  test('no CRL distribution point is a warning for a CA-issued certificate: IIS checks every certificate in the chain but the root', () => {
    const [issue] = checkCertificateForMapping(read('no-cdp.cer').leaf, NOW);
    assert.equal(issue.kind, 'no-crl-distribution-point');
    assert.equal(issue.severity, 'warning');
    assert.match(issue.message, /403\.13/);
    assert.match(issue.message, /IIS checks the revocation of every certificate in the chain except the root/);
  });

  test('a self-signed client certificate without CRL distribution point gets no revocation warning: it is its own root', () => {
    assert.deepEqual(kinds('self-signed-client.cer'), []);
  });

  test('seed 002: CA certificates that came with the leaf are checked for validity and CRL reach', () => {
    const leaf = read('client-auth.cer').leaf;
    const chain = [leaf, read('retired-issuing-ca.cer').leaf, read('root-ca.cer').leaf];
    const issues = checkChainForMapping(chain, leaf, NOW);
    assert.deepEqual(issues.map((i) => i.kind), ['chain-ca-expired', 'chain-ca-no-crl-distribution-point']);
    assert.match(issues[0].message, /'Contoso Issuing CA 1' in the chain is expired on 2023-01-01/);
    assert.match(issues[1].message, /intermediate CA 'Contoso Issuing CA 1' has no CRL distribution point/);
    const good = read('smartcard-chain.p7b');
    assert.deepEqual(checkChainForMapping(good.certificates, good.leaf, NOW), [], 'the root needs no CDP');
  });
});

describe('buildMappingSnippets', () => {
  const file = read('client-auth.cer');
  const snippets = buildMappingSnippets(file.leaf, { now: NOW });
  const base64 = Buffer.from(fixture('client-auth.cer')).toString('base64');

  test('one-to-one: the certificate attribute is the single-line base64 DER', () => {
    const plain = renderSnippetLines(snippets.oneToOne.plain, '', '  ', '\n');
    const add = plain.split('\n')[1];
    assert.equal(add, `<add userName="" password="" certificate="${base64}" />`);
    assert.match(plain.split('\n')[0], /^<!-- Jane Doe; issued by Contoso Issuing CA 2; valid until 2049-12-31; SHA-1 1552A76105309FFCCF6E91A435F742A4E27F0876 -->$/);
    assert.equal(parseIisCertificateAttribute(/certificate="([^"]*)"/.exec(add)![1]).status, 'ok');
    assert.equal(snippets.oneToOne.collection, 'oneToOneMappings');
    assert.equal(snippets.oneToOne.enabledFlag, 'oneToOneCertificateMappingsEnabled');
  });

  test('one-to-one snippet has placeholders for account and password', () => {
    const text = renderSnippetLines(snippets.oneToOne.snippet, '', '  ', '\n');
    assert.match(text, /userName="\$\{1:DOMAIN\\\\user\}" password="\$\{2\}" certificate="/);
  });

  test('many-to-one: rules on Subject CN and Issuer O, named after the subject (seed 000)', () => {
    const text = renderSnippetLines(snippets.manyToOne.plain, '    ', '\t', '\r\n');
    assert.equal(
      text,
      [
        '    <!-- Jane Doe; issued by Contoso Issuing CA 2; valid until 2049-12-31; SHA-1 1552A76105309FFCCF6E91A435F742A4E27F0876 -->',
        '    <add name="Jane Doe" enabled="true" permissionMode="Allow" userName="" password="">',
        '    \t<rules>',
        '    \t\t<add certificateField="Subject" certificateSubField="CN" matchCriteria="Jane Doe" compareCaseSensitive="true" />',
        '    \t\t<add certificateField="Issuer" certificateSubField="O" matchCriteria="Contoso Ltd" compareCaseSensitive="true" />',
        '    \t</rules>',
        '    </add>',
      ].join('\r\n'),
    );
    assert.equal(snippets.manyToOne.mappingName, 'Jane Doe');
    assert.equal(snippets.manyToOne.title, "Many-to-one mapping 'Jane Doe' (Subject CN + Issuer O)");
    assert.equal(XMLValidator.validate(`<m>${text}</m>`), true);
  });

  test('names and values are XML-escaped, and snippet syntax characters escaped', () => {
    const odd = buildMappingSnippets(file.leaf, { mappingName: 'R&D $team}', now: NOW });
    const plain = renderSnippetLines(odd.manyToOne.plain, '', ' ', '\n');
    assert.match(plain, /name="R&amp;D \$team\}"/);
    assert.equal(XMLValidator.validate(`<m>${plain}</m>`), true);
    const snippet = renderSnippetLines(odd.manyToOne.snippet, '', ' ', '\n');
    assert.match(snippet, /name="R&amp;D \\\$team\\\}"/);
  });
});
