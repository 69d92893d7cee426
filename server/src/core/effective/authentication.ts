import type { ConfigSection } from '../model/configFile';
import { parseAccessSslFlags } from '../knowledge/sslFlags';
import { parseIisBool } from '../knowledge/schema';
import type { Workspace } from '../workspace';
import { effectiveSection, sectionsAt, type SectionsAt, type EffectiveAttribute, type EffectiveEntry, type EffectiveSection, type UrlTarget } from './index';
import { joinUrlPath } from './paths';

// Which authentication methods can give a request to a path a user, as IIS would decide it.
// Facts (learn.microsoft.com/iis/configuration/system.webserver/security/authentication/…):
// - anonymous is on by default (enabled default true); Basic, Digest, Windows and both certificate
//   mappings are off by default.
// - iisClientCertificateMappingAuthentication is read at server and site level only; what is set
//   below the site is ignored (the IIS Support Blog sub-application post), so the mapping for a path is the one in effect for its site.
// - A certificate mapping can only map a certificate the server asked for: `<access sslFlags>` must
//   contain SslNegotiateCert (IIS SDK remarks on MD_SSL_ACCESS_PERM; knowledge/sslFlags.ts).
// - When the authentication stage ends without a user, IIS answers 401.2 (the IIS Support Blog sub-application post, the IIS 6.0 "401.1 and 401.2" reference).

// Written out, not built from a common prefix: a literal is the engine's one string for its
// spelling, as the section paths of the model are (model/configFile.ts), so comparing them is one
// pointer comparison.
export const SECTION = {
  access: 'system.webServer/security/access',
  anonymous: 'system.webServer/security/authentication/anonymousAuthentication',
  basic: 'system.webServer/security/authentication/basicAuthentication',
  digest: 'system.webServer/security/authentication/digestAuthentication',
  windows: 'system.webServer/security/authentication/windowsAuthentication',
  adMapping: 'system.webServer/security/authentication/clientCertificateMappingAuthentication',
  iisMapping: 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication',
  modules: 'system.webServer/modules',
} as const;

const SSL_NEGOTIATE_CERT = 32;

export interface MethodState {
  section: EffectiveSection;
  enabled: boolean;
  /** The `enabled` value in effect, with its source (or IIS's default). */
  enabledAttribute?: EffectiveAttribute;
}

export interface IisMappingState extends MethodState {
  /** Where the module reads its configuration: the site level of the path (or the server level). */
  readAt: UrlTarget;
  /** Mappings the module would use: enabled entries of an enabled kind (many-to-one Deny rules excluded). */
  usableMappings: EffectiveEntry[];
  /** Instances of the section set below the site level for this path, which IIS ignores. */
  ignored: ConfigSection[];
}

export interface CertificateNegotiation {
  /** IIS asks the client for a certificate at this path (SslNegotiateCert). */
  negotiates: boolean;
  mask: number;
  sslFlags?: EffectiveAttribute;
}

export interface AuthenticationAt {
  target: UrlTarget;
  anonymous: MethodState;
  basic: MethodState;
  digest: MethodState;
  windows: MethodState;
  adMapping: MethodState;
  iisMapping: IisMappingState;
  certificate: CertificateNegotiation;
  /** Managed modules outside ASP.NET's own that might set a user themselves. */
  customModules: string[];
  /** Some method can give a request a user (possibly only with a client certificate). */
  producesUser: boolean;
}

export function authenticationAt(workspace: Workspace, target: UrlTarget): AuthenticationAt {
  // Nine sections of one target: it is looked up once.
  const sections = sectionsAt(workspace, target);
  const method = (path: string, at: SectionsAt = sections): MethodState => {
    const section = at.section(path);
    const enabledAttribute = section.attributes.get('enabled');
    return { section, enabled: enabledAttribute ? parseIisBool(enabledAttribute.value) === true : false, enabledAttribute };
  };
  const readAt = mappingReadTarget(target);
  const iis = method(SECTION.iisMapping, readAt === target ? sections : sectionsAt(workspace, readAt));
  const here = readAt === target ? undefined : sections.section(SECTION.iisMapping);
  // Spelled out rather than spread: this runs for every path the rules look at.
  const iisMapping: IisMappingState = {
    section: iis.section,
    enabled: iis.enabled,
    enabledAttribute: iis.enabledAttribute,
    readAt,
    usableMappings: iis.enabled ? usableMappings(iis.section) : [],
    ignored: here ? ignoredBelowSite(here.sections, iis.section.sections) : [],
  };
  const certificate = negotiation(sections.section(SECTION.access));
  const state: AuthenticationAt = {
    target,
    anonymous: method(SECTION.anonymous),
    basic: method(SECTION.basic),
    digest: method(SECTION.digest),
    windows: method(SECTION.windows),
    adMapping: method(SECTION.adMapping),
    iisMapping,
    certificate,
    customModules: customModules(sections.section(SECTION.modules)),
    producesUser: false,
  };
  // Without an applicationHost.config the mappings may live on the server: give them the benefit of the doubt.
  const mappingsKnown = target.host !== undefined;
  state.producesUser =
    state.anonymous.enabled ||
    state.basic.enabled ||
    state.digest.enabled ||
    state.windows.enabled ||
    (certificate.negotiates && (state.adMapping.enabled || (iisMapping.enabled && (iisMapping.usableMappings.length > 0 || !mappingsKnown))));
  return state;
}

/** Instances set for the path that the module does not read (they are below its site level). */
function ignoredBelowSite(here: readonly ConfigSection[], read: readonly ConfigSection[]): ConfigSection[] {
  const readSections = new Set(read);
  return here.filter((section) => !readSections.has(section));
}

/** Anonymous authentication is on for the target: enough, alone, to give every request a user. */
export function anonymousEnabledAt(workspace: Workspace, target: UrlTarget): boolean {
  return parseIisBool(effectiveSection(workspace, target, SECTION.anonymous).attributes.get('enabled')?.value ?? 'true') === true;
}

/** The site level of a placed path (the path itself at server or site level, or when unplaced). */
export function mappingReadTarget(target: UrlTarget): UrlTarget {
  if (!target.known) return target;
  // The remembered normal form of the path: its first segment is the site, without splitting it again.
  const joined = joinUrlPath(target.path);
  const slash = joined.indexOf('/');
  return slash < 0 ? target : { host: target.host, path: joined.slice(0, slash), known: true };
}

export function negotiation(access: EffectiveSection): CertificateNegotiation {
  const sslFlags = access.attributes.get('sslFlags');
  const parsed = parseAccessSslFlags(sslFlags?.value ?? '');
  const mask = parsed.numericValue ?? parsed.mask;
  return { negotiates: (mask & SSL_NEGOTIATE_CERT) !== 0, mask, sslFlags };
}

// Index loops and a constant list: this runs for every path a rule asks about, mostly while interpreted.
const MAPPING_COLLECTIONS = [
  { collection: 'oneToOneMappings', switchName: 'oneToOneCertificateMappingsEnabled' },
  { collection: 'manyToOneMappings', switchName: 'manyToOneCertificateMappingsEnabled' },
] as const;

function usableMappings(section: EffectiveSection): EffectiveEntry[] {
  const usable: EffectiveEntry[] = [];
  for (let k = 0; k < MAPPING_COLLECTIONS.length; k++) {
    const { collection, switchName } = MAPPING_COLLECTIONS[k];
    if (parseIisBool(section.attributes.get(switchName)?.value ?? 'true') === false) continue;
    const entries = section.children.get(collection)?.entries;
    if (!entries) continue;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      // The item's own attributes, read without merging it: enabled defaults to true and
      // permissionMode to Allow, so an absent one keeps the mapping usable either way.
      if (parseIisBool(entry.element.get('enabled') ?? 'true') === false) continue;
      if ((entry.element.get('permissionMode') ?? '').trim().toLowerCase() === 'deny') continue;
      usable.push(entry);
    }
  }
  return usable;
}

function customModules(modules: EffectiveSection): string[] {
  return (modules.entries ?? [])
    .filter((entry) => {
      const type = entry.value.attributes.get('type')?.value.trim();
      return type !== undefined && type !== '' && !/^System\.(Web|ServiceModel|Activities)\./i.test(type);
    })
    .map((entry) => entry.value.attributes.get('name')?.value ?? entry.element.name);
}
