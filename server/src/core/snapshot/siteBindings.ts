// Which HTTP.sys certificate binding serves an https site binding of applicationHost.config, the
// way HTTP.sys looks it up: SNI bindings (`sslFlags` bit 1) by Hostname:port, Centralized Certificate
// Store bindings (bit 2) by the CCS entry of the port, the others by IP:port, falling back from a
// specific address to the wildcard 0.0.0.0 / [::] entry of the port.
import type { ConfigFile, SiteBinding, SiteInfo } from '../model/configFile';
import type { Span } from '../types';
import { oncePerGeneration } from '../perGeneration';
import type { Workspace } from '../workspace';
import type { HttpSysBinding } from './netsh';
import type { ServerSnapshot } from './index';

export const BINDING_SNI = 1;
export const BINDING_CCS = 2;
export const BINDING_DISABLE_TLS13 = 32;

export interface SiteHttpsBinding {
  file: ConfigFile;
  site: SiteInfo;
  binding: SiteBinding;
  /** `*` or the IP address, lower-case, without brackets. */
  address: string;
  port: number;
  /** The host header, lower-case; '' when the binding has none. */
  host: string;
  /** The binding's `sslFlags` (0 when absent or unreadable). */
  sslFlags: number;
  sni: boolean;
  ccs: boolean;
  /** `bindingInformation`'s value, or the element name when the attribute is missing. */
  span: Span;
  /** The `sslFlags` attribute's value, when written. */
  sslFlagsSpan?: Span;
}

/** `*:443:www.contoso.com`, `[::1]:443:`, `10.0.0.5:8443:` → parts; undefined when unreadable. */
export function parseBindingInformation(value: string): { address: string; port: number; host: string } | undefined {
  const match = /^(\[[^\]]*\]|[^:]*):(\d+):(.*)$/.exec(value.trim());
  if (!match) return undefined;
  const address = match[1].replace(/^\[(.*)\]$/, '$1').toLowerCase() || '*';
  return { address, port: Number(match[2]), host: match[3].trim().toLowerCase() };
}

/** Every https binding of every site in the workspace's applicationHost.config files (once per workspace generation). */
export const siteHttpsBindings: (workspace: Workspace) => SiteHttpsBinding[] = oncePerGeneration(collectSiteHttpsBindings);

/**
 * `siteHttpsBindings(workspace)` is not empty and every binding in it has this `sslFlags` bit, found
 * without collecting the list: the first binding without the bit answers.
 */
export function everySiteHttpsBindingHasFlag(workspace: Workspace, flag: number): boolean {
  let any = false;
  for (const file of workspace.applicationHostFiles()) {
    for (const site of file.sites) {
      for (const binding of site.bindings) {
        if (!httpsBindingParts(binding)) continue;
        if ((bindingSslFlags(binding) & flag) === 0) return false;
        any = true;
      }
    }
  }
  return any;
}

function httpsBindingParts(binding: SiteBinding): { address: string; port: number; host: string } | undefined {
  if ((binding.protocol ?? '').trim().toLowerCase() !== 'https') return undefined;
  return parseBindingInformation(binding.bindingInformation ?? '');
}

function bindingSslFlags(binding: SiteBinding): number {
  const flagsText = (binding.sslFlags ?? '0').trim();
  return /^\d+$/.test(flagsText) ? Number(flagsText) : 0;
}

function collectSiteHttpsBindings(workspace: Workspace): SiteHttpsBinding[] {
  const result: SiteHttpsBinding[] = [];
  for (const file of workspace.applicationHostFiles()) {
    for (const site of file.sites) {
      for (const binding of site.bindings) {
        const parts = httpsBindingParts(binding);
        if (!parts) continue;
        const sslFlags = bindingSslFlags(binding);
        const info = binding.element.attribute('bindingInformation');
        const flagsAttribute = binding.element.attribute('sslFlags');
        result.push({
          file,
          site,
          binding,
          ...parts,
          sslFlags,
          sni: (sslFlags & BINDING_SNI) !== 0,
          ccs: (sslFlags & BINDING_CCS) !== 0,
          span: info ? info.valueSpan : binding.element.nameSpan,
          sslFlagsSpan: flagsAttribute?.valueSpan,
        });
      }
    }
  }
  return result;
}

/** The netsh entry a site binding needs, as netsh prints its key: `Hostname:port www.contoso.com:443`. */
export function expectedHttpSysEntry(binding: SiteHttpsBinding): string {
  if (binding.ccs) return `Central Certificate Store ${binding.port}`;
  if (binding.sni) return `Hostname:port ${binding.host}:${binding.port}`;
  const address = binding.address === '*' ? '0.0.0.0' : binding.address.includes(':') ? `[${binding.address}]` : binding.address;
  return `IP:port ${address}:${binding.port}`;
}

function isWildcardAddress(address: string | undefined): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** The HTTP.sys binding that serves the site binding, or undefined when the snapshot's dumps have none. */
export function httpSysBindingFor(snapshot: ServerSnapshot, binding: SiteHttpsBinding): HttpSysBinding | undefined {
  const candidates = snapshot.httpSysBindings.filter((entry) => entry.port === binding.port);
  if (binding.ccs) return candidates.find((entry) => entry.kind === 'ccs');
  if (binding.sni) return candidates.find((entry) => entry.kind === 'hostnameport' && entry.host === binding.host);
  const byIp = candidates.filter((entry) => entry.kind === 'ipport');
  if (binding.address !== '*') {
    const exact = byIp.find((entry) => entry.address === binding.address);
    if (exact) return exact;
    const wildcard = binding.address.includes(':') ? '::' : '0.0.0.0';
    return byIp.find((entry) => entry.address === wildcard);
  }
  return byIp.find((entry) => isWildcardAddress(entry.address));
}

export interface BindingJoin {
  /** HTTP.sys binding → the site bindings it serves. */
  served: Map<HttpSysBinding, SiteHttpsBinding[]>;
  /** Site binding → the HTTP.sys binding that serves it (absent: none in the snapshot). */
  serving: Map<SiteHttpsBinding, HttpSysBinding>;
}

const joinCache = new WeakMap<ServerSnapshot, WeakMap<readonly SiteHttpsBinding[], BindingJoin>>();

/** Both directions of the site binding ↔ HTTP.sys binding match, computed once per snapshot and list of site bindings. */
export function bindingJoin(snapshot: ServerSnapshot, siteBindings: readonly SiteHttpsBinding[]): BindingJoin {
  let bySiteBindings = joinCache.get(snapshot);
  if (!bySiteBindings) joinCache.set(snapshot, (bySiteBindings = new WeakMap()));
  let join = bySiteBindings.get(siteBindings);
  if (!join) {
    join = { served: new Map(), serving: new Map() };
    for (const binding of siteBindings) {
      const entry = httpSysBindingFor(snapshot, binding);
      if (!entry) continue;
      join.serving.set(binding, entry);
      const list = join.served.get(entry) ?? [];
      list.push(binding);
      join.served.set(entry, list);
    }
    bySiteBindings.set(siteBindings, join);
  }
  return join;
}

/** The site bindings an HTTP.sys binding serves. */
export function siteBindingsServedBy(snapshot: ServerSnapshot, siteBindings: readonly SiteHttpsBinding[], entry: HttpSysBinding): SiteHttpsBinding[] {
  return bindingJoin(snapshot, siteBindings).served.get(entry) ?? [];
}

/** The application ID IIS gives the HTTP.sys bindings it creates. */
export const IIS_APPLICATION_ID = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';
