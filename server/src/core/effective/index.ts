/**
 * The configuration as IIS sees it for a URL path, across the files of the workspace.
 *
 * IIS applies, outer first, inner overriding:
 *   1. applicationHost.config's own level (the server), and its `<location path="">` / `path="."`;
 *   2. applicationHost.config's `<location path="Site">`, `"Site/App"`, `"Site/App/dir"` … for every
 *      ancestor of the path (a location applies to its path and everything below it, unless it says
 *      `inheritInChildApplications="false"` and the path is in another application);
 *   3. the web.config files from the site's root folder down, each followed by its own `<location>`s
 *      (their paths are relative to that web.config's folder).
 *
 * Placing a web.config (which URL path its folder serves) is inferred, in this order:
 *   a. The governing applicationHost.config: the one whose folder's parent, or the folder above the
 *      IIS / Visual Studio folders holding it (`inetsrv/config`, `.vs/<solution>/config`), is an
 *      ancestor of the web.config; the nearest such file (longest shared folder path) is tried first.
 *      With none, a workspace with exactly one applicationHost.config uses that one.
 *   b. Its `<virtualDirectory physicalPath>`s: the folder (or an ancestor) whose trailing folder names
 *      match the end of a physicalPath, case-insensitively, environment variables (`%SystemDrive%`)
 *      and drive letters ignored; the longest match wins, and equally good matches in different
 *      places give no answer rather than a guess.
 *   c. Failing that, an ancestor folder named like a `<site name>`.
 *   d. Otherwise the web.config is unplaced: its folder tree still inherits from parent web.config
 *      files and from the server level of the governing applicationHost.config (if any); `known` is
 *      false in its UrlTarget and rules say that they could not tell the path.
 * With no applicationHost.config at all, IIS's defaults (knowledge/schema.ts) stand in for the
 * server level, and a lone file is reasoned about on its own.
 *
 * Everything is computed from an index built once per `workspace.generation` (locations by path,
 * sites, web.config placements), so no query scans files; results are memoised per generation.
 */
import type { ConfigFile, ConfigScope, ConfigSection } from '../model/configFile';
import type { Workspace } from '../workspace';
import { contributingSections, mergeSections, type EffectiveElement } from './merge';
import { unlockDecision, type UnlockDecision, type UnlockQuery } from './locking';
import { joinUrlPath, urlPathKey, urlPathSegments } from './paths';
import {
  configuredPathsBelow,
  placeScope,
  scopeChain,
  targetKey,
  unplacedTargetsBelow,
  workspaceIndex,
  type ChainLink,
  type ScopePlacement,
  type WorkspaceIndex,
  type UrlTarget,
} from './workspaceIndex';
import { detachedString } from '../text/detach';

export type { EffectiveAttribute, EffectiveElement, EffectiveEntry } from './merge';
export { effectiveBool } from './merge';
export type { UnlockDecision, UnlockDecider, UnlockQuery } from './locking';
export type { ChainLink, ConfigLevelName, PlacementEvidence, ScopePlacement, UrlTarget } from './workspaceIndex';
export { urlPathKey, urlPathSegments, joinUrlPath } from './paths';

/**
 * Shared by every target the same section instances contribute to (a site and its applications
 * that set nothing of their own, the thousands of paths that only inherit the server's defaults):
 * read-only for every reader.
 */
export interface EffectiveSection extends EffectiveElement {
  /** Full section path, e.g. `system.webServer/security/access`. */
  path: string;
  /** Every instance of the section that contributed, outer first (empty: only IIS defaults apply). */
  sections: ConfigSection[];
}

/** Where a scope of a file applies: URL path, level (server/site/application/folder), site, and how that was inferred. */
export function resolveUrlPathOfScope(workspace: Workspace, file: ConfigFile, scope: ConfigScope): ScopePlacement {
  const index = workspaceIndex(workspace);
  const placements = memosOf(index).placements;
  let placement = placements.get(scope);
  if (!placement || placement.file !== file) placements.set(scope, (placement = { file, placement: placeScope(index, file, scope) }));
  return placement.placement;
}

/**
 * What is remembered per workspace generation: where scopes sit (several rules place the same
 * scopes), the merge tries, and each target's chain and merged sections.
 */
interface IndexMemos {
  placements: Map<ConfigScope, { file: ConfigFile; placement: ScopePlacement }>;
  tries: Map<string, MergeNode>;
  targets: Map<ConfigFile | undefined, HostMemos>;
}

function memosOf(index: WorkspaceIndex): IndexMemos {
  return (index.memos ??= { placements: new Map(), tries: new Map(), targets: new Map() }) as IndexMemos;
}

/**
 * A target for a URL path written as in `<location path>`, under the given applicationHost.config
 * (by default the only one in the workspace, or the first by URI when there are several).
 */
export function urlTarget(workspace: Workspace, path: string, host?: ConfigFile): UrlTarget {
  const index = workspaceIndex(workspace);
  return { host: host ?? index.hosts[0]?.file, path: joinUrlPath(path), known: true };
}

/** The merged section for a path: attributes (with their source or IIS's default), child elements, and collection entries with their sources. */
export function effectiveSection(workspace: Workspace, target: UrlTarget, sectionPath: string): EffectiveSection {
  return targetMemo(workspaceIndex(workspace), target).section(sectionPath);
}

/** The merged sections of one target, for a reader that asks for several (authenticationAt asks for nine). */
export interface SectionsAt {
  section(sectionPath: string): EffectiveSection;
}

/** The target is looked up once for all the sections asked of the result: effectiveSection without the repeated lookups. */
export function sectionsAt(workspace: Workspace, target: UrlTarget): SectionsAt {
  return targetMemo(workspaceIndex(workspace), target);
}

const slots = new Map<string, number>();
const MAX_SLOTS = 64;

function sectionSlot(sectionPath: string): number {
  let slot = slots.get(sectionPath);
  if (slot === undefined) {
    if (slots.size >= MAX_SLOTS) return -1;
    slots.set(detachedString(sectionPath), (slot = slots.size));
  }
  return slot;
}

/**
 * A merged section depends only on the section instances that contribute to it, so paths with the
 * same ones share one merge: a trie per section path, keyed by instance.
 */
interface MergeNode {
  merged?: EffectiveSection;
  /** Most nodes have one way on (one site's own instance): a map only once there is a second. */
  onlySection?: ConfigSection;
  onlyNext?: MergeNode;
  next?: Map<ConfigSection, MergeNode>;
}

function nextNode(node: MergeNode, section: ConfigSection): MergeNode {
  if (node.onlySection === section) return node.onlyNext!;
  if (!node.onlySection) {
    node.onlySection = section;
    return (node.onlyNext = {});
  }
  node.next ??= new Map();
  let child = node.next.get(section);
  if (!child) node.next.set(section, (child = {}));
  return child;
}

function sharedMerge(index: WorkspaceIndex, sectionPath: string, chain: ChainLink[]): EffectiveSection {
  const tries = memosOf(index).tries;
  let node = tries.get(sectionPath);
  if (!node) tries.set(sectionPath, (node = {}));
  // Walked along the chain without collecting the instances first: most lookups find the merge done.
  // Index loops: for…of allocates at every step while the code is still interpreted, and this runs
  // for every section of every path a rule asks about.
  for (let l = 0; l < chain.length; l++) {
    const sections = chain[l].scope.sections;
    for (let i = 0; i < sections.length; i++) {
      if (sections[i].path === sectionPath) node = nextNode(node, sections[i]);
    }
  }
  if (!node.merged) {
    node.merged = mergeSections(contributingSections(chain, sectionPath), sectionPath);
  }
  return node.merged;
}

/** What is known of one target in this generation: its scope chain and the sections merged for it. */
class TargetMemo implements SectionsAt {
  readonly bySlot: Array<EffectiveSection | undefined> = [];
  /** Sections beyond the numbered ones (section paths a file invents). */
  private sections: Map<string, EffectiveSection> | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    readonly chain: ChainLink[],
  ) {}

  section(sectionPath: string): EffectiveSection {
    // The sections rules ask about have small numbers: a slot per path and target instead of a map per target.
    const slot = sectionSlot(sectionPath);
    const cached = slot >= 0 ? this.bySlot[slot] : this.sections?.get(sectionPath);
    if (cached) return cached;
    const result = sharedMerge(this.index, sectionPath, this.chain);
    if (slot >= 0) this.bySlot[slot] = result;
    else (this.sections ??= new Map()).set(sectionPath, result);
    return result;
  }
}

// Rules ask for several sections of thousands of paths: nested maps by host and path key, so that a
// lookup builds no composite string key, with the paths as written in front (most lookups repeat a
// path object whose key is already known). Keyed by the index, so each workspace generation starts afresh.
interface HostMemos {
  byKey: Map<string, TargetMemo>;
  byPath: Map<string, TargetMemo>;
  byFolder: Map<string, TargetMemo>;
}

function targetMemo(index: WorkspaceIndex, target: UrlTarget): TargetMemo {
  const byHost = memosOf(index).targets;
  let memos = byHost.get(target.host);
  if (!memos) byHost.set(target.host, (memos = { byKey: new Map(), byPath: new Map(), byFolder: new Map() }));
  const byPath = target.known ? memos.byPath : memos.byFolder;
  let memo = byPath.get(target.path);
  if (memo) return memo;
  const key = targetKey(target);
  memo = memos.byKey.get(key);
  if (!memo) memos.byKey.set(key, (memo = new TargetMemo(index, scopeChain(index, target))));
  byPath.set(target.path, memo);
  return memo;
}

/**
 * Whether a web.config may set `sectionPath` at the target (500.19 / 0x80070021 when not), and the
 * element that decides: a `<location overrideMode>` / `allowOverride`, the section's declaration, or
 * IIS's default when no applicationHost.config in the workspace governs the path. Pass the file (and
 * scope) that sets the section so that its own and deeper files are not counted as its parents.
 */
export function isSectionUnlockedFor(workspace: Workspace, target: UrlTarget, sectionPath: string, query?: UnlockQuery): UnlockDecision {
  return unlockDecision(workspaceIndex(workspace), target, sectionPath, query);
}

/** The scopes IIS merges for the target, outer first (for explanations such as an effective-settings lens). */
export function scopesFor(workspace: Workspace, target: UrlTarget): ChainLink[] {
  return scopeChain(workspaceIndex(workspace), target);
}

/**
 * URL targets met so far, placed and unplaced apart (the same path can be both), by the remembered
 * key of their path: rules that judge each path once ask this of every scope of a host file.
 */
export class TargetSet {
  private readonly placed = new Set<string>();
  private readonly unplaced = new Set<string>();

  /** Adds the target; false when it was already in the set. */
  add(target: UrlTarget): boolean {
    const seen = target.known ? this.placed : this.unplaced;
    const key = urlPathKey(target.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }
}

/**
 * The target itself and every deeper URL path that has its own configuration in the workspace
 * (locations of applicationHost.config, web.config files and their locations; for an unplaced
 * web.config, the web.config files of its subfolders).
 */
export function configuredTargetsUnder(workspace: Workspace, target: UrlTarget): UrlTarget[] {
  if (!target.known) return [target, ...unplacedTargetsBelow(workspaceIndex(workspace), target)];
  const below = configuredPathsBelow(workspaceIndex(workspace), target.host, urlPathKey(target.path));
  return [target, ...[...below.values()].map((path) => ({ host: target.host, path, known: true }))];
}

/** The applicationHost.config that governs a file (itself for an applicationHost.config). */
export function governingApplicationHost(workspace: Workspace, file: ConfigFile): ConfigFile | undefined {
  const index = workspaceIndex(workspace);
  if (index.hostByUri.has(file.uri)) return file;
  return index.webByUri.get(file.uri)?.host?.file;
}

/** True when the workspace holds at least one applicationHost.config. */
export function hasApplicationHost(workspace: Workspace): boolean {
  return workspaceIndex(workspace).hosts.length > 0;
}

/**
 * Whether a scope is below the site level (an application, a folder, a file): true or false when
 * the workspace shows it, undefined when a web.config could not be placed. A `<location path>` inside
 * a web.config always points below that web.config, which is at site level at best.
 */
export function isBelowSiteLevel(placement: ScopePlacement, scope: ConfigScope): boolean | undefined {
  if (placement.target.known) return placement.level === 'application' || placement.level === 'folder';
  if (scope.file.kind === 'web' && scope.location && urlPathSegments(scope.path).length > 0) return true;
  return undefined;
}
