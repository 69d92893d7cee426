// The generated schema table (generated/iisSchema.ts, from IIS's schema files by
// scripts/generate-schema.mjs) turned into the ElementSchema entries that rules, hover and completion
// read. knowledge/schema.ts layers its hand-written authentication knowledge on top of these.
import type { AttributeSchema, AttributeType, AttributeValidation, CollectionSchema, ElementSchema, OverrideMode, SectionAllowDefinition } from './schema';
import { SECTION_NOTES, sectionDocUrl } from './sectionNotes';
import { IIS_SCHEMA_TABLE } from './generated/iisSchema';

export interface SchemaTableAttribute {
  name: string;
  type: string;
  default?: string;
  required?: boolean;
  key?: 'unique' | 'combined';
  caseSensitive?: boolean;
  encrypted?: boolean;
  expanded?: boolean;
  allowInfinite?: boolean;
  timeSpanFormat?: string;
  /** Enum or flags keywords with their numbers. */
  values?: Array<[string, number]>;
  validation?: AttributeValidation;
}

export interface SchemaTableNode {
  attributes?: SchemaTableAttribute[];
  /** The schema says `allowUnrecognizedAttributes="true"`: any attribute is accepted. */
  openAttributes?: boolean;
  elements?: Record<string, SchemaTableNode>;
  collection?: SchemaTableCollection;
}

export interface SchemaTableCollection {
  add: string[];
  remove?: string;
  clear?: string;
  allowDuplicates?: boolean;
  mergeAppend?: boolean;
  item: SchemaTableNode;
}

export interface SchemaTableSection {
  path: string;
  /** The schema file the section comes from. */
  source: string;
  allowDefinition?: SectionAllowDefinition;
  overrideModeDefault?: OverrideMode;
  element: SchemaTableNode;
}

const KNOWN_TYPES = new Set<AttributeType>(['bool', 'string', 'enum', 'flags', 'uint', 'int', 'int64', 'timeSpan']);

function attributeOf(table: SchemaTableAttribute): AttributeSchema {
  const attribute: AttributeSchema = {
    name: table.name,
    type: KNOWN_TYPES.has(table.type as AttributeType) ? (table.type as AttributeType) : 'string',
    description: '',
  };
  if (table.default !== undefined) attribute.default = table.default;
  if (table.values) attribute.values = table.values.map(([name, value]) => ({ name, value, description: '' }));
  if (table.required) attribute.required = true;
  if (table.key) attribute.isKey = true;
  if (table.key === 'combined') attribute.combinedKey = true;
  if (table.encrypted) attribute.secret = true;
  if (table.caseSensitive) attribute.caseSensitive = true;
  if (table.allowInfinite) attribute.allowInfinite = true;
  if (table.timeSpanFormat) attribute.timeSpanFormat = table.timeSpanFormat as AttributeSchema['timeSpanFormat'];
  if (table.expanded) attribute.expanded = true;
  if (table.validation) attribute.validation = table.validation;
  return attribute;
}

interface Walk {
  section: SchemaTableSection;
  docUrl: string;
  out: ElementSchema[];
}

function childNames(node: SchemaTableNode): string[] {
  const names = Object.keys(node.elements ?? {});
  const c = node.collection;
  if (c) {
    names.push(...c.add);
    if (c.remove) names.push(c.remove);
    if (c.clear) names.push(c.clear);
  }
  return names;
}

function collectionOf(c: SchemaTableCollection): CollectionSchema {
  const keys = (c.item.attributes ?? []).filter((a) => a.key);
  return {
    addElement: c.add[0],
    addElements: c.add,
    removeElement: c.remove,
    clearElement: c.clear,
    keyAttributes: keys.map((a) => a.name),
    keyKind: keys.some((a) => a.key === 'unique') ? 'unique' : 'combined',
    allowDuplicates: c.allowDuplicates || undefined,
  };
}

function walk(w: Walk, node: SchemaTableNode, path: string, kind: ElementSchema['kind'], description: string): void {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const element: ElementSchema = {
    path,
    name,
    kind,
    section: w.section.path,
    description,
    attributes: (node.attributes ?? []).map(attributeOf),
    children: childNames(node),
    docUrl: w.docUrl,
  };
  if (node.openAttributes) element.openAttributes = true;
  if (node.collection) element.collection = collectionOf(node.collection);
  if (kind === 'section') {
    element.allowDefinition = w.section.allowDefinition;
    element.overrideModeDefault = w.section.overrideModeDefault ?? 'Allow';
    element.schemaSource = w.section.source;
  }
  w.out.push(element);
  for (const [childName, child] of Object.entries(node.elements ?? {})) {
    walk(w, child, `${path}/${childName}`, child.collection ? 'collection' : 'element', `Settings of <${name}>.`);
  }
  const c = node.collection;
  if (!c) return;
  const keyNames = (c.item.attributes ?? []).filter((a) => a.key).map((a) => a.name);
  for (const add of c.add) {
    walk(w, c.item, `${path}/${add}`, 'collectionItem', `One entry of <${name}>${keyNames.length ? `, identified by ${keyNames.join(', ')}` : ''}.`);
  }
  if (c.remove) {
    const keyed = (c.item.attributes ?? []).filter((a) => a.key);
    w.out.push({
      path: `${path}/${c.remove}`,
      name: c.remove,
      kind: 'collectionRemove',
      section: w.section.path,
      description: `Removes an inherited entry from <${name}>${keyNames.length ? `, identified by ${keyNames.join(', ')}` : ''}.`,
      attributes: (keyed.length ? keyed : c.item.attributes ?? []).map((a) => ({ ...attributeOf(a), required: a.key === 'unique' || undefined })),
      children: [],
      docUrl: w.docUrl,
    });
  }
  if (c.clear) {
    w.out.push({
      path: `${path}/${c.clear}`,
      name: c.clear,
      kind: 'collectionClear',
      section: w.section.path,
      description: `Removes every inherited entry from <${name}>.`,
      attributes: [],
      children: [],
      docUrl: w.docUrl,
    });
  }
}

/** Every element of every section of the generated table, sections first within each. */
export function generatedElements(): ElementSchema[] {
  const out: ElementSchema[] = [];
  for (const section of IIS_SCHEMA_TABLE) {
    const name = section.path.slice(section.path.lastIndexOf('/') + 1);
    walk({ section, docUrl: sectionDocUrl(section.path), out }, section.element, section.path, 'section', SECTION_NOTES[section.path] ?? `Configuration section <${name}>.`);
  }
  return out;
}
