import { spliceDocument, type TextEdit } from '../xml/splice';
import type { XmlElement } from '../xml/document';
import { classifyConfigFile } from './fileRole';
import { collectSections, collectSites, configFileOf, inheritSectionGroups, sectionGroupsOf, type ConfigFile, type ConfigScope } from './configFile';

/**
 * The file after an edit inside one element, from the previous file: the edited element's content is
 * scanned again (xml/splice.ts), and only the scope that holds it reads its sections again (the edited
 * `<location>`, or the file's own level with the sites). Every other scope, section and element is
 * the previous one, moved; the previous file must not be read afterwards. Undefined when the edit
 * is not inside one element's content or changes declarations: the caller parses the whole text.
 */
export function spliceConfigFile(previous: ConfigFile, text: string, edit: TextEdit): ConfigFile | undefined {
  const root = previous.configuration;
  const groups = sectionGroupsOf(previous);
  if (!root || !groups || previous.xml.root !== root) return undefined;
  const top = rootChildHolding(root, edit.start, edit.oldEnd);
  // Declarations decide which elements are sections, in every scope.
  if (!top || top.name === 'configSections') return undefined;
  const location = top.name === 'location' ? previous.scopes.find((scope) => scope.location === top) : undefined;
  if (top.name === 'location' && !location) return undefined;

  const spliced = spliceDocument(previous.xml, text, edit);
  if (!spliced) return undefined;
  splicedAway.add(previous);
  const xml = spliced.xml;
  const kind = classifyConfigFile(previous.uri, xml);
  // The old tree has moved: from here on the file is built from the new one, one way or another.
  if (kind !== previous.kind) return configFileOf(previous.uri, xml);

  const scope: ConfigScope = location ?? previous.scopes[0];
  const file: ConfigFile = {
    uri: previous.uri,
    kind,
    xml,
    configuration: root,
    declarations: previous.declarations,
    scopes: previous.scopes.slice(),
    sites: previous.sites,
  };
  for (const each of file.scopes) each.file = file;
  inheritSectionGroups(previous, file);
  scope.sections = [];
  collectSections(location ? top : root, '', scope, groups);
  // Sites live in the file's own level: an edit there may change them, and then where scopes sit.
  const sitesMayChange = !location && top.name === 'system.applicationHost';
  if (sitesMayChange) file.sites = collectSites(root);
  // A few edits back are remembered (keystrokes faster than the analysis), not every earlier text.
  let earliest = previous;
  for (let kept = 1; kept < MAX_SPLICE_CHAIN && earliest.splice; kept++) earliest = earliest.splice.previous;
  earliest.splice = undefined;
  file.splice = { previous, start: edit.start, oldEnd: edit.oldEnd, newEnd: edit.newEnd, scope, placementsKept: !sitesMayChange };
  return file;
}

const MAX_SPLICE_CHAIN = 8;

const splicedAway = new WeakSet<ConfigFile>();

/** The file's elements have moved into a file spliced from it: its spans no longer describe its text. */
export function wasSplicedAway(file: ConfigFile): boolean {
  return splicedAway.has(file);
}

/** The child of the root whose span holds [start, end]. */
function rootChildHolding(root: XmlElement, start: number, end: number): XmlElement | undefined {
  const children = root.children;
  let low = 0;
  let high = children.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const child = children[mid];
    if (child.span.end < start) low = mid + 1;
    else if (child.span.start > start) high = mid - 1;
    else return child.span.start <= start && end <= child.span.end ? child : undefined;
  }
  return undefined;
}
