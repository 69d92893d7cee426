import { type ConfigFile, type ConfigScope, type SiteApplication, type SiteInfo } from '../model/configFile';
import { parseIisBool } from '../knowledge/schema';
import type { Workspace } from '../workspace';
import { exactSize } from '../exactSize';
import {
  isKeyPrefix,
  joinUrlPath,
  keyPrefixes,
  physicalPathSegments,
  trailingMatch,
  uriFolderSegments,
  urlPathKey,
  urlPathSegments,
} from './paths';

// Where every configuration file of the workspace sits in IIS's URL hierarchy, computed once per
// workspace generation. See index.ts for how web.config files are placed.

export type ConfigLevelName = 'server' | 'site' | 'application' | 'folder' | 'unknown';

/** A point in IIS's configuration hierarchy: a URL path under one applicationHost.config. */
export interface UrlTarget {
  /** The applicationHost.config that governs the path; undefined when none in the workspace does. */
  host: ConfigFile | undefined;
  /**
   * The URL path as IIS writes it in `<location path>` ('' = server level, `Site`, `Site/App/dir`)
   * when `known`; otherwise the folder of a web.config that could not be placed in a site.
   */
  path: string;
  /** False when the path could not be inferred: then only `host`'s server level and the web.config folder tree apply. */
  known: boolean;
}

export type PlacementEvidence = 'applicationHost' | 'physicalPath' | 'siteName' | 'folder';

export interface ScopePlacement {
  target: UrlTarget;
  level: ConfigLevelName;
  /** Site name as `<site name>` or the location path spells it, when the path is at or below a site. */
  site?: string;
  /** The `<site>` of the governing applicationHost.config, when it declares it. */
  siteInfo?: SiteInfo;
  /** The application that contains the path (the site's root application for the site itself). */
  application?: SiteApplication;
  /** How the path was found: a scope of applicationHost.config itself, a web.config matched by `physicalPath` or by folder name = site name, or not at all (`folder`). */
  inferredBy: PlacementEvidence;
}

/** One scope on the way from the server level down to a target, in the order IIS applies them. */
export interface ChainLink {
  scope: ConfigScope;
  /** Key of the path the scope applies to. */
  key: string;
  /** The scope's file is applicationHost.config (`host`) or a web.config (`web`). */
  origin: 'host' | 'web';
}

interface VirtualDirectoryEntry {
  site: SiteInfo;
  application: SiteApplication;
  urlPath: string;
  physical: string[];
}

export interface HostEntry {
  file: ConfigFile;
  folder: string[];
  roots: string[][];
  scopesByKey: Map<string, ConfigScope[]>;
  sitesByKey: Map<string, SiteInfo>;
  /** Site key → keys of its applications, longest first. */
  applicationKeys: Map<string, Array<{ key: string; application: SiteApplication }>>;
  /** Built when a web.config is first placed by its folder (virtualDirectoriesOf): a host file alone never needs it. */
  virtualDirectoriesByName: Map<string, VirtualDirectoryEntry[]> | undefined;
  /** web.config files placed at a known URL path, by key. */
  web: Map<string, WebEntry[]>;
  /** web.config files governed by this host but not placed in a site, by folder key. */
  unplaced: Map<string, WebEntry[]>;
  /** Site key → every URL path something is configured for (locations, web.config files), key → path as written. */
  configuredKeysBySite: Map<string, Map<string, string>>;
}

export interface WebEntry {
  file: ConfigFile;
  host: HostEntry | undefined;
  /** URL path when `known`, else the folder as `a/b/c`. */
  path: string;
  key: string;
  known: boolean;
  inferredBy: PlacementEvidence;
  locations: Array<{ key: string; path: string; scope: ConfigScope }>;
}

export interface WorkspaceIndex {
  generation: number;
  hosts: HostEntry[];
  hostByUri: Map<string, HostEntry>;
  webByUri: Map<string, WebEntry>;
  /** web.config files with no applicationHost.config, by folder key. */
  standalone: Map<string, WebEntry[]>;
  /**
   * What effective/index.ts remembers for this generation (placements, merges, targets), kept on the
   * index so that it dies with it and is found without a lookup in a weak map on every query.
   */
  memos?: unknown;
}

/** Folder keys live in their own key space so they never collide with URL path keys. */
const FOLDER = '\u0001';

/** Folders that hold applicationHost.config itself rather than the sites it serves. */
const CONFIG_HOME_FOLDERS = new Set(['config', 'inetsrv', 'system32', 'sysnative', 'windows', 'iisexpress']);

const cache = new WeakMap<Workspace, WorkspaceIndex>();

export function workspaceIndex(workspace: Workspace): WorkspaceIndex {
  const cached = cache.get(workspace);
  if (cached && cached.generation === workspace.generation) return cached;
  const index = buildIndex(workspace);
  cache.set(workspace, index);
  return index;
}

/**
 * After an edit of one applicationHost.config that moved no scope, site or application
 * (ConfigSplice.placementsKept), the index built for the previous file serves the new one: the same
 * scope and site objects, the host entry pointing at the new file. A new index object all the same, so
 * the memos keyed by it (placements, merges) start afresh. Nothing happens unless the cached index was
 * built from exactly the workspace's other files and `previous`.
 */
export function carryWorkspaceIndex(workspace: Workspace, previous: ConfigFile, file: ConfigFile): void {
  const cached = cache.get(workspace);
  if (!cached || cached.generation === workspace.generation || file.kind !== 'applicationHost') return;
  const host = cached.hostByUri.get(file.uri);
  if (!host || host.file !== previous) return;
  for (const [uri, entry] of cached.hostByUri) if (uri !== file.uri && workspace.get(uri) !== entry.file) return;
  for (const [uri, entry] of cached.webByUri) if (workspace.get(uri) !== entry.file) return;
  const indexed = cached.hostByUri.size + cached.webByUri.size;
  let files = 0;
  for (const uri of workspace.uris()) {
    const kind = workspace.get(uri)?.kind;
    if (kind === 'applicationHost' || kind === 'web') files++;
  }
  if (files !== indexed) return;
  host.file = file;
  // The memos describe the previous file's scopes: the new index starts without them.
  cache.set(workspace, { ...cached, generation: workspace.generation, memos: undefined });
}

function buildIndex(workspace: Workspace): WorkspaceIndex {
  const index: WorkspaceIndex = {
    generation: workspace.generation,
    hosts: [],
    hostByUri: new Map(),
    webByUri: new Map(),
    standalone: new Map(),
  };
  const uris = workspace.uris().filter((uri) => !workspace.isServerFile(uri)).sort();
  for (const uri of uris) {
    const file = workspace.get(uri);
    if (!file || file.kind !== 'applicationHost') continue;
    const host = indexHost(file);
    index.hosts.push(host);
    index.hostByUri.set(uri, host);
  }
  const serverHosts: HostEntry[] = [];
  for (const uri of workspace.serverFileUris()) {
    const file = workspace.get(uri);
    if (!file || file.kind !== 'applicationHost') continue;
    const host = indexHost(file);
    serverHosts.push(host);
    index.hostByUri.set(uri, host);
  }
  for (const uri of uris) {
    const file = workspace.get(uri);
    if (!file || file.kind !== 'web') continue;
    const entry = placeWebConfig(file, index.hosts, serverHosts);
    index.webByUri.set(uri, entry);
    const bucket = entry.host ? (entry.known ? entry.host.web : entry.host.unplaced) : index.standalone;
    push(bucket, entry.key, entry);
    if (entry.host && entry.known) {
      noteConfigured(entry.host, entry.key, entry.path);
      for (const location of entry.locations) noteConfigured(entry.host, location.key, location.path);
    }
  }
  return index;
}

function indexHost(file: ConfigFile): HostEntry {
  const folder = (uriFolderSegments(file.uri) ?? []).map((s) => s.toLowerCase());
  const host: HostEntry = {
    file,
    folder,
    roots: hostRoots(folder),
    scopesByKey: new Map(),
    sitesByKey: new Map(),
    applicationKeys: new Map(),
    virtualDirectoriesByName: undefined,
    web: new Map(),
    unplaced: new Map(),
    configuredKeysBySite: new Map(),
  };
  const scopes = file.scopes;
  for (let i = 0; i < scopes.length; i++) {
    const key = urlPathKey(scopes[i].path);
    push(host.scopesByKey, key, scopes[i]);
    if (key !== '') noteConfigured(host, key, scopes[i].path);
  }
  const sites = file.sites;
  for (let s = 0; s < sites.length; s++) {
    const site = sites[s];
    const siteKey = urlPathKey(site.name);
    if (!siteKey) continue;
    host.sitesByKey.set(siteKey, site);
    const applications: Array<{ key: string; application: SiteApplication }> = [];
    for (let a = 0; a < site.applications.length; a++) {
      const application = site.applications[a];
      applications.push({ key: urlPathKey(joinUrlPath(site.name, application.path)), application });
    }
    sortLongestFirst(applications);
    host.applicationKeys.set(siteKey, applications);
  }
  return host;
}

/**
 * Longest key first, equal lengths in their order (as a stable sort): a site holds a handful of
 * applications, and Array.prototype.sort's working copy for each of thousands of sites showed.
 */
function sortLongestFirst(applications: Array<{ key: string }>): void {
  for (let i = 1; i < applications.length; i++) {
    const moving = applications[i];
    let j = i - 1;
    while (j >= 0 && applications[j].key.length < moving.key.length) {
      applications[j + 1] = applications[j];
      j--;
    }
    applications[j + 1] = moving;
  }
}

/** The host's virtual directories by the last name of their physicalPath, indexed on first use. */
function virtualDirectoriesOf(host: HostEntry): Map<string, VirtualDirectoryEntry[]> {
  if (host.virtualDirectoriesByName) return host.virtualDirectoriesByName;
  const byName = new Map<string, VirtualDirectoryEntry[]>();
  for (const site of host.file.sites) {
    if (!urlPathKey(site.name)) continue;
    for (const application of site.applications) {
      const applicationPath = joinUrlPath(site.name, application.path);
      for (const directory of application.element.elements('virtualDirectory')) {
        const physicalPath = directory.get('physicalPath');
        if (!physicalPath) continue;
        const physical = physicalPathSegments(physicalPath);
        if (physical.length === 0) continue;
        const entry: VirtualDirectoryEntry = {
          site,
          application,
          urlPath: joinUrlPath(applicationPath, directory.get('path') ?? '/'),
          physical,
        };
        push(byName, physical[physical.length - 1].toLowerCase(), entry);
      }
    }
  }
  return (host.virtualDirectoriesByName = byName);
}

/**
 * Folders under which the web.config files this applicationHost.config serves are expected: its
 * folder's parent, and the folder above the IIS install or Visual Studio folders that hold it
 * (`inetsrv/config`, `.vs/<solution>/config`).
 */
function hostRoots(folder: string[]): string[][] {
  const roots: string[][] = [folder.slice(0, Math.max(0, folder.length - 1))];
  let root = folder.slice();
  const vs = root.lastIndexOf('.vs');
  if (vs >= 0) root = root.slice(0, vs);
  while (root.length > 0 && CONFIG_HOME_FOLDERS.has(root[root.length - 1])) root.pop();
  roots.push(root);
  return roots;
}

/**
 * The host that governs a web.config: one of the workspace's, else one of the server files named
 * in the settings (in their order: the first that lists the folder as a site, else the first).
 */
function placeWebConfig(file: ConfigFile, hosts: HostEntry[], serverHosts: HostEntry[]): WebEntry {
  const folderNames = uriFolderSegments(file.uri);
  const folder = folderNames ?? [file.uri];
  const lower = folder.map((s) => s.toLowerCase());
  let ranked = folderNames ? governingHosts(lower, hosts) : [];
  if (ranked.length === 0) ranked = serverHosts.map((host, i) => ({ host, shared: serverHosts.length - i }));
  const candidates = ranked.map((r) => r.host);

  for (const host of candidates) {
    const placed = byPhysicalPath(folder, host);
    if (placed) return webEntry(file, host, placed, true, 'physicalPath');
  }
  for (const host of candidates) {
    const placed = bySiteName(folder, host);
    if (placed !== undefined) return webEntry(file, host, placed, true, 'siteName');
  }
  // Unplaced, it inherits the server level of the nearest applicationHost.config only when that one is unambiguous.
  const nearest = ranked.length === 1 || (ranked.length > 1 && ranked[0].shared > ranked[1].shared) ? ranked[0].host : undefined;
  return webEntry(file, nearest, folder.join('/'), false, 'folder');
}

function governingHosts(folder: string[], hosts: HostEntry[]): Array<{ host: HostEntry; shared: number }> {
  const governing = hosts.filter((h) => h.roots.some((root) => isFolderPrefix(root, folder)));
  const ranked = (governing.length > 0 ? governing : hosts.length === 1 ? hosts : []).map((host) => ({
    host,
    shared: sharedLength(host.folder, folder),
  }));
  ranked.sort((a, b) => b.shared - a.shared);
  return ranked;
}

/** The deepest folder whose trailing names match a virtual directory's physicalPath decides. */
function byPhysicalPath(folder: string[], host: HostEntry): string | undefined {
  let best: { score: number; path: string; ambiguous: boolean } | undefined;
  for (let depth = folder.length; depth > 0; depth--) {
    const candidates = virtualDirectoriesOf(host).get(folder[depth - 1].toLowerCase());
    if (!candidates) continue;
    const ancestor = folder.slice(0, depth);
    for (const directory of candidates) {
      const score = trailingMatch(ancestor, directory.physical);
      const path = joinUrlPath(directory.urlPath, ...folder.slice(depth));
      if (!best || score > best.score) best = { score, path, ambiguous: false };
      // Equally good matches in different places (`App` under many sites) say nothing: no guess.
      else if (score === best.score && urlPathKey(path) !== urlPathKey(best.path)) best.ambiguous = true;
    }
  }
  return best && !best.ambiguous ? best.path : undefined;
}

function bySiteName(folder: string[], host: HostEntry): string | undefined {
  for (let depth = folder.length; depth > 0; depth--) {
    const site = host.sitesByKey.get(folder[depth - 1].toLowerCase());
    if (site) return joinUrlPath(site.name, ...folder.slice(depth));
  }
  return undefined;
}

function webEntry(file: ConfigFile, host: HostEntry | undefined, path: string, known: boolean, inferredBy: PlacementEvidence): WebEntry {
  const key = known ? urlPathKey(path) : FOLDER + path.toLowerCase();
  const locations = file.scopes
    .filter((scope) => scope.location)
    .map((scope) => ({
      scope,
      key: urlPathSegments(scope.path).length === 0 ? key : `${key}/${urlPathKey(scope.path)}`,
      path: known ? joinUrlPath(path, scope.path) : [path, ...urlPathSegments(scope.path)].join('/'),
    }))
    .sort((a, b) => a.key.length - b.key.length);
  return { file, host, path, key, known, inferredBy, locations };
}

export function targetKey(target: UrlTarget): string {
  return target.known ? urlPathKey(target.path) : FOLDER + target.path.toLowerCase();
}

/** The scopes that apply to a target, outer first: what IIS merges for that URL path. */
export function scopeChain(index: WorkspaceIndex, target: UrlTarget): ChainLink[] {
  const host = target.host ? index.hostByUri.get(target.host.uri) : undefined;
  const key = targetKey(target);
  const links: ChainLink[] = [];
  // Index loops: once per path the rules ask about, thousands in a host file, mostly while interpreted.
  const prefixes = keyPrefixes(key);
  if (host) {
    for (let p = 0; p < (target.known ? prefixes.length : 1); p++) {
      const prefix = prefixes[p];
      const scopes = host.scopesByKey.get(prefix);
      if (!scopes) continue;
      for (let i = 0; i < scopes.length; i++) {
        if (appliesAcrossApplications(host, scopes[i], prefix, key)) links.push({ scope: scopes[i], key: prefix, origin: 'host' });
      }
    }
  }
  const web = host ? (target.known ? host.web : host.unplaced) : index.standalone;
  // Kept for the generation by the target's memo.
  if (web.size === 0) return exactSize(links);
  for (const prefix of prefixes) {
    for (const entry of web.get(prefix) ?? []) {
      for (const scope of entry.file.scopes) {
        if (!scope.location) links.push({ scope, key: entry.key, origin: 'web' });
      }
      for (const location of entry.locations) {
        if (isKeyPrefix(location.key, key) && appliesAcrossApplications(host, location.scope, location.key, key)) {
          links.push({ scope: location.scope, key: location.key, origin: 'web' });
        }
      }
    }
  }
  return links;
}

/** `inheritInChildApplications="false"` keeps a location's settings out of applications below it. */
function appliesAcrossApplications(host: HostEntry | undefined, scope: ConfigScope, scopeKey: string, targetKeyValue: string): boolean {
  const inherit = scope.location?.get('inheritInChildApplications');
  if (inherit === undefined || parseIisBool(inherit) !== false || scopeKey === targetKeyValue) return true;
  if (!host || scopeKey.startsWith(FOLDER)) return true;
  return applicationKeyOf(host, scopeKey) === applicationKeyOf(host, targetKeyValue);
}

export function applicationKeyOf(host: HostEntry, key: string): string {
  const siteKey = key.split('/')[0];
  for (const app of host.applicationKeys.get(siteKey) ?? []) {
    if (isKeyPrefix(app.key, key)) return app.key;
  }
  return siteKey;
}

/** Where a scope of a file sits: its URL path under the governing applicationHost.config. */
export function placeScope(index: WorkspaceIndex, file: ConfigFile, scope: ConfigScope): ScopePlacement {
  const hostEntry = index.hostByUri.get(file.uri);
  if (hostEntry) {
    const target: UrlTarget = { host: file, path: joinUrlPath(scope.path), known: true };
    return describe(hostEntry, target, 'applicationHost');
  }
  const entry = index.webByUri.get(file.uri) ?? webEntry(file, undefined, (uriFolderSegments(file.uri) ?? [file.uri]).join('/'), false, 'folder');
  const location = scope.location ? entry.locations.find((l) => l.scope === scope) : undefined;
  const target: UrlTarget = { host: entry.host?.file, path: location?.path ?? entry.path, known: entry.known };
  if (!entry.known) return { target, level: 'unknown', inferredBy: entry.inferredBy };
  return describe(entry.host!, target, entry.inferredBy);
}

function describe(host: HostEntry, target: UrlTarget, inferredBy: PlacementEvidence): ScopePlacement {
  // The key has the path's segments, lower-cased: no need to split the path again for each scope.
  const key = urlPathKey(target.path);
  if (key === '') return { target, level: 'server', inferredBy };
  const slash = key.indexOf('/');
  const siteKey = slash < 0 ? key : key.slice(0, slash);
  const siteInfo = host.sitesByKey.get(siteKey);
  const applications = host.applicationKeys.get(siteKey) ?? [];
  const containing = applications.find((a) => isKeyPrefix(a.key, key));
  let level: ConfigLevelName;
  if (slash < 0) level = 'site';
  else level = applications.some((a) => a.key === key) ? 'application' : 'folder';
  return { target, level, site: siteInfo?.name ?? urlPathSegments(target.path)[0], siteInfo, application: containing?.application, inferredBy };
}

/** Every URL path with its own configuration strictly below `key`, as key → path. */
export function configuredPathsBelow(index: WorkspaceIndex, host: ConfigFile | undefined, key: string): Map<string, string> {
  const found = new Map<string, string>();
  const entry = host ? index.hostByUri.get(host.uri) : undefined;
  if (!entry) return found;
  // forEach rather than for…of over entries: no pair array per entry, for every path a rule asks about.
  const note = (path: string, k: string) => {
    if (k !== key && isKeyPrefix(key, k)) found.set(k, path);
  };
  if (key === '') {
    entry.configuredKeysBySite.forEach((map) => map.forEach(note));
    return found;
  }
  const slash = key.indexOf('/');
  entry.configuredKeysBySite.get(slash < 0 ? key : key.slice(0, slash))?.forEach(note);
  return found;
}

/** Deeper targets with their own configuration below an unplaced web.config folder (its subfolders' web.config files and locations). */
export function unplacedTargetsBelow(index: WorkspaceIndex, target: UrlTarget): UrlTarget[] {
  const host = target.host ? index.hostByUri.get(target.host.uri) : undefined;
  const bucket = host ? host.unplaced : index.standalone;
  const key = targetKey(target);
  const found: UrlTarget[] = [];
  const add = (k: string, path: string) => {
    if (k !== key && isKeyPrefix(key, k)) found.push({ host: target.host, path, known: false });
  };
  for (const [k, entries] of bucket) {
    if (!isKeyPrefix(key, k)) continue;
    for (const entry of entries) {
      add(entry.key, entry.path);
      for (const location of entry.locations) add(location.key, location.path);
    }
  }
  return found;
}

function noteConfigured(host: HostEntry, key: string, path: string): void {
  if (key === '' || key.startsWith(FOLDER)) return;
  const slash = key.indexOf('/');
  const site = slash < 0 ? key : key.slice(0, slash);
  let map = host.configuredKeysBySite.get(site);
  if (!map) host.configuredKeysBySite.set(site, (map = new Map()));
  if (!map.has(key)) map.set(key, joinUrlPath(path));
}

function isFolderPrefix(prefix: string[], folder: string[]): boolean {
  if (prefix.length > folder.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== folder[i]) return false;
  return true;
}

function sharedLength(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
