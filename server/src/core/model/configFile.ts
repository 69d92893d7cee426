import { SCHEMA_SECTION_GROUPS } from '../knowledge/schema';
import { parseXmlDocument, type XmlDocument, type XmlElement } from '../xml/document';
import { classifyConfigFile, type ConfigRole } from './fileRole';
import { detachedString, internedString } from '../text/detach';
import { exactSize } from '../exactSize';

/**
 * What IIS sees in one configuration file: its section declarations, its `<location>` scopes and
 * the configuration sections inside each, and (in applicationHost.config) its sites and
 * applications. Every piece points back to its XmlElement, so it knows its source range.
 */


export interface SectionDeclaration {
  /** Full section path, e.g. `system.webServer/security/access`. */
  path: string;
  element: XmlElement;
  overrideModeDefault?: string;
  allowDefinition?: string;
  allowLocation?: string;
}

export interface ConfigSection {
  /** Full section path, e.g. `system.webServer/security/authentication/anonymousAuthentication`. */
  path: string;
  element: XmlElement;
  scope: ConfigScope;
}

export interface ConfigScope {
  file: ConfigFile;
  /** The `<location>` element; undefined for the file's own level. */
  location?: XmlElement;
  /** Location path as written, without surrounding slashes; '' for the file's own level. */
  path: string;
  overrideMode?: string;
  allowOverride?: string;
  sections: ConfigSection[];
}

export interface SiteApplication {
  /** Application path inside the site: '/' or '/App'. */
  path: string;
  physicalPath?: string;
  element: XmlElement;
}

export interface SiteBinding {
  protocol?: string;
  bindingInformation?: string;
  sslFlags?: string;
  element: XmlElement;
}

export interface SiteInfo {
  name: string;
  id?: string;
  element: XmlElement;
  applications: SiteApplication[];
  bindings: SiteBinding[];
}

export interface ConfigFile {
  uri: string;
  /** What the file is to IIS, from its name and content (fileRole.ts). */
  kind: ConfigRole;
  xml: XmlDocument;
  /** The `<configuration>` element, when the document has it as root. */
  configuration?: XmlElement;
  declarations: Map<string, SectionDeclaration>;
  scopes: ConfigScope[];
  sites: SiteInfo[];
  /** Set when this file was made from the previous one by re-reading one edited element (configSplice.ts). */
  splice?: ConfigSplice;
}

export interface ConfigSplice {
  previous: ConfigFile;
  /** [start, oldEnd) of the previous text became [start, newEnd). */
  start: number;
  oldEnd: number;
  newEnd: number;
  /** The scope whose sections were read again: the edited `<location>`, or the file's own level. */
  scope: ConfigScope;
  /** No scope path, site, application or binding changed: where every scope sits in IIS's hierarchy is as before. */
  placementsKept: boolean;
}

/** Section groups of IIS's default schema; children of these that are not groups are sections. */
const knownSectionGroups = new Set([
  ...SCHEMA_SECTION_GROUPS,
  'system.applicationHost',
  'system.webServer',
  'system.webServer/security',
  'system.webServer/security/authentication',
  'system.webServer/tracing',
  'system.web',
  'system.net',
  'system.serviceModel',
]);

/** Normalises a `<location path>` for comparison: IIS paths are case-insensitive and slash-trimmed. */
export function normalizeLocationPath(path: string | undefined): string {
  if (!path) return '';
  // The usual `Site/App`: printable ASCII at both ends that is neither slash, and no backslash, leaves
  // trimming and both replacements nothing to do (every character trim() removes is outside 33–126).
  const first = path.charCodeAt(0);
  const last = path.charCodeAt(path.length - 1);
  if (first > 32 && first < 127 && first !== 47 && first !== 92 && last > 32 && last < 127 && last !== 47 && last !== 92 && !path.includes('\\')) {
    return path === '.' ? '' : path;
  }
  const trimmed = path.trim().replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  return trimmed === '.' ? '' : trimmed;
}

export function samePath(a: string, b: string): boolean {
  return normalizeLocationPath(a).toLowerCase() === normalizeLocationPath(b).toLowerCase();
}

export function parseConfigFile(uri: string, text: string, kind?: ConfigRole): ConfigFile {
  return configFileOf(uri, parseXmlDocument(text), kind);
}

/** The model of a parsed document. */
export function configFileOf(uri: string, xml: XmlDocument, kind?: ConfigRole): ConfigFile {
  const file: ConfigFile = { uri, kind: kind ?? classifyConfigFile(uri, xml), xml, declarations: new Map(), scopes: [], sites: [] };
  const root = xml.root;
  if (!root || root.name !== 'configuration') return file;
  file.configuration = root;

  const groups = new Set(knownSectionGroups);
  const configSections = root.element('configSections');
  if (configSections) collectDeclarations(configSections, '', file.declarations, groups);
  sectionGroupsByFile.set(file, groups);

  const fileScope: ConfigScope = { file, path: '', sections: [] };
  file.scopes.push(fileScope);
  collectSections(root, '', fileScope, groups);
  for (const location of root.elements('location')) {
    const scope: ConfigScope = {
      file,
      location,
      path: normalizeLocationPath(location.get('path')),
      overrideMode: location.get('overrideMode'),
      allowOverride: location.get('allowOverride'),
      sections: [],
    };
    file.scopes.push(scope);
    collectSections(location, '', scope, groups);
  }
  file.sites = collectSites(root);
  // The scopes' section lists live as long as the file.
  for (let i = 0; i < file.scopes.length; i++) file.scopes[i].sections = exactSize(file.scopes[i].sections);
  return file;
}

const sectionGroupsByFile = new WeakMap<ConfigFile, Set<string>>();

/** The section groups the file knows (IIS's and the ones it declares): what a splice needs to read a scope's sections again. */
export function sectionGroupsOf(file: ConfigFile): Set<string> | undefined {
  return sectionGroupsByFile.get(file);
}

export function inheritSectionGroups(from: ConfigFile, to: ConfigFile): void {
  const groups = sectionGroupsByFile.get(from);
  if (groups) sectionGroupsByFile.set(to, groups);
}

function collectDeclarations(container: XmlElement, prefix: string, out: Map<string, SectionDeclaration>, groups: Set<string>): void {
  for (const child of container.children) {
    const name = child.get('name');
    if (!name) continue;
    const path = prefix ? `${prefix}/${name}` : name;
    if (child.name === 'sectionGroup') {
      groups.add(path);
      collectDeclarations(child, path, out, groups);
    } else if (child.name === 'section') {
      out.set(path, {
        path,
        element: child,
        overrideModeDefault: child.get('overrideModeDefault'),
        allowDefinition: child.get('allowDefinition'),
        allowLocation: child.get('allowLocation'),
      });
    }
  }
}

// Section paths built once per distinct prefix and name: a host file has thousands of locations
// holding the same sections, and a path string built anew would be hashed anew by every lookup.
const childPaths = new Map<string, Map<string, string>>();

function childPath(prefix: string, name: string): string {
  let byName = childPaths.get(prefix);
  if (!byName) {
    if (childPaths.size >= 10_000) childPaths.clear();
    childPaths.set(detachedString(prefix), (byName = new Map()));
  }
  let path = byName.get(name);
  if (path === undefined) {
    // The engine's one string for the path: rules compare it with their constants (text/detach.ts).
    path = internedString(detachedString(`${prefix}/${name}`));
    if (byName.size < 1_000) byName.set(detachedString(name), path);
  }
  return path;
}

export function collectSections(container: XmlElement, prefix: string, scope: ConfigScope, groups: Set<string>): void {
  const children = container.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (!prefix && (child.name === 'configSections' || child.name === 'location')) continue;
    const path = prefix ? childPath(prefix, child.name) : child.name;
    if (groups.has(path)) collectSections(child, path, scope, groups);
    else scope.sections.push({ path, element: child, scope });
  }
}

export function collectSites(root: XmlElement): SiteInfo[] {
  const sites = root.element('system.applicationHost')?.element('sites');
  if (!sites) return [];
  return sites.elements('site').map((site) => ({
    name: site.get('name') ?? '',
    id: site.get('id'),
    element: site,
    applications: site.elements('application').map((app) => ({
      path: app.get('path') ?? '/',
      physicalPath: app.element('virtualDirectory')?.get('physicalPath'),
      element: app,
    })),
    bindings: (site.element('bindings')?.elements('binding') ?? []).map((binding) => ({
      protocol: binding.get('protocol'),
      bindingInformation: binding.get('bindingInformation'),
      sslFlags: binding.get('sslFlags'),
      element: binding,
    })),
  }));
}

const NO_SECTIONS: readonly ConfigSection[] = Object.freeze([]);

/**
 * The scope's sections whose path is in `paths`: rules ask this of every scope of a host file, and
 * most have none (then a shared, frozen empty list).
 */
export function scopeSectionsIn(scope: ConfigScope, paths: ReadonlySet<string>): readonly ConfigSection[] {
  let found: ConfigSection[] | undefined;
  const sections = scope.sections;
  for (let i = 0; i < sections.length; i++) if (paths.has(sections[i].path)) (found ??= []).push(sections[i]);
  return found ?? NO_SECTIONS;
}

/** Every section with this path in the file, in document order of scopes. */
export function sectionsNamed(file: ConfigFile, path: string): ConfigSection[] {
  // Index loops: several rules ask this of files with thousands of locations, mostly while still
  // interpreted, where each step of for…of allocates; and most scopes hold none.
  const found: ConfigSection[] = [];
  const scopes = file.scopes;
  for (let s = 0; s < scopes.length; s++) {
    const sections = scopes[s].sections;
    for (let i = 0; i < sections.length; i++) if (sections[i].path === path) found.push(sections[i]);
  }
  return found;
}
