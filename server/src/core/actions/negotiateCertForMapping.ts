// A certificate mapping enabled where IIS never asks for a certificate (IIS-AUTH-004): add
// SslNegotiateCert to the sslFlags in effect at that path. SslNegotiateCert alone only *accepts* a
// certificate (clients without one still get in), so the fix makes the mapping work without locking
// anyone out. Where the flags come from an outer level, the path gets its own `<access>` with the
// inherited flags plus SslNegotiateCert rather than widening the outer level.
import { effectiveSection, isSectionUnlockedFor, resolveUrlPathOfScope, urlPathKey } from '../effective/index';
import type { ConfigFile, ConfigScope } from '../model/configFile';
import type { Workspace } from '../workspace';
import type { XmlElement } from '../xml/document';
import { quickFix, type ActionProvider, type WorkspaceEdit } from './codeAction';
import { withNegotiateCert } from './addNegotiateCert';
import { appendChild, attributeInsertionPoint, attributeText, blockOfLines, escapeAttributeValue, replaceAttributeRaw, textStyleOf, toTextEdits } from './edits';
import { namedAttributeAt } from './locate';

const ACCESS_PATH = 'system.webServer/security/access';

function scopeOfElement(file: ConfigFile, element: XmlElement): ConfigScope | undefined {
  return file.scopes.find((s) => s.sections.some((section) => section.element === element));
}

export const negotiateCertForMapping: ActionProvider = ({ workspace, file, finding }) => {
  const hit = namedAttributeAt(file, finding.range, 'enabled');
  const scope = hit && scopeOfElement(file, hit.element);
  if (!hit || !scope) return [];
  const target = resolveUrlPathOfScope(workspace, file, scope).target;
  const effective = effectiveSection(workspace, target, ACCESS_PATH).attributes.get('sslFlags');
  const flags = withNegotiateCert(effective?.value ?? 'None');
  if (!flags) return [];
  const where = target.known ? (target.path ? `"${target.path}"` : 'the whole server') : 'this web.config';
  const title = `Add SslNegotiateCert to sslFlags for ${where} (certificates accepted, not required)`;

  // The flags are written for this very path: edit them there, in whichever file holds them.
  if (effective?.section && effective.attribute) {
    const owner = effective.section.scope;
    const ownerTarget = resolveUrlPathOfScope(workspace, owner.file, owner).target;
    if (ownerTarget.known === target.known && urlPathKey(ownerTarget.path) === urlPathKey(target.path)) {
      return [quickFix(finding, title, { changes: { [owner.file.uri]: toTextEdits(owner.file, [replaceAttributeRaw(effective.attribute, flags)]) } })];
    }
  }
  const edit = ownAccess(workspace, file, scope, hit.element.parent?.parent, flags);
  return edit ? [quickFix(finding, title, edit)] : [];
};

/** An `<access sslFlags>` in the mapping's own scope, next to its `<authentication>`. */
function ownAccess(workspace: Workspace, file: ConfigFile, scope: ConfigScope, security: XmlElement | undefined, flags: string): WorkspaceEdit | undefined {
  if (!security || security.name !== 'security') return undefined;
  if (file.kind !== 'applicationHost') {
    const placement = resolveUrlPathOfScope(workspace, file, scope);
    if (!isSectionUnlockedFor(workspace, placement.target, ACCESS_PATH, { file, scope }).allowed) return undefined;
  }
  const access = security.element('access');
  if (access?.attribute('sslFlags')) return undefined;
  const edit = access
    ? { span: { start: attributeInsertionPoint(access), end: attributeInsertionPoint(access) }, newText: attributeText('sslFlags', escapeAttributeValue(flags)) }
    : appendChild(file.xml, security, blockOfLines(`<access sslFlags="${escapeAttributeValue(flags)}" />`), textStyleOf(file.xml));
  return { changes: { [file.uri]: toTextEdits(file, [edit]) } };
}
