import type { ConfigFile, ConfigScope, ConfigSection, SectionDeclaration } from '../model/configFile';
import { SECTIONS_OPENED_BY_DEFAULT, findElementSchema, parseIisBool } from '../knowledge/schema';
import type { XmlAttribute } from '../xml/document';
import { isKeyPrefix } from './paths';
import { scopeChain, targetKey, type UrlTarget, type WorkspaceIndex } from './workspaceIndex';

// Whether configuration below applicationHost.config may set a section for a path. IIS walks up
// from the path through the parent configuration (the `<location>`s of applicationHost.config and of
// web.config files above, innermost first); the first instance of the section inside a location
// with `overrideMode="Allow|Deny"` (or the older `allowOverride="true|false"`) decides. With none,
// the section's declaration decides: `overrideModeDefault` (Allow when absent). Sources: "How to Use
// Locking in IIS 7.0 Configuration" and the SectionInformation class (EffectiveOverrideMode), learn.microsoft.com.

export type UnlockDecider =
  /** A `<location overrideMode|allowOverride>` holding the section. */
  | 'location'
  /** The `<section overrideModeDefault>` declaration of the governing applicationHost.config. */
  | 'declaration'
  /** IIS's own default (`knowledge/schema.ts`): no applicationHost.config in the workspace declares the section. */
  | 'iisDefault'
  /** Nothing known about the section: treated as unlocked. */
  | 'unknown';

export interface UnlockDecision {
  allowed: boolean;
  decidedBy: UnlockDecider;
  /** The file holding the deciding element (applicationHost.config or a parent web.config). */
  file?: ConfigFile;
  /** For `location`: the scope and the section instance inside it, and the overrideMode/allowOverride attribute. */
  scope?: ConfigScope;
  section?: ConfigSection;
  /** The attribute that decides (`overrideMode`, `allowOverride` or `overrideModeDefault`); absent when a declaration omits it. */
  attribute?: XmlAttribute;
  declaration?: SectionDeclaration;
  /** No applicationHost.config in the workspace governs the target: IIS's default installation was assumed. */
  assumedDefaults: boolean;
}

export interface UnlockQuery {
  /** The file that sets the section; scopes of that file and of files below it are not parents. */
  file?: ConfigFile;
  /** The scope of `file` that sets the section (its deeper-or-equal sibling locations are not parents). */
  scope?: ConfigScope;
}

export function unlockDecision(index: WorkspaceIndex, target: UrlTarget, sectionPath: string, query: UnlockQuery = {}): UnlockDecision {
  const hostEntry = target.host ? index.hostByUri.get(target.host.uri) : undefined;
  const assumedDefaults = !hostEntry;
  const key = targetKey(target);
  const ownEntry = query.file ? index.webByUri.get(query.file.uri) : undefined;

  const chain = scopeChain(index, target);
  for (let i = chain.length - 1; i >= 0; i--) {
    const link = chain[i];
    const scope = link.scope;
    if (!scope.location) continue;
    if (query.file && scope.file === query.file) {
      // A file's own location only locks paths deeper than itself.
      if (scope === query.scope || !query.scope || !isStrictlyShallower(link.key, key)) continue;
    } else if (ownEntry && link.origin === 'web' && !isStrictlyShallower(index.webByUri.get(scope.file.uri)?.key ?? key, ownEntry.key)) {
      continue;
    }
    const mode = overrideModeOf(scope);
    if (!mode) continue;
    const section = scope.sections.find((s) => s.path === sectionPath);
    if (!section) continue;
    return { allowed: mode.allowed, decidedBy: 'location', file: scope.file, scope, section, attribute: mode.attribute, assumedDefaults };
  }

  const declaration = hostEntry?.file.declarations.get(sectionPath);
  if (declaration) {
    const attribute = declaration.element.attribute('overrideModeDefault');
    const allowed = attribute ? attribute.value.trim().toLowerCase() !== 'deny' : true;
    return { allowed, decidedBy: 'declaration', file: hostEntry!.file, declaration, attribute, assumedDefaults };
  }
  const schema = findElementSchema(sectionPath);
  if (schema?.kind === 'section' && schema.overrideModeDefault && !SECTIONS_OPENED_BY_DEFAULT.has(sectionPath)) {
    return { allowed: schema.overrideModeDefault === 'Allow', decidedBy: 'iisDefault', assumedDefaults };
  }
  return { allowed: true, decidedBy: 'unknown', assumedDefaults };
}

function overrideModeOf(scope: ConfigScope): { allowed: boolean; attribute: XmlAttribute } | undefined {
  const overrideMode = scope.location?.attribute('overrideMode');
  if (overrideMode) {
    const value = overrideMode.value.trim().toLowerCase();
    if (value === 'allow') return { allowed: true, attribute: overrideMode };
    if (value === 'deny') return { allowed: false, attribute: overrideMode };
    // Inherit (or an unreadable value): the decision lies further up.
  }
  const allowOverride = scope.location?.attribute('allowOverride');
  if (allowOverride) {
    const value = parseIisBool(allowOverride.value);
    if (value !== undefined) return { allowed: value, attribute: allowOverride };
  }
  return undefined;
}

function isStrictlyShallower(prefix: string, key: string): boolean {
  return prefix !== key && isKeyPrefix(prefix, key);
}
