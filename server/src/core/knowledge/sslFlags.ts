// The two unrelated `sslFlags` attributes of IIS configuration:
// - `<access sslFlags="Ssl, SslNegotiateCert">` in system.webServer/security/access: comma-separated
//   keywords that decide whether HTTPS and a client certificate are needed for a URL.
// - `<binding protocol="https" sslFlags="1">` in applicationHost.config's sites: a number whose bits
//   choose how the server certificate is found (SNI, central certificate store) and, on Windows Server
//   2022 and later, turn protocol features off per binding.
import type { Span } from '../types';
import { detachedString } from '../text/detach';

export const ACCESS_DOC_URL = 'https://learn.microsoft.com/iis/configuration/system.webserver/security/access';
export const ACCESS_VALUES_SOURCE = 'https://learn.microsoft.com/iis/wmi-provider/accesssection-class';
/** IIS 6 SDK remarks on MD_SSL_ACCESS_PERM (AccessSSLFlags): how the negotiate/require bits combine. */
export const ACCESS_SEMANTICS_SOURCE = 'https://learn.microsoft.com/previous-versions/aa694950(v=vs.71)';
export const BINDING_DOC_URL = 'https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/bindings/binding';
/** Names of the newer binding bits as IIS's PowerShell module accepts them. */
export const BINDING_NEW_FLAGS_SOURCE = 'https://learn.microsoft.com/powershell/module/iisadministration/new-iissite';
export const RENEGOTIATION_SOURCE =
  'https://learn.microsoft.com/dotnet/core/compatibility/aspnet-core/5.0/httpsys-client-certificate-renegotiation-disabled-by-default';

export type AccessSslFlagName = 'None' | 'Ssl' | 'SslNegotiateCert' | 'SslRequireCert' | 'SslMapCert' | 'Ssl128';

export interface AccessSslFlag {
  name: AccessSslFlagName;
  value: number;
  meaning: string;
}

export const ACCESS_SSL_FLAGS: readonly AccessSslFlag[] = [
  { name: 'None', value: 0, meaning: 'No HTTPS requirement and no client certificate (the default).' },
  { name: 'Ssl', value: 8, meaning: 'Requests must use HTTPS; a plain HTTP request is refused with 403.4.' },
  {
    name: 'SslNegotiateCert',
    value: 32,
    meaning: 'IIS asks the client for a certificate. Alone it is "Accept": a client without one still gets in.',
  },
  {
    name: 'SslRequireCert',
    value: 64,
    meaning: 'A client certificate is required ("Require"); IIS only asks for one when SslNegotiateCert is set too.',
  },
  {
    name: 'SslMapCert',
    value: 128,
    meaning: 'Certificate mapping authentication flag inherited from IIS 6 (MD_ACCESS_MAP_CERT); mapping itself is configured in the certificate mapping authentication sections.',
  },
  { name: 'Ssl128', value: 256, meaning: 'HTTPS with at least 128-bit encryption is required; weaker connections get 403.5.' },
];

const ACCESS_BY_LOWER = new Map(ACCESS_SSL_FLAGS.map((f) => [f.name.toLowerCase(), f]));

export function findAccessSslFlag(keyword: string): AccessSslFlag | undefined {
  return ACCESS_BY_LOWER.get(keyword.trim().toLowerCase());
}

export interface SslFlagToken {
  /** Token text as written (trimmed). */
  text: string;
  /** Offsets of the token inside the attribute value (add the value's start offset for document offsets). */
  span: Span;
  /** Canonical keyword when the token is known (case-insensitive match). */
  flag?: AccessSslFlag;
}

export interface ParsedAccessSslFlags {
  /** Known keywords, first occurrence of each, in written order. */
  flags: SslFlagToken[];
  /** Tokens that are not sslFlags keywords. */
  unknown: SslFlagToken[];
  /** Second and later occurrences of a keyword already in `flags`. */
  duplicates: SslFlagToken[];
  /** Empty items between commas (`Ssl,,SslNegotiateCert`), as the span of the gap. */
  emptyItems: Span[];
  /** OR of the known keywords' values. */
  mask: number;
  /** Set when the whole value is a number: IIS documents keywords, so callers decide how to report it. */
  numericValue?: number;
  /** Keywords written with other letter case than the canonical spelling (IIS accepts them). */
  caseMismatches: SslFlagToken[];
}

/**
 * Splits an `<access sslFlags>` value into keyword tokens with their spans. Never throws: anything
 * unexpected ends up in `unknown`, `duplicates` or `emptyItems`.
 */
export function parseAccessSslFlags(value: string): ParsedAccessSslFlags {
  // A host file repeats the same few values thousands of times, and several rules read each one.
  let parsed = parsedByValue.get(value);
  if (!parsed) {
    const own = detachedString(value ?? '');
    parsed = Object.freeze(parseAccessSslFlagsOnce(own));
    if (parsedByValue.size >= 1_000) parsedByValue.clear();
    parsedByValue.set(own, parsed);
  }
  return parsed;
}

const parsedByValue = new Map<string, ParsedAccessSslFlags>();

function parseAccessSslFlagsOnce(value: string): ParsedAccessSslFlags {
  const result: ParsedAccessSslFlags = { flags: [], unknown: [], duplicates: [], emptyItems: [], mask: 0, caseMismatches: [] };
  const text = value ?? '';
  if (/^\s*\d+\s*$/.test(text)) {
    result.numericValue = Number(text.trim());
    return result;
  }
  if (text.trim() === '') return result;
  const seen = new Set<string>();
  let itemStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text[i] !== ',') continue;
    const raw = text.slice(itemStart, i);
    const leading = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed === '') {
      result.emptyItems.push({ start: itemStart, end: i });
    } else {
      const span = { start: itemStart + leading, end: itemStart + leading + trimmed.length };
      const flag = findAccessSslFlag(trimmed);
      const token: SslFlagToken = { text: trimmed, span, flag };
      if (!flag) result.unknown.push(token);
      else if (seen.has(flag.name)) result.duplicates.push(token);
      else {
        seen.add(flag.name);
        result.flags.push(token);
        result.mask |= flag.value;
        if (trimmed !== flag.name) result.caseMismatches.push(token);
      }
    }
    itemStart = i + 1;
  }
  return result;
}

/** Keyword list for a numeric mask, in the order IIS Manager writes them. */
export function accessSslFlagNames(mask: number): AccessSslFlagName[] {
  const names = ACCESS_SSL_FLAGS.filter((f) => f.value !== 0 && (mask & f.value) === f.value).map((f) => f.name);
  return names.length === 0 ? ['None'] : names;
}

export interface FailureStatus {
  /** `403.7` etc. */
  code: string;
  when: string;
}

export interface AccessSslFlagsMeaning {
  /** One line: what the combination makes IIS do. */
  summary: string;
  /** Further consequences, one per entry. */
  details: string[];
  /** Statuses a client sees when it does not meet the requirement. */
  failures: FailureStatus[];
  /** Combinations that probably do not do what the author meant. */
  warnings: string[];
}

const SSL = 8;
const NEGOTIATE = 32;
const REQUIRE = 64;
const MAP = 128;
const SSL128 = 256;

/** What a combination of `<access sslFlags>` keywords makes IIS do. */
export function describeAccessSslFlags(input: number | ParsedAccessSslFlags): AccessSslFlagsMeaning {
  const parsed = typeof input === 'number' ? undefined : input;
  const mask = typeof input === 'number' ? input : input.mask;
  const meaning: AccessSslFlagsMeaning = { summary: '', details: [], failures: [], warnings: [] };
  const has = (bit: number) => (mask & bit) === bit;

  if (has(SSL)) meaning.failures.push({ code: '403.4', when: 'the request arrives over plain HTTP' });
  if (has(SSL128)) meaning.failures.push({ code: '403.5', when: 'the HTTPS connection uses less than 128-bit encryption' });

  if (has(NEGOTIATE) && has(REQUIRE)) {
    meaning.summary = 'Client certificate required: IIS asks for one and refuses requests that come without a valid certificate.';
    meaning.failures.push(
      { code: '403.7', when: 'no client certificate arrives (not sent, or the client had none issued by a CA the server lists as trusted)' },
      { code: '403.13', when: 'the certificate is revoked, or a CRL of any CA in its chain cannot be retrieved' },
      { code: '403.16', when: 'the certificate is untrusted or invalid (root missing from the server\'s trusted roots, intermediate missing)' },
      { code: '403.17', when: 'the certificate has expired or is not yet valid' },
    );
  } else if (has(NEGOTIATE)) {
    meaning.summary = 'Client certificate accepted but optional: IIS asks for one, and requests without a certificate still pass.';
    meaning.details.push('A certificate that is sent can still be checked and mapped to an account; without one, other authentication methods decide.');
  } else if (has(REQUIRE)) {
    meaning.summary = 'SslRequireCert without SslNegotiateCert: IIS never asks the client for a certificate, so the requirement cannot be met by a certificate request.';
    meaning.warnings.push(
      'Add SslNegotiateCert: without it IIS does not request a certificate whatever SslRequireCert says (IIS Manager\'s "Require" writes Ssl, SslNegotiateCert, SslRequireCert).',
    );
  } else if (has(SSL)) {
    meaning.summary = 'HTTPS required; no client certificate is requested.';
  } else if (mask === 0) {
    meaning.summary = 'No HTTPS requirement and no client certificate (None, the default).';
  } else {
    meaning.summary = 'No client certificate is requested.';
  }

  if (has(SSL)) {
    if (meaning.summary && !meaning.summary.startsWith('HTTPS required')) meaning.details.unshift('HTTPS is required (plain HTTP gets 403.4).');
  } else if (mask & (NEGOTIATE | REQUIRE | SSL128)) {
    meaning.details.push('Without Ssl, plain HTTP requests are not refused; the certificate flags only act on HTTPS connections.');
  }
  if (has(SSL128)) meaning.details.push('At least 128-bit encryption is required (weaker gets 403.5).');
  if (has(MAP)) {
    meaning.details.push('SslMapCert turns on certificate mapping; the mappings come from clientCertificateMappingAuthentication (Active Directory) or iisClientCertificateMappingAuthentication.');
  }
  if (has(NEGOTIATE)) {
    meaning.details.push(
      'When the certificate is asked for only below the site (not negotiated when the connection opens), IIS needs TLS renegotiation, which TLS 1.3 removed and HTTP/2 forbids: on Windows Server 2022 / Windows 11 this shows as 403.7 with a valid certificate. Negotiate the certificate at connection time (`netsh http update sslcert ... clientcertnegotiation=enable`) or turn TLS 1.3 over TCP / HTTP/2 off on the binding (binding sslFlags 32 / 4).',
    );
  }
  if (parsed && parsed.flags.some((t) => t.flag?.name === 'None') && parsed.flags.length > 1) {
    meaning.warnings.push('None is the absence of every flag; listing it beside other flags is contradictory.');
  }
  return meaning;
}

export interface BindingSslFlagBit {
  bit: number;
  name: string;
  meaning: string;
  /** The IIS configuration reference documents the bit (0-3); newer bits come from Microsoft.Web.Administration. */
  documentedIn: 'binding reference' | 'Microsoft.Web.Administration SslFlags' | 'undocumented';
}

// Values 1 and 2 (and their sum 3) are in the IIS configuration reference's <binding> page. The newer bits'
// names are the ones Microsoft's IISAdministration cmdlets accept (New-IISSite -SslFlag); their numeric
// values are those of Microsoft.Web.Administration's SslFlags enum on Windows Server 2022 (4, 8, 16, 32, 64,
// as the IISAdministration module defines them), confirmed by dsccommunity/WebAdministrationDsc issue 627
// where 97 = Sni + DisableTLS13 + DisableLegacyTLS. No source we could check names a higher bit, so higher
// bits are shown as unknown rather than guessed.
// These are NOT the HTTP.sys HTTP_SERVICE_CONFIG_SSL_FLAG_* values (there DisableHTTP2 is 0x10).
export const BINDING_SSL_FLAG_BITS: readonly BindingSslFlagBit[] = [
  { bit: 1, name: 'Sni', meaning: 'Server Name Indication: the certificate is chosen by host name and port instead of IP and port.', documentedIn: 'binding reference' },
  { bit: 2, name: 'CentralCertStore', meaning: 'The certificate comes from the centralized certificate store, picked by host name.', documentedIn: 'binding reference' },
  { bit: 4, name: 'DisableHTTP2', meaning: 'HTTP/2 is turned off on this binding (clients fall back to HTTP/1.1).', documentedIn: 'Microsoft.Web.Administration SslFlags' },
  { bit: 8, name: 'DisableOCSPStp', meaning: 'OCSP stapling is turned off on this binding.', documentedIn: 'Microsoft.Web.Administration SslFlags' },
  { bit: 16, name: 'DisableQUIC', meaning: 'QUIC (HTTP/3) is turned off on this binding.', documentedIn: 'Microsoft.Web.Administration SslFlags' },
  { bit: 32, name: 'DisableTLS13', meaning: 'TLS 1.3 over TCP is turned off on this binding (TLS 1.2 or lower is negotiated).', documentedIn: 'Microsoft.Web.Administration SslFlags' },
  { bit: 64, name: 'DisableLegacyTLS', meaning: 'TLS versions below 1.2 and legacy cipher suites are refused on this binding.', documentedIn: 'Microsoft.Web.Administration SslFlags' },
];

export interface DecodedBindingSslFlags {
  value: number;
  bits: BindingSslFlagBit[];
  /** Bits set that no table entry explains. */
  unknownBits: number;
  /** How the server certificate is selected, from the two low bits. */
  certificateSelection: string;
  /** Set when the input is not a non-negative 32-bit integer. */
  invalid?: string;
}

const CERT_SELECTION = [
  'IP address and port (one certificate per IP:port)',
  'Server Name Indication (host name and port)',
  'Centralized certificate store, without requiring SNI',
  'Centralized certificate store, requiring SNI',
];

export function decodeBindingSslFlags(input: number | string): DecodedBindingSslFlags {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value > 0xffffffff) {
    return {
      value: NaN,
      bits: [],
      unknownBits: 0,
      certificateSelection: '',
      invalid: `"${text}" is not a binding sslFlags value: the binding attribute is an unsigned number (0, 1, 2, 3, or a sum of bits).`,
    };
  }
  const bits = BINDING_SSL_FLAG_BITS.filter((b) => (value & b.bit) !== 0);
  const known = BINDING_SSL_FLAG_BITS.reduce((m, b) => m | b.bit, 0);
  return {
    value,
    bits,
    unknownBits: (value & ~known) >>> 0,
    certificateSelection: CERT_SELECTION[value & 3],
  };
}
