// What rules 003 and 007-012 share: finding the access/authentication sections of one file, the
// certificate mapping entries inside them, and reading credential values without ever exposing them.
import { sectionsNamed, type ConfigFile, type ConfigSection } from '../model/configFile';
import { declaresXdtNamespace } from '../model/fileRole';
import { parseIisBool } from '../knowledge/schema';
import type { XmlAttribute, XmlElement } from '../xml/document';
import type { Span } from '../types';
import type { Workspace } from '../workspace';

export const ACCESS_SECTION = 'system.webServer/security/access';
export const AUTHENTICATION_GROUP = 'system.webServer/security/authentication';
// Literals, not built from the group's path: see SECTION in effective/authentication.ts.
export const MAPPING_SECTION = 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication';
export const ANONYMOUS_SECTION = 'system.webServer/security/authentication/anonymousAuthentication';

export type MappingKind = 'oneToOne' | 'manyToOne';

export interface MappingEntry {
  kind: MappingKind;
  /** The `<add>` element. */
  element: XmlElement;
  /** `<oneToOneMappings>` or `<manyToOneMappings>`. */
  collection: XmlElement;
  section: ConfigSection;
}

export const MAPPING_COLLECTIONS: Record<MappingKind, { element: string; switch: string; label: string }> = {
  oneToOne: { element: 'oneToOneMappings', switch: 'oneToOneCertificateMappingsEnabled', label: 'one-to-one' },
  manyToOne: { element: 'manyToOneMappings', switch: 'manyToOneCertificateMappingsEnabled', label: 'many-to-one' },
};

export function isSecuritySection(path: string): boolean {
  return path === ACCESS_SECTION || path.startsWith(`${AUTHENTICATION_GROUP}/`);
}

/** The `<access>` and authentication sections of the file, every scope. */
export function securitySections(file: ConfigFile): ConfigSection[] {
  const found: ConfigSection[] = [];
  const scopes = file.scopes;
  for (let s = 0; s < scopes.length; s++) {
    const sections = scopes[s].sections;
    for (let i = 0; i < sections.length; i++) if (isSecuritySection(sections[i].path)) found.push(sections[i]);
  }
  return found;
}

const MAPPING_KINDS = ['oneToOne', 'manyToOne'] as const;

/**
 * Every `<add>` under oneToOneMappings / manyToOneMappings of every mapping section in the file.
 * Index loops: a host file holds thousands of mappings, read while the code is still interpreted.
 */
export function mappingEntries(file: ConfigFile): MappingEntry[] {
  const entries: MappingEntry[] = [];
  const sections = sectionsNamed(file, MAPPING_SECTION);
  for (let s = 0; s < sections.length; s++) {
    const section = sections[s];
    for (let k = 0; k < MAPPING_KINDS.length; k++) {
      const kind = MAPPING_KINDS[k];
      const collections = section.element.children;
      for (let c = 0; c < collections.length; c++) {
        const collection = collections[c];
        if (collection.name !== MAPPING_COLLECTIONS[kind].element) continue;
        const adds = collection.children;
        for (let a = 0; a < adds.length; a++) if (adds[a].name === 'add') entries.push({ kind, element: adds[a], collection, section });
      }
    }
  }
  return entries;
}

/**
 * A web.Release.config style transform holds fragments that are merged into a web.config later:
 * an element there may be a locator (`xdt:Locator`) or a removal without its other attributes, so
 * completeness checks (required attributes, missing passwords, duplicates) do not apply to it.
 */
export function isTransformFile(file: ConfigFile): boolean {
  return file.kind === 'transform' || declaresXdtNamespace(file.configuration);
}

export function isFalse(attribute: XmlAttribute | undefined): boolean {
  return attribute !== undefined && parseIisBool(attribute.value) === false;
}

/** IIS writes secrets as `[enc:Provider:ciphertext:enc]` (the doc samples also show `[enc:hex:enc]`). */
export function isEncryptedValue(value: string): boolean {
  return /^\[enc:[\s\S]*:enc\]$/.test(value.trim());
}

const PLACEHOLDER_START = /^\s*[#$_%{]/;

/**
 * Deployment tokens that a release pipeline replaces (`#{Password}#`, `$(Password)`, `${PASSWORD}`,
 * `__Password__`, `%PASSWORD%`, `{{password}}`): not a secret in clear text, so not reported as one.
 */
export function isDeploymentPlaceholder(value: string): boolean {
  // Every token form starts with one of these: a 2 KB certificate is turned away by its first character.
  if (!PLACEHOLDER_START.test(value)) return false;
  const v = value.trim();
  return (
    /^#\{[^}]+\}#?$/.test(v) ||
    /^\$\([^)]+\)$/.test(v) ||
    /^\$\{[^}]+\}$/.test(v) ||
    /^__[A-Za-z0-9_.-]+__$/.test(v) ||
    /^%[A-Za-z0-9_.-]+%$/.test(v) ||
    /^\{\{[^}]+\}\}$/.test(v)
  );
}

/** Where to point at an attribute's value: the value itself, or the quotes of an empty value. */
export function valueSpan(attribute: XmlAttribute): Span {
  if (attribute.valueSpan.end > attribute.valueSpan.start) return attribute.valueSpan;
  return { start: attribute.valueSpan.start - 1, end: attribute.valueSpan.end + 1 };
}

/** A short, secret-free name for a mapping entry in messages: its user or its many-to-one name. */
export function describeMapping(entry: MappingEntry): string {
  if (entry.kind === 'manyToOne') {
    const name = entry.element.get('name');
    return name ? `many-to-one mapping "${name}"` : 'many-to-one mapping';
  }
  const user = entry.element.get('userName');
  return user ? `one-to-one mapping for "${user}"` : 'one-to-one mapping';
}

/** Section paths (lower case) that some `<configSections>` of the file or the workspace declares: custom sections IIS is not the one to reject. */
export function declaredSectionPaths(file: ConfigFile, workspace: Workspace): Set<string> {
  const paths = new Set<string>();
  for (const each of [file, ...workspace.files()]) {
    for (const path of each.declarations.keys()) paths.add(path.toLowerCase());
  }
  return paths;
}
