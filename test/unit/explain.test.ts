import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  explainAccessSslFlagKeyword,
  explainAccessSslFlags,
  explainBindingSslFlags,
  explainCode,
  explainStatusTriple,
  parseCodeQuery,
  parseErrorNumber,
} from '../../server/src/core/knowledge/explain';

describe('explainCode: status codes', () => {
  const cases: Array<[string, RegExp]> = [
    ['401.1', /\*\*HTTP 401\.1\*\* — Logon failed/],
    ['401.2', /Logon failed due to server configuration[\s\S]*below site level/],
    ['401.3', /ACL on resource/],
    ['403.4', /SSL required/],
    ['403 7', /Client certificate required[\s\S]*Ctl Store Name/],
    ['403,13', /Client certificate revoked[\s\S]*certutil -verify -urlfetch/],
    ['403.16', /untrusted or invalid[\s\S]*Trusted Root/],
    ['403.17', /expired or is not yet valid/],
    ['403.502', /request rate limit/],
    ['500.19', /Configuration data is invalid[\s\S]*`0x80070021` — This configuration section is locked/],
    ['502.3', /forwarder connection error/],
    ['503.2', /appConcurrentRequestLimit/],
  ];
  for (const [input, expected] of cases) {
    test(input, () => assert.match(explainCode(input), expected));
  }

  test('a triple explains the status and the win32 code together (seed 000)', () => {
    const md = explainCode('401 2 5');
    assert.match(md, /\*\*HTTP 401\.2\*\*/);
    assert.match(md, /\*\*sc-win32-status\*\* `5`: \*\*ERROR_ACCESS_DENIED\*\*/);
    const logon = explainStatusTriple(401, 1, -1073741715);
    assert.match(logon, /`-1073741715` \(= `0xC000006D`\): \*\*STATUS_LOGON_FAILURE\*\*/);
  });

  test('a bare status lists its sub-statuses', () => {
    assert.match(explainCode('403'), /Sub-statuses: 403\.1 Execute access forbidden;[\s\S]*403\.503/);
  });

  test('an unknown sub-status says so and names the known ones', () => {
    const md = explainCode('401.9');
    assert.match(md, /\*\*HTTP 401\.9\*\* is not in the IIS status table/);
    assert.match(md, /Known sub-statuses of 401: 401\.1, 401\.2/);
  });
});

describe('explainCode: win32, NTSTATUS and HRESULT forms', () => {
  const cases: Array<[string, RegExp]> = [
    ['5', /\*\*ERROR_ACCESS_DENIED\*\* \(Win32 `5`\)/],
    ['64', /ERROR_NETNAME_DELETED/],
    ['1326', /ERROR_LOGON_FAILURE/],
    ['1909', /ERROR_ACCOUNT_LOCKED_OUT/],
    ['-1073741715', /\*\*STATUS_LOGON_FAILURE\*\* \(NTSTATUS `0xC000006D`\)[\s\S]*Win32 1326/],
    ['3221225581', /STATUS_LOGON_FAILURE/],
    ['0xC0000234', /STATUS_ACCOUNT_LOCKED_OUT/],
    ['c000006e', /STATUS_ACCOUNT_RESTRICTION/],
    ['-1073741260', /STATUS_ACCOUNT_LOCKED_OUT/],
    ['0x80070021', /locked at a higher level[\s\S]*wraps Win32 33/],
    ['HRESULT: 0x800b0109', /CERT_E_UNTRUSTEDROOT/],
    ['-2146885613', /CRYPT_E_REVOCATION_OFFLINE/],
    ['0x80070569', /wraps Win32 1385: \*\*ERROR_LOGON_TYPE_NOT_GRANTED\*\*/],
    ['SEC_E_UNTRUSTED_ROOT', /0x80090325/],
  ];
  for (const [input, expected] of cases) {
    test(input, () => assert.match(explainCode(input), expected));
  }

  test('number parsing: decimal, negative decimal and hex all land on the unsigned value', () => {
    assert.equal(parseErrorNumber('-1073741715'), 0xc000006d);
    assert.equal(parseErrorNumber('0xC000006D'), 0xc000006d);
    assert.equal(parseErrorNumber('C000006D'), 0xc000006d);
    assert.equal(parseErrorNumber('1326'), 1326);
    assert.equal(parseErrorNumber('99999999999'), undefined);
    assert.deepEqual(parseCodeQuery('401 1 -1073741715'), { kind: 'status', status: 401, subStatus: 1, win32: 0xc000006d });
  });
});

describe('explainCode: unknown input', () => {
  test('a code outside the tables gets a short answer, never nothing', () => {
    assert.equal(explainCode('0x8007FFFF'), '`0x8007FFFF` is not in the error code tables. On Windows, `certutil -error 0x8007FFFF` prints the system message for it.');
    assert.match(explainCode('999.9'), /not a code I can read/);
    assert.match(explainCode(''), /not a code I can read/);
    assert.match(explainCode('STATUS_MADE_UP'), /not in the error code tables/);
  });
});

describe('sslFlags markdown', () => {
  test('access combination: flags with values, behaviour, failing statuses', () => {
    const md = explainAccessSslFlags('Ssl, SslNegotiateCert, SslRequireCert');
    assert.match(md, /\*\*sslFlags\*\* = `Ssl, SslNegotiateCert, SslRequireCert` \(value 104\)/);
    assert.match(md, /- `SslNegotiateCert` \(32\)/);
    assert.match(md, /\*\*403\.7\*\* when no client certificate arrives/);
  });

  test('keyword hover leads with the keyword, then the combination', () => {
    const md = explainAccessSslFlagKeyword('SslNegotiateCert', 'Ssl, SslNegotiateCert');
    assert.match(md, /^\*\*SslNegotiateCert\*\* \(32\)/);
    assert.match(md, /accepted but optional/);
    assert.match(explainAccessSslFlagKeyword('SslRequirCert', 'SslRequirCert'), /is not an sslFlags keyword/);
  });

  test('problems in the value are listed', () => {
    const md = explainAccessSslFlags('Ssl, Ssl, Bogus');
    assert.match(md, /`Bogus` is not an sslFlags keyword/);
    assert.match(md, /`Ssl` is listed more than once/);
  });

  test('binding number decoded into bits', () => {
    const md = explainBindingSslFlags(37);
    assert.match(md, /Certificate selection: Server Name Indication/);
    assert.match(md, /`4` \*\*DisableHTTP2\*\*/);
    assert.match(md, /`32` \*\*DisableTLS13\*\*/);
    assert.match(explainBindingSslFlags('0'), /No bits set/);
  });
});
