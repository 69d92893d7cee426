// IIS HTTP status and sub-status codes (IIS 7.0 and later), with a checklist of causes for the ones that
// authentication and client certificates produce. The list of codes and their short titles follow
// Microsoft's "HTTP status codes in IIS" article (KB 943891); the notes and checklists are ours, built
// from Microsoft's troubleshooting articles and the public failure reports in knowledge/sources.ts.

import {
  CLIENT_CERTIFICATE_REVISITED,
  CTL_STORE_LOST_ON_RENEWAL,
  IIS6_401_PROBLEMS,
  SMARTCARD_401_2,
  SUB_APPLICATION_MAPPINGS_401,
  cite,
  type PublicSource,
} from './sources';

export interface StatusCodeEntry {
  status: number;
  /** Undefined for the bare status (e.g. plain 401). */
  subStatus?: number;
  title: string;
  /** What it means, in a sentence or two. */
  notes?: string;
  /** Causes to check, most likely first. */
  causes?: string[];
  /** 500.19 only: HRESULT values with their meaning are in win32Codes; these are the ones the article lists. */
  hresults?: number[];
  /** Authentication / client certificate related (hover shows the checklist prominently). */
  auth?: boolean;
  source: string;
  /** Further pages behind the checklist: a Microsoft address, or a public source with its title. */
  seeAlso?: Array<string | PublicSource>;
}

const KB943891 = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-administration-management/http-status-code';
const KB942067_403_7 = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-error-403-7-forbidden-web-app';
const KB942061_403_16 = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-403-forbidden-access-website';
const KB942055_500_19 = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-error-500-19-webpage';
const RENEGOTIATION =
  'https://learn.microsoft.com/dotnet/core/compatibility/aspnet-core/5.0/httpsys-client-certificate-renegotiation-disabled-by-default';
const MANY_TO_ONE_KB =
  'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-authentication-authorization/configure-many-to-one-client-mappings';
const IIS_CERT_MAPPING = 'https://learn.microsoft.com/iis/configuration/system.webserver/security/authentication/iisclientcertificatemappingauthentication/';

function codes(status: number, source: string, list: Array<[number | undefined, string, string?]>): StatusCodeEntry[] {
  return list.map(([subStatus, title, notes]) => ({ status, subStatus, title, notes, source }));
}

const plain: StatusCodeEntry[] = [
  ...codes(400, KB943891, [
    [undefined, 'Bad request', 'HTTP.sys or IIS could not understand the request (bad syntax, invalid characters, or a request that breaks HTTP.sys limits).'],
    [1, 'Invalid Destination header'],
    [2, 'Invalid Depth header'],
    [3, 'Invalid If header'],
    [4, 'Invalid Overwrite header'],
    [5, 'Invalid Translate header'],
    [6, 'Invalid request body'],
    [7, 'Invalid Content-Length'],
    [8, 'Invalid Timeout'],
    [9, 'Invalid lock token'],
    [10, 'Invalid X-Forwarded-For (XFF) header', 'Added in IIS 8.0.'],
    [11, 'Invalid WebSocket request', 'Added in IIS 8.0.'],
    [601, 'Bad client request (ARR)'],
    [602, 'Invalid time format (ARR)'],
    [603, 'Parse range error (ARR)'],
    [604, 'Client gone (ARR)'],
    [605, 'Maximum number of forwards (ARR)'],
    [606, 'Asynchronous competition error (ARR)'],
  ]),
  ...codes(401, KB943891, [
    [4, 'Authorization failed by filter', 'An ISAPI filter refused the request for authorization reasons.'],
    [5, 'Authorization failed by ISAPI/CGI application', 'An ISAPI extension or CGI application refused the request for authorization reasons.'],
    [501, 'Access denied: too many requests from the same client IP (Dynamic IP Restriction concurrent request limit)'],
    [502, 'Forbidden: too many requests from the same client IP (Dynamic IP Restriction request rate limit)'],
    [503, 'Access denied: the client IP address is in the IP Restriction deny list'],
    [504, 'Access denied: the client host name is in the IP Restriction deny list'],
  ]),
  ...codes(403, KB943891, [
    [undefined, 'Forbidden', 'The server understood the request but refuses it; the sub-status says why.'],
    [1, 'Execute access forbidden', 'The handler needs Execute (Script) permission that the handlers section\'s accessPolicy does not grant.'],
    [2, 'Read access forbidden', 'Read permission is not granted in accessPolicy, or a default document is missing.'],
    [3, 'Write access forbidden', 'Write permission is not granted (IIS accessPolicy or NTFS).'],
    [6, 'IP address rejected', 'ipSecurity denies the client\'s address.'],
    [8, 'Site access denied', 'Requests are denied by the client\'s DNS name.'],
    [9, 'Forbidden: too many clients are trying to connect to the web server'],
    [10, 'Forbidden: web server is configured to deny Execute access'],
    [11, 'Forbidden: password has been changed'],
    [14, 'Directory listing denied', 'No default document and directory browsing is off.'],
    [15, 'Forbidden: client access licenses have exceeded limits on the web server'],
    [18, 'Cannot execute requested URL in the current application pool', 'A custom error page lives in a different application pool from the requested URL.'],
    [19, 'Cannot execute CGI applications for the client browser in this application pool', 'The pool identity lacks the "Replace a process level token" right.'],
    [20, 'Forbidden: Passport logon failed'],
    [21, 'Forbidden: source access denied'],
    [22, 'Forbidden: infinite depth is denied'],
    [501, 'Forbidden: too many requests from the same client IP (Dynamic IP Restriction concurrent request limit)'],
    [502, 'Forbidden: too many requests from the same client IP (Dynamic IP Restriction request rate limit)'],
    [503, 'Forbidden: the client IP address is in the IP Restriction deny list'],
    [504, 'Forbidden: the client host name is in the IP Restriction deny list'],
  ]),
  ...codes(404, KB943891, [
    [undefined, 'Not found'],
    [0, 'Not found', 'The file was moved or does not exist.'],
    [1, 'Site not found'],
    [2, 'ISAPI or CGI restriction', 'The ISAPI or CGI resource is not allowed in isapiCgiRestriction.'],
    [3, 'MIME type restriction', 'No MIME mapping for the extension.'],
    [4, 'No handler configured', 'No handler is mapped for the extension.'],
    [5, 'Denied by request filtering configuration', 'The URL contains a blocked sequence.'],
    [6, 'Verb denied'],
    [7, 'File extension denied'],
    [8, 'Hidden namespace', 'The URL points into a hidden segment (e.g. App_Data, bin).'],
    [9, 'File attribute hidden'],
    [10, 'Request header too long'],
    [11, 'Request contains double escape sequence'],
    [12, 'Request contains high-bit characters'],
    [13, 'Content length too large', 'Content-Length exceeds requestLimits maxAllowedContentLength.'],
    [14, 'Request URL too long'],
    [15, 'Query string too long'],
    [16, 'DAV request sent to the static file handler'],
    [17, 'Dynamic content mapped to the static file handler'],
    [18, 'Query string sequence denied'],
    [19, 'Denied by filtering rule'],
    [20, 'Too many URL segments'],
    [501, 'Not found: too many requests from the same client IP (Dynamic IP Restriction concurrent request limit)'],
    [502, 'Not found: too many requests from the same client IP (Dynamic IP Restriction request rate limit)'],
    [503, 'Not found: the client IP address is in the IP Restriction deny list'],
    [504, 'Not found: the client host name is in the IP Restriction deny list'],
  ]),
  ...codes(405, KB943891, [[0, 'Method not allowed']]),
  ...codes(406, KB943891, [[0, 'Invalid MIME type', 'The Accept header asks for a type the server cannot produce.']]),
  ...codes(412, KB943891, [[0, 'Precondition failed']]),
  ...codes(413, KB943891, [[0, 'Request entity too large']]),
  ...codes(500, KB943891, [
    [undefined, 'Internal server error'],
    [0, 'Module or ISAPI error occurred', 'A module or handler failed; FREB and the event log name it.'],
    [11, 'Application is shutting down on the web server'],
    [12, 'Application is busy restarting on the web server'],
    [13, 'Web server is too busy'],
    [15, 'Direct requests for Global.asax are not allowed'],
    [21, 'Module not recognized'],
    [22, 'An ASP.NET httpModules configuration does not apply in Integrated pipeline mode'],
    [23, 'An ASP.NET httpHandlers configuration does not apply in Integrated pipeline mode'],
    [24, 'An ASP.NET impersonation configuration does not apply in Integrated pipeline mode'],
    [50, 'URL Rewrite error during RQ_BEGIN_REQUEST (configuration or inbound rule)'],
    [51, 'URL Rewrite error during GL_PRE_BEGIN_REQUEST (global rules)'],
    [52, 'URL Rewrite error during RQ_SEND_RESPONSE (outbound rule)'],
    [53, 'URL Rewrite error during RQ_RELEASE_REQUEST_STATE (outbound rule)'],
    [100, 'Internal ASP error'],
  ]),
  ...codes(501, KB943891, [[undefined, 'Header values specify a configuration that is not implemented']]),
  ...codes(502, KB943891, [
    [undefined, 'Bad gateway', 'IIS acting as a gateway or proxy (ARR, FastCGI, CGI) received an invalid response.'],
    [1, 'CGI application timeout'],
    [2, 'Bad gateway: premature exit (ARR: map request failure)'],
    [3, 'Bad gateway: forwarder connection error (ARR: WinHTTP asynchronous completion failure)'],
    [4, 'Bad gateway: no server (ARR)'],
    [5, 'WebSocket failure (ARR)'],
    [6, 'Forwarded request failure (ARR)'],
    [7, 'Execute request failure (ARR)'],
  ]),
  ...codes(503, KB943891, [
    [undefined, 'Service unavailable'],
    [0, 'Application pool unavailable', 'The application pool is stopped or disabled, often after rapid-fail protection, or its identity cannot log on.'],
    [2, 'Concurrent request limit exceeded', 'More concurrent requests than appConcurrentRequestLimit.'],
    [3, 'ASP.NET queue full'],
    [4, 'FastCGI queue full'],
  ]),
];

const auth: StatusCodeEntry[] = [
  {
    status: 401,
    title: 'Access denied',
    notes: 'The request lacks valid credentials for the resource. IIS sends WWW-Authenticate headers for the enabled methods; the sub-status tells which stage failed.',
    auth: true,
    source: KB943891,
  },
  {
    status: 401,
    subStatus: 1,
    title: 'Logon failed',
    notes: 'IIS obtained credentials but Windows refused the logon: bad user name or password, or an account/rights problem. sc-win32-status carries the reason (often -1073741715 = 0xC000006D STATUS_LOGON_FAILURE).',
    auth: true,
    causes: [
      'Wrong user name or password sent by the client (Basic: the domain controller was reached but rejected the credentials).',
      'IIS client certificate mapping: the userName/password stored in the mapping are wrong or the password changed since the mapping was made (401.1 with -1073741715 after the mapping matched: ' + cite(SMARTCARD_401_2) + ').',
      'Anonymous authentication: the configured anonymous account (userName/password) is wrong, expired or locked out.',
      'The account lacks the logon right the logonMethod needs ("Access this computer from the network" for Network/ClearText, "Allow log on locally" for Interactive).',
      'Account disabled, expired, locked out or outside its logon hours: look the sc-win32-status / NTSTATUS up (0xC0000072, 0xC0000193, 0xC0000234, 0xC000006F).',
      'Kerberos: SPN or clock-skew problems can surface as logon failures; compare with a test by NetBIOS name.',
    ],
    source: KB943891,
    seeAlso: [IIS6_401_PROBLEMS, SMARTCARD_401_2],
  },
  {
    status: 401,
    subStatus: 2,
    title: 'Logon failed due to server configuration',
    notes: 'The authentication stage ended without a user: no enabled method produced one. On the first request of a Negotiate/NTLM exchange this is normal (the client retries with credentials); as a final answer it points at configuration.',
    auth: true,
    causes: [
      'First leg of a challenge: the browser sent no credentials yet and will answer the WWW-Authenticate challenge; only a problem if it stays the last response (sc-win32-status 5 is typical).',
      'Anonymous authentication disabled and no other method enabled or able to authenticate the client (no authentication methods enabled at all also gives 401.2).',
      'iisClientCertificateMappingAuthentication configured below site level (a sub-application or folder): the module only reads it at server and site level, so no mapping happens there (' + cite(SUB_APPLICATION_MAPPINGS_401) + ').',
      'Many-to-one mapping rules do not match the certificate the client actually sends (a new certificate, a different certificate on the card, a different issuer or subject field, case-sensitive comparison), or the matching mapping has permissionMode="Deny" (' + cite(SMARTCARD_401_2) + ').',
      'oneToOneCertificateMappingsEnabled / manyToOneCertificateMappingsEnabled left false, or the mapping entry disabled.',
      'No client certificate reached the mapping module because the URL only accepts certificates (SslNegotiateCert without SslRequireCert) and the client sent none.',
      'Basic authentication with a domain account while the server cannot reach a domain controller.',
      'NTLM: the connection broke during the handshake (proxy without connection persistence, keep-alives disabled).',
    ],
    source: KB943891,
    seeAlso: [IIS6_401_PROBLEMS, SUB_APPLICATION_MAPPINGS_401, SMARTCARD_401_2, IIS_CERT_MAPPING],
  },
  {
    status: 401,
    subStatus: 3,
    title: 'Unauthorized due to ACL on resource',
    notes: 'Authentication worked but the resulting identity cannot read the file or folder (NTFS permissions).',
    auth: true,
    causes: [
      'NTFS permissions of the requested file, the default document, and the folders above for the request identity (IUSR, the application pool identity, or the authenticated/mapped user).',
      'For a mapped client certificate: the mapped account (userName of the mapping) needs read access.',
    ],
    source: KB943891,
    seeAlso: [IIS6_401_PROBLEMS],
  },
  {
    status: 403,
    subStatus: 4,
    title: 'SSL required',
    notes: 'The URL requires HTTPS (sslFlags contains Ssl) and the request came over plain HTTP.',
    auth: true,
    causes: ['Client used http://; redirect to https or remove Ssl from <access sslFlags> for this path.', 'An offloading proxy or load balancer forwards decrypted traffic over HTTP.'],
    source: KB943891,
  },
  {
    status: 403,
    subStatus: 5,
    title: 'SSL 128 required',
    notes: 'sslFlags contains Ssl128 and the connection uses weaker encryption.',
    auth: true,
    source: KB943891,
  },
  {
    status: 403,
    subStatus: 7,
    title: 'Client certificate required',
    notes: 'The URL requires a client certificate (sslFlags Ssl, SslNegotiateCert, SslRequireCert) and none was received.',
    auth: true,
    causes: [
      'The client has no certificate, or none issued by a CA that the server trusts for client authentication (the browser only offers certificates from the CAs the server lists).',
      'The trusted issuer list the server sends during the handshake is truncated because too many roots are trusted (Schannel event 36885): remove unneeded roots from the Trusted Root store.',
      'SendTrustedIssuerList / ClientAuthTrustMode (HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL): with ClientAuthTrustMode 1 or 2 the binding needs a CTL store ("Ctl Store Name"), and IIS Manager drops it when the binding\'s server certificate is renewed or edited there: check `netsh http show sslcert`, restore with `netsh http update sslcert ... sslctlstorename=ClientAuthIssuer` (' + cite(CTL_STORE_LOST_ON_RENEWAL) + ').',
      'Two bindings for the same site (e.g. one with SNI, one without) where only one has the CTL store configured: clients using the other name fail (' + cite(CTL_STORE_LOST_ON_RENEWAL) + ').',
      'TLS 1.3 / HTTP/2: when the certificate is requested below the site level IIS needs TLS renegotiation, which TLS 1.3 removed and HTTP/2 forbids; on Windows Server 2022 / Windows 11 the client then looks like it sent nothing. Negotiate the certificate when the connection opens (`netsh http update sslcert ... clientcertnegotiation=enable`) or turn TLS 1.3 over TCP / HTTP/2 off on that binding (binding sslFlags 32 / 4).',
      'The client cancelled the certificate prompt or has no access to the private key (smart card not inserted).',
      'The certificate lacks the Client Authentication EKU (1.3.6.1.5.5.7.3.2); check with certutil -verify.',
    ],
    source: KB943891,
    seeAlso: [KB942067_403_7, CLIENT_CERTIFICATE_REVISITED, CTL_STORE_LOST_ON_RENEWAL, RENEGOTIATION],
  },
  {
    status: 403,
    subStatus: 12,
    title: 'Mapper denied access',
    notes: 'A client certificate was mapped, but the mapped user is denied access to the file, or the mapping denies the certificate.',
    auth: true,
    causes: [
      'A many-to-one mapping with permissionMode="Deny" matches the certificate.',
      'The account the certificate maps to lacks NTFS or URL authorization access to the resource.',
    ],
    source: KB943891,
    seeAlso: [MANY_TO_ONE_KB],
  },
  {
    status: 403,
    subStatus: 13,
    title: 'Client certificate revoked',
    notes: 'The client certificate shows as revoked, or the server could not obtain revocation information for the chain. IIS fails closed: an unreachable CRL looks the same as a revoked certificate.',
    auth: true,
    causes: [
      'The certificate really is revoked: ask the issuing CA, issue a new one.',
      'A CRL distribution point of any CA in the chain (the client certificate AND every intermediate) is unreachable from the IIS server: proxy, firewall, DNS, or LDAP CDPs from a server outside the domain. Run `certutil -verify -urlfetch client.cer` on the server; look for "Failed \\"CDP\\"" lines (' + cite(CLIENT_CERTIFICATE_REVISITED) + ').',
      'The server\'s cached CRL expired and the new one cannot be downloaded.',
      'As a temporary test only: disable revocation checking for the binding (`netsh http ... verifyclientcertrevocation=disable`; the IIS 6 metabase called it CertCheckMode=1), then fix CDP access or install the CRLs locally and turn it back on.',
    ],
    source: KB943891,
    seeAlso: [CLIENT_CERTIFICATE_REVISITED],
  },
  {
    status: 403,
    subStatus: 16,
    title: 'Client certificate is untrusted or invalid',
    notes: 'The server cannot build a trusted chain for the client certificate (HRESULT 0x800B0109 on the detailed error page).',
    auth: true,
    causes: [
      'The issuing root CA is not in the server\'s Local Computer Trusted Root Certification Authorities store.',
      'An intermediate CA is missing from the server\'s Intermediate Certification Authorities store (and its AIA URL is unreachable).',
      'Non-self-signed certificates sit in the Trusted Root store: move them to Intermediate Certification Authorities.',
      'A CTL / ClientAuthIssuer store configured on the binding does not contain the issuing CA.',
      'The certificate is malformed or not meant for client authentication.',
    ],
    source: KB943891,
    seeAlso: [KB942061_403_16, CLIENT_CERTIFICATE_REVISITED],
  },
  {
    status: 403,
    subStatus: 17,
    title: 'Client certificate has expired or is not yet valid',
    notes: 'The client certificate, or a CA certificate in its chain, is outside its validity period.',
    auth: true,
    causes: [
      'The client certificate has expired: renew it.',
      'An intermediate or root CA certificate in the chain has expired.',
      'The certificate is not valid yet, or the server\'s clock is wrong.',
    ],
    source: KB943891,
    seeAlso: [CLIENT_CERTIFICATE_REVISITED],
  },
  {
    status: 500,
    subStatus: 19,
    title: 'Configuration data is invalid',
    notes: 'IIS could not read the configuration that applies to the URL. The HRESULT on the detailed error page says why.',
    auth: true,
    hresults: [0x8007000d, 0x80070021, 0x80070005, 0x800700b7, 0x8007007e, 0x800700c1, 0x8007010b, 0x8007052e, 0x80070003],
    causes: [
      '0x80070021: a locked section is set in web.config. access and all authentication sections are declared overrideModeDefault="Deny"; unlock with <location path="..." overrideMode="Allow"> in applicationHost.config or move the settings there.',
      '0x8007000d: malformed XML or an element IIS does not know (misspelled, or from a module that is not installed).',
      '0x800700b7: a collection entry (mapping, provider, rule) is added twice here or at a parent level.',
      '0x80070005: IIS_IUSRS cannot read web.config / applicationHost.config, or UNC pass-through is used.',
      '0x8007007e, 0x800700c1: a module referenced by configuration is missing or has the wrong bitness.',
      '0x8007010b, 0x8007052e, 0x80070003: the content or web.config path is unreachable, or the identity cannot log on to the share.',
    ],
    source: KB943891,
    seeAlso: [KB942055_500_19],
  },
];

export const STATUS_CODES: readonly StatusCodeEntry[] = [...plain, ...auth].sort(
  (a, b) => a.status - b.status || (a.subStatus ?? -1) - (b.subStatus ?? -1),
);

const byKey = new Map(STATUS_CODES.map((e) => [statusKey(e.status, e.subStatus), e]));

function statusKey(status: number, subStatus?: number): string {
  return subStatus === undefined ? String(status) : `${status}.${subStatus}`;
}

/** Exact lookup; sub-status 0 falls back to the bare status when the table has no `.0` row. */
export function findStatusCode(status: number, subStatus?: number): StatusCodeEntry | undefined {
  return byKey.get(statusKey(status, subStatus)) ?? (subStatus === 0 ? byKey.get(statusKey(status)) : undefined);
}

export function formatStatus(status: number, subStatus?: number): string {
  return subStatus === undefined ? String(status) : `${status}.${subStatus}`;
}
