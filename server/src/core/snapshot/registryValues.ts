// What the registry values of a server snapshot mean for client-certificate authentication, for hovers.
import { HTTP_PARAMETERS_KEY, SCHANNEL_KEY, TLS_PROTOCOLS } from './schannel';
import { normalizeRegistryPath } from './registry';

export const TLS_REGISTRY_URL = 'https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings';
export const TLS_REGISTRY_SOURCE = `Transport Layer Security (TLS) registry settings <tls-registry-settings>, ${TLS_REGISTRY_URL}`;
export const SCHANNEL_WHATS_NEW_URL = 'https://learn.microsoft.com/windows-server/security/tls/what-s-new-in-tls-ssl-schannel-ssp-overview';
export const SCHANNEL_WHATS_NEW_SOURCE = `What's New in TLS/SSL (Schannel SSP) <what-s-new-in-tls-ssl-schannel-ssp-overview>, ${SCHANNEL_WHATS_NEW_URL}`;
export const HTTP_SYS_REGISTRY_URL = 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows';
export const HTTP_SYS_REGISTRY_SOURCE = `Http.sys registry settings for Windows <httpsys-registry-windows>, ${HTTP_SYS_REGISTRY_URL}`;

export interface RegistryValueInfo {
  name: string;
  meaning: string;
  default: string;
  effect?: string;
  /** DWORD value → what it means, for the hover's "here" line. */
  values?: Record<number, string>;
  source: string;
}

const SCHANNEL_VALUES: RegistryValueInfo[] = [
  {
    name: 'SendTrustedIssuerList',
    meaning: 'Whether the server sends the list of CAs it trusts for client certificates in its certificate request; browsers then offer only certificates from those CAs.',
    default: '0 (not sent) on Windows Server 2012 / Windows 8 and later; 1 on Windows Server 2008 R2 and earlier',
    effect: '1 with an issuer list over 16 KB: the list is truncated (SChannel event 36885) and clients whose CA is cut off offer nothing — 403.7. 1 with a non-self-signed certificate in Trusted Root: 403.7.',
    values: { 0: 'the issuer list is not sent: browsers offer every client certificate', 1: 'the issuer list is sent' },
    source: TLS_REGISTRY_SOURCE,
  },
  {
    name: 'ClientAuthTrustMode',
    meaning: 'How SChannel decides that a client certificate is trusted.',
    default: '0 (Machine Trust)',
    effect: '1 or 2 with a binding whose Ctl Store Name is (null), or whose store lacks the CA: 403.7 (issuer list sent) or 403.16.',
    values: {
      0: 'Machine Trust: issued by a CA the machine trusts',
      1: 'Exclusive Root Trust: must chain to a root in the binding\'s Ctl Store Name store',
      2: 'Exclusive CA Trust: must chain to a CA or root in the binding\'s Ctl Store Name store',
    },
    source: SCHANNEL_WHATS_NEW_SOURCE,
  },
  { name: 'CertificateMappingMethods', meaning: 'Which SChannel certificate-to-account mapping methods are allowed (bit mask: subject/issuer, issuer, UPN, S4U2Self).', default: 'all but the subject/issuer method, on current Windows', source: TLS_REGISTRY_SOURCE },
  { name: 'ClientCacheTime', meaning: 'How long the client side keeps TLS sessions for resumption (milliseconds).', default: '10 hours', source: TLS_REGISTRY_SOURCE },
  { name: 'ServerCacheTime', meaning: 'How long the server keeps TLS sessions for resumption (milliseconds); a resumed session reuses the client certificate already sent.', default: '10 hours', source: TLS_REGISTRY_SOURCE },
  { name: 'IssuerCacheSize', meaning: 'Entries of the issuer cache used when mapping client certificates.', default: '100', source: TLS_REGISTRY_SOURCE },
  { name: 'IssuerCacheTime', meaning: 'How long issuer cache entries live (milliseconds).', default: '10 minutes', source: TLS_REGISTRY_SOURCE },
  { name: 'MaximumCacheSize', meaning: 'Maximum number of TLS sessions cached; 0 turns the session cache off.', default: '20,000', source: TLS_REGISTRY_SOURCE },
  { name: 'EnableOcspStaplingForSni', meaning: 'Whether OCSP stapling is used for SNI bindings.', default: 'off', source: TLS_REGISTRY_SOURCE },
  {
    name: 'MessageLimitServerClientAuth',
    meaning: 'Largest TLS handshake message SChannel accepts from a client during client authentication (bytes); a very long client chain can exceed it.',
    default: '0x8000 (32,768)',
    effect: 'Exceeded: the handshake fails and the client sees a connection error.',
    source: TLS_REGISTRY_SOURCE,
  },
];

const PROTOCOL_VALUES: RegistryValueInfo[] = [
  {
    name: 'Enabled',
    meaning: 'Whether the server side of this protocol version is on (0 = off).',
    default: 'depends on the Windows version (TLS 1.3: on from Windows Server 2022 / Windows 11)',
    effect: 'TLS 1.3 Server Enabled=0 turns TLS 1.3 off for every binding, which avoids the renegotiation failure of certificates asked for below the site (ERR_CONNECTION_RESET / 500.0 0x80070032).',
    values: { 0: 'off for the server' },
    source: TLS_REGISTRY_SOURCE,
  },
  {
    name: 'DisabledByDefault',
    meaning: 'Whether the protocol is used only when an application asks for it explicitly (1) rather than by default (0).',
    default: '0',
    values: { 0: 'used by default', 1: 'used only when an application asks for it' },
    source: TLS_REGISTRY_SOURCE,
  },
];

const HTTP_VALUES: RegistryValueInfo[] = [
  {
    name: 'MaxFieldLength',
    meaning: 'Largest single request header HTTP.sys accepts (bytes); Kerberos and certificate-forwarding headers can be long.',
    default: '16,384',
    effect: 'Exceeded: 400 Bad Request (Header Field Too Long) from HTTP.sys, never seen by IIS.',
    source: HTTP_SYS_REGISTRY_SOURCE,
  },
  {
    name: 'MaxRequestBytes',
    meaning: 'Largest request line plus headers HTTP.sys accepts (bytes).',
    default: '16,384',
    effect: 'Exceeded: 400 Bad Request (Request Header Too Long) from HTTP.sys.',
    source: HTTP_SYS_REGISTRY_SOURCE,
  },
  {
    name: 'EnableHttp2Tls',
    meaning: 'Whether HTTP.sys offers HTTP/2 over TLS server-wide (0 = off).',
    default: 'on (Windows 10 / Server 2016 and later)',
    effect: 'HTTP/2 forbids renegotiation: with it on, a certificate asked for below the site fails unless the binding negotiates at connection time.',
    values: { 0: 'HTTP/2 over TLS off server-wide', 1: 'HTTP/2 over TLS on' },
    source: HTTP_SYS_REGISTRY_SOURCE,
  },
  {
    name: 'EnableHttp2Cleartext',
    meaning: 'Whether HTTP.sys offers HTTP/2 without TLS (0 = off).',
    default: 'on',
    source: HTTP_SYS_REGISTRY_SOURCE,
  },
];

export interface RegistryKeyInfo {
  title: string;
  meaning: string;
  source: string;
}

/** What a key is, and what the values under it mean; undefined for keys the snapshot rules do not read. */
export function registryKeyInfo(normalizedPath: string): { key: RegistryKeyInfo; values: RegistryValueInfo[] } | undefined {
  if (normalizedPath === normalizeRegistryPath(SCHANNEL_KEY)) {
    return { key: { title: 'SCHANNEL', meaning: 'Settings of Windows\' TLS provider: which CAs the server trusts for client certificates and whether it tells clients.', source: TLS_REGISTRY_SOURCE }, values: SCHANNEL_VALUES };
  }
  for (const protocol of TLS_PROTOCOLS) {
    if (normalizedPath === normalizeRegistryPath(`${SCHANNEL_KEY}\\Protocols\\${protocol}\\Server`)) {
      return { key: { title: `SCHANNEL ${protocol} (server side)`, meaning: `Whether the server accepts ${protocol} connections.`, source: TLS_REGISTRY_SOURCE }, values: PROTOCOL_VALUES };
    }
  }
  if (normalizedPath === normalizeRegistryPath(HTTP_PARAMETERS_KEY)) {
    return { key: { title: 'HTTP.sys parameters', meaning: 'Server-wide settings of HTTP.sys, the kernel driver that terminates TLS for IIS.', source: HTTP_SYS_REGISTRY_SOURCE }, values: HTTP_VALUES };
  }
  return undefined;
}
