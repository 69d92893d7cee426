// One implementation behind the drop of a certificate file, the palette command and
// workspace/executeCommand: read the certificate, judge it, and compute the single edit that puts a
// mapping where IIS reads it. That is the drop position when it lies in the right collection at
// server or site level; otherwise the site-level section of the document, created with its wrappers
// when missing. Never below site level: IIS ignores the section there (the IIS Support Blog sub-application post).
import { parseConfigFile, samePath, type ConfigFile } from '../model/configFile';
import type { TextEdit } from '../types';
import type { XmlElement } from '../xml/document';
import { elementAtOffset } from '../actions/locate';
import { deepest } from '../actions/placeSection';
import {
  appendChild,
  childIndent,
  elementIndent,
  escapeAttributeValue,
  insertBefore,
  startsLine,
  textStyleOf,
  wrapBlock,
  type Block,
  type SpanEdit,
  type TextStyle,
} from '../actions/edits';
import { toBase64 } from './base64';
import { readCertificateInput } from './certificateInput';
import { checkCertificateForMapping, checkChainForMapping } from './checkCertificate';
import { describeCertificate } from './describeCertificate';
import { buildMappingSnippets, mappingNameFor, type MappingKind, type MappingSnippet } from './mappingSnippets';
import { MAPPING_SECTION_PATH } from './mappingConfiguration';
import { resolveUrlPathOfScope } from '../effective/index';
import type { Workspace } from '../workspace';

export interface InsertMappingRequest {
  uri: string;
  text: string;
  /** Where the file was dropped, or the cursor for the command. */
  offset: number;
  bytes: Uint8Array;
  fileName?: string;
  kind: MappingKind;
  /** VS Code snippet placeholders for account and password; plain text otherwise. */
  snippet?: boolean;
  now?: Date;
  /** Set when the workspace shows this web.config belongs to an application below its site. */
  belowSiteLevel?: { site: string; path: string };
}

export interface InsertMappingSuccess {
  ok: true;
  /** The one edit to apply. Its text is a snippet when `snippet` was asked for. */
  edit: TextEdit;
  /** True when the edit is an insertion exactly at the requested offset. */
  atRequestedOffset: boolean;
  snippet: boolean;
  title: string;
  /** What is wrong with the certificate or the target: shown before the user accepts. */
  warnings: string[];
  /** Neutral remarks: which certificate of a chain was used, where the mapping went. */
  notes: string[];
  subject: string;
  thumbprint: string;
}

export interface InsertMappingFailure {
  ok: false;
  message: string;
}

export type InsertMappingResult = InsertMappingSuccess | InsertMappingFailure;

const SECTION_CHAIN = MAPPING_SECTION_PATH.split('/');
const SECTION_NAME = SECTION_CHAIN[SECTION_CHAIN.length - 1];

function ancestorsOf(element: XmlElement | undefined): XmlElement[] {
  const chain: XmlElement[] = [];
  for (let e = element; e; e = e.parent) chain.push(e);
  return chain;
}

function* descendants(element: XmlElement): Generator<XmlElement> {
  for (const child of element.children) {
    yield child;
    yield* descendants(child);
  }
}

/** The container (`<configuration>` or `<location>`) directly holding `system.webServer` for this element. */
function scopeContainerOf(element: XmlElement): XmlElement | undefined {
  return ancestorsOf(element).find((e) => e.name === 'location' || (e.name === 'configuration' && !e.parent));
}

function locationPath(container: XmlElement): string {
  return container.name === 'location' ? (container.get('path') ?? '').trim().replace(/^\/+|\/+$/g, '').replace(/^\.$/, '') : '';
}

/** True when the collection element sits exactly where IIS expects it, inside `container`. */
function isProperCollection(collection: XmlElement, kind: MappingKind, container: XmlElement): boolean {
  const names = [...SECTION_CHAIN, kind === 'oneToOne' ? 'oneToOneMappings' : 'manyToOneMappings'];
  let e: XmlElement | undefined = collection;
  for (let i = names.length - 1; i >= 0; i--) {
    if (!e || e.name !== names[i]) return false;
    e = e.parent;
  }
  return e === container;
}

function blockOf(snippet: MappingSnippet, useSnippet: boolean, unit: string): Block {
  const lines = useSnippet ? snippet.snippet : snippet.plain;
  return { lines: lines.map((line) => ({ text: unit.repeat(line.depth) + line.text })) };
}

function renderLines(block: Block, indent: string, eol: string): string {
  return block.lines.map((line, index) => (index === 0 ? line.text : indent + line.text)).join(eol);
}

/** The edit that puts the block exactly at `offset` inside `collection`'s content. */
function insertAtOffset(text: string, collection: XmlElement, offset: number, block: Block, style: TextStyle): SpanEdit {
  const indent = childIndent(text, collection, style.unit);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  let prefix: string;
  if (startsLine(text, offset) && indent.startsWith(before)) prefix = indent.slice(before.length);
  else prefix = style.eol + indent;
  const rest = /^[ \t]*/.exec(text.slice(offset))![0];
  const following = text.slice(offset + rest.length);
  let suffix = '';
  if (!/^(\r\n|\n|\r|$)/.test(following)) {
    suffix = style.eol + (following.startsWith('</') ? elementIndent(text, collection) : indent);
  }
  return { span: { start: offset, end: offset }, newText: prefix + renderLines(block, indent, style.eol) + suffix };
}

function uniqueMappingName(file: ConfigFile, wanted: string): string {
  const taken = new Set<string>();
  if (file.configuration) {
    for (const e of descendants(file.configuration)) {
      if (e.name === 'add' && e.parent?.name === 'manyToOneMappings') taken.add((e.get('name') ?? '').toLowerCase());
    }
  }
  if (!taken.has(wanted.toLowerCase())) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted} (${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function existingOneToOne(file: ConfigFile, base64: string): XmlElement | undefined {
  if (!file.configuration) return undefined;
  for (const e of descendants(file.configuration)) {
    if (e.name === 'add' && e.parent?.name === 'oneToOneMappings' && (e.get('certificate') ?? '').replace(/\s+/g, '') === base64) return e;
  }
  return undefined;
}

interface Target {
  /** `<configuration>` or the `<location>` for the scope that gets the mapping. */
  container?: XmlElement;
  /** Set when a new `<location path>` must be written. */
  newLocationPath?: string;
  describe: string;
}

/** Picks the server- or site-level scope of an applicationHost.config for a drop at `container`. */
function applicationHostTarget(file: ConfigFile, dropContainer: XmlElement, notes: string[], warnings: string[]): Target {
  const configuration = file.configuration!;
  const dropPath = locationPath(dropContainer);
  if (dropContainer.name === 'location' && dropPath !== '') {
    const segments = dropPath.split('/');
    const site = segments[0];
    if (segments.length > 1) {
      warnings.push(`Dropped inside <location path="${dropPath}">, below site level where IIS ignores certificate mappings: the mapping goes to site '${site}' instead.`);
    }
    if (segments.length === 1) return { container: dropContainer, describe: `<location path="${dropPath}">` };
    const existing = file.scopes.find((s) => s.location && samePath(s.path, site));
    return existing ? { container: existing.location, describe: `<location path="${existing.path}">` } : { newLocationPath: site, describe: `a new <location path="${site}">` };
  }
  if (dropContainer.name === 'location') return { container: dropContainer, describe: 'server level (<location path="">)' };

  // Dropped outside any location: the site that already has mappings, else the server-level section.
  const siteScopes = file.scopes.filter((s) => s.location && s.path !== '' && !s.path.includes('/'));
  const withSection = siteScopes.filter((s) => s.sections.some((x) => x.path === MAPPING_SECTION_PATH));
  if (withSection.length === 1) {
    notes.push(`Added to the mappings of site '${withSection[0].path}'.`);
    return { container: withSection[0].location, describe: `<location path="${withSection[0].path}">` };
  }
  const serverHasSection = file.scopes.some((s) => s.path === '' && s.sections.some((x) => x.path === MAPPING_SECTION_PATH));
  if (!serverHasSection && withSection.length === 0 && file.sites.length === 1) {
    const site = file.sites[0].name;
    const existing = siteScopes.find((s) => samePath(s.path, site));
    return existing ? { container: existing.location, describe: `<location path="${existing.path}">` } : { newLocationPath: site, describe: `a new <location path="${site}">` };
  }
  warnings.push('The mapping goes to server level, so it applies to every site; drop it inside a site\'s <location> to limit it to that site.');
  return { container: configuration, describe: 'server level' };
}

/**
 * Where the workspace places a web.config, when that is below its site (an application or a folder):
 * a mapping written there is ignored by IIS (the IIS Support Blog sub-application post), so the insert refuses and says where to go.
 * Undefined for applicationHost.config, a site's root web.config, and a web.config that cannot be placed.
 */
export function belowSiteLevelOf(workspace: Workspace, uri: string): InsertMappingRequest['belowSiteLevel'] {
  const file = workspace.get(uri);
  if (!file || file.kind !== 'web') return undefined;
  const scope = file.scopes.find((s) => !s.location);
  if (!scope) return undefined;
  const placement = resolveUrlPathOfScope(workspace, file, scope);
  if (!placement.target.known || (placement.level !== 'application' && placement.level !== 'folder')) return undefined;
  return { site: placement.site ?? placement.target.path.split('/')[0], path: placement.target.path };
}

export function insertMappingFromCertificate(request: InsertMappingRequest): InsertMappingResult {
  const read = readCertificateInput(request.bytes, request.fileName);
  if (!read.ok) return { ok: false, message: `${read.message} Nothing was inserted.` };

  const file = parseConfigFile(request.uri, request.text);
  if (!file.configuration) return { ok: false, message: 'This document is not an IIS configuration file (no <configuration> root element); nothing was inserted.' };
  const xmlError = file.xml.errors.find((e) => e.code !== 'XML-DOCTYPE');
  if (xmlError) {
    const line = file.xml.lines.positionAt(xmlError.span.start).line + 1;
    return { ok: false, message: `Fix the XML first (line ${line}: ${xmlError.message}); nothing was inserted.` };
  }
  if (request.belowSiteLevel) {
    return {
      ok: false,
      message: `This web.config belongs to '${request.belowSiteLevel.path}', below site '${request.belowSiteLevel.site}': IIS reads certificate mappings only at server and site level. Drop the certificate into applicationHost.config (<location path="${request.belowSiteLevel.site}">) or the site's root web.config.`,
    };
  }

  const now = request.now ?? new Date();
  const leaf = read.leaf;
  const base64 = toBase64(leaf.der);
  const useSnippet = request.snippet === true;
  const notes = [...read.notes];
  const warnings = [
    ...checkCertificateForMapping(leaf, now).map((i) => i.message),
    ...checkChainForMapping(read.certificates, leaf, now).map((i) => i.message),
  ];

  if (request.kind === 'oneToOne') {
    const duplicate = existingOneToOne(file, base64);
    if (duplicate) {
      const line = file.xml.lines.positionAt(duplicate.span.start).line + 1;
      return { ok: false, message: `This certificate is already mapped on line ${line}; a second entry would be a duplicate key (500.19). Nothing was inserted.` };
    }
  }
  const mappingName = uniqueMappingName(file, mappingNameFor(leaf, now));
  const snippets = buildMappingSnippets(leaf, { mappingName, now });
  const snippet = snippets[request.kind];
  const doc = file.xml;
  const style = textStyleOf(doc);
  const block = blockOf(snippet, useSnippet, style.unit);
  const collectionName = snippet.collection;

  const offset = Math.max(0, Math.min(request.offset, doc.text.length));
  const at = elementAtOffset(file, offset) ?? file.configuration;
  const dropContainer = scopeContainerOf(at) ?? file.configuration;
  const dropLevelOk = file.kind === 'applicationHost' ? !locationPath(dropContainer).includes('/') : locationPath(dropContainer) === '';
  const collection = ancestorsOf(at).find((e) => e.name === collectionName);

  let edit: SpanEdit;
  let atRequestedOffset = false;
  let section: XmlElement | undefined;
  let describe: string;

  if (collection && dropLevelOk && isProperCollection(collection, request.kind, dropContainer)) {
    section = collection.parent;
    describe = 'the drop position';
    const inContent = offset >= collection.contentSpan.start && offset <= collection.contentSpan.end && !collection.selfClosing;
    const child = collection.children.find((c) => offset > c.span.start && offset < c.span.end);
    if (!inContent) edit = appendChild(doc, collection, block, style);
    else if (child) {
      const next = collection.children[collection.children.indexOf(child) + 1];
      edit = next ? insertBefore(doc, next, block, style) : appendChild(doc, collection, block, style);
    } else {
      edit = insertAtOffset(doc.text, collection, offset, block, style);
      atRequestedOffset = true;
    }
  } else {
    let target: Target;
    if (file.kind === 'applicationHost') target = applicationHostTarget(file, dropContainer, notes, warnings);
    else {
      if (locationPath(dropContainer) !== '') {
        warnings.push(`Dropped inside <location path="${locationPath(dropContainer)}">, below the site where IIS ignores certificate mappings: the mapping goes to this web.config's own level instead.`);
      }
      target = { container: file.configuration, describe: "this web.config's own level" };
    }
    describe = target.describe;
    const sectionAttributes = ` enabled="true" ${snippet.enabledFlag}="true"`;
    const wrap = (inner: Block, names: string[]) =>
      names.reduceRight((b, name) => wrapBlock(b, name, style.unit, name === SECTION_NAME ? sectionAttributes : ''), inner);
    const chain = [...SECTION_CHAIN, collectionName];
    if (!target.container) {
      const location = wrapBlock(wrap(block, chain), 'location', style.unit, ` path="${escapeAttributeValue(target.newLocationPath!)}"`);
      const firstLocation = file.configuration.elements('location')[0];
      edit = firstLocation ? insertBefore(doc, firstLocation, location, style) : appendChild(doc, file.configuration, location, style);
      notes.push(`Created <location path="${target.newLocationPath}"> with the section (enabled, ${snippet.enabledFlag}).`);
    } else {
      const { element: parent, depth } = deepest(target.container, chain);
      if (depth >= SECTION_CHAIN.length) section = depth === SECTION_CHAIN.length ? parent : parent.parent;
      edit = appendChild(doc, parent, wrap(block, chain.slice(depth)), style);
      if (depth < SECTION_CHAIN.length) notes.push(`Created the <${SECTION_NAME}> section (enabled, ${snippet.enabledFlag}).`);
    }
    if (file.kind !== 'applicationHost') {
      warnings.push('In a web.config this section is locked by default (overrideModeDefault="Deny"): unless applicationHost.config unlocks it for this site, IIS answers 500.19.');
    }
  }

  if (section) {
    const enabled = section.get('enabled')?.trim().toLowerCase();
    if (enabled !== 'true') {
      warnings.push(`The <${SECTION_NAME}> section ${enabled === undefined ? 'does not set enabled="true" (the default is false)' : `has enabled="${section.get('enabled')}"`}: the mapping is not used until it is enabled.`);
    }
    if (section.get(snippet.enabledFlag)?.trim().toLowerCase() === 'false') {
      warnings.push(`${snippet.enabledFlag} is "false" on the section: IIS skips this mapping until it is "true".`);
    }
  }
  notes.push(`Inserted at ${describe}.`);

  const description = describeCertificate(leaf, now);
  return {
    ok: true,
    edit: { range: doc.lines.rangeOf(edit.span), newText: edit.newText },
    atRequestedOffset,
    snippet: useSnippet,
    title: warnings.length > 0 ? `${snippet.title} (⚠ ${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : snippet.title,
    warnings,
    notes,
    subject: description.subject.text,
    thumbprint: description.thumbprintSha1,
  };
}
