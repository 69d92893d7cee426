// Seed 001's fix inside applicationHost.config: IIS reads iisClientCertificateMappingAuthentication
// only at server and site level, so the section is moved from `<location path="Site/App">` to
// `<location path="Site">`. The sub-application keeps its other settings (anonymous off, sslFlags).
import { normalizeLocationPath, type ConfigFile } from '../model/configFile';
import type { Finding } from '../types';
import type { XmlElement } from '../xml/document';
import { fileEdit, type ActionProvider, type CodeAction } from './codeAction';
import { normalizeEdits, textStyleOf, type SpanEdit } from './edits';
import { elementNamedAt } from './locate';
import { describeConflicts, type ConflictPolicy } from './mergeElements';
import { placeSection, removeWithEmptiedWrappers, type Placement } from './placeSection';

export const MAPPING_SECTION_NAME = 'iisClientCertificateMappingAuthentication';
export const MAPPING_SECTION_PATH = `system.webServer/security/authentication/${MAPPING_SECTION_NAME}`;
const WRAPPERS = ['location', 'system.webServer', 'security', 'authentication'];

/** The `<location>` holding a section written in the usual nesting, with its path. */
export function enclosingLocation(section: XmlElement): XmlElement | undefined {
  let e: XmlElement | undefined = section.parent;
  for (const name of [...WRAPPERS].reverse()) {
    if (!e || e.name !== name) return undefined;
    if (name !== 'location') e = e.parent;
  }
  return e && e.parent?.name === 'configuration' ? e : undefined;
}

/** The site a below-site location path belongs to: its first segment, or the rule's word for it. */
export function siteOfPath(path: string, finding: Finding): string | undefined {
  const fromRule = finding.data?.sitePath;
  if (typeof fromRule === 'string' && normalizeLocationPath(fromRule) !== '') return normalizeLocationPath(fromRule);
  const segments = normalizeLocationPath(path).split('/');
  return segments.length >= 2 && segments[0] !== '' ? segments[0] : undefined;
}

export const moveMappingsToSite: ActionProvider = ({ file, finding }) => {
  if (file.kind !== 'applicationHost') return [];
  const section = elementNamedAt(file, finding.range, MAPPING_SECTION_NAME);
  const location = section && enclosingLocation(section);
  if (!section || !location) return [];
  const site = siteOfPath(location.get('path') ?? '', finding);
  if (!site) return [];
  return moveActions(file, section, location, site, finding);
};

function moveActions(file: ConfigFile, section: XmlElement, location: XmlElement, site: string, finding: Finding): CodeAction[] {
  const style = textStyleOf(file.xml);
  const plan = (policy: ConflictPolicy): { placement: Placement; edits: SpanEdit[] } => {
    const placement = placeSection({ doc: file.xml, element: section, style }, MAPPING_SECTION_PATH, file, site, { policy, before: location });
    return { placement, edits: [...placement.edits, removeWithEmptiedWrappers(file.xml, section)] };
  };
  const base = `Move the certificate mappings to site level (<location path="${site}">)`;
  const keep = plan('keepTarget');
  if (keep.placement.blocked) {
    return [{ title: base, kind: 'quickfix', diagnostics: [finding], disabled: { reason: `Not done automatically: ${keep.placement.blocked}. Merge the entries by hand.` } }];
  }
  const action = (title: string, edits: SpanEdit[], isPreferred: boolean): CodeAction => {
    const result: CodeAction = { title, kind: 'quickfix', diagnostics: [finding], edit: fileEdit(file, normalizeEdits(edits)) };
    if (isPreferred) result.isPreferred = true;
    return result;
  };
  const conflicts = keep.placement.conflicts;
  if (conflicts.length === 0) return [action(base, keep.edits, true)];
  const use = plan('useSource');
  return [
    action(`${base}, keeping the site's ${describeConflicts(conflicts, 'target')}`, keep.edits, false),
    action(`${base}, replacing the site's ${describeConflicts(conflicts, 'target')} with ${describeConflicts(conflicts, 'source')}`, use.edits, false),
  ];
}
