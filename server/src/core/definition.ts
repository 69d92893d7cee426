import { elementAtOffset } from './actions/locate';
import { authenticationAt, SECTION } from './effective/authentication';
import { governingApplicationHost, isSectionUnlockedFor, resolveUrlPathOfScope, type UnlockDecision } from './effective/index';
import type { ConfigFile, ConfigScope, ConfigSection } from './model/configFile';
import type { Finding, Position, Range, Span } from './types';
import type { Workspace } from './workspace';
import type { XmlElement } from './xml/document';

/**
 * Navigation between the places that decide for each other:
 * - definition, from a section (its start tag): the `<location overrideMode>` or `<section
 *   overrideModeDefault>` declaration that unlocks or locks it for that path, the declaration itself,
 *   and, for certificate mappings set below a site, the site-level section IIS reads instead;
 *   from anywhere a diagnostic is (or points to as related): the many-to-one mappings it is about;
 * - references, from such a location or a section inside it: the sections whose lock state it decides;
 *   from a declaration: every instance of its section under that applicationHost.config;
 *   from a many-to-one mapping: the diagnostics that mention it and mappings of the same name elsewhere.
 */

export interface Location {
  uri: string;
  range: Range;
}

const MANY_TO_ONE_ADD = ['iisClientCertificateMappingAuthentication', 'manyToOneMappings', 'add'];

export interface DefinitionOptions {
  /** Findings of a file, as the editor shows them; without it, diagnostics lead nowhere. */
  validate?: (uri: string) => Finding[];
}

export function definition(workspace: Workspace, uri: string, position: Position, options: DefinitionOptions = {}): Location[] {
  const file = workspace.get(uri);
  if (!file?.configuration) return [];
  try {
    const offset = file.xml.lines.offsetAt(position);
    const found = sectionWithStartTagAt(file, offset);
    const governing = found ? governingLocations(workspace, file, found.scope, found.section) : [];
    const mentioned = options.validate ? mappingsOfDiagnosticsAt(workspace, file, position, options.validate) : [];
    return [...governing, ...mentioned.filter((m) => !governing.some((g) => sameLocation(g, m)))];
  } catch {
    return [];
  }
}

/**
 * The other direction of a mapping's references: from a diagnostic (or a place a diagnostic points
 * to as related, such as the `manyToOneCertificateMappingsEnabled="false"` that makes IIS skip
 * mappings) to the many-to-one mappings it is about, by position or by the name in its message.
 */
function mappingsOfDiagnosticsAt(workspace: Workspace, file: ConfigFile, position: Position, validate: (uri: string) => Finding[]): Location[] {
  const here = { start: position, end: position };
  const offset = file.xml.lines.offsetAt(position);
  const own = manyToOneMappingAt(file, offset);
  const files = workspace.files().filter((f) => f.configuration && (f.kind === 'web' || f.kind === 'applicationHost'));
  const mappings = files.flatMap((f) => manyToOneMappingsOf(f).map((element) => ({ file: f, element, range: f.xml.lines.rangeOf(element.span) })));
  if (mappings.length === 0) return [];
  // Editors ask for definitions on every Ctrl+hover: validate only the files a finding about a mapping can come from.
  const sources = files.filter((f) => f === file || mappings.some((m) => m.file === f));
  const results: Location[] = [];
  for (const other of sources) {
    for (const finding of validate(other.uri)) {
      const atFinding = finding.uri === file.uri && contains(finding.range, here);
      const atRelated = finding.related?.some((r) => r.uri === file.uri && contains(r.range, here)) ?? false;
      if (!atFinding && !atRelated) continue;
      const places = [{ uri: finding.uri, range: finding.range }, ...(finding.related ?? [])];
      for (const mapping of mappings) {
        if (mapping.element === own) continue;
        const name = mapping.element.get('name')?.trim();
        const placed = places.some((p) => p.uri === mapping.file.uri && contains(mapping.range, p.range));
        const named = name !== undefined && name !== '' && finding.message.includes(`"${name}"`);
        if (!placed && !named) continue;
        const location = { uri: mapping.file.uri, range: mapping.file.xml.lines.rangeOf(mapping.element.attribute('name')?.valueSpan ?? mapping.element.nameSpan) };
        if (!results.some((r) => sameLocation(r, location))) results.push(location);
      }
    }
  }
  return results;
}

function manyToOneMappingsOf(file: ConfigFile): XmlElement[] {
  return file.scopes.flatMap((scope) =>
    scope.sections.filter((s) => s.path === SECTION.iisMapping).flatMap((s) => s.element.element('manyToOneMappings')?.elements('add') ?? []),
  );
}

function governingLocations(workspace: Workspace, file: ConfigFile, scope: ConfigScope, section: ConfigSection): Location[] {
  const placement = resolveUrlPathOfScope(workspace, file, scope);
  const decision = isSectionUnlockedFor(workspace, placement.target, section.path, { file, scope });
  const results: Location[] = [];
  const add = (owner: ConfigFile, span: Span) => {
    const location = { uri: owner.uri, range: owner.xml.lines.rangeOf(span) };
    if (!results.some((r) => sameLocation(r, location))) results.push(location);
  };
  const decider = decidingElement(decision);
  if (decider && decision.file) add(decision.file, decider.startTagSpan);
  if (decision.declaration && decision.file) add(decision.file, decision.declaration.element.span);
  else if (decision.decidedBy === 'location' && placement.target.host) {
    const declared = placement.target.host.declarations.get(section.path);
    if (declared) add(placement.target.host, declared.element.span);
  }
  if (section.path === SECTION.iisMapping) {
    const state = authenticationAt(workspace, placement.target);
    if (state.iisMapping.ignored.includes(section)) {
      for (const read of state.iisMapping.section.sections) add(read.scope.file, read.element.startTagSpan);
    }
  }
  return results;
}

function decidingElement(decision: UnlockDecision): XmlElement | undefined {
  if (decision.decidedBy === 'location') return decision.scope?.location;
  if (decision.decidedBy === 'declaration') return decision.declaration?.element;
  return undefined;
}

export interface ReferenceOptions {
  includeDeclaration: boolean;
  /** Findings of a file, as the editor shows them. */
  validate: (uri: string) => Finding[];
}

export function references(workspace: Workspace, uri: string, position: Position, options: ReferenceOptions): Location[] {
  const file = workspace.get(uri);
  if (!file?.configuration) return [];
  try {
    const offset = file.xml.lines.offsetAt(position);
    const mapping = manyToOneMappingAt(file, offset);
    if (mapping) return mappingReferences(workspace, file, mapping, options);
    return governedSections(workspace, file, offset, options.includeDeclaration);
  } catch {
    return [];
  }
}

function manyToOneMappingAt(file: ConfigFile, offset: number): XmlElement | undefined {
  for (let element = elementAtOffset(file, offset); element; element = element.parent) {
    const names = [element.parent?.parent?.name, element.parent?.name, element.name];
    if (names.every((n, i) => n === MANY_TO_ONE_ADD[i])) return element;
  }
  return undefined;
}

function mappingReferences(workspace: Workspace, file: ConfigFile, mapping: XmlElement, options: ReferenceOptions): Location[] {
  const name = mapping.get('name');
  const range = file.xml.lines.rangeOf(mapping.span);
  const results: Location[] = [];
  const add = (location: Location) => {
    if (!results.some((r) => sameLocation(r, location))) results.push(location);
  };
  if (options.includeDeclaration) add({ uri: file.uri, range: file.xml.lines.rangeOf(mapping.attribute('name')?.valueSpan ?? mapping.nameSpan) });

  // The same key in another file (Stack Overflow question 52743395 split one list over two files) is the same mapping to IIS.
  const sameName = (other: XmlElement) => name !== undefined && other.get('name')?.trim().toLowerCase() === name.trim().toLowerCase();
  for (const other of workspace.files()) {
    if (!other.configuration || (other.kind !== 'web' && other.kind !== 'applicationHost')) continue;
    for (const scope of other.scopes) {
      for (const section of scope.sections) {
        if (section.path !== SECTION.iisMapping) continue;
        for (const add2 of section.element.element('manyToOneMappings')?.elements('add') ?? []) {
          if (add2 !== mapping && sameName(add2)) add({ uri: other.uri, range: other.xml.lines.rangeOf(add2.attribute('name')?.valueSpan ?? add2.nameSpan) });
        }
      }
    }
    for (const finding of options.validate(other.uri)) {
      const inside = finding.uri === file.uri && contains(range, finding.range);
      const related = finding.related?.some((r) => r.uri === file.uri && contains(range, r.range)) ?? false;
      const named = name !== undefined && name.trim() !== '' && finding.message.includes(`"${name}"`);
      if (inside || related || named) add({ uri: finding.uri, range: finding.range });
    }
  }
  return results;
}

/** From a location, a section inside one, or a declaration: every section whose lock state it decides. */
function governedSections(workspace: Workspace, file: ConfigFile, offset: number, includeDeclaration: boolean): Location[] {
  const element = elementAtOffset(file, offset);
  if (!element || offset >= element.startTagSpan.end) return [];
  const declaration = [...file.declarations.values()].find((d) => d.element === element);
  const location = element.name === 'location' ? file.scopes.find((s) => s.location === element) : undefined;
  const section = sectionWithStartTagAt(file, offset)?.section;
  if (!declaration && !location && !section?.scope.location) return [];

  const results: Location[] = [];
  if (includeDeclaration) results.push({ uri: file.uri, range: file.xml.lines.rangeOf(element.nameSpan) });
  for (const other of workspace.files()) {
    if (!other.configuration) continue;
    for (const scope of other.scopes) {
      for (const candidate of scope.sections) {
        if (candidate === section) continue;
        if (declaration && candidate.path !== declaration.path) continue;
        if (section && candidate.path !== section.path) continue;
        if (location && other === file && scope === location) continue;
        if (declaration) {
          // A declaration's references are every instance of its section under this applicationHost.config.
          if (governingApplicationHost(workspace, other) === file) results.push({ uri: other.uri, range: other.xml.lines.rangeOf(candidate.element.nameSpan) });
          continue;
        }
        const placement = resolveUrlPathOfScope(workspace, other, scope);
        const decision = isSectionUnlockedFor(workspace, placement.target, candidate.path, { file: other, scope });
        const decided =
          (location !== undefined && decision.decidedBy === 'location' && decision.scope === location) ||
          (section !== undefined && decision.decidedBy === 'location' && decision.section === section);
        if (decided) results.push({ uri: other.uri, range: other.xml.lines.rangeOf(candidate.element.nameSpan) });
      }
    }
  }
  return results;
}

/** The configuration section whose start tag holds the offset. */
function sectionWithStartTagAt(file: ConfigFile, offset: number): { scope: ConfigScope; section: ConfigSection } | undefined {
  for (const scope of file.scopes) {
    for (const section of scope.sections) {
      const tag = section.element.startTagSpan;
      if (offset >= tag.start && offset <= tag.end) return { scope, section };
    }
  }
  return undefined;
}

function sameLocation(a: Location, b: Location): boolean {
  return a.uri === b.uri && comparePositions(a.range.start, b.range.start) === 0 && comparePositions(a.range.end, b.range.end) === 0;
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function contains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
