// A web.config sets a section applicationHost.config locks (IIS-AUTH-002, 500.19 / 0x80070021). The
// fix IIS's own tools write (`appcmd unlock config -section:…`): a `<location path="…"
// overrideMode="Allow">` in applicationHost.config holding the empty section. It goes at the path the
// rule names (the site), or at the web.config's own path when a locking location sits at the site;
// it is not offered when a parent web.config locks the section, since no applicationHost.config
// location can override that.
import { isKeyPrefix, urlPathKey } from '../effective/paths';
import type { XmlElement } from '../xml/document';
import { fileEdit, type ActionProvider, type CodeAction } from './codeAction';
import { blockOfLines } from './edits';
import { elementAtOffset } from './locate';
import { placeSection } from './placeSection';

function isAllowLocation(location: XmlElement): boolean {
  return location.get('overrideMode')?.trim().toLowerCase() === 'allow';
}

function strictlyBelow(key: string, ancestor: string): boolean {
  return key !== ancestor && isKeyPrefix(ancestor, key);
}

/** Where an Allow location takes effect before the lock that fires, or undefined. */
export function unlockPathFor(data: Record<string, unknown>): string | undefined {
  const candidates = [data.unlockPath, data.path].filter((p): p is string => typeof p === 'string' && urlPathKey(p) !== '');
  if (data.decidedBy === 'declaration') return candidates[0];
  if (data.decidedBy !== 'location' || typeof data.lockingLocationPath !== 'string') return undefined;
  const lock = urlPathKey(data.lockingLocationPath);
  return candidates.find((p) => strictlyBelow(urlPathKey(p), lock));
}

export const unlockSection: ActionProvider = ({ workspace, file, finding }) => {
  const data = finding.data ?? {};
  if (file.kind !== 'web' || typeof data.sectionPath !== 'string' || typeof data.hostUri !== 'string') return [];
  const host = workspace.get(data.hostUri);
  const path = unlockPathFor(data);
  const section = elementAtOffset(file, file.xml.lines.offsetAt(finding.range.start));
  if (!host || host.kind !== 'applicationHost' || !path || !section) return [];
  const name = data.sectionPath.split('/').pop()!;
  if (section.name !== name) return [];
  const placement = placeSection({ block: blockOfLines(`<${name} />`) }, data.sectionPath, host, path, {
    policy: 'keepTarget',
    acceptLocation: isAllowLocation,
    locationAttributes: ' overrideMode="Allow"',
  });
  if (placement.blocked || placement.edits.length === 0) return [];
  const action: CodeAction = {
    title: `Unlock <${name}> for "${path}" in applicationHost.config (<location overrideMode="Allow">)`,
    kind: 'quickfix',
    diagnostics: [finding],
    edit: fileEdit(host, placement.edits),
  };
  return [action];
};
