import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { marked, serviceWith, APPHOST_URI, WEB_URI } from '../support/fixtures';
import { SEED_000_W3C_LOG } from '../support/iisLogSamples';
import type { Hover } from '../../server/src/core/types';

/** Hover at the `|` of a marked fixture; `[[…]]` marks the range the hover must report. */
function hoverIn(uri: string, source: string): { hover: Hover | undefined; expectedRange?: Hover['range'] } {
  const fixture = marked(source);
  const service = serviceWith({ [uri]: fixture.text });
  return { hover: service.hover(uri, fixture.cursor!), expectedRange: fixture.ranges[0] };
}

function hoverText(uri: string, source: string): string {
  const { hover, expectedRange } = hoverIn(uri, source);
  assert.ok(hover, 'expected a hover');
  if (expectedRange) assert.deepEqual(hover.range, expectedRange);
  return hover.contents;
}

const access = (value: string) => `<configuration>
  <system.webServer>
    <security>
      <access sslFlags="${value}" />
    </security>
  </system.webServer>
</configuration>`;

describe('hover: <access sslFlags>', () => {
  const flags: Array<[string, number]> = [
    ['None', 0],
    ['Ssl', 8],
    ['SslNegotiateCert', 32],
    ['SslRequireCert', 64],
    ['SslMapCert', 128],
    ['Ssl128', 256],
  ];
  for (const [flag, value] of flags) {
    test(`on ${flag}`, () => {
      const md = hoverText(WEB_URI, access(`[[${flag.slice(0, 2)}|${flag.slice(2)}]]`));
      assert.match(md, new RegExp(`^\\*\\*${flag}\\*\\* \\(${value}\\)`));
    });
  }

  test('a keyword in a combination also explains the combination and the failing statuses', () => {
    const md = hoverText(WEB_URI, access('Ssl, [[SslNeg|otiateCert]], SslRequireCert'));
    assert.match(md, /^\*\*SslNegotiateCert\*\* \(32\)/);
    assert.match(md, /Client certificate required/);
    assert.match(md, /\*\*403\.7\*\* when no client certificate arrives/);
  });

  test('"Accept" says requests without a certificate pass', () => {
    assert.match(hoverText(WEB_URI, access('Ssl, Ssl|NegotiateCert')), /optional: IIS asks for one, and requests without a certificate still pass/);
  });

  test('a misspelt keyword is named as such', () => {
    assert.match(hoverText(WEB_URI, access('Ssl, [[SslRequir|Cert]]')), /`SslRequirCert` is not an sslFlags keyword/);
  });

  test('on the attribute name: type, default, flags, lock state', () => {
    const md = hoverText(WEB_URI, access('Ssl').replace('sslFlags', '[[ssl|Flags]]'));
    assert.match(md, /\*\*sslFlags\*\* on `<access>` — flags \(comma-separated keywords\), default `None`/);
    assert.match(md, /- `SslRequireCert` \(64\)/);
    assert.match(md, /Locked by default: declared `overrideModeDefault="Deny"`/);
  });
});

describe('hover: binding sslFlags', () => {
  test('the number is decoded into its bits', () => {
    const md = hoverText(
      APPHOST_URI,
      `<configuration><system.applicationHost><sites><site name="Default Web Site" id="1"><bindings>
  <binding protocol="https" bindingInformation="*:443:www.contoso.com" sslFlags="[[3|3]]" />
</bindings></site></sites></system.applicationHost></configuration>`,
    );
    assert.match(md, /\*\*Binding sslFlags = 33\*\*/);
    assert.match(md, /`1` \*\*Sni\*\*/);
    assert.match(md, /`32` \*\*DisableTLS13\*\*/);
  });
});

describe('hover: authentication sections', () => {
  const mapping = (inner: string) => `<configuration>
  <location path="Default Web Site">
    <system.webServer>
      <security>
        <authentication>
          ${inner}
        </authentication>
      </security>
    </system.webServer>
  </location>
</configuration>`;

  test('element name: section path, levels, locked by default', () => {
    const md = hoverText(APPHOST_URI, mapping('<[[iisClient|CertificateMappingAuthentication]] enabled="true" />'));
    assert.match(md, /section `system\.webServer\/security\/authentication\/iisClientCertificateMappingAuthentication`/);
    assert.match(md, /Set at: server, site/);
    assert.match(md, /server and site level only/);
    assert.match(md, /Locked by default/);
    assert.match(md, /\[Documentation\]\(https:\/\/learn\.microsoft\.com\/iis\/configuration\//);
  });

  test('enum value: meaning and numeric value', () => {
    const md = hoverText(APPHOST_URI, mapping('<basicAuthentication enabled="true" logonMethod="[[Net|work]]" />'));
    assert.match(md, /^\*\*Network\*\* \(2\)/);
  });

  test('an invalid boolean is called out', () => {
    assert.match(hoverText(APPHOST_URI, mapping('<anonymousAuthentication enabled="y|es" />')), /`yes` is not a boolean: IIS expects `true` or `false` \(default `true`\)/);
  });

  test('a rule attribute is part of the combined key', () => {
    const md = hoverText(
      APPHOST_URI,
      mapping(`<iisClientCertificateMappingAuthentication enabled="true">
            <manyToOneMappings>
              <add name="Contoso" userName="u">
                <rules><add certificateField="Subject" certificateSubField="O" [[match|Criteria]]="Contoso" /></rules>
              </add>
            </manyToOneMappings>
          </iisClientCertificateMappingAuthentication>`),
    );
    assert.match(md, /part of the combined key \(certificateField \+ certificateSubField \+ matchCriteria \+ compareCaseSensitive\)/);
  });

  test('a password value is never shown', () => {
    const secret = 'S3cretPassw0rd';
    const md = hoverText(APPHOST_URI, mapping(`<anonymousAuthentication userName="IUSR" password="${secret.slice(0, 4)}|${secret.slice(4)}" />`));
    assert.ok(!md.includes(secret));
    assert.match(md, /clear text/);
  });

  test('an element the schema does not know, in a .NET group, gives no hover', () => {
    const { hover } = hoverIn(WEB_URI, '<configuration><system.web><webPag|esRazor /></system.web></configuration>');
    assert.equal(hover, undefined);
  });
});

describe('hover: status codes in configuration', () => {
  test('httpErrors statusCode + subStatusCode are explained together', () => {
    const md = hoverText(
      WEB_URI,
      `<configuration><system.webServer><httpErrors>
  <error statusCode="[[40|3]]" subStatusCode="7" path="/errors/cert.html" responseMode="ExecuteURL" />
</httpErrors></system.webServer></configuration>`,
    );
    assert.match(md, /\*\*HTTP 403\.7\*\* — Client certificate required/);
  });

  test('subStatusCode -1 means any sub-status', () => {
    const md = hoverText(WEB_URI, `<configuration><system.webServer><httpErrors><remove statusCode="401" subStatusCode="-|1" /></httpErrors></system.webServer></configuration>`);
    assert.match(md, /^\*\*HTTP 401\*\* — Access denied/);
  });

  test('failureDefinitions: the code under the cursor in a list with ranges', () => {
    const md = hoverText(
      APPHOST_URI,
      `<configuration><system.webServer><tracing><traceFailedRequests><add path="*">
  <failureDefinitions statusCodes="401.2,403.7-[[403.|13]]" />
</add></traceFailedRequests></tracing></system.webServer></configuration>`,
    );
    assert.match(md, /Client certificate revoked/);
  });

  test('a code in an XML comment', () => {
    const md = hoverText(
      WEB_URI,
      `<configuration>
  <!-- users got 401 1 with sc-win32-status [[-10737|41715]] after the mapping matched -->
</configuration>`,
    );
    assert.match(md, /STATUS_LOGON_FAILURE/);
  });

  test('a status triple in a comment', () => {
    const md = hoverText(WEB_URI, `<configuration><!-- seen: [[401 2| 5]] --></configuration>`);
    assert.match(md, /\*\*HTTP 401\.2\*\*[\s\S]*ERROR_ACCESS_DENIED/);
  });

  test('plain words and small numbers in a comment get no hover', () => {
    assert.equal(hoverIn(WEB_URI, `<configuration><!-- keep 2 si|tes here --></configuration>`).hover, undefined);
    assert.equal(hoverIn(WEB_URI, `<configuration><!-- keep |2 sites here --></configuration>`).hover, undefined);
  });

  test('an unknown code in a comment says it is not in the tables', () => {
    assert.match(hoverText(WEB_URI, `<configuration><!-- HRESULT 0x8007F|FFF --></configuration>`), /is not in the error code tables/);
  });
});

describe('hover: IIS logs (seed 000)', () => {
  const uri = 'file:///logs/W3SVC1/u_ex000101.log';
  const lines = SEED_000_W3C_LOG.split('\r\n');
  const logonFailureLine = lines.findIndex((l) => / 401 1 -1073741715 /.test(l));
  const accessDeniedLine = lines.findIndex((l) => / 401 2 5 /.test(l));
  const service = serviceWith({ [uri]: SEED_000_W3C_LOG });

  test('on sc-win32-status of the 401.1 line: the triple with the NTSTATUS decoded', () => {
    const character = lines[logonFailureLine].indexOf('-1073741715') + 3;
    const hover = service.hover(uri, { line: logonFailureLine, character })!;
    assert.match(hover.contents, /\*\*HTTP 401\.1\*\* — Logon failed/);
    assert.match(hover.contents, /`-1073741715` \(= `0xC000006D`\): \*\*STATUS_LOGON_FAILURE\*\*/);
    const start = lines[logonFailureLine].indexOf('-1073741715');
    assert.deepEqual(hover.range, { start: { line: logonFailureLine, character: start }, end: { line: logonFailureLine, character: start + 11 } });
  });

  test('on sc-status of a 401.2 line: the same triple explanation, range on the status', () => {
    const start = lines[accessDeniedLine].indexOf(' 401 2 5 ') + 1;
    const hover = service.hover(uri, { line: accessDeniedLine, character: start + 1 })!;
    assert.match(hover.contents, /\*\*HTTP 401\.2\*\*[\s\S]*\*\*sc-win32-status\*\* `5`: \*\*ERROR_ACCESS_DENIED\*\*/);
    assert.deepEqual(hover.range, { start: { line: accessDeniedLine, character: start }, end: { line: accessDeniedLine, character: start + 3 } });
  });

  test('other fields and directives give no hover', () => {
    assert.equal(service.hover(uri, { line: logonFailureLine, character: 3 }), undefined);
    assert.equal(service.hover(uri, { line: 0, character: 3 }), undefined);
  });

  test('columns come from #Fields:, not from a fixed layout', () => {
    const custom = ['#Software: Microsoft Internet Information Services 10.0', '#Fields: sc-win32-status sc-substatus sc-status cs-uri-stem', '64 0 500 /', '5 7 403 /secure'].join('\r\n');
    const logUri = 'file:///logs/custom.log';
    const hover = serviceWith({ [logUri]: custom }).hover(logUri, { line: 3, character: 5 })!;
    assert.match(hover.contents, /\*\*HTTP 403\.7\*\*/);
  });

  test('the hovered line is found the same way in LF, CRLF and lone-CR logs', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = lines.join(eol);
      const logUri = `file:///logs/eol-${eol.length}-${eol.charCodeAt(0)}/u_ex000101.log`;
      const character = lines[accessDeniedLine].indexOf(' 401 2 5 ') + 2;
      const hover = serviceWith({ [logUri]: text }).hover(logUri, { line: accessDeniedLine, character });
      assert.match(hover?.contents ?? '', /\*\*HTTP 401\.2\*\*/, `line break ${JSON.stringify(eol)}`);
    }
  });
});

describe('hover: Failed Request Tracing', () => {
  const freb = (cursorIn: 'status' | 'error' | 'root') => `<?xml version="1.0" encoding="UTF-8"?>
<failedRequest url="https://www.contoso.com:443/secure/" siteId="1" verb="GET" statusCode="${cursorIn === 'root' ? '[[403.|16]]' : '403.16'}" triggerStatusCode="403.16">
 <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <EventData>
   <Data Name="HttpStatus">${cursorIn === 'status' ? '[[4|03]]' : '403'}</Data>
   <Data Name="HttpSubStatus">16</Data>
   <Data Name="ErrorCode">${cursorIn === 'error' ? '[[2148|204809]]' : '2148204809'}</Data>
  </EventData>
 </Event>
</failedRequest>`;
  const uri = 'file:///logs/FailedReqLogFiles/W3SVC1/fr000001.xml';

  test('HttpStatus explains status, sub-status and ErrorCode together', () => {
    const md = hoverText(uri, freb('status'));
    assert.match(md, /\*\*HTTP 403\.16\*\* — Client certificate is untrusted or invalid/);
    assert.match(md, /CERT_E_UNTRUSTEDROOT/);
  });

  test('ErrorCode is decoded from its unsigned decimal form', () => {
    assert.match(hoverText(uri, freb('error')), /\*\*CERT_E_UNTRUSTEDROOT\*\* \(HRESULT `0x800B0109`\)/);
  });

  test('statusCode of <failedRequest>', () => {
    assert.match(hoverText(uri, freb('root')), /Client certificate is untrusted or invalid/);
  });
});

describe('hover: binding sslFlags, bit by bit', () => {
  const binding = (value: string) => `<configuration><system.applicationHost><sites><site name="Portal" id="2"><bindings>
  <binding protocol="https" bindingInformation="*:443:portal.example" sslFlags="[[${value.slice(0, 1)}|${value.slice(1)}]]" />
</bindings></site></sites></system.applicationHost></configuration>`;

  // 0–3 are the IIS configuration reference's own values; the higher bits are Windows Server 2022's.
  const cases: Array<[string, RegExp[]]> = [
    ['0', [/Certificate selection: IP address and port/, /No bits set/]],
    ['1', [/Certificate selection: Server Name Indication \(host name and port\)/, /`1` \*\*Sni\*\*/]],
    ['2', [/Centralized certificate store, without requiring SNI/, /`2` \*\*CentralCertStore\*\*/]],
    ['3', [/Centralized certificate store, requiring SNI/, /`1` \*\*Sni\*\*[\s\S]*`2` \*\*CentralCertStore\*\*/]],
    ['4', [/`4` \*\*DisableHTTP2\*\* — HTTP\/2 is turned off/]],
    ['8', [/`8` \*\*DisableOCSPStp\*\* — OCSP stapling is turned off/]],
    ['16', [/`16` \*\*DisableQUIC\*\*/]],
    ['32', [/`32` \*\*DisableTLS13\*\* — TLS 1\.3 over TCP is turned off/]],
    ['64', [/`64` \*\*DisableLegacyTLS\*\*/]],
  ];
  for (const [value, expected] of cases) {
    test(`sslFlags="${value}"`, () => {
      const md = hoverText(APPHOST_URI, binding(value));
      assert.match(md, new RegExp(`^\\*\\*Binding sslFlags = ${value}\\*\\*`));
      for (const pattern of expected) assert.match(md, pattern);
    });
  }

  test('a combination lists each bit once (97 = SNI, TLS 1.3 off, legacy TLS off)', () => {
    const md = hoverText(APPHOST_URI, binding('97'));
    const bits = [...md.matchAll(/^- `(\d+)` \*\*(\w+)\*\*/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(bits, ['1 Sni', '32 DisableTLS13', '64 DisableLegacyTLS']);
  });

  test('bits no table explains are shown as unknown, and a value that is not a number says so', () => {
    assert.match(hoverText(APPHOST_URI, binding('1025')), /Unknown bits: `1024` \(`0x00000400`\)/);
    // No source we could check names bit 128: it is not guessed.
    assert.match(hoverText(APPHOST_URI, binding('129')), /`1` \*\*Sni\*\*[\s\S]*Unknown bits: `128`/);
    assert.match(hoverText(APPHOST_URI, binding('Sni')), /"Sni" is not a binding sslFlags value: the binding attribute is an unsigned number/);
  });

  test('on the attribute name: not the same attribute as <access sslFlags>', () => {
    const md = hoverText(
      APPHOST_URI,
      `<configuration><system.applicationHost><sites><site name="Portal"><bindings><binding protocol="https" [[ssl|Flags]]="1" /></bindings></site></sites></system.applicationHost></configuration>`,
    );
    assert.match(md, /Not the same attribute as `<access sslFlags>`/);
  });
});

describe('hover: ten status codes in <httpErrors>', () => {
  const error = (status: number, sub: number) => `<configuration><system.webServer><httpErrors errorMode="Custom">
  <error statusCode="[[${String(status).slice(0, 2)}|${String(status).slice(2)}]]" subStatusCode="${sub}" path="/errors/${status}-${sub}.html" responseMode="ExecuteURL" />
</httpErrors></system.webServer></configuration>`;

  const cases: Array<[number, number, RegExp]> = [
    [401, 1, /Logon failed[\s\S]*password changed since the mapping was made \(401\.1 with -1073741715 after the mapping matched: \"Error 401\.2 with smartcard login[^\n]*https:\/\/stackoverflow\.com\/questions\/52743395/],
    [401, 2, /Logon failed due to server configuration[\s\S]*configured below site level[^\n]*\"IIS Client Certificate Authentication results in 401-Unauthorized for sub-applications \(IIS Support Blog\)\", https:\/\/techcommunity\.microsoft\.com\//],
    [401, 3, /Unauthorized due to ACL on resource/],
    [403, 4, /SSL required[\s\S]*plain HTTP/],
    [403, 5, /SSL 128 required/],
    [403, 7, /Client certificate required[\s\S]*SendTrustedIssuerList \/ ClientAuthTrustMode[\s\S]*Ctl Store Name[^\n]*https:\/\/www\.gradenegger\.eu\//],
    [403, 13, /Client certificate revoked[\s\S]*CRL distribution point of any CA in the chain[\s\S]*CertCheckMode/],
    [403, 16, /Client certificate is untrusted or invalid[\s\S]*Intermediate Certification Authorities/],
    [403, 17, /Client certificate has expired or is not yet valid/],
    [500, 19, /Configuration data is invalid[\s\S]*HRESULTs seen with it[\s\S]*`0x80070021`/],
    [403, 502, /too many requests from the same client IP/],
    [503, 2, /Concurrent request limit exceeded/],
  ];
  for (const [status, sub, expected] of cases) {
    test(`${status}.${sub}`, () => {
      const md = hoverText(WEB_URI, error(status, sub));
      assert.match(md, new RegExp(`^\\*\\*HTTP ${status}\\.${sub}\\*\\* — `));
      assert.match(md, expected);
    });
  }

  test('a pair the table does not know says so briefly and names the known sub-statuses', () => {
    const md = hoverText(WEB_URI, error(401, 99));
    assert.match(md, /^\*\*HTTP 401\.99\*\* is not in the IIS status table\.\n\nHTTP 401: Access denied\./);
    assert.match(md, /Known sub-statuses of 401: 401\.1, 401\.2/);
    assert.ok(md.split('\n').length < 10, 'brief');
  });

  test('a status outside the table, and a value that is not a status', () => {
    assert.match(hoverText(WEB_URI, error(418, 0).replace('subStatusCode="0" ', '')), /^\*\*HTTP 418\*\* is not in the IIS status table\./);
    const md = hoverText(WEB_URI, `<configuration><system.webServer><httpErrors><error statusCode="[[ab|c]]" path="/x" /></httpErrors></system.webServer></configuration>`);
    assert.equal(md, '`abc` is not an HTTP status code.');
  });
});

describe('hover: win32, NTSTATUS and HRESULT values in every form they are written', () => {
  const comment = (code: string) => `<configuration>\n  <!-- the log said [[${code.slice(0, 2)}|${code.slice(2)}]] yesterday -->\n</configuration>`;
  const freb = (code: string) => `<failedRequest url="https://portal.example/" statusCode="401.1">
 <Event><EventData>
  <Data Name="ErrorCode">[[${code.slice(0, 1)}|${code.slice(1)}]]</Data>
 </EventData></Event>
</failedRequest>`;
  const FREB_URI = 'file:///logs/FailedReqLogFiles/W3SVC2/fr000042.xml';

  const cases: Array<[string, 'comment' | 'freb', RegExp]> = [
    ['-1073741715', 'comment', /^\*\*STATUS_LOGON_FAILURE\*\* \(NTSTATUS `0xC000006D`\)[\s\S]*Also written: `0xC000006D`, `-1073741715`, `3221225581`/],
    ['0xC000006D', 'comment', /^\*\*STATUS_LOGON_FAILURE\*\*/],
    ['3221225581', 'freb', /^\*\*STATUS_LOGON_FAILURE\*\*/],
    ['5', 'freb', /^\*\*ERROR_ACCESS_DENIED\*\* \(Win32 `5`\)/],
    ['1326', 'comment', /^\*\*ERROR_LOGON_FAILURE\*\* \(Win32 `1326`\)/],
    ['0x80070021', 'comment', /locked at a higher level[\s\S]*wraps Win32 33 \(ERROR_LOCK_VIOLATION\)/],
    ['0x80092013', 'comment', /^\*\*CRYPT_E_REVOCATION_OFFLINE\*\*/],
    ['-2146885613', 'comment', /^\*\*CRYPT_E_REVOCATION_OFFLINE\*\* \(HRESULT `0x80092013`\)/],
    ['-1073741260', 'comment', /^\*\*STATUS_ACCOUNT_LOCKED_OUT\*\* \(NTSTATUS `0xC0000234`\)/],
    ['0x80090325', 'freb', /^\*\*SEC_E_UNTRUSTED_ROOT\*\*/],
    ['2148204809', 'freb', /^\*\*CERT_E_UNTRUSTEDROOT\*\* \(HRESULT `0x800B0109`\)/],
  ];
  for (const [code, where, expected] of cases) {
    test(`${code} in ${where === 'comment' ? 'an XML comment' : 'a FREB ErrorCode'}`, () => {
      const md = where === 'comment' ? hoverText(WEB_URI, comment(code)) : hoverText(FREB_URI, freb(code));
      assert.match(md, expected);
    });
  }

  test('64 as sc-win32-status of a log line: the client went away', () => {
    const log = ['#Software: Microsoft Internet Information Services 10.0', '#Fields: date time cs-uri-stem sc-status sc-substatus sc-win32-status', '2026-01-05 10:00:00 / 200 0 64'].join('\r\n');
    const uri = 'file:///logs/W3SVC2/u_ex260105.log';
    const hover = serviceWith({ [uri]: log }).hover(uri, { line: 2, character: log.split('\r\n')[2].length - 1 })!;
    assert.match(hover.contents, /^\*\*HTTP 200\.0\*\* — success \(2xx\): not an error/);
    assert.match(hover.contents, /\*\*sc-win32-status\*\* `64`: \*\*ERROR_NETNAME_DELETED\*\*/);
  });

  test('a value the tables do not know says so in one line, with the command that would name it', () => {
    const md = hoverText(FREB_URI, freb('12345678'));
    assert.equal(md, '`12345678` (= `0x00BC614E`) is not in the error code tables. On Windows, `certutil -error 0x00BC614E` prints the system message for it.');
  });
});

describe('hover: elements the schema does not know, inside parents it knows completely', () => {
  const auth = (inner: string) => `<configuration><system.webServer><security><authentication>${inner}</authentication></security></system.webServer></configuration>`;

  test('an unknown authentication section is named as such, with the real ones listed', () => {
    const md = hoverText(WEB_URI, auth('<[[formsAuth|entication]] enabled="true" />'));
    assert.match(md, /^`<formsAuthentication>` is not one of IIS's authentication sections: `<anonymousAuthentication>`/);
    assert.match(md, /`<iisClientCertificateMappingAuthentication>`/);
  });

  test('a child in the wrong place names the expected children', () => {
    const md = hoverText(WEB_URI, auth('<windowsAuthentication><providers><[[ad|dProvider]] value="NTLM" /></providers></windowsAuthentication>'));
    assert.equal(md, '`<addProvider>` is not a child element of `<providers>` in the IIS schema. Expected: `<add>`, `<remove>`, `<clear>`.');
  });

  test('an unknown section among system.webServer\'s names the known ones and says a module may add it', () => {
    const md = hoverText(WEB_URI, '<configuration><system.webServer><[[ii|snode]] /></system.webServer></configuration>');
    assert.match(md, /^`<iisnode>` is not a section IIS's schema defines in `<system.webServer>`: .*`<httpErrors>`/);
    assert.match(md, /module installed on the server/);
  });
});

describe('hover: every section of IIS\'s schema files', () => {
  test('a section element: what it is for, its attributes, lock state and documentation link', () => {
    const md = hoverText(WEB_URI, '<configuration><system.webServer><[[hand|lers]] /></system.webServer></configuration>');
    assert.match(md, /^\*\*`<handlers>`\*\* — section `system\.webServer\/handlers`/);
    assert.match(md, /Handler mappings/);
    assert.match(md, /Collection: `<add>` \/ `<remove>` \/ `<clear>`; an item is identified by `name`/);
    assert.match(md, /opened for every path by the default `<location path="" overrideMode="Allow">`/);
    assert.match(md, /\[Documentation\]\(https:\/\/learn\.microsoft\.com\/iis\/configuration\/system\.webserver\/handlers\/\)/);
  });

  test('an enum attribute lists its keywords; a number its range; a time span its format', () => {
    const errorMode = hoverText(WEB_URI, '<configuration><system.webServer><httpErrors [[error|Mode]]="Custom" /></system.webServer></configuration>');
    assert.match(errorMode, /^\*\*errorMode\*\* on `<httpErrors>` — enum, default `DetailedLocalOnly`/);
    assert.match(errorMode, /- `Detailed` \(2\)/);
    const queue = hoverText(APPHOST_URI, '<configuration><system.applicationHost><applicationPools><add name="p" [[queue|Length]]="10" /></applicationPools></system.applicationHost></configuration>');
    assert.match(queue, /whole number, 0 or more, 10 to 65535, default `1000`/);
    assert.match(queue, /May be written only in applicationHost\.config/);
    const maxAge = hoverText(
      WEB_URI,
      '<configuration><system.webServer><staticContent><clientCache [[cacheControl|MaxAge]]="1.00:00:00" /></staticContent></system.webServer></configuration>',
    );
    assert.match(maxAge, /time span `\[d\.\]hh:mm:ss`/);
  });

  test('inside <location>, and a collection entry names its key', () => {
    const md = hoverText(
      APPHOST_URI,
      '<configuration><location path="Default Web Site"><system.webServer><security><authorization><[[a|dd]] accessType="Allow" users="*" /></authorization></security></system.webServer></location></configuration>',
    );
    assert.match(md, /One entry of <authorization>, identified by users, roles, verbs/);
    const accessType = hoverText(
      APPHOST_URI,
      '<configuration><location path="Default Web Site"><system.webServer><security><authorization><add accessType="[[De|ny]]" users="?" /></authorization></security></system.webServer></location></configuration>',
    );
    assert.match(accessType, /^\*\*Deny\*\* \(1\)/);
  });
});
