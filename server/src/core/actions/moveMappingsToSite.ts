// The IIS Support Blog sub-application post's fix inside applicationHost.config: IIS reads iisClientCertificateMappingAuthentication
// only at server and site level, so the section is moved from `<location path="Site/App">` to
// `<location path="Site">`. The sub-application keeps its other settings (anonymous off, sslFlags).
import { normalizeLocationPath, type ConfigFile } from '../model/configFile';
import type { Finding } from '../types';
import type { XmlElement } from '../xml/document';
import type { ActionProvider, CodeAction } from './codeAction';
import { elementNamedAt } from './locate';
import { sectionMoveActions } from './sectionMove';

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
  return section ? moveMappingSectionToSite(file, section, finding) : [];
};

/** The move for one mapping section of applicationHost.config set in a below-site location. */
export function moveMappingSectionToSite(file: ConfigFile, section: XmlElement, finding: Finding): CodeAction[] {
  const location = enclosingLocation(section);
  const site = location && siteOfPath(location.get('path') ?? '', finding);
  if (!location || !site) return [];
  return sectionMoveActions({
    source: file,
    section,
    sectionPath: MAPPING_SECTION_PATH,
    target: file,
    path: site,
    before: location,
    title: `Move the certificate mappings to site level (<location path="${site}">)`,
    targetOwner: "the site's",
    finding,
    preferable: true,
  });
}
