import type { ConfigFile, ConfigScope, ConfigSection, SiteInfo } from './model/configFile';
import type { LineIndex } from './text/lineIndex';
import type { Range, Span } from './types';
import type { Workspace } from './workspace';
import type { XmlElement } from './xml/document';

/**
 * The outline of an IIS configuration file: sites with their applications, `<location>` blocks, and
 * the security sections at each level, down to the certificate mappings. Shaped like LSP's
 * hierarchical DocumentSymbol so the Outline view and breadcrumbs use it as is.
 */

/** LSP SymbolKind values used here. */
export const SymbolKind = {
  Module: 2,
  Namespace: 3,
  Package: 4,
  Property: 7,
  Field: 8,
  Object: 19,
  Key: 20,
  Struct: 23,
} as const;
export type SymbolKindValue = (typeof SymbolKind)[keyof typeof SymbolKind];

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKindValue;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

const SECURITY = 'system.webServer/security/';
const CERT_MAPPING = 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication';

export function documentSymbols(workspace: Workspace, uri: string): DocumentSymbol[] {
  const file = workspace.get(uri);
  if (!file?.configuration) return [];
  try {
    return symbolsOf(file);
  } catch {
    return [];
  }
}

function symbolsOf(file: ConfigFile): DocumentSymbol[] {
  const lines = file.xml.lines;
  const symbols: DocumentSymbol[] = [];
  for (const site of file.sites) symbols.push(siteSymbol(site, lines));
  for (const scope of file.scopes) {
    if (!scope.location) {
      const own = fileLevelSecurity(scope, file, lines);
      if (own) symbols.push(own);
      continue;
    }
    symbols.push(locationSymbol(scope, file, lines));
  }
  return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function symbol(lines: LineIndex, name: string, kind: SymbolKindValue, element: XmlElement, selection: Span, detail?: string): DocumentSymbol {
  const result: DocumentSymbol = { name, kind, range: lines.rangeOf(element.span), selectionRange: lines.rangeOf(selection) };
  if (detail) result.detail = detail;
  return result;
}

function valueOr(element: XmlElement, attribute: string): Span {
  return element.attribute(attribute)?.valueSpan ?? element.nameSpan;
}

function siteSymbol(site: SiteInfo, lines: LineIndex): DocumentSymbol {
  const bindings = site.bindings.map((b) => `${b.protocol ?? '?'} ${b.bindingInformation ?? ''}`.trim());
  const detail = [site.id ? `id ${site.id}` : '', ...bindings].filter((s) => s).join(' · ');
  const result = symbol(lines, site.name || '(site without name)', SymbolKind.Module, site.element, valueOr(site.element, 'name'), detail);
  result.children = site.applications.map((app) =>
    symbol(lines, app.path, SymbolKind.Package, app.element, valueOr(app.element, 'path'), app.physicalPath),
  );
  return result;
}

function locationSymbol(scope: ConfigScope, file: ConfigFile, lines: LineIndex): DocumentSymbol {
  const location = scope.location!;
  const name = scope.path === '' ? (file.kind === 'applicationHost' ? '(server level)' : '(this folder)') : scope.path;
  const lock = scope.overrideMode ? `overrideMode=${scope.overrideMode}` : scope.allowOverride ? `allowOverride=${scope.allowOverride}` : '';
  const result = symbol(lines, `location ${name}`, SymbolKind.Namespace, location, valueOr(location, 'path'), lock);
  result.children = securitySections(scope).map((section) => sectionSymbol(section, lines));
  return result;
}

/** File-level sections sit under the `<security>` element that holds them. */
function fileLevelSecurity(scope: ConfigScope, file: ConfigFile, lines: LineIndex): DocumentSymbol | undefined {
  const sections = securitySections(scope);
  if (sections.length === 0) return undefined;
  let security: XmlElement | undefined = sections[0].element.parent;
  while (security && security.name !== 'security') security = security.parent;
  if (!security) return undefined;
  const level = file.kind === 'applicationHost' ? 'server level' : file.kind === 'web' ? 'this folder and below' : undefined;
  const result = symbol(lines, 'security', SymbolKind.Namespace, security, security.nameSpan, level);
  result.children = sections.map((section) => sectionSymbol(section, lines));
  return result;
}

function securitySections(scope: ConfigScope): ConfigSection[] {
  return scope.sections.filter((s) => s.path.startsWith(SECURITY));
}

function sectionSymbol(section: ConfigSection, lines: LineIndex): DocumentSymbol {
  const element = section.element;
  const result = symbol(lines, element.name, SymbolKind.Struct, element, element.nameSpan, sectionDetail(section));
  if (section.path === CERT_MAPPING) {
    const children: DocumentSymbol[] = [];
    for (const add of element.element('manyToOneMappings')?.elements('add') ?? []) {
      const rules = add.element('rules')?.elements('add').length ?? 0;
      const account = add.get('permissionMode')?.toLowerCase() === 'deny' ? 'deny' : `→ ${add.get('userName') ?? '(no userName)'}`;
      const off = add.get('enabled')?.toLowerCase() === 'false' ? ' · disabled' : '';
      children.push(
        symbol(lines, add.get('name') ?? '(mapping without name)', SymbolKind.Key, add, valueOr(add, 'name'), `many-to-one ${account} · ${rules} rule${rules === 1 ? '' : 's'}${off}`),
      );
    }
    for (const add of element.element('oneToOneMappings')?.elements('add') ?? []) {
      const off = add.get('enabled')?.toLowerCase() === 'false' ? ' · disabled' : '';
      children.push(symbol(lines, add.get('userName') || '(no userName)', SymbolKind.Key, add, valueOr(add, 'userName'), `one-to-one certificate${off}`));
    }
    if (children.length > 0) result.children = children;
  }
  return result;
}

function sectionDetail(section: ConfigSection): string | undefined {
  const element = section.element;
  if (section.path === 'system.webServer/security/access') {
    const flags = element.get('sslFlags');
    return flags === undefined ? undefined : `sslFlags=${flags}`;
  }
  const parts: string[] = [];
  const enabled = element.get('enabled');
  if (enabled !== undefined) parts.push(enabled.toLowerCase() === 'true' ? 'on' : enabled.toLowerCase() === 'false' ? 'off' : `enabled=${enabled}`);
  if (section.path === CERT_MAPPING) {
    const many = element.element('manyToOneMappings')?.elements('add').length ?? 0;
    const one = element.element('oneToOneMappings')?.elements('add').length ?? 0;
    if (many > 0) parts.push(`${many} many-to-one`);
    if (one > 0) parts.push(`${one} one-to-one`);
  }
  const providers = element.element('providers')?.elements('add').map((p) => p.get('value')).filter((v) => v);
  if (providers && providers.length > 0) parts.push(providers.join(', '));
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
