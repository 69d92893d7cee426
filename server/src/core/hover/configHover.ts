import {
  explainAccessSslFlagKeyword,
  explainAccessSslFlags,
  explainBindingSslFlags,
  explainCode,
  explainStatusTriple,
} from '../knowledge/explain';
import {
  SCHEMA_SECTIONS,
  SCHEMA_SECTION_GROUPS,
  SECTIONS_OPENED_BY_DEFAULT,
  findAttributeSchema,
  findElementSchema,
  findEnumValue,
  findSectionSchema,
  describeAttributeType,
  parseIisBool,
  type AttributeSchema,
  type ElementSchema,
} from '../knowledge/schema';
import { parseAccessSslFlags } from '../knowledge/sslFlags';
import { cursorContextAt, type ScannedTag, type TagAttribute } from '../xml/cursorContext';
import type { Span } from '../types';
import { codeAt } from './codeInText';

// Hover in web.config / applicationHost.config: elements and attributes of every section the schema
// knows (knowledge/schema.ts: IIS's schema files, the security sections described by hand),
// `<access sslFlags>` keyword by keyword, a `<binding sslFlags>` number, httpErrors and
// failureDefinitions status codes, and codes written in comments. Works on raw text (via the
// cursor scanner) so it keeps answering while the document is malformed.

export interface SpanHover {
  contents: string;
  span: Span;
}

const LOCK_NOTE =
  'declared `overrideModeDefault="Deny"` in IIS\'s applicationHost.config: in a web.config it needs an unlock (`<location path="…" overrideMode="Allow">` in applicationHost.config, or `appcmd unlock config`), otherwise requests fail with HTTP 500.19 (0x80070021).';

const ALLOW_DEFINITION: Record<string, string> = {
  AppHostOnly: 'only in applicationHost.config',
  MachineToApplication: "in applicationHost.config or an application's root web.config, not in a folder below it",
  MachineOnly: 'only in machine-level configuration',
};

export function configHover(text: string, offset: number): SpanHover | undefined {
  const comment = commentAt(text, offset);
  if (comment) return commentHover(text, offset, comment);

  const context = cursorContextAt(text, offset);
  if (!context.tag) return undefined;
  const names = [...context.ancestors.map((a) => a.name), context.tag.name];

  if (context.kind === 'tagName') {
    const element = findElementSchema(names);
    if (element) return { contents: elementMarkdown(element), span: context.tag.nameSpan };
    const unknown = unknownChildMarkdown(names);
    return unknown ? { contents: unknown, span: context.tag.nameSpan } : undefined;
  }
  const attribute = context.attribute;
  if (!attribute) return undefined;
  if (context.kind === 'attributeValue' && attribute.valueSpan && attribute.value !== undefined) {
    return valueHover(names, context.tag, attribute, offset);
  }
  if (context.kind === 'attributeName') return attributeNameHover(names, context.tag, attribute);
  return undefined;
}

function attributeNameHover(names: string[], tag: ScannedTag, attribute: TagAttribute): SpanHover | undefined {
  const special = specialAttribute(names, tag, attribute.name);
  if (special === 'bindingSslFlags') {
    return {
      contents: `**sslFlags** on \`<binding>\` — a number whose bits choose how the server certificate is found (1 SNI, 2 central certificate store) and turn features off on this binding (4 HTTP/2, 8 OCSP stapling, 16 QUIC, 32 TLS 1.3 over TCP, 64 legacy TLS). Not the same attribute as \`<access sslFlags>\`.`,
      span: attribute.nameSpan,
    };
  }
  if (special === 'httpErrorsStatus') {
    return { contents: `**${attribute.name}** — the HTTP ${attribute.name === 'statusCode' ? 'status' : 'sub-status'} this custom error entry applies to.`, span: attribute.nameSpan };
  }
  const element = findElementSchema(names);
  if (!element) return undefined;
  const schema = findAttributeSchema(element, attribute.name, { ignoreCase: true });
  if (!schema) {
    const known = element.attributes.map((a) => `\`${a.name}\``).join(', ') || 'none';
    return { contents: `\`${attribute.name}\` is not an attribute of \`<${element.name}>\`. Its attributes: ${known}.`, span: attribute.nameSpan };
  }
  return { contents: attributeMarkdown(element, schema, attribute.name), span: attribute.nameSpan };
}

function valueHover(names: string[], tag: ScannedTag, attribute: TagAttribute, offset: number): SpanHover | undefined {
  const valueSpan = attribute.valueSpan!;
  const value = attribute.value!;
  const special = specialAttribute(names, tag, attribute.name);

  if (special === 'accessSslFlags') {
    const parsed = parseAccessSslFlags(value);
    const at = offset - valueSpan.start;
    const token = [...parsed.flags, ...parsed.unknown, ...parsed.duplicates].find((t) => at >= t.span.start && at <= t.span.end);
    if (token) {
      return {
        contents: explainAccessSslFlagKeyword(token.text, value),
        span: { start: valueSpan.start + token.span.start, end: valueSpan.start + token.span.end },
      };
    }
    return { contents: explainAccessSslFlags(value), span: valueSpan };
  }
  if (special === 'bindingSslFlags') return { contents: explainBindingSslFlags(value), span: valueSpan };
  if (special === 'httpErrorsStatus') {
    const status = tagValue(tag, 'statusCode');
    const sub = tagValue(tag, 'subStatusCode');
    if (status === undefined || !/^\d{3}$/.test(status.trim())) return { contents: `\`${status ?? ''}\` is not an HTTP status code.`, span: valueSpan };
    const subNumber = sub !== undefined && /^-?\d+$/.test(sub.trim()) ? Number(sub) : undefined;
    // -1 in httpErrors means "any sub-status".
    return { contents: explainStatusTriple(Number(status), subNumber === -1 ? undefined : subNumber), span: valueSpan };
  }
  if (special === 'failureDefinitions') return failureDefinitionsHover(value, valueSpan, offset);

  const element = findElementSchema(names);
  if (!element) return undefined;
  const schema = findAttributeSchema(element, attribute.name, { ignoreCase: true });
  if (!schema) return undefined;
  return { contents: valueMarkdown(element, schema, value), span: valueSpan };
}

type SpecialAttribute = 'accessSslFlags' | 'bindingSslFlags' | 'httpErrorsStatus' | 'failureDefinitions';

function specialAttribute(names: string[], tag: ScannedTag, attributeName: string): SpecialAttribute | undefined {
  const parent = names[names.length - 2];
  if (tag.name === 'access' && attributeName === 'sslFlags' && parent === 'security') return 'accessSslFlags';
  if (tag.name === 'binding' && attributeName === 'sslFlags' && parent === 'bindings') return 'bindingSslFlags';
  if ((attributeName === 'statusCode' || attributeName === 'subStatusCode') && names.includes('httpErrors')) return 'httpErrorsStatus';
  if (tag.name === 'failureDefinitions' && attributeName === 'statusCodes') return 'failureDefinitions';
  return undefined;
}

function tagValue(tag: ScannedTag, name: string): string | undefined {
  return tag.attributes.find((a) => a.name === name)?.value;
}

// `statusCodes="401.2,403.7-403.17,500-599"`: explain the code (or the end of a range) under the cursor.
function failureDefinitionsHover(value: string, valueSpan: Span, offset: number): SpanHover | undefined {
  const at = offset - valueSpan.start;
  let start = 0;
  for (const item of value.split(',')) {
    const end = start + item.length;
    if (at >= start && at <= end) {
      let partStart = start;
      for (const part of item.split('-')) {
        const partEnd = partStart + part.length;
        if (at >= partStart && at <= partEnd && part.trim() !== '') {
          const lead = part.length - part.trimStart().length;
          const span = { start: valueSpan.start + partStart + lead, end: valueSpan.start + partStart + lead + part.trim().length };
          return { contents: explainCode(part.trim()), span };
        }
        partStart = partEnd + 1;
      }
      return undefined;
    }
    start = end + 1;
  }
  return undefined;
}

const IIS_GROUP = /^system\.(webServer|applicationHost)(\/|$)/;

/**
 * An element the schema does not know, inside a parent it knows completely (an element of the
 * schema, or one of IIS's own section groups, whose sections are all listed): say so briefly and list
 * what belongs there. Inside .NET groups (system.web …), where many sections come from outside
 * IIS's schema files, nothing is claimed.
 */
function unknownChildMarkdown(names: string[]): string | undefined {
  const name = names[names.length - 1];
  const parentNames = names.slice(0, -1);
  const parent = findElementSchema(parentNames);
  if (parent) {
    if (parent.children.length === 0) return `\`<${name}>\` is not expected inside \`<${parent.name}>\`, which has no child elements in the IIS schema.`;
    const known = parent.children.map((c) => `\`<${c}>\``).join(', ');
    const spelled = parent.children.find((c) => c.toLowerCase() === name.toLowerCase());
    const hint = spelled ? ` IIS matches element names exactly: it is spelled \`<${spelled}>\`.` : '';
    return `\`<${name}>\` is not a child element of \`<${parent.name}>\` in the IIS schema. Expected: ${known}.${hint}`;
  }
  const path = parentNames.filter((n) => n !== 'configuration' && n !== 'location').join('/');
  if (!SCHEMA_SECTION_GROUPS.has(path) || !IIS_GROUP.test(path)) return undefined;
  const members = [...new Set([...SCHEMA_SECTIONS, ...SCHEMA_SECTION_GROUPS].filter((p) => p.startsWith(`${path}/`) && !p.slice(path.length + 1).includes('/')).map((p) => p.slice(path.length + 1)))];
  const spelled = members.find((c) => c.toLowerCase() === name.toLowerCase());
  const hint = spelled ? ` IIS matches element names exactly: it is spelled \`<${spelled}>\`.` : '';
  const what = path === 'system.webServer/security/authentication' ? "one of IIS's authentication sections" : `a section IIS's schema defines in \`<${path.split('/').pop()}>\``;
  return `\`<${name}>\` is not ${what}: ${members.map((c) => `\`<${c}>\``).join(', ')}.${hint} A module installed on the server may add sections of its own; where none declares this one, IIS answers with HTTP 500.19.`;
}

function elementMarkdown(element: ElementSchema): string {
  const lines: string[] = [];
  if (element.kind === 'section') lines.push(`**\`<${element.name}>\`** — section \`${element.path}\``);
  else if (element.kind === 'location') lines.push('**`<location>`**');
  else if (element.kind === 'sectionDeclaration') lines.push('**`<section>`** — section declaration in `<configSections>`');
  else lines.push(`**\`<${element.name}>\`** — \`${element.path}\``);
  lines.push('', element.description);
  if (element.kind === 'section' && element.attributes.length) lines.push('', `Attributes: ${element.attributes.map((a) => `\`${a.name}\``).join(', ')}.`);
  lines.push(...sectionFacts(element));
  if (element.collection) {
    const c = element.collection;
    const verbs = [...(c.addElements ?? [c.addElement]), c.removeElement, c.clearElement].filter(Boolean).map((v) => `\`<${v}>\``).join(' / ');
    const key = c.keyAttributes.map((k) => `\`${k}\``).join(c.keyKind === 'combined' ? ' + ' : ', ');
    const identity = c.allowDuplicates || !key ? 'items may repeat' : `an item is identified by ${key}${c.keyKind === 'combined' ? ' together' : ''}`;
    lines.push(`- Collection: ${verbs}; ${identity}.`);
  }
  const children = element.children.filter((c) => !element.collection || ![element.collection.removeElement, element.collection.clearElement].includes(c));
  if (children.length && !element.collection) lines.push(`- Children: ${children.map((c) => `\`<${c}>\``).join(', ')}`);
  if (element.since) lines.push(`- Since ${element.since}`);
  lines.push('', `[Documentation](${element.docUrl})`);
  return lines.join('\n');
}

function sectionFacts(element: ElementSchema): string[] {
  const section = element.kind === 'section' ? element : findSectionSchema(element.path);
  const facts: string[] = [];
  const owner = element.kind === 'section' ? '' : section ? ` (section \`${section.name}\`)` : '';
  const levels = element.levels ?? section?.levels;
  if (levels?.length) facts.push(`- Set at: ${levels.join(', ')}${owner}`);
  if (section?.levelsNote) facts.push(`- ${section.levelsNote}`);
  if (section?.allowDefinition && section.allowDefinition !== 'Everywhere') facts.push(`- May be written ${ALLOW_DEFINITION[section.allowDefinition]} (\`allowDefinition="${section.allowDefinition}"\`); elsewhere IIS answers with HTTP 500.19.`);
  if (section?.overrideModeDefault === 'Deny' && SECTIONS_OPENED_BY_DEFAULT.has(section.path)) {
    facts.push('- Declared `overrideModeDefault="Deny"`, then opened for every path by the default `<location path="" overrideMode="Allow">` of applicationHost.config: web.config files may set it.');
  } else if (section?.overrideModeDefault === 'Deny') facts.push(`- Locked by default: ${LOCK_NOTE}`);
  else if (section?.overrideModeDefault === 'Allow') facts.push('- Not locked by default (`overrideModeDefault="Allow"`).');
  if (facts.length) facts.unshift('');
  return facts;
}

function attributeMarkdown(element: ElementSchema, schema: AttributeSchema, written: string): string {
  const type = describeAttributeType(schema);
  const head = `**${schema.name}** on \`<${element.name}>\` — ${type}${schema.default !== undefined && !schema.secret ? `, default \`${schema.default === '' ? '(empty)' : schema.default}\`` : ''}`;
  const lines = [head];
  if (schema.description) lines.push('', schema.description);
  if (written !== schema.name) lines.push('', `Written \`${written}\`: IIS matches attribute names exactly, the schema spells it \`${schema.name}\`.`);
  if (schema.values?.length) {
    lines.push('', schema.type === 'flags' ? '**Flags:**' : '**Values:**');
    for (const v of schema.values) lines.push(`- \`${v.name}\`${v.value !== undefined ? ` (${v.value})` : ''}${v.description ? ` — ${v.description}` : ''}`);
  }
  const facts: string[] = [];
  if (schema.required) facts.push('required');
  if (schema.isKey) {
    const c = findElementSchema(element.path.split('/').slice(0, -1).join('/'))?.collection;
    facts.push(c?.keyKind === 'combined' ? `part of the combined key (${c.keyAttributes.join(' + ')})` : 'the key of the collection item (must be unique)');
  }
  if (schema.caseSensitive) facts.push('compared case-sensitively');
  if (schema.expanded) facts.push('read with environment variables such as `%SystemDrive%` expanded');
  if (schema.secret) facts.push('secret: IIS tools store it encrypted (`[enc:…:enc]`); its value is never shown here');
  if (facts.length) lines.push('', `This attribute is ${facts.join('; ')}.`);
  lines.push(...sectionFacts(element));
  lines.push('', `[Documentation](${element.docUrl})`);
  if (schema.source && !schema.source.startsWith(element.docUrl)) lines.push(`_Also: ${schema.source}_`);
  return lines.join('\n');
}

function valueMarkdown(element: ElementSchema, schema: AttributeSchema, value: string): string {
  const about = `**${schema.name}** on \`<${element.name}>\`${schema.description ? `: ${schema.description}` : ` — ${describeAttributeType(schema)}`}`;
  if (schema.secret) {
    const encrypted = /^\[enc:[^:]*:.*:enc\]$/.test(value.trim());
    return `${about}\n\n${encrypted ? 'The value is encrypted by IIS.' : 'The value appears to be stored in clear text: set it again with IIS Manager or appcmd so IIS encrypts it.'} It is not shown here.`;
  }
  if (schema.type === 'bool') {
    const b = parseIisBool(value);
    return b === undefined
      ? `${about}\n\n\`${value}\` is not a boolean: IIS expects \`true\` or \`false\`${schema.default ? ` (default \`${schema.default}\`)` : ''}.`
      : `${about}\n\n\`${value}\` — ${b ? 'on' : 'off'}${schema.default !== undefined ? `; the default is \`${schema.default}\`` : ''}.`;
  }
  if (schema.type === 'enum') {
    const match = findEnumValue(schema, value);
    const allowed = (schema.values ?? []).map((v) => `\`${v.name}\``).join(', ');
    return match
      ? `**${match.name}**${match.value !== undefined ? ` (${match.value})` : ''}${match.description ? ` — ${match.description}` : ''}\n\n${about}`
      : `\`${value}\` is not an allowed value of **${schema.name}**. Allowed: ${allowed}.\n\n${about}`;
  }
  if (schema.type === 'flags') {
    const tokens = value.split(',').map((t) => t.trim()).filter(Boolean);
    const lines = [about, ''];
    for (const t of tokens) {
      const v = findEnumValue(schema, t);
      lines.push(v ? `- \`${v.name}\`${v.value !== undefined ? ` (${v.value})` : ''}${v.description ? ` — ${v.description}` : ''}` : `- \`${t}\` is not one of its flags.`);
    }
    return lines.join('\n');
  }
  return attributeMarkdown(element, schema, schema.name);
}

interface CommentSpan {
  start: number;
  end: number;
}

function commentAt(text: string, offset: number): CommentSpan | undefined {
  const open = text.lastIndexOf('<!--', offset);
  if (open < 0) return undefined;
  const close = text.indexOf('-->', open + 4);
  const end = close < 0 ? text.length : close + 3;
  return offset > open + 3 && offset < end - (close < 0 ? 0 : 3) + 1 ? { start: open, end } : undefined;
}

function commentHover(text: string, offset: number, comment: CommentSpan): SpanHover | undefined {
  const found = codeAt(text.slice(0, comment.end), offset);
  if (!found || found.span.start < comment.start + 4) return undefined;
  return { contents: explainCode(found.code), span: found.span };
}
