// The other fix for a locked section in web.config (IIS-AUTH-002): write the setting where IIS
// Manager writes it, in applicationHost.config's `<location path="…">` for the same path, and take it
// out of the web.config. The mapping section is left to IIS-AUTH-001's move, which puts it at site
// level where IIS reads it.
import type { XmlElement } from '../xml/document';
import type { ActionProvider } from './codeAction';
import { elementAtOffset } from './locate';
import { MAPPING_SECTION_PATH } from './moveMappingsToSite';
import { sectionMoveActions } from './sectionMove';

function hasNoLockMode(location: XmlElement): boolean {
  return location.get('overrideMode') === undefined && location.get('allowOverride') === undefined;
}

export const moveLockedSection: ActionProvider = ({ workspace, file, finding }) => {
  const data = finding.data ?? {};
  if (file.kind !== 'web' || typeof data.sectionPath !== 'string' || typeof data.path !== 'string' || data.path === '') return [];
  if (data.sectionPath === MAPPING_SECTION_PATH || typeof data.hostUri !== 'string') return [];
  const host = workspace.get(data.hostUri);
  const section = elementAtOffset(file, file.xml.lines.offsetAt(finding.range.start));
  const name = data.sectionPath.split('/').pop()!;
  if (!host || host.kind !== 'applicationHost' || !section || section.name !== name) return [];
  const path = data.path;
  return sectionMoveActions({
    source: file,
    section,
    sectionPath: data.sectionPath,
    target: host,
    path,
    title: `Move <${name}> to applicationHost.config (<location path="${path}">)`,
    targetOwner: 'applicationHost.config\'s',
    finding,
    preferable: false,
    // Only into a location without a lock mode of its own: inside `overrideMode="Deny"` it would lock more.
    acceptLocation: hasNoLockMode,
  });
};
