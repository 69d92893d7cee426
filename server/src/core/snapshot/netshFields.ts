// The fields `netsh http show sslcert` prints for one HTTP.sys certificate binding, with what each
// means for a client-certificate request. The parser uses the labels to recognise known fields (any
// other field is kept as it is); hovers show the meaning, the default and the status it leads to.

export const NETSH_ADD_SSLCERT_URL = 'https://learn.microsoft.com/windows/win32/http/add-sslcert';
export const NETSH_ADD_SSLCERT_SOURCE = `netsh http add sslcert <add-sslcert>, ${NETSH_ADD_SSLCERT_URL}`;
export const HTTP_SSL_PARAM_URL = 'https://learn.microsoft.com/windows/win32/api/http/ns-http-http_service_config_ssl_param';
export const HTTP_SSL_PARAM_SOURCE = `HTTP_SERVICE_CONFIG_SSL_PARAM structure (http.h), ${HTTP_SSL_PARAM_URL}`;

export type NetshFieldKey =
  | 'ipPort'
  | 'hostnamePort'
  | 'centralCertificateStore'
  | 'certificateHash'
  | 'applicationId'
  | 'certificateStoreName'
  | 'verifyClientCertificateRevocation'
  | 'verifyRevocationUsingCachedClientCertificateOnly'
  | 'usageCheck'
  | 'revocationFreshnessTime'
  | 'urlRetrievalTimeout'
  | 'ctlIdentifier'
  | 'ctlStoreName'
  | 'dsMapperUsage'
  | 'negotiateClientCertificate'
  | 'rejectConnections'
  | 'disableHttp2'
  | 'disableQuic'
  | 'disableTls12'
  | 'disableTls13'
  | 'disableOcspStapling'
  | 'enableTokenBinding'
  | 'logExtendedEvents'
  | 'disableLegacyTlsVersions'
  | 'enableSessionTicket'
  | 'extendedProperties';

export interface NetshFieldInfo {
  key: NetshFieldKey;
  /** The label as `netsh http show sslcert` prints it (English Windows). */
  label: string;
  /** The `netsh http add|update sslcert` parameter that sets it, when there is one. */
  parameter?: string;
  meaning: string;
  default: string;
  /** What the user sees when this field is wrong for client-certificate authentication. */
  effect?: string;
}

export const NETSH_FIELDS: readonly NetshFieldInfo[] = [
  {
    key: 'ipPort',
    label: 'IP:port',
    parameter: 'ipport',
    meaning: 'The address and port this binding serves. HTTP.sys uses it for site bindings without SNI (binding `sslFlags` without bit 1); `0.0.0.0:443` serves every IPv4 address, `[::]:443` every IPv6 address.',
    default: 'none (required)',
    effect: 'An https site binding without a matching entry gets no certificate: the TLS handshake fails and the browser shows a connection error, never an HTTP status.',
  },
  {
    key: 'hostnamePort',
    label: 'Hostname:port',
    parameter: 'hostnameport',
    meaning: 'The host name (from the TLS Server Name Indication) and port this binding serves; what IIS creates for a site binding with "Require Server Name Indication" (binding `sslFlags` bit 1).',
    default: 'none (required for SNI bindings)',
    effect: 'An SNI site binding without its Hostname:port entry fails the TLS handshake for that host name.',
  },
  {
    key: 'centralCertificateStore',
    label: 'Central Certificate Store',
    parameter: 'ccs',
    meaning: 'A Centralized Certificate Store binding for this port (binding `sslFlags` bit 2): the certificate is read from the CCS share by host name instead of a hash.',
    default: 'none',
    effect: 'A CCS site binding without this entry fails the TLS handshake.',
  },
  {
    key: 'certificateHash',
    label: 'Certificate Hash',
    parameter: 'certhash',
    meaning: 'SHA-1 thumbprint of the server certificate HTTP.sys presents, looked up in the store named by Certificate Store Name.',
    default: 'none (required)',
    effect: 'A hash that is not in the store, or an expired certificate or one for another host name, breaks or warns on the TLS handshake before IIS sees a request.',
  },
  {
    key: 'applicationId',
    label: 'Application ID',
    parameter: 'appid',
    meaning: 'GUID of the application that owns the binding; IIS uses {4dc3e181-e14b-4a21-b022-59fc669b0914}. `netsh http update sslcert` needs it again.',
    default: 'none (required)',
  },
  {
    key: 'certificateStoreName',
    label: 'Certificate Store Name',
    parameter: 'certstorename',
    meaning: 'The LocalMachine store that holds the server certificate (`My` = Personal, `WebHosting` = Web Hosting).',
    default: 'MY',
  },
  {
    key: 'verifyClientCertificateRevocation',
    label: 'Verify Client Certificate Revocation',
    parameter: 'verifyclientcertrevocation',
    meaning: 'Whether HTTP.sys checks the revocation status of every certificate in the client chain except the root (CertCheckMode 0). Disabled is CertCheckMode 1.',
    default: 'Enabled',
    effect: 'Enabled with a chain element whose CRL cannot be fetched (no CDP, or only an LDAP one the server cannot reach): 403.13, client certificate revoked or revocation status unknown.',
  },
  {
    key: 'verifyRevocationUsingCachedClientCertificateOnly',
    label: 'Verify Revocation Using Cached Client Certificate Only',
    parameter: 'verifyrevocationwithcachedclientcertonly',
    meaning: 'Use only cached CRLs for the revocation check (CertCheckMode 2); nothing is fetched.',
    default: 'Disabled',
    effect: 'Enabled with an empty or stale cache: 403.13.',
  },
  {
    key: 'usageCheck',
    label: 'Usage Check',
    parameter: 'usagecheck',
    meaning: 'Whether the client certificate\'s key usage is checked (disabled is CertCheckMode 0x10000).',
    default: 'Enabled',
    effect: 'Enabled with a client certificate lacking the Client Authentication usage: it is refused (403.7 or no certificate offered).',
  },
  {
    key: 'revocationFreshnessTime',
    label: 'Revocation Freshness Time',
    parameter: 'revocationfreshnesstime',
    meaning: 'Seconds after which a cached CRL is fetched again; 0 means only when the CRL expires.',
    default: '0',
  },
  {
    key: 'urlRetrievalTimeout',
    label: 'URL Retrieval Timeout',
    parameter: 'urlretrievaltimeout',
    meaning: 'Milliseconds HTTP.sys waits for a CRL download during the revocation check.',
    default: '0 (the system default)',
    effect: 'A CRL that does not arrive in time leaves the status unknown: 403.13.',
  },
  {
    key: 'ctlIdentifier',
    label: 'Ctl Identifier',
    parameter: 'sslctlidentifier',
    meaning: 'Identifier of a Certificate Trust List restricting trusted issuers. CTL-based issuer lists are no longer supported from Windows Server 2012; the store name below is what counts.',
    default: '(null)',
  },
  {
    key: 'ctlStoreName',
    label: 'Ctl Store Name',
    parameter: 'sslctlstorename',
    meaning: 'The LocalMachine store whose CA certificates are the trusted issuers for client certificates on this binding (usually `ClientAuthIssuer`). Used for the issuer list sent to clients and, with SCHANNEL ClientAuthTrustMode 1 or 2, as the only trust anchor. IIS Manager drops it whenever it re-creates the binding, e.g. when the server certificate is renewed.',
    default: '(null): the issuer list comes from the Client Authentication Issuers store, else Trusted Root',
    effect: '(null) with ClientAuthTrustMode 1 or 2: no client certificate is trusted: 403.7 (clients offer nothing) or 403.16.',
  },
  {
    key: 'dsMapperUsage',
    label: 'DS Mapper Usage',
    parameter: 'dsmapperusage',
    meaning: 'Whether HTTP.sys maps client certificates to Windows accounts with the Active Directory (DS) mapper, which IIS\'s clientCertificateMappingAuthentication needs.',
    default: 'Disabled',
    effect: 'Disabled while clientCertificateMappingAuthentication is enabled: no account is mapped: 401.2.',
  },
  {
    key: 'negotiateClientCertificate',
    label: 'Negotiate Client Certificate',
    parameter: 'clientcertnegotiation',
    meaning: 'Whether the client certificate is requested in the initial TLS handshake. Disabled means IIS asks for it later, by TLS renegotiation, when a URL needs it (`SslNegotiateCert`).',
    default: 'Disabled',
    effect: 'Disabled with TLS 1.3 or HTTP/2 in use: renegotiation is impossible: Windows 11 and Server 2022 reset the connection (ERR_CONNECTION_RESET); Windows 11 24H2 and Server 2025 answer 500.0 with 0x80070032.',
  },
  {
    key: 'rejectConnections',
    label: 'Reject Connections',
    meaning: 'Whether HTTP.sys refuses every connection on this binding (HTTP_SERVICE_CONFIG_SSL_FLAG_REJECT).',
    default: 'Disabled',
    effect: 'Enabled: every connection is refused before TLS.',
  },
  {
    key: 'disableHttp2',
    label: 'Disable HTTP2',
    parameter: 'disablehttp2',
    meaning: 'Whether HTTP/2 is off for this binding (HTTP.sys flag 0x10; not the site binding\'s `sslFlags` 4).',
    default: 'Not Set (HTTP/2 on)',
    effect: 'HTTP/2 cannot renegotiate: with Negotiate Client Certificate disabled, a URL that asks for a certificate later fails.',
  },
  {
    key: 'disableQuic',
    label: 'Disable QUIC',
    parameter: 'disablequic',
    meaning: 'Whether HTTP/3 over QUIC is off for this binding (HTTP.sys flag 0x20).',
    default: 'Not Set',
  },
  {
    key: 'disableTls12',
    label: 'Disable TLS1.2',
    parameter: 'disabletls12',
    meaning: 'Whether TLS 1.2 is off for this binding (HTTP.sys flag 0x1000).',
    default: 'Not Set',
  },
  {
    key: 'disableTls13',
    label: 'Disable TLS1.3',
    parameter: 'disabletls13',
    meaning: 'Whether TLS 1.3 over TCP is off for this binding (HTTP.sys flag 0x40; the site binding\'s `sslFlags` 32 sets it).',
    default: 'Not Set (TLS 1.3 on where Windows supports it: Windows 11, Server 2022 and later)',
    effect: 'Not Set with Negotiate Client Certificate disabled and a URL that asks for a certificate by renegotiation: connection reset, or 500.0 0x80070032 on 24H2 / Server 2025.',
  },
  {
    key: 'disableOcspStapling',
    label: 'Disable OCSP Stapling',
    parameter: 'disableocspstapling',
    meaning: 'Whether OCSP stapling of the server certificate is off (HTTP.sys flag 0x80).',
    default: 'Not Set',
  },
  {
    key: 'enableTokenBinding',
    label: 'Enable Token Binding',
    parameter: 'enabletokenbinding',
    meaning: 'Whether TLS token binding is negotiated (HTTP.sys flag 0x100).',
    default: 'Not Set',
  },
  {
    key: 'logExtendedEvents',
    label: 'Log Extended Events',
    parameter: 'logextendedevents',
    meaning: 'Whether HTTP.sys logs extended TLS events for this binding (flag 0x200).',
    default: 'Not Set',
  },
  {
    key: 'disableLegacyTlsVersions',
    label: 'Disable Legacy TLS Versions',
    parameter: 'disablelegacytls',
    meaning: 'Whether TLS 1.0 and 1.1 are off for this binding (HTTP.sys flag 0x400; the site binding\'s `sslFlags` 64).',
    default: 'Not Set',
  },
  {
    key: 'enableSessionTicket',
    label: 'Enable Session Ticket',
    parameter: 'enablesessionticket',
    meaning: 'Whether TLS session tickets are issued (HTTP.sys flag 0x800).',
    default: 'Not Set',
  },
  {
    key: 'extendedProperties',
    label: 'Extended Properties',
    meaning: 'Per-binding HTTP.sys properties (PropertyId 0: receive window; 1: HTTP/2 settings limits) that newer Windows builds print after the flags.',
    default: 'none',
  },
];

/** Labels compared without case, spaces or punctuation: `Disable TLS1.3` and `Disable TLS 1.3` are one field. */
export function normalizeNetshLabel(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const byLabel = new Map(NETSH_FIELDS.map((field) => [normalizeNetshLabel(field.label), field]));
const byKey = new Map(NETSH_FIELDS.map((field) => [field.key, field]));

export function netshFieldByLabel(label: string): NetshFieldInfo | undefined {
  return byLabel.get(normalizeNetshLabel(label));
}

export function netshFieldInfo(key: NetshFieldKey): NetshFieldInfo {
  return byKey.get(key)!;
}
