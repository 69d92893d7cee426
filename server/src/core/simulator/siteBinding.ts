// Which `<site>` binding of applicationHost.config serves an https URL, and which HTTP.sys
// certificate binding answers its TLS handshake. HTTP.sys prefers the most specific binding: a host
// name over an empty one (all host names), a given IP address over `*` (all unassigned addresses).
import type { ConfigFile, SiteBinding, SiteInfo } from '../model/configFile';
import { decodeBindingSslFlags } from '../knowledge/sslFlags';
import type { HttpSysBindingView, HttpSysEndpointKind, HttpSysView } from './snapshotView';

export interface RequestUrl {
  host: string;
  port: number;
  /** URL path segments, decoded, without the query. */
  segments: string[];
  text: string;
}

export function parseRequestUrl(text: string): RequestUrl | string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return `'${text}' is not a URL; give one such as https://www.contoso.com/payroll/.`;
  }
  if (url.protocol !== 'https:') return `'${text}' is not an https URL: client certificates are only asked for over HTTPS.`;
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return { host, port: url.port ? Number(url.port) : 443, segments, text: url.toString() };
}

export interface BindingInformation {
  /** `*` or an address. */
  ip: string;
  port: number;
  /** '' when the binding serves every host name. */
  host: string;
}

/** `bindingInformation="IP:port:host"`; IPv6 addresses are bracketed. */
export function parseBindingInformation(value: string | undefined): BindingInformation | undefined {
  const match = /^\s*(\[[^\]]*\]|[^:]*):(\d+):(.*?)\s*$/.exec(value ?? '');
  if (!match) return undefined;
  return { ip: match[1].replace(/^\[|\]$/g, '') || '*', port: Number(match[2]), host: match[3].toLowerCase() };
}

export interface ServingBinding {
  file: ConfigFile;
  site: SiteInfo;
  binding: SiteBinding;
  information: BindingInformation;
  sslFlags: number;
  /** Reasons the choice rests on an assumption (the IP address the host name resolves to). */
  assumptions: string[];
}

export type BindingLookup =
  | { found: true; serving: ServingBinding; others: number }
  | { found: false; listening: boolean; httpsBindings: number };

const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)$/i;

/** The https binding IIS would route the URL to, among every applicationHost.config given. */
export function findServingBinding(url: RequestUrl, hosts: ConfigFile[]): BindingLookup {
  const candidates: Array<{ serving: ServingBinding; score: number }> = [];
  let httpsBindings = 0;
  let listening = false;
  for (const file of hosts) {
    for (const site of file.sites) {
      for (const binding of site.bindings) {
        if ((binding.protocol ?? '').trim().toLowerCase() !== 'https') continue;
        httpsBindings++;
        const information = parseBindingInformation(binding.bindingInformation);
        if (!information || information.port !== url.port) continue;
        listening = true;
        const hostMatches = information.host === '' || information.host === url.host;
        const ipIsUrlHost = IP_LITERAL.test(url.host) && information.ip === url.host;
        if (!hostMatches) continue;
        if (information.ip !== '*' && IP_LITERAL.test(url.host) && !ipIsUrlHost) continue;
        const assumptions: string[] = [];
        if (information.ip !== '*' && !ipIsUrlHost) assumptions.push(`${url.host} is assumed to resolve to ${information.ip}, the binding's address.`);
        const decoded = decodeBindingSslFlags(binding.sslFlags ?? '0');
        const score = (information.host !== '' ? 2 : 0) + (information.ip !== '*' ? 1 : 0);
        candidates.push({ serving: { file, site, binding, information, sslFlags: Number.isNaN(decoded.value) ? 0 : decoded.value, assumptions }, score });
      }
    }
  }
  if (candidates.length === 0) return { found: false, listening, httpsBindings };
  candidates.sort((a, b) => b.score - a.score);
  return { found: true, serving: candidates[0].serving, others: candidates.length - 1 };
}

export interface HttpSysTarget {
  kind: HttpSysEndpointKind;
  /** What to look for, as `netsh http show sslcert` would print it. */
  endpoint: string;
  why: string;
}

/** The HTTP.sys entry a site binding needs: CCS for bit 2, Hostname:port for SNI (bit 1), IP:port otherwise. */
export function httpSysTargetOf(serving: ServingBinding, url: RequestUrl): HttpSysTarget {
  const { information, sslFlags } = serving;
  const host = information.host || url.host;
  if (sslFlags & 2) return { kind: 'ccs', endpoint: String(information.port), why: 'binding sslFlags has bit 2 (Central Certificate Store)' };
  if (sslFlags & 1) return { kind: 'hostnameport', endpoint: `${host}:${information.port}`, why: 'binding sslFlags has bit 1 (SNI)' };
  const ip = information.ip === '*' ? '0.0.0.0' : information.ip.includes(':') ? `[${information.ip}]` : information.ip;
  return { kind: 'ipport', endpoint: `${ip}:${information.port}`, why: 'binding sslFlags without SNI: one certificate per IP address and port' };
}

function normalEndpoint(endpoint: string): string {
  return endpoint.trim().toLowerCase().replace(/^\[?::\]?:/, '[::]:');
}

/**
 * The HTTP.sys binding HTTP.sys uses for the target: the exact entry, and for IP:port the
 * `0.0.0.0:port` wildcard entry when no entry names the address.
 */
export function findHttpSysBinding(view: HttpSysView, target: HttpSysTarget): HttpSysBindingView | undefined {
  const wanted = normalEndpoint(target.endpoint);
  const same = view.bindings.filter((b) => b.kind === target.kind);
  const exact = same.find((b) => normalEndpoint(b.endpoint) === wanted);
  if (exact || target.kind !== 'ipport') return exact;
  const port = wanted.slice(wanted.lastIndexOf(':') + 1);
  return same.find((b) => normalEndpoint(b.endpoint) === `0.0.0.0:${port}`) ?? same.find((b) => normalEndpoint(b.endpoint) === `[::]:${port}`);
}
