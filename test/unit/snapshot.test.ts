import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { pfxShapedBytes } from '../support/certificates';
import {
  bindingFlag,
  bindingValue,
  classifySnapshotFile,
  decodeSnapshotText,
  dwordOf,
  findCertificateByThumbprint,
  findRegistryValue,
  loadSnapshot,
  parseNetshSslCert,
  parseRegistryExport,
  snapshotTextFile,
  storeNamed,
  SCHANNEL_KEY,
} from '../../server/src/core/snapshot/index';
import { netshDump, netshEntry, regExport, SCHANNEL, dword, utf16leWithBom } from '../support/snapshot';
import { pemOf, testPki, thumbprintOf } from '../support/pki';

const ROOT = 'file:///snap';
const text = (s: string) => new TextEncoder().encode(s);
const slice = (t: string, span: { start: number; end: number }) => t.slice(span.start, span.end);

describe('netsh http show sslcert', () => {
  const dump = netshDump(
    netshEntry('IP:port', '0.0.0.0:443', { 'Ctl Store Name': 'ClientAuthIssuer', 'Disable Future Feature': 'Set' }),
    netshEntry('Hostname:port', 'WWW.Fabrikam.example:443', { 'Negotiate Client Certificate': 'Enabled', 'DS Mapper Usage': 'Enabled' }),
    netshEntry('Central Certificate Store', '8443', { 'Certificate Hash': '(null)' }) +
      '\r\n    Extended Properties:\r\n        PropertyId                   : 0\r\n        Receive Window               : 65536',
  );

  test('IP:port, Hostname:port and Central Certificate Store entries are read with their endpoint', () => {
    const { bindings, problems } = parseNetshSslCert(snapshotTextFile(`${ROOT}/sslcert.txt`, dump));
    assert.deepEqual(problems, []);
    assert.deepEqual(
      bindings.map((b) => [b.kind, b.address ?? b.host, b.port]),
      [
        ['ipport', '0.0.0.0', 443],
        ['hostnameport', 'www.fabrikam.example', 443],
        ['ccs', undefined, 8443],
      ],
    );
    assert.equal(bindings[0].certificateHash, '846762724f99a530cae257c8d18ceafb46723cd2');
    assert.equal(bindings[2].certificateHash, undefined);
  });

  test('every field is kept with the range of its label and value, unknown fields included', () => {
    const file = snapshotTextFile(`${ROOT}/sslcert.txt`, dump);
    const [ipBinding, sniBinding] = parseNetshSslCert(file).bindings;
    const ctl = ipBinding.known.ctlStoreName!;
    assert.equal(slice(dump, ctl.valueSpan), 'ClientAuthIssuer');
    assert.equal(slice(dump, ctl.labelSpan), 'Ctl Store Name');
    assert.equal(file.lines.rangeOf(ctl.valueSpan).start.line, ctl.line);
    assert.equal(dump.split('\r\n')[ctl.line].includes('ClientAuthIssuer'), true);
    const unknown = ipBinding.fields.find((f) => f.label === 'Disable Future Feature');
    assert.ok(unknown, 'the unknown field is kept');
    assert.equal(unknown.key, undefined);
    assert.equal(unknown.flag, true);
    assert.equal(ipBinding.fields.length, 24);
    assert.equal(bindingValue(ipBinding, 'ctlStoreName'), 'ClientAuthIssuer');
    assert.equal(bindingValue(sniBinding, 'ctlStoreName'), undefined, '(null) reads as no value');
    assert.equal(bindingFlag(sniBinding, 'negotiateClientCertificate'), true);
    assert.equal(bindingFlag(ipBinding, 'negotiateClientCertificate'), false);
    assert.equal(bindingFlag(ipBinding, 'disableTls13'), false, '"Not Set" is false');
  });

  test('extended properties are grouped under their entry and do not end it', () => {
    const ccs = parseNetshSslCert(snapshotTextFile(`${ROOT}/sslcert.txt`, dump)).bindings[2];
    assert.equal(ccs.extendedProperties.length, 1);
    assert.deepEqual(
      ccs.extendedProperties[0].map((f) => [f.label, f.value]),
      [
        ['PropertyId', '0'],
        ['Receive Window', '65536'],
      ],
    );
    assert.equal(slice(dump, ccs.span).endsWith('65536'), true);
  });

  test('a dump cut off inside an entry is named on that entry; the complete entries are intact and missing fields unknown', () => {
    const whole = netshDump(netshEntry('IP:port', '0.0.0.0:443'), netshEntry('Hostname:port', 'b.example:443'));
    const cut = whole.slice(0, whole.indexOf('Ctl Identifier', whole.indexOf('b.example')) + 6);
    const { bindings, problems } = parseNetshSslCert(snapshotTextFile(`${ROOT}/cut.txt`, cut));
    assert.equal(bindings.length, 2);
    assert.deepEqual(problems.map((p) => p.code), ['SNAPSHOT-NETSH-TRUNCATED']);
    assert.match(problems[0].message, /ends inside Hostname:port b\.example:443/);
    assert.match(problems[0].message, /Ctl Store Name/);
    assert.equal(slice(cut, problems[0].span!).startsWith('Hostname:port'), true);
    assert.equal(bindingFlag(bindings[1], 'dsMapperUsage'), undefined, 'a missing field is unknown, not Disabled');
    assert.equal(bindingFlag(bindings[0], 'dsMapperUsage'), false);
  });

  test('the dump is recognised by its content whatever the .txt is called, in UTF-16 with BOM, UTF-8 or the console code page', () => {
    const entry = netshDump(netshEntry('Hostname:port', 'm\u00fcller.example:443'));
    assert.equal(classifySnapshotFile(`${ROOT}/server-output-1.txt`, entry), 'netsh');
    assert.equal(classifySnapshotFile(`${ROOT}/notes.txt`, 'Remember to renew the certificate.'), undefined);
    const utf16 = decodeSnapshotText(utf16leWithBom(entry));
    assert.equal(utf16.encoding, 'utf-16le-bom');
    assert.equal(utf16.text, entry);
    const oem = Buffer.from(entry.replace('\u00fc', '\u0001'), 'latin1');
    oem[oem.indexOf(1)] = 0x81; // ü in code page 437 and 850
    const snapshot = loadSnapshot([{ uri: `${ROOT}/oem.txt`, bytes: new Uint8Array(oem) }]);
    assert.equal(snapshot.files[0].encoding, 'cp437');
    assert.equal(snapshot.httpSysBindings[0].host, 'm\u00fcller.example');
    assert.equal(loadSnapshot([{ uri: `${ROOT}/u.txt`, bytes: text(entry) }]).httpSysBindings[0].host, 'm\u00fcller.example');
  });
});

describe('reg export', () => {
  const exported = regExport({
    [SCHANNEL]: [dword('SendTrustedIssuerList', 1), dword('ClientAuthTrustMode', 2)],
    [`${SCHANNEL}\\Protocols\\TLS 1.3\\Server`]: [dword('Enabled', 0), dword('DisabledByDefault', 1)],
    'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters': [
      '"UrlSegmentMaxLength"=dword:00000104',
      '"Comment"="C:\\\\logs \\"quoted\\""',
      '"Binary"=hex:01,02,\\\r\n  03,04',
      '"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00',
    ],
  });

  test('values are read with their type, data and the range of their name and data, from UTF-16LE with BOM', () => {
    const snapshot = loadSnapshot([{ uri: `${ROOT}/schannel.reg`, bytes: utf16leWithBom(exported) }]);
    assert.deepEqual(snapshot.problems, []);
    const mode = snapshot.schannel.clientAuthTrustMode!;
    assert.equal(dwordOf(mode), 2);
    assert.equal(dwordOf(snapshot.schannel.sendTrustedIssuerList), 1);
    assert.equal(slice(exported, mode.nameSpan), '"ClientAuthTrustMode"');
    assert.equal(slice(exported, mode.dataSpan), 'dword:00000002');
    assert.equal(exported.split('\r\n')[mode.line], '"ClientAuthTrustMode"=dword:00000002');
    assert.equal(dwordOf(snapshot.schannel.protocols['TLS 1.3'].enabled), 0);
    assert.equal(snapshot.schannel.protocols['TLS 1.2'].key, undefined);
    assert.ok(snapshot.httpParameters);
    const http = snapshot.httpParameters.values;
    assert.deepEqual(
      http.map((v) => [v.name, v.type, v.data]),
      [
        ['UrlSegmentMaxLength', 'REG_DWORD', 260],
        ['Comment', 'REG_SZ', 'C:\\logs "quoted"'],
        ['Binary', 'REG_BINARY', undefined],
        ['Multi', 'REG_MULTI_SZ', ['a', 'b']],
      ],
    );
    assert.deepEqual([...http[2].bytes!], [1, 2, 3, 4]);
    assert.equal(slice(exported, http[2].dataSpan), 'hex:01,02,\\\r\n  03,04', 'a continued value spans its lines');
  });

  test('key paths compare without case and with HKLM spelled either way; a later file wins', () => {
    const second = regExport({ ['HKLM\\system\\CurrentControlSet\\control\\SecurityProviders\\Schannel']: [dword('ClientAuthTrustMode', 0)] });
    const exports = [exported, second].map((t, i) => parseRegistryExport(snapshotTextFile(`${ROOT}/${i}.reg`, t)));
    assert.equal(dwordOf(findRegistryValue(exports, SCHANNEL_KEY, 'clientauthtrustmode')), 0);
    assert.equal(dwordOf(findRegistryValue(exports.slice(0, 1), SCHANNEL_KEY, 'ClientAuthTrustMode')), 2);
  });

  test('a .reg that is not one gets one finding and nothing from it is read; the other files still are', () => {
    const snapshot = loadSnapshot([
      { uri: `${ROOT}/schannel.reg`, text: 'SendTrustedIssuerList = 1\nClientAuthTrustMode = 2\n' },
      { uri: `${ROOT}/sslcert.txt`, text: netshDump(netshEntry('IP:port', '0.0.0.0:443')) },
    ]);
    assert.deepEqual(snapshot.problems.map((p) => [p.uri, p.code]), [[`${ROOT}/schannel.reg`, 'SNAPSHOT-REG-NOT-EXPORT']]);
    assert.match(snapshot.problems[0].message, /Windows Registry Editor Version 5\.00/);
    assert.equal(snapshot.schannel.clientAuthTrustMode, undefined);
    assert.equal(snapshot.httpSysBindings.length, 1);
  });

  test('unreadable lines inside a real export are counted on the first of them; good values around them are kept', () => {
    const broken = regExport({ [SCHANNEL]: ['garbage line', dword('SendTrustedIssuerList', 1), '"Bad"=dword:xyz'] });
    const result = parseRegistryExport(snapshotTextFile(`${ROOT}/s.reg`, broken));
    assert.deepEqual(result.problems.map((p) => p.code), ['SNAPSHOT-REG-UNREADABLE']);
    assert.match(result.problems[0].message, /^2 lines/);
    assert.equal(slice(broken, result.problems[0].span!), 'garbage line');
    assert.equal(dwordOf(findRegistryValue([result], SCHANNEL_KEY, 'SendTrustedIssuerList')), 1);
  });
});

describe('certificate store folders', () => {
  test('DER, PEM and bare-base64 certificates are read into the store their folder names, found by thumbprint', async () => {
    const pki = await testPki();
    const snapshot = loadSnapshot([
      { uri: `${ROOT}/certificates/Root/root.cer`, bytes: pki.root.der },
      { uri: `${ROOT}/certificates/CA/issuing.pem`, bytes: text(pemOf(pki.intermediate)) },
      { uri: `${ROOT}/certificates/My/www.crt`, bytes: text(Buffer.from(pki.server.der).toString('base64')) },
    ]);
    assert.deepEqual(snapshot.problems, []);
    assert.deepEqual(snapshot.stores.map((s) => [s.name, s.certificates.length]), [
      ['Root', 1],
      ['CA', 1],
      ['My', 1],
    ]);
    assert.equal(storeNamed(snapshot, 'ROOT')?.certificates[0].selfIssued, true);
    assert.equal(storeNamed(snapshot, 'ca')?.certificates[0].selfIssued, false);
    const found = findCertificateByThumbprint(snapshot, thumbprintOf(pki.server).toUpperCase(), 'MY');
    assert.equal(found?.subject.text, 'CN=www.fabrikam.example, O=Fabrikam Test PKI');
    assert.equal(findCertificateByThumbprint(snapshot, thumbprintOf(pki.server), 'Root'), undefined);
  });

  test('a private key, a PFX and an empty file in a store folder each get a finding on that file, with no key material', async () => {
    const pki = await testPki();
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const snapshot = loadSnapshot([
      { uri: `${ROOT}/certificates/My/server.key`, bytes: text(key) },
      { uri: `${ROOT}/certificates/My/server.pfx`, bytes: pfxShapedBytes() },
      { uri: `${ROOT}/certificates/Root/empty.cer`, bytes: new Uint8Array() },
      { uri: `${ROOT}/certificates/Root/root.cer`, bytes: pki.root.der },
      { uri: `${ROOT}/certificates/CA/with-key.pem`, bytes: text(pemOf(pki.intermediate) + key) },
    ]);
    assert.deepEqual(
      snapshot.problems.map((p) => [p.uri.split('/').slice(-2).join('/'), p.code]),
      [
        ['My/server.key', 'SNAPSHOT-STORE-SECRET'],
        ['My/server.pfx', 'SNAPSHOT-STORE-SECRET'],
        ['Root/empty.cer', 'SNAPSHOT-STORE-NOT-CERTIFICATE'],
        ['CA/with-key.pem', 'SNAPSHOT-STORE-SECRET'],
      ],
    );
    assert.match(snapshot.problems[1].message, /PKCS#12/);
    assert.match(snapshot.problems[2].message, /empty/);
    assert.equal(storeNamed(snapshot, 'Root')?.certificates.length, 1, 'the good certificate beside the empty file is read');
    assert.equal(storeNamed(snapshot, 'CA')?.certificates.length, 1, 'the certificate beside the key is read');
    const keyBody = key.split('\n')[1];
    assert.equal(JSON.stringify(snapshot.problems).includes(keyBody), false);
  });
});

describe('hostile snapshot files', () => {
  test('binary bytes named .reg, a binary .txt and a huge dump never throw; each file keeps to itself', () => {
    const noise = new Uint8Array(200_000).map((_, i) => (i * 7919) % 256);
    const huge = netshDump(...Array.from({ length: 3000 }, (_, i) => netshEntry('IP:port', `10.0.${i >> 8}.${i & 255}:443`)));
    const snapshot = loadSnapshot([
      { uri: `${ROOT}/binary.reg`, bytes: noise },
      { uri: `${ROOT}/binary.txt`, bytes: noise },
      { uri: `${ROOT}/huge.txt`, bytes: text(huge) },
    ]);
    assert.deepEqual(snapshot.problems.map((p) => [p.uri.split('/').pop(), p.code]), [['binary.reg', 'SNAPSHOT-REG-NOT-EXPORT']]);
    assert.ok(snapshot.problems[0].span!.end <= 200, 'the finding covers at most the start of the file');
    assert.equal(snapshot.httpSysBindings.length, 3000);
    assert.equal(snapshot.files.some((f) => f.uri.endsWith('binary.txt')), false, 'binary text is not a netsh dump');
  });
});
