import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SCHEMA_ELEMENTS,
  findAttributeSchema,
  findElementSchema,
  findEnumValue,
  findSectionSchema,
  parseIisBool,
} from '../../server/src/core/knowledge/schema';
import {
  accessSslFlagNames,
  decodeBindingSslFlags,
  describeAccessSslFlags,
  parseAccessSslFlags,
} from '../../server/src/core/knowledge/sslFlags';
import { STATUS_CODES, findStatusCode } from '../../server/src/core/knowledge/statusCodes';
import { ERROR_CODES, findErrorCode, hresultFromWin32, win32FromHresult } from '../../server/src/core/knowledge/win32Codes';

const AUTH = 'system.webServer/security/authentication';

describe('schema', () => {
  test('access and every authentication section are locked (Deny) by default', () => {
    for (const name of [
      'anonymousAuthentication',
      'basicAuthentication',
      'clientCertificateMappingAuthentication',
      'digestAuthentication',
      'iisClientCertificateMappingAuthentication',
      'windowsAuthentication',
    ]) {
      assert.equal(findElementSchema(`${AUTH}/${name}`)?.overrideModeDefault, 'Deny', name);
    }
    assert.equal(findElementSchema('system.webServer/security/access')?.overrideModeDefault, 'Deny');
  });

  test('the four rule attributes form one combined key; a many-to-one mapping is keyed by name', () => {
    const rules = findElementSchema(`${AUTH}/iisClientCertificateMappingAuthentication/manyToOneMappings/add/rules`)!;
    assert.equal(rules.collection?.keyKind, 'combined');
    assert.deepEqual(rules.collection?.keyAttributes, ['certificateField', 'certificateSubField', 'matchCriteria', 'compareCaseSensitive']);
    const mappings = findElementSchema(`${AUTH}/iisClientCertificateMappingAuthentication/manyToOneMappings`)!;
    assert.deepEqual(mappings.collection?.keyAttributes, ['name']);
    // The schema declares only add and clear on these collections.
    assert.equal(mappings.collection?.removeElement, undefined);
    assert.equal(findElementSchema(`${AUTH}/iisClientCertificateMappingAuthentication/manyToOneMappings/remove`), undefined);
  });

  test('lookup accepts the chain of XML element names, with configuration and location wrappers', () => {
    const element = findElementSchema([
      'configuration',
      'location',
      'system.webServer',
      'security',
      'authentication',
      'windowsAuthentication',
      'providers',
      'remove',
    ]);
    assert.equal(element?.kind, 'collectionRemove');
    assert.deepEqual(element?.attributes.map((a) => [a.name, a.required]), [['value', true]]);
    assert.equal(findSectionSchema(['system.webServer', 'security', 'authentication', 'windowsAuthentication', 'providers', 'add'])?.name, 'windowsAuthentication');
    assert.equal(findElementSchema('configuration/configSections/sectionGroup/sectionGroup/section')?.kind, 'sectionDeclaration');
    assert.equal(findElementSchema('system.webServer/security/ipSecurity')?.schemaSource, 'IIS_schema.xml');
    assert.equal(findElementSchema('system.webServer/iisnode'), undefined);
  });

  test('attribute lookup is exact by default and case-insensitive on request', () => {
    const access = 'system.webServer/security/access';
    assert.equal(findAttributeSchema(access, 'SSLFlags'), undefined);
    assert.equal(findAttributeSchema(access, 'SSLFlags', { ignoreCase: true })?.name, 'sslFlags');
    const logon = findAttributeSchema(`${AUTH}/basicAuthentication`, 'logonMethod')!;
    assert.equal(logon.default, 'ClearText');
    assert.equal(findEnumValue(logon, 'network')?.value, 2);
  });

  test('passwords are secret; iisClientCertificateMapping is limited to server and site', () => {
    const secrets = SCHEMA_ELEMENTS.filter((e) => e.path.startsWith(AUTH)).flatMap((e) => e.attributes.filter((a) => a.secret).map((a) => `${e.path}@${a.name}`));
    // The generated table marks every encrypted attribute of the other sections too.
    assert.equal(findAttributeSchema('system.applicationHost/applicationPools/add/processModel', 'password')?.secret, true);
    assert.deepEqual(secrets.sort(), [
      `${AUTH}/anonymousAuthentication@password`,
      `${AUTH}/iisClientCertificateMappingAuthentication/manyToOneMappings/add@password`,
      `${AUTH}/iisClientCertificateMappingAuthentication/oneToOneMappings/add@password`,
    ]);
    assert.deepEqual(findElementSchema(`${AUTH}/iisClientCertificateMappingAuthentication`)?.levels, ['server', 'site']);
    // Children inherit the levels of their section.
    assert.deepEqual(findElementSchema(`${AUTH}/iisClientCertificateMappingAuthentication/oneToOneMappings/add`)?.levels, ['server', 'site']);
  });

  test('IIS booleans are read case-insensitively; anything else is not a boolean', () => {
    assert.equal(parseIisBool('True'), true);
    assert.equal(parseIisBool(' false '), false);
    assert.equal(parseIisBool('yes'), undefined);
    assert.equal(parseIisBool('1'), undefined);
  });
});

describe('access sslFlags', () => {
  const cases: Array<[string, number]> = [
    ['None', 0],
    ['Ssl', 8],
    ['SslNegotiateCert', 32],
    ['SslRequireCert', 64],
    ['SslMapCert', 128],
    ['Ssl128', 256],
  ];
  for (const [keyword, value] of cases) {
    test(`${keyword} is ${value}`, () => {
      const parsed = parseAccessSslFlags(keyword);
      assert.equal(parsed.mask, value);
      assert.equal(parsed.flags[0].flag?.name, keyword);
      assert.deepEqual(parsed.flags[0].span, { start: 0, end: keyword.length });
    });
  }

  test('tokens keep their spans inside the value; unknown, duplicate and empty items are reported', () => {
    const value = 'Ssl,  sslnegotiatecert,,SslRequirCert , Ssl';
    const parsed = parseAccessSslFlags(value);
    assert.deepEqual(parsed.flags.map((t) => [t.flag?.name, value.slice(t.span.start, t.span.end)]), [
      ['Ssl', 'Ssl'],
      ['SslNegotiateCert', 'sslnegotiatecert'],
    ]);
    assert.deepEqual(parsed.unknown.map((t) => value.slice(t.span.start, t.span.end)), ['SslRequirCert']);
    assert.deepEqual(parsed.duplicates.map((t) => t.span), [{ start: value.lastIndexOf('Ssl'), end: value.length }]);
    assert.deepEqual(parsed.emptyItems, [{ start: value.indexOf(',,') + 1, end: value.indexOf(',,') + 1 }]);
    assert.equal(parsed.caseMismatches.length, 1);
    assert.equal(parsed.mask, 40);
  });

  test('a numeric value is reported as such, not guessed into keywords', () => {
    const parsed = parseAccessSslFlags(' 104 ');
    assert.equal(parsed.numericValue, 104);
    assert.equal(parsed.mask, 0);
    assert.deepEqual(accessSslFlagNames(104), ['Ssl', 'SslNegotiateCert', 'SslRequireCert']);
  });

  test('"Accept" (Ssl, SslNegotiateCert) lets requests without a certificate through', () => {
    const meaning = describeAccessSslFlags(parseAccessSslFlags('Ssl, SslNegotiateCert'));
    assert.match(meaning.summary, /optional/);
    assert.deepEqual(meaning.failures.map((f) => f.code), ['403.4']);
  });

  test('"Require" (Ssl, SslNegotiateCert, SslRequireCert) fails with 403.7 and the certificate statuses', () => {
    const meaning = describeAccessSslFlags(parseAccessSslFlags('Ssl, SslNegotiateCert, SslRequireCert'));
    assert.match(meaning.summary, /required/);
    assert.deepEqual(meaning.failures.map((f) => f.code), ['403.4', '403.7', '403.13', '403.16', '403.17']);
    assert.ok(meaning.details.some((d) => /TLS 1\.3/.test(d) && /clientcertnegotiation=enable/.test(d)));
  });

  test('SslRequireCert without SslNegotiateCert never asks for a certificate', () => {
    const meaning = describeAccessSslFlags(64 | 8);
    assert.match(meaning.summary, /never asks/);
    assert.equal(meaning.warnings.length, 1);
    assert.ok(!meaning.failures.some((f) => f.code === '403.7'));
  });

  test('Ssl128 adds 403.5; certificate flags without Ssl leave plain HTTP open; None beside flags is contradictory', () => {
    assert.ok(describeAccessSslFlags(8 | 256).failures.some((f) => f.code === '403.5'));
    assert.ok(describeAccessSslFlags(32).details.some((d) => /plain HTTP requests are not refused/.test(d)));
    assert.equal(describeAccessSslFlags(parseAccessSslFlags('None, Ssl')).warnings.length, 1);
  });
});

describe('binding sslFlags', () => {
  test('0 to 3 choose how the certificate is found', () => {
    assert.match(decodeBindingSslFlags(0).certificateSelection, /IP address and port/);
    assert.match(decodeBindingSslFlags(1).certificateSelection, /Server Name Indication/);
    assert.match(decodeBindingSslFlags(2).certificateSelection, /without requiring SNI/);
    assert.match(decodeBindingSslFlags(3).certificateSelection, /requiring SNI/);
    assert.deepEqual(decodeBindingSslFlags(3).bits.map((b) => b.name), ['Sni', 'CentralCertStore']);
  });

  test('newer bits decode one by one', () => {
    const names: Array<[number, string]> = [
      [4, 'DisableHTTP2'],
      [8, 'DisableOCSPStp'],
      [16, 'DisableQUIC'],
      [32, 'DisableTLS13'],
      [64, 'DisableLegacyTLS'],
    ];
    for (const [bit, name] of names) assert.deepEqual(decodeBindingSslFlags(bit).bits.map((b) => b.name), [name]);
  });

  test('97 is SNI with TLS 1.3 and legacy TLS turned off; unknown high bits are kept', () => {
    assert.deepEqual(decodeBindingSslFlags('97').bits.map((b) => b.bit), [1, 32, 64]);
    assert.equal(decodeBindingSslFlags(1 + 1024).unknownBits, 1024);
    assert.match(decodeBindingSslFlags('Sni').invalid ?? '', /not a binding sslFlags value/);
  });
});

describe('status code table', () => {
  test('covers the IIS sub-statuses the issue names', () => {
    for (const code of ['401.1', '401.2', '401.3', '403.4', '403.7', '403.13', '403.16', '403.17', '403.501', '403.502', '403.503', '404.13', '500.19', '502.3', '503.0']) {
      const [status, sub] = code.split('.').map(Number);
      assert.ok(findStatusCode(status, sub), code);
    }
  });

  test('auth entries carry their checklist from the seeds', () => {
    const c7 = findStatusCode(403, 7)!.causes!.join('\n');
    assert.match(c7, /Ctl Store Name/);
    assert.match(c7, /ClientAuthTrustMode/);
    assert.match(c7, /TLS 1\.3/);
    assert.match(c7, /truncated/);
    assert.match(findStatusCode(403, 13)!.causes!.join('\n'), /any CA in the chain/);
    assert.match(findStatusCode(401, 2)!.causes!.join('\n'), /below site level/);
    assert.ok(findStatusCode(500, 19)!.hresults!.includes(0x80070021));
  });

  test('sub-status 0 falls back to the bare status; unknown pairs are not invented', () => {
    assert.equal(findStatusCode(401, 0)?.title, 'Access denied');
    assert.equal(findStatusCode(403, 99), undefined);
    assert.ok(STATUS_CODES.length > 100);
  });
});

describe('error code table', () => {
  test('signed and unsigned forms reach the same NTSTATUS entry', () => {
    assert.equal(findErrorCode(-1073741715)?.name, 'STATUS_LOGON_FAILURE');
    assert.equal(findErrorCode(0xc000006d)?.win32, 1326);
  });

  test('HRESULT_FROM_WIN32 round-trips', () => {
    assert.equal(win32FromHresult(0x80070021), 33);
    assert.equal(win32FromHresult(0x80092013), undefined);
    assert.equal(hresultFromWin32(1326), 0x8007052e);
  });

  test('every entry names a source and the table holds at least 70 codes', () => {
    assert.ok(ERROR_CODES.length >= 70);
    for (const e of ERROR_CODES) assert.match(e.source, /^https:\/\/learn\.microsoft\.com\//, e.name);
  });
});
