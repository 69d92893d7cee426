// What several snapshot rules need from the configuration side: the certificates one-to-one
// mappings pin (with the site they are read for) and the https bindings of a site.
import type { ParsedCertificate } from '../certificate/derStructure';
import { parseIisCertificateAttribute } from '../certificate/iisCertificateAttribute';
import { configuredTargetsUnder, effectiveSection, resolveUrlPathOfScope, urlTarget, type UrlTarget } from '../effective/index';
import { negotiation, SECTION, type CertificateNegotiation } from '../effective/authentication';
import { parseIisBool } from '../knowledge/schema';
import type { ConfigFile } from '../model/configFile';
import { bindingJoin, type HttpSysBinding, type ServerSnapshot, type SiteHttpsBinding } from '../snapshot/index';
import { oncePerGeneration } from '../perGeneration';
import type { Span } from '../types';
import type { Workspace } from '../workspace';
import { isTransformFile, mappingEntries, valueSpan, type MappingEntry } from './authSections';
import { detachedString } from '../text/detach';

export interface PinnedCertificate {
  file: ConfigFile;
  entry: MappingEntry;
  /** The `certificate` attribute's value. */
  span: Span;
  certificate: ParsedCertificate;
  /** Site name (lower-case) the mapping is read for; undefined at server level or when unplaced. */
  site?: string;
  user?: string;
}

const attributeCache = new Map<string, ParsedCertificate | null>();

/** Every enabled one-to-one mapping whose `certificate` holds a readable certificate (once per workspace generation). */
export const pinnedCertificates: (workspace: Workspace) => PinnedCertificate[] = oncePerGeneration(collectPinnedCertificates);

function collectPinnedCertificates(workspace: Workspace): PinnedCertificate[] {
  const pinned: PinnedCertificate[] = [];
  for (const file of workspace.files()) {
    if ((file.kind !== 'applicationHost' && file.kind !== 'web') || isTransformFile(file)) continue;
    for (const entry of mappingEntries(file)) {
      if (entry.kind !== 'oneToOne') continue;
      if (parseIisBool(entry.element.get('enabled') ?? 'true') === false) continue;
      const attribute = entry.element.attribute('certificate');
      if (!attribute) continue;
      let certificate = attributeCache.get(attribute.value);
      if (certificate === undefined) {
        certificate = parseIisCertificateAttribute(attribute.value).certificate ?? null;
        if (attributeCache.size > 1024) attributeCache.clear();
        attributeCache.set(detachedString(attribute.value), certificate);
      }
      if (!certificate) continue;
      const placement = resolveUrlPathOfScope(workspace, file, entry.section.scope);
      pinned.push({
        file,
        entry,
        span: valueSpan(attribute),
        certificate,
        site: placement.site?.toLowerCase(),
        user: entry.element.get('userName'),
      });
    }
  }
  return pinned;
}

/** The https bindings of a site (every site's when the name is undefined: a server-level setting). */
export function bindingsOfSite(siteBindings: readonly SiteHttpsBinding[], site: string | undefined): SiteHttpsBinding[] {
  return site === undefined ? [...siteBindings] : siteBindings.filter((b) => b.site.name.toLowerCase() === site);
}

/** The distinct HTTP.sys bindings that serve these site bindings (those the snapshot has), matched within `allSiteBindings`. */
export function httpSysBindingsServing(snapshot: ServerSnapshot, allSiteBindings: readonly SiteHttpsBinding[], siteBindings: readonly SiteHttpsBinding[]): HttpSysBinding[] {
  const { serving } = bindingJoin(snapshot, allSiteBindings);
  const found = new Set<HttpSysBinding>();
  for (const binding of siteBindings) {
    const entry = serving.get(binding);
    if (entry) found.add(entry);
  }
  return [...found];
}

/** "site 'Default Web Site' binding *:443:www.contoso.com" */
export function describeSiteBinding(binding: SiteHttpsBinding): string {
  return `site '${binding.site.name}' binding ${binding.binding.bindingInformation ?? ''}`.trim();
}

export interface SiteCertificateRequest {
  target: UrlTarget;
  negotiation: CertificateNegotiation;
}

const requestCache = new WeakMap<Workspace, { generation: number; bySite: Map<SiteHttpsBinding['site'], SiteCertificateRequest | undefined> }>();

/** The first configured path of the binding's site where IIS asks for a client certificate (SslNegotiateCert in effect). */
export function certificateRequestOfSite(workspace: Workspace, binding: SiteHttpsBinding): SiteCertificateRequest | undefined {
  let cached = requestCache.get(workspace);
  if (cached?.generation !== workspace.generation) requestCache.set(workspace, (cached = { generation: workspace.generation, bySite: new Map() }));
  if (cached.bySite.has(binding.site)) return cached.bySite.get(binding.site);
  const found = findCertificateRequest(workspace, binding);
  cached.bySite.set(binding.site, found);
  return found;
}

function findCertificateRequest(workspace: Workspace, binding: SiteHttpsBinding): SiteCertificateRequest | undefined {
  const site = urlTarget(workspace, binding.site.name, binding.file);
  for (const target of configuredTargetsUnder(workspace, site)) {
    const found = negotiation(effectiveSection(workspace, target, SECTION.access));
    if (found.negotiates) return { target, negotiation: found };
  }
  return undefined;
}

export function asksForCertificate(workspace: Workspace, binding: SiteHttpsBinding): boolean {
  return certificateRequestOfSite(workspace, binding) !== undefined;
}
