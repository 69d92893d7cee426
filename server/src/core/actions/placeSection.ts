// Putting a section into a `<location>` of a configuration file, and taking one out: shared by the
// moves (same file and across files) and by the unlock fix. The target location and the wrapper
// elements (`system.webServer`, `security`, `authentication`) are created only when missing; an
// existing section is merged into rather than duplicated.
import { normalizeLocationPath, samePath, type ConfigFile } from '../model/configFile';
import type { XmlDocument, XmlElement } from '../xml/document';
import {
  appendChild,
  blockFromSource,
  emptyWithout,
  escapeAttributeValue,
  insertBefore,
  removeNode,
  textStyleOf,
  wrapBlock,
  type Block,
  type SpanEdit,
} from './edits';
import { dataSpansOf, planMerge, type ConflictPolicy, type MergePlan, type MergeSide } from './mergeElements';

export interface Placement extends MergePlan {
  /** True when a new `<location>` is written. */
  createsLocation: boolean;
  /** True when the target already had the section and the source is merged into it. */
  merges: boolean;
}

export interface PlacementOptions {
  policy: ConflictPolicy;
  /** Extra attribute text for a new location, e.g. ` overrideMode="Allow"`. */
  locationAttributes?: string;
  /** Which existing locations qualify (e.g. only those with overrideMode="Allow"). */
  acceptLocation?: (location: XmlElement) => boolean;
  /**
   * Write a new location (or, at file level, new wrappers) before this child of `<configuration>`;
   * otherwise a new location goes before the first location below the path, or at the end.
   */
  before?: XmlElement;
  /** Whether an existing section is merged into; otherwise the source is appended as a new one. */
  merge?: boolean;
}

/** The `<location>` elements of the file for a path, best candidate first. */
export function locationsFor(file: ConfigFile, path: string, accept: (location: XmlElement) => boolean = () => true): XmlElement[] {
  return file.scopes
    .filter((scope) => scope.location && samePath(scope.path, path) && accept(scope.location))
    .map((scope) => scope.location!);
}

/**
 * Element names from inside a `<location>` (or `<configuration>`) down to the section:
 * `system.webServer/security/authentication/iisClientCertificateMappingAuthentication` → four names.
 */
export function sectionNames(sectionPath: string): string[] {
  return sectionPath.split('/');
}

/** The deepest element of the `names` chain that exists below `container`, and how many names it got through. */
export function deepest(container: XmlElement, names: string[]): { element: XmlElement; depth: number } {
  let element = container;
  let depth = 0;
  for (const name of names) {
    const child = element.element(name);
    if (!child) break;
    element = child;
    depth++;
  }
  return { element, depth };
}

/**
 * Edits in `target` that put the source section under `<location path>` (or at the file's own
 * level when `path` is undefined).
 */
export function placeSection(
  source: MergeSide | { block: Block },
  sectionPath: string,
  target: ConfigFile,
  path: string | undefined,
  options: PlacementOptions,
): Placement {
  const doc = target.xml;
  const style = textStyleOf(doc);
  const names = sectionNames(sectionPath);
  const sectionBlock =
    'block' in source ? source.block : blockFromSource(source.doc, [source.element.span], source.style.unit, style.unit, dataSpansOf(source.element));
  const configuration = target.configuration;
  const empty: Placement = { edits: [], conflicts: [], identicalEntries: 0, createsLocation: false, merges: false };
  if (!configuration) return { ...empty, blocked: `${target.uri} has no <configuration> element` };

  let container: XmlElement | undefined;
  if (path === undefined) container = configuration;
  else {
    const candidates = locationsFor(target, path, options.acceptLocation);
    // Prefer the location that already holds the section, then the one with most of its wrappers.
    container = candidates
      .map((location) => ({ location, depth: deepest(location, names).depth }))
      .sort((a, b) => b.depth - a.depth)[0]?.location;
  }

  if (!container) {
    const block = wrapBlock(wrapIn(sectionBlock, names.slice(0, -1), style.unit), 'location', style.unit, ` path="${escapeAttributeValue(path!)}"${options.locationAttributes ?? ''}`);
    const before = options.before ?? firstLocationBelow(target, path!);
    const edit = before ? insertBefore(doc, before, block, style) : appendChild(doc, configuration, block, style);
    return { ...empty, edits: [edit], createsLocation: true };
  }

  const found = deepest(container, names);
  if (found.depth === names.length && options.merge !== false) {
    if ('block' in source) return { ...empty, blocked: `the section is already there`, merges: true };
    const plan = planMerge(source, { doc, element: found.element, style }, options.policy);
    return { ...plan, createsLocation: false, merges: true };
  }
  const parentDepth = Math.min(found.depth, names.length - 1);
  let parent = container;
  for (const name of names.slice(0, parentDepth)) parent = parent.element(name)!;
  const block = wrapIn(sectionBlock, names.slice(parentDepth, -1), style.unit);
  // New wrappers directly under <configuration> go before the given element when asked (a moved
  // section's own location, so that the insertion never lands inside what the move removes).
  if (parent === configuration && options.before) return { ...empty, edits: [insertBefore(doc, options.before, block, style)] };
  return { ...empty, edits: [appendChild(doc, parent, block, style)] };
}

function wrapIn(block: Block, wrappers: string[], unit: string): Block {
  return wrappers.reduceRight((inner, name) => wrapBlock(inner, name, unit), block);
}

function firstLocationBelow(file: ConfigFile, path: string): XmlElement | undefined {
  const prefix = normalizeLocationPath(path).toLowerCase() + '/';
  return file.scopes.find((scope) => scope.location && scope.path.toLowerCase().startsWith(prefix))?.location;
}

/** Wrapper elements that are removed with the section when nothing else is left in them. */
const REMOVABLE_WRAPPERS = new Set(['authentication', 'security', 'system.webServer', 'location']);

/**
 * Removes an element, and with it each enclosing wrapper that would be left empty: not even a
 * comment or another attribute-carrying element remains in what is removed.
 */
export function removeWithEmptiedWrappers(doc: XmlDocument, element: XmlElement): SpanEdit {
  let node = element;
  while (node.parent && REMOVABLE_WRAPPERS.has(node.parent.name) && node.parent.parent && emptyWithout(doc, node.parent, [node.span])) {
    node = node.parent;
  }
  return removeNode(doc.text, node.span);
}
