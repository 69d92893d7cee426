import { NAME_ATTRIBUTES } from './certificate/oidNames';
import {
  SCHEMA_SECTIONS,
  SECTIONS_OPENED_BY_DEFAULT,
  childElementSchema,
  describeAttributeType,
  findElementSchema,
  type AttributeSchema,
  type ElementSchema,
  type EnumValueSchema,
} from './knowledge/schema';
import { ACCESS_SSL_FLAGS } from './knowledge/sslFlags';
import type { SiteInfo } from './model/configFile';
import { LineIndex } from './text/lineIndex';
import type { Position, Span, TextEdit } from './types';
import type { Workspace } from './workspace';
import { cursorContextAt, type CursorContext, type ScannedTag } from './xml/cursorContext';

/**
 * Completion for IIS configuration, driven by the schema in knowledge/schema.ts (every section of
 * IIS's schema files, the authentication sections with hand-written knowledge on top):
 * element names with skeletons, attribute names with their documentation and default, attribute
 * values (booleans, enums, sslFlags as a comma list, name parts, providers) and `<location path>` from
 * the sites of applicationHost.config. Items carry a text edit with an explicit range, so the
 * partially typed word is replaced whatever the client's idea of a word is.
 */

/** LSP CompletionItemKind values used here. */
export const CompletionKind = {
  Field: 5,
  Class: 7,
  Module: 9,
  Property: 10,
  Value: 12,
  Keyword: 14,
  Snippet: 15,
  Folder: 19,
  EnumMember: 20,
  Struct: 22,
} as const;
export type CompletionKindValue = (typeof CompletionKind)[keyof typeof CompletionKind];

export interface CompletionItem {
  label: string;
  kind: CompletionKindValue;
  detail?: string;
  documentation?: { kind: 'markdown'; value: string };
  textEdit: TextEdit;
  /** 1 plain text, 2 snippet. */
  insertTextFormat: 1 | 2;
  /** 1: insert as is; the text already carries the indentation of the line. */
  insertTextMode?: 1;
  filterText?: string;
  sortText?: string;
  preselect?: boolean;
}

export interface CompletionList {
  isIncomplete: boolean;
  items: CompletionItem[];
}

export interface CompletionRequestContext {
  /** Character that made the client ask, when it was a trigger character. */
  triggerCharacter?: string;
}

/** Characters after which the server wants to be asked. */
export const COMPLETION_TRIGGER_CHARACTERS = ['<', '"', "'", ' ', ',', '/'];

const AUTH = 'system.webServer/security/authentication';
const CERT_MAPPING = `${AUTH}/iisClientCertificateMappingAuthentication`;
const MANY_TO_ONE = `${CERT_MAPPING}/manyToOneMappings`;
const RULES = `${MANY_TO_ONE}/add/rules`;
const PROVIDERS = `${AUTH}/windowsAuthentication/providers`;

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

export function complete(workspace: Workspace, uri: string, position: Position, request: CompletionRequestContext = {}): CompletionList {
  const text = workspace.text(uri);
  if (text === undefined) return EMPTY;
  try {
    const lines = new LineIndex(text);
    const offset = lines.offsetAt(position);
    const context = cursorContextAt(text, offset);
    const items = completeAt(workspace, uri, text, lines, context, request);
    return { isIncomplete: false, items };
  } catch {
    // Completion is a convenience: a scanner surprise must never break typing.
    return EMPTY;
  }
}

function completeAt(
  workspace: Workspace,
  uri: string,
  text: string,
  lines: LineIndex,
  context: CursorContext,
  request: CompletionRequestContext,
): CompletionItem[] {
  const trigger = request.triggerCharacter;
  switch (context.kind) {
    case 'content':
      if (trigger !== undefined && trigger !== '<') return [];
      return elementItems(text, lines, context, false, isHostFile(workspace, uri));
    case 'tagName':
      if (trigger !== undefined && trigger !== '<') return [];
      return elementItems(text, lines, context, true, isHostFile(workspace, uri));
    case 'endTagName':
      if (trigger !== undefined && trigger !== '/') return [];
      return endTagItems(text, lines, context);
    case 'attributeName':
      if (trigger !== undefined && trigger !== ' ') return [];
      return attributeNameItems(lines, context);
    case 'attributeValue': {
      if (trigger === ' ' || trigger === ',') {
        const schema = tagSchema(context);
        const attribute = schema && context.attribute && attributeOf(schema, context.attribute.name);
        if (attribute?.type !== 'flags') return [];
      }
      return attributeValueItems(workspace, uri, lines, context);
    }
    default:
      return [];
  }
}

// --- Element names ------------------------------------------------------------------------------

function isHostFile(workspace: Workspace, uri: string): boolean {
  return workspace.get(uri)?.kind === 'applicationHost';
}

// Sections of administration.config and redirection.config, never written in a web.config or
// applicationHost.config.
const ADMINISTRATION_SECTIONS = new Set(['configPaths', 'moduleProviders', 'modules', 'administratorsProviders', 'administrators', 'configurationRedirection']);

/** Whether a section may be offered here: AppHostOnly ones only in applicationHost.config, and not inside <location> when server-wide. */
function offeredSection(sectionPath: string, host: boolean, inLocation: boolean): boolean {
  if (!sectionPath.includes('/') && ADMINISTRATION_SECTIONS.has(sectionPath)) return false;
  if (sectionPath.startsWith('system.applicationHost/')) return host && !inLocation;
  const schema = findElementSchema(sectionPath);
  if (schema?.allowDefinition === 'AppHostOnly' && (!host || inLocation)) return false;
  return true;
}

interface ElementCandidate {
  name: string;
  /** Schema path of the candidate (a section group path for groups). */
  path: string;
  schema?: ElementSchema;
  group?: boolean;
}

/** Ancestor names without the `configuration` root and `<location>` wrappers: the schema path. */
function schemaNames(ancestors: string[]): string[] {
  return ancestors.filter((name, index) => !(index === 0 && name === 'configuration') && name !== 'location');
}

function childCandidates(ancestors: string[], host: boolean): ElementCandidate[] {
  if (ancestors.length === 0) return [{ name: 'configuration', path: 'configuration', group: true }];
  if (ancestors[0] !== 'configuration') return [];
  const configSectionsAt = ancestors.indexOf('configSections');
  if (configSectionsAt > 0) {
    const section = findElementSchema('configSections/section');
    return [
      { name: 'section', path: 'configSections/section', schema: section },
      { name: 'sectionGroup', path: 'configSections/sectionGroup', group: true },
    ];
  }
  const names = schemaNames(ancestors);
  const path = names.join('/');
  const candidates: ElementCandidate[] = [];
  if (path === '' && ancestors[ancestors.length - 1] === 'configuration') {
    candidates.push({ name: 'location', path: 'location', schema: findElementSchema('location') });
  }
  const groupChildren = new Set<string>();
  const inLocation = ancestors.includes('location');
  for (const section of SCHEMA_SECTIONS) {
    if (path !== '' && !section.startsWith(path + '/')) continue;
    if (!offeredSection(section, host, inLocation)) continue;
    const rest = path === '' ? section : section.slice(path.length + 1);
    groupChildren.add(rest.split('/')[0]);
  }
  for (const name of groupChildren) {
    const childPath = path ? `${path}/${name}` : name;
    const schema = findElementSchema(childPath);
    candidates.push(schema?.kind === 'section' ? { name, path: childPath, schema } : { name, path: childPath, group: true });
  }
  if (candidates.length > 0 || path === '') return candidates;
  const parent = findElementSchema(path);
  if (!parent) return [];
  return parent.children.map((name) => ({ name, path: `${parent.path}/${name}`, schema: childElementSchema(parent, name) }));
}

/** Kinds of element IIS allows once per parent. */
function isSingleton(candidate: ElementCandidate): boolean {
  const kind = candidate.schema?.kind;
  return kind === 'section' || kind === 'element' || kind === 'collection' || candidate.name === 'configuration';
}

function elementItems(text: string, lines: LineIndex, context: CursorContext, inTag: boolean, host: boolean): CompletionItem[] {
  const ancestors = context.ancestors.map((a) => a.name);
  const candidates = childCandidates(ancestors, host).filter((c) => !(isSingleton(c) && context.siblingNames.includes(c.name)));
  if (candidates.length === 0) return [];
  let replace: Span;
  let lineOffset: number;
  if (inTag) {
    replace = context.replaceSpan;
    lineOffset = replace.start - 1;
  } else {
    // Plain text typed before asking (`acc` without `<`) is replaced by the whole tag.
    let start = context.offset;
    while (start > 0 && /[\w.:-]/.test(text[start - 1])) start--;
    replace = { start, end: context.offset };
    lineOffset = start;
  }
  const layout = layoutAt(text, lines, lineOffset);
  const nameOnly = inTag && context.tagHasRest === true;
  return candidates.map((candidate, index) => {
    const body = nameOnly ? candidate.name : elementSnippet(candidate, layout);
    const newText = inTag ? body : `<${body}`;
    const item: CompletionItem = {
      label: candidate.name,
      kind: candidate.group ? CompletionKind.Module : candidate.schema?.kind === 'section' ? CompletionKind.Class : CompletionKind.Field,
      detail: elementDetail(candidate),
      textEdit: { range: lines.rangeOf(replace), newText },
      insertTextFormat: nameOnly ? 1 : 2,
      filterText: candidate.name,
      sortText: String(index).padStart(3, '0'),
    };
    if (newText.includes('\n')) item.insertTextMode = 1;
    const documentation = elementDocumentation(candidate);
    if (documentation) item.documentation = { kind: 'markdown', value: documentation };
    return item;
  });
}

function endTagItems(text: string, lines: LineIndex, context: CursorContext): CompletionItem[] {
  const open = context.ancestors[context.ancestors.length - 1];
  if (!open) return [];
  const after = text[context.replaceSpan.end];
  const newText = after === '>' ? open.name : `${open.name}>`;
  return [
    {
      label: open.name,
      kind: CompletionKind.Field,
      detail: `closes <${open.name}> of line ${lines.positionAt(open.start).line + 1}`,
      textEdit: { range: lines.rangeOf(context.replaceSpan), newText },
      insertTextFormat: 1,
    },
  ];
}

function elementDetail(candidate: ElementCandidate): string {
  if (candidate.group) return candidate.name === 'configuration' ? 'configuration root' : `section group ${candidate.path}`;
  const schema = candidate.schema;
  if (!schema) return candidate.path;
  switch (schema.kind) {
    case 'section':
      return schema.overrideModeDefault === 'Deny' && !SECTIONS_OPENED_BY_DEFAULT.has(schema.path) ? `section, locked by default (${schema.path})` : `section ${schema.path}`;
    case 'collection':
      return `collection of <${schema.collection?.addElement ?? 'add'}>`;
    case 'collectionItem':
      return schema.collection ? 'collection item' : `item: ${schema.description}`;
    case 'collectionRemove':
    case 'collectionClear':
      return schema.description;
    default:
      return schema.path;
  }
}

function elementDocumentation(candidate: ElementCandidate): string | undefined {
  const schema = candidate.schema;
  if (!schema) return undefined;
  const parts = [`**<${schema.name}>** — ${schema.description}`];
  if (schema.attributes.length > 0) {
    parts.push(schema.attributes.map((a) => `- \`${a.name}\`${attributeSummary(a)}`).join('\n'));
  }
  if (schema.levels && schema.kind === 'section') parts.push(`Levels: ${schema.levels.join(', ')}.${schema.levelsNote ? ' ' + schema.levelsNote : ''}`);
  if (schema.overrideModeDefault === 'Deny' && !SECTIONS_OPENED_BY_DEFAULT.has(schema.path)) {
    parts.push(
      'Declared with `overrideModeDefault="Deny"`: in a web.config it gives HTTP 500.19 (0x80070021) unless applicationHost.config unlocks it for that path (`<location path="…" overrideMode="Allow">`).',
    );
  }
  if (schema.since) parts.push(`Since ${schema.since}.`);
  parts.push(`[Microsoft documentation](${schema.docUrl})`);
  return parts.join('\n\n');
}

function attributeSummary(attribute: AttributeSchema): string {
  const facts: string[] = [attribute.type];
  if (attribute.required) facts.push('required');
  if (attribute.default !== undefined && !attribute.secret) facts.push(`default \`${attribute.default}\``);
  return ` (${facts.join(', ')})${attribute.description ? ` — ${attribute.description}` : ''}`;
}

// --- Skeletons ----------------------------------------------------------------------------------

interface Layout {
  /** Leading white space of the line the element starts on. */
  indent: string;
  /** One indentation step of this document. */
  unit: string;
  eol: string;
}

function layoutAt(text: string, lines: LineIndex, offset: number): Layout {
  const lineStart = lines.lineStartOffset(lines.positionAt(offset).line);
  const indent = /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
  return { indent, unit: indentUnit(text), eol: lines.eol };
}

function indentUnit(text: string): string {
  let smallest = Infinity;
  const pattern = /(?:^|\n)([ \t]+)\S/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[1].startsWith('\t')) return '\t';
    smallest = Math.min(smallest, match[1].length);
  }
  return smallest === Infinity ? '    ' : ' '.repeat(Math.max(1, Math.min(8, smallest)));
}

/** Snippet text of a start tag's attributes and the element's body, without the leading `<`. */
class SnippetWriter {
  private next = 1;

  placeholder(value = ''): string {
    return value ? `\${${this.next++}:${escapeSnippet(value)}}` : `\${${this.next++}}`;
  }

  choice(values: string[]): string {
    return `\${${this.next++}|${values.map((v) => v.replace(/[\\$}|,]/g, (ch) => `\\${ch}`)).join(',')}|}`;
  }

  attribute(element: ElementSchema, name: string): string {
    const attribute = attributeOf(element, name);
    if (!attribute) return `${name}="${this.placeholder()}"`;
    return `${name}="${this.valueFor(element, attribute)}"`;
  }

  valueFor(element: ElementSchema, attribute: AttributeSchema): string {
    if (attribute.type === 'flags' && element.path === 'system.webServer/security/access') {
      return this.choice(SSL_FLAG_COMBINATIONS.map((c) => c.value));
    }
    const values = valueSet(element, attribute);
    if (values.length > 0) return this.choice(orderedChoices(attribute, values.map((v) => v.name)));
    if (attribute.name === 'userName') return this.placeholder('DOMAIN\\user');
    return this.placeholder();
  }
}

/** Booleans offer the non-default first (adding the attribute usually means changing it); enums the default. */
function orderedChoices(attribute: AttributeSchema, names: string[]): string[] {
  if (attribute.default === undefined) return names;
  const isDefault = (n: string) => n.toLowerCase() === attribute.default!.toLowerCase();
  const defaults = names.filter(isDefault);
  const others = names.filter((n) => !isDefault(n));
  return attribute.type === 'bool' ? [...others, ...defaults] : [...defaults, ...others];
}

function escapeSnippet(value: string): string {
  return value.replace(/[\\$}]/g, (ch) => `\\${ch}`);
}

/** Attributes a new element is written with: required ones and keys, and the switch of a section. */
function leadAttributes(schema: ElementSchema): string[] {
  const names = schema.attributes.filter((a) => a.required || a.isKey).map((a) => a.name);
  if (schema.kind === 'section') {
    for (const lead of ['enabled', 'sslFlags']) if (attributeOf(schema, lead) && !names.includes(lead)) names.unshift(lead);
  }
  if (schema.kind === 'location') names.push('path', 'overrideMode');
  // A mapping without its account is skipped by IIS or fails to log on (401.1).
  if (schema.kind === 'collectionItem' && attributeOf(schema, 'userName')) names.push('userName', 'password');
  return names;
}

function elementSnippet(candidate: ElementCandidate, layout: Layout): string {
  const writer = new SnippetWriter();
  const lines = skeletonLines(candidate, writer);
  const { indent, eol } = layout;
  return lines.map((line, i) => (i === 0 ? line.text : indent + layout.unit.repeat(line.depth) + line.text)).join(eol);
}

interface SkeletonLine {
  depth: number;
  text: string;
}

function skeletonLines(candidate: ElementCandidate, w: SnippetWriter): SkeletonLine[] {
  const schema = candidate.schema;
  if (!schema) {
    return [
      { depth: 0, text: `${candidate.name}>` },
      { depth: 1, text: '$0' },
      { depth: 0, text: `</${candidate.name}>` },
    ];
  }
  if (schema.path === CERT_MAPPING) return certificateMappingSkeleton(w);
  if (schema.path === `${MANY_TO_ONE}/add`) return manyToOneMappingSkeleton(w, 0);
  const attributes = leadAttributes(schema).map((name) => ' ' + w.attribute(schema, name)).join('');
  if (schema.children.length === 0 && schema.kind !== 'location') return [{ depth: 0, text: `${schema.name}${attributes} />$0` }];
  return [
    { depth: 0, text: `${schema.name}${attributes}>` },
    { depth: 1, text: '$0' },
    { depth: 0, text: `</${schema.name}>` },
  ];
}

function manyToOneMappingSkeleton(w: SnippetWriter, depth: number): SkeletonLine[] {
  const mapping = findElementSchema(`${MANY_TO_ONE}/add`)!;
  const rule = findElementSchema(`${RULES}/add`)!;
  const name = w.placeholder('mapping name');
  const permission = w.attribute(mapping, 'permissionMode');
  const user = w.placeholder('DOMAIN\\user');
  const password = w.placeholder();
  return [
    { depth, text: `add name="${name}" ${permission} userName="${user}" password="${password}">` },
    { depth: depth + 1, text: '<rules>' },
    {
      depth: depth + 2,
      text: `<add ${['certificateField', 'certificateSubField', 'matchCriteria', 'compareCaseSensitive'].map((a) => w.attribute(rule, a)).join(' ')} />`,
    },
    { depth: depth + 1, text: '</rules>' },
    { depth, text: '</add>$0' },
  ];
}

function certificateMappingSkeleton(w: SnippetWriter): SkeletonLine[] {
  const section = findElementSchema(CERT_MAPPING)!;
  const head = ['enabled', 'oneToOneCertificateMappingsEnabled', 'manyToOneCertificateMappingsEnabled'];
  // Enabling the section is the point of adding it; the two switches keep their defaults as choices.
  const attributes = head.map((name) => (name === 'enabled' ? 'enabled="true"' : w.attribute(section, name))).join(' ');
  const mapping = manyToOneMappingSkeleton(w, 2);
  mapping[0] = { depth: 2, text: `<${mapping[0].text}` };
  mapping[mapping.length - 1] = { depth: 2, text: '</add>' };
  return [
    { depth: 0, text: `${section.name} ${attributes}>` },
    { depth: 1, text: '<oneToOneMappings>' },
    { depth: 1, text: '</oneToOneMappings>' },
    { depth: 1, text: '<manyToOneMappings>' },
    ...mapping,
    { depth: 1, text: '</manyToOneMappings>' },
    { depth: 0, text: `</${section.name}>$0` },
  ];
}

// --- Attribute names ----------------------------------------------------------------------------

function tagSchema(context: CursorContext): ElementSchema | undefined {
  if (!context.tag) return undefined;
  const ancestors = context.ancestors.map((a) => a.name);
  if (ancestors[0] !== 'configuration' && !(ancestors.length === 0 && context.tag.name === 'configuration')) return undefined;
  return findElementSchema([...ancestors, context.tag.name]);
}

function attributeOf(schema: ElementSchema, name: string): AttributeSchema | undefined {
  return schema.attributes.find((a) => a.name === name);
}

function attributeNameItems(lines: LineIndex, context: CursorContext): CompletionItem[] {
  const schema = tagSchema(context);
  const tag = context.tag as ScannedTag;
  if (!schema) return [];
  const typing = context.attribute;
  const present = new Set(tag.attributes.filter((a) => a !== typing).map((a) => a.name));
  const nameOnly = typing?.equals !== undefined;
  const lead = context.needsLeadingSpace ? ' ' : '';
  return schema.attributes
    .filter((attribute) => !present.has(attribute.name))
    .map((attribute, index) => {
      const writer = new SnippetWriter();
      const newText = lead + (nameOnly ? attribute.name : `${attribute.name}="${writer.valueFor(schema, attribute)}"`);
      return {
        label: attribute.name,
        kind: CompletionKind.Property,
        detail: attributeDetail(attribute),
        documentation: { kind: 'markdown' as const, value: attributeDocumentation(schema, attribute) },
        textEdit: { range: lines.rangeOf(context.replaceSpan), newText },
        insertTextFormat: nameOnly ? (1 as const) : (2 as const),
        filterText: attribute.name,
        // Required attributes first, then the schema's order.
        sortText: `${attribute.required || attribute.isKey ? 0 : 1}${String(index).padStart(3, '0')}`,
      };
    });
}

function attributeDetail(attribute: AttributeSchema): string {
  const facts: string[] = [attribute.type === 'flags' ? 'comma-separated flags' : attribute.type];
  if (attribute.required) facts.push('required');
  if (attribute.default !== undefined) facts.push(`default: ${attribute.default === '' ? '(empty)' : attribute.default}`);
  if (attribute.secret) facts.push('stored encrypted by IIS tools');
  return facts.join(' · ');
}

function attributeDocumentation(element: ElementSchema, attribute: AttributeSchema): string {
  const parts = [`**${attribute.name}** on \`<${element.name}>\` — ${attribute.description || describeAttributeType(attribute)}`];
  const facts = [`Type: ${attribute.type}`];
  if (attribute.required) facts.push('required');
  if (attribute.isKey) facts.push('part of the collection key');
  facts.push(attribute.default !== undefined ? `default \`${attribute.default}\`` : 'no default');
  parts.push(facts.join(' · '));
  const values = valueSet(element, attribute);
  if (values.length > 0) parts.push(values.map((v) => `- \`${v.name}\`${v.description ? ` — ${v.description}` : ''}`).join('\n'));
  parts.push(`[Microsoft documentation](${element.docUrl})`);
  return parts.join('\n\n');
}

// --- Attribute values ---------------------------------------------------------------------------

const SUB_FIELDS = ['CN', 'OU', 'O', 'L', 'S', 'C', 'E'];

/** Values the schema types as free strings but for which IIS has a known vocabulary. */
function extraValues(element: ElementSchema, attribute: AttributeSchema): EnumValueSchema[] {
  if (element.path === `${RULES}/add` && attribute.name === 'certificateSubField') {
    return SUB_FIELDS.map((short) => {
      const known = NAME_ATTRIBUTES.find((a) => a.shortName === short);
      return { name: short, description: `The ${known?.label ?? short} part of the name (${short}=…).` };
    });
  }
  if (element.path.startsWith(`${PROVIDERS}/`) && attribute.name === 'value') {
    return [
      { name: 'Negotiate', description: 'SPNEGO: Kerberos when the client and SPN allow it, otherwise NTLM. One of the two default providers.' },
      { name: 'NTLM', description: 'NT LAN Manager challenge/response. One of the two default providers.' },
      {
        name: 'Negotiate:Kerberos',
        description: 'Kerberos only, no fallback to NTLM (a Negotiate 2 provider; IIS documents that these do not work with kernel-mode authentication, useKernelMode="false").',
      },
    ];
  }
  return [];
}

function valueSet(element: ElementSchema, attribute: AttributeSchema): EnumValueSchema[] {
  if (attribute.type === 'bool') {
    return [
      { name: 'true', description: 'On.' },
      { name: 'false', description: 'Off.' },
    ];
  }
  return attribute.values ?? extraValues(element, attribute);
}

const SSL_FLAG_COMBINATIONS = [
  { value: 'Ssl, SslNegotiateCert, SslRequireCert', description: 'IIS Manager "Require SSL" + client certificates "Require": no certificate, no entry (403.7).' },
  { value: 'Ssl, SslNegotiateCert', description: 'IIS Manager "Require SSL" + client certificates "Accept": a certificate is asked for but optional.' },
  { value: 'Ssl', description: 'HTTPS required, no client certificate asked for.' },
  { value: 'None', description: 'No HTTPS requirement and no client certificate (the default).' },
];

function attributeValueItems(workspace: Workspace, uri: string, lines: LineIndex, context: CursorContext): CompletionItem[] {
  const schema = tagSchema(context);
  const attributeName = context.attribute?.name;
  if (!schema || !attributeName) return [];
  const attribute = attributeOf(schema, attributeName);
  if (!attribute) return [];
  const quoteWrap = (value: string) => (context.quoted ? value : `"${value}"`);
  if (schema.kind === 'location' && attribute.name === 'path') return locationPathItems(workspace, uri, lines, context, quoteWrap);
  if (attribute.type === 'flags') return flagItems(schema, attribute, lines, context);
  const values = valueSet(schema, attribute);
  return values.map((value, index) => {
    const isDefault = attribute.default !== undefined && attribute.default.toLowerCase() === value.name.toLowerCase();
    return {
      label: value.name,
      kind: CompletionKind.EnumMember,
      detail: isDefault ? 'default' : undefined,
      documentation: { kind: 'markdown' as const, value: value.description || `${value.name}${value.value !== undefined ? ` (${value.value})` : ''}: a value of ${attribute.name}.` },
      textEdit: { range: lines.rangeOf(context.replaceSpan), newText: quoteWrap(value.name) },
      insertTextFormat: 1 as const,
      filterText: value.name,
      sortText: String(index).padStart(3, '0'),
    };
  });
}

/** Comma-separated flags: complete the item under the cursor with flags not yet present. */
function flagItems(schema: ElementSchema, attribute: AttributeSchema, lines: LineIndex, context: CursorContext): CompletionItem[] {
  const known = attribute.values ?? [];
  const isAccess = schema.path === 'system.webServer/security/access';
  const descriptions = new Map<string, string>(known.map((v) => [v.name, v.description]));
  if (isAccess) for (const flag of ACCESS_SSL_FLAGS) descriptions.set(flag.name, flag.meaning);
  const valueSpan = context.quoted ? context.replaceSpan : { start: context.offset, end: context.offset };
  const value = context.attribute?.value && context.quoted ? context.attribute.value : '';
  const cursorInValue = context.offset - valueSpan.start;
  let tokenStart = value.lastIndexOf(',', cursorInValue - 1) + 1;
  while (tokenStart < cursorInValue && (value[tokenStart] === ' ' || value[tokenStart] === '\t')) tokenStart++;
  const nextComma = value.indexOf(',', cursorInValue);
  let tokenEnd = nextComma < 0 ? value.length : nextComma;
  while (tokenEnd > cursorInValue && (value[tokenEnd - 1] === ' ' || value[tokenEnd - 1] === '\t')) tokenEnd--;
  const others = [value.slice(0, tokenStart), value.slice(tokenEnd)]
    .join(',')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  const noneFlag = known.find((v) => v.value === 0);
  const noneWritten = noneFlag !== undefined && others.includes(noneFlag.name.toLowerCase());
  const tokenSpan = { start: valueSpan.start + tokenStart, end: valueSpan.start + tokenEnd };
  const wholeValue = valueSpan;
  const afterBareComma = tokenStart > 0 && tokenStart === tokenEnd && value[tokenStart - 1] === ',';
  const wrap = (text: string) => (context.quoted ? text : `"${text}"`);

  const items: CompletionItem[] = [];
  known.forEach((flag, index) => {
    if (others.includes(flag.name.toLowerCase())) return;
    const isNone = flag === noneFlag;
    // None is the absence of every flag: it never goes beside another one.
    if (isNone && others.length > 0) return;
    const replacesNone = noneWritten && !isNone;
    items.push({
      label: flag.name,
      kind: CompletionKind.EnumMember,
      detail: replacesNone ? `replaces ${noneFlag!.name}` : flag.name === attribute.default ? 'default' : undefined,
      documentation: { kind: 'markdown', value: descriptions.get(flag.name) ?? flag.description },
      textEdit: replacesNone
        ? { range: lines.rangeOf(wholeValue), newText: wrap(flag.name) }
        : { range: lines.rangeOf(tokenSpan), newText: wrap((afterBareComma ? ' ' : '') + flag.name) },
      insertTextFormat: 1,
      filterText: flag.name,
      sortText: `1${String(index).padStart(3, '0')}`,
    });
  });
  if (isAccess && value.trim() === '') {
    SSL_FLAG_COMBINATIONS.filter((c) => c.value.includes(',')).forEach((combination, index) => {
      items.push({
        label: combination.value,
        kind: CompletionKind.Value,
        detail: 'common combination',
        documentation: { kind: 'markdown', value: combination.description },
        textEdit: { range: lines.rangeOf(wholeValue), newText: wrap(combination.value) },
        insertTextFormat: 1,
        filterText: combination.value,
        sortText: `0${index}`,
      });
    });
  }
  return items;
}

function locationPathItems(
  workspace: Workspace,
  uri: string,
  lines: LineIndex,
  context: CursorContext,
  wrap: (value: string) => string,
): CompletionItem[] {
  const own = workspace.get(uri);
  if (own?.kind !== 'applicationHost') return [];
  const sites: SiteInfo[] = [];
  const seen = new Set<string>();
  for (const file of [own, ...workspace.applicationHostFiles().filter((f) => f.uri !== uri)]) {
    for (const site of file?.sites ?? []) {
      if (!site.name || seen.has(site.name.toLowerCase())) continue;
      seen.add(site.name.toLowerCase());
      sites.push(site);
    }
  }
  const items: CompletionItem[] = [];
  for (const site of sites) {
    const root = site.applications.find((a) => a.path === '/');
    items.push({
      label: site.name,
      kind: CompletionKind.Module,
      detail: `site${site.id ? ` ${site.id}` : ''}${root?.physicalPath ? ` · ${root.physicalPath}` : ''}`,
      textEdit: { range: lines.rangeOf(context.replaceSpan), newText: wrap(site.name) },
      insertTextFormat: 1,
      filterText: site.name,
      sortText: `${site.name.toLowerCase()}\u0000`,
    });
    for (const application of site.applications) {
      const appPath = application.path.replace(/^\/+|\/+$/g, '');
      if (appPath === '') continue;
      const label = `${site.name}/${appPath}`;
      items.push({
        label,
        kind: CompletionKind.Folder,
        detail: `application /${appPath} of site "${site.name}"${application.physicalPath ? ` · ${application.physicalPath}` : ''}`,
        textEdit: { range: lines.rangeOf(context.replaceSpan), newText: wrap(label) },
        insertTextFormat: 1,
        filterText: label,
        sortText: `${site.name.toLowerCase()}\u0000${appPath.toLowerCase()}`,
      });
    }
  }
  return items;
}
