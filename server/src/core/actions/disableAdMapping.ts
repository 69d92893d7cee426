// Both certificate mapping modules enabled for one scope (IIS-AUTH-006): the Active Directory one is
// turned off there, as in the IIS Support Blog sub-application post's working setup. When it is enabled in the same element it gets
// enabled="false"; when it is inherited from an outer level, this scope gets its own
// `<clientCertificateMappingAuthentication enabled="false" />` (only where the section may be set:
// in a web.config it is locked by default, and writing it there would be a 500.19). When the Active
// Directory mapping is what still gives some path a user, turning it off would trade a warning for a
// 401.2: the action is then shown disabled, with the paths, instead of being applied.
import { isSectionUnlockedFor, resolveUrlPathOfScope } from '../effective/index';
import type { ConfigFile } from '../model/configFile';
import type { Workspace } from '../workspace';
import type { XmlElement } from '../xml/document';
import { fileEdit, quickFix, type ActionProvider, type CodeAction } from './codeAction';
import { appendChild, attributeInsertionPoint, attributeText, blockOfLines, replaceAttributeValue, textStyleOf, type SpanEdit } from './edits';
import { namedAttributeAt } from './locate';
import { pathsLeftWithoutUser } from './trial';

const AD = 'clientCertificateMappingAuthentication';
const AD_PATH = `system.webServer/security/authentication/${AD}`;

function mayWriteSection(workspace: Workspace, file: ConfigFile, element: XmlElement): boolean {
  if (file.kind === 'applicationHost') return true;
  const scope = file.scopes.find((s) => s.sections.some((section) => section.element === element));
  if (!scope) return false;
  const placement = resolveUrlPathOfScope(workspace, file, scope);
  return isSectionUnlockedFor(workspace, placement.target, AD_PATH, { file, scope }).allowed;
}

/** The action as offered, or disabled with the paths it would leave without a user. */
function unlessUserless(workspace: Workspace, action: CodeAction): CodeAction[] {
  const lost = pathsLeftWithoutUser(workspace, action.edit!);
  if (lost.length === 0) return [action];
  const paths = lost.slice(0, 3).map((p) => `"${p}"`).join(', ') + (lost.length > 3 ? ` and ${lost.length - 3} more` : '');
  const reason = `Not done automatically: Active Directory mapping is what still gives requests to ${paths} a user; with it off they would get 401.2. Make the IIS mappings work there first.`;
  return [{ title: action.title, kind: action.kind, diagnostics: action.diagnostics, disabled: { reason } }];
}

export const disableAdMapping: ActionProvider = ({ workspace, file, finding }) => {
  const hit = namedAttributeAt(file, finding.range, 'enabled');
  if (!hit) return [];
  const where = typeof finding.data?.path === 'string' && finding.data.path !== '' ? ` for "${finding.data.path}"` : '';
  if (hit.element.name === AD) {
    return unlessUserless(workspace, quickFix(finding, `Disable Active Directory certificate mapping${where} (enabled="false")`, fileEdit(file, [replaceAttributeValue(hit.attribute, 'false')]), true));
  }
  const authentication = hit.element.parent;
  if (hit.element.name !== 'iisClientCertificateMappingAuthentication' || authentication?.name !== 'authentication') return [];
  if (!mayWriteSection(workspace, file, hit.element)) return [];
  const existing = authentication.element(AD);
  let edit: SpanEdit;
  if (existing) {
    const enabled = existing.attribute('enabled');
    edit = enabled ? replaceAttributeValue(enabled, 'false') : { span: { start: attributeInsertionPoint(existing), end: attributeInsertionPoint(existing) }, newText: attributeText('enabled', 'false') };
  } else {
    edit = appendChild(file.xml, authentication, blockOfLines(`<${AD} enabled="false" />`), textStyleOf(file.xml));
  }
  return unlessUserless(workspace, quickFix(finding, `Disable the inherited Active Directory certificate mapping${where} (<${AD} enabled="false" />)`, fileEdit(file, [edit])));
};
