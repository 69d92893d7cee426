import {
  childElementSchema,
  findAttributeSchema,
  findElementSchema,
  findEnumValue,
  parseIisBool,
  type AttributeSchema,
  type CollectionSchema,
  type ElementSchema,
} from '../knowledge/schema';
import type { XmlElement } from '../xml/document';
import type { Span } from '../types';
import { isTransformFile, valueSpan } from './authSections';
import type { Rule, RuleContext } from './rule';

// Two items with the same key in one collection make IIS refuse the whole section ("Cannot add
// duplicate collection entry of type 'add' with unique key attribute …", HTTP 500.19, 0x800700b7).
// Keys come from the schema: `isUniqueKey` alone, or all `isCombinedKey` attributes together (the four
// attributes of a many-to-one rule). A key attribute without `caseSensitive` compares case-insensitively;
// bools and enum keywords compare by meaning; an absent attribute counts as its default.
// `<clear/>` forgets every earlier item, `<remove>` the one with its key (only where the collection
// declares a remove element: the mapping collections have add and clear only).
// Every section the schema knows is checked (IIS's schema files give every collection's keys;
// collections declared allowDuplicates are not).
// Duplicates with items inherited from a parent level (applicationHost.config, a parent web.config)
// are the effective-configuration rules' business; this rule looks at one collection element.

export const iisAuth010DuplicateKeys: Rule = {
  code: 'IIS-AUTH-010',
  title: 'Duplicate collection keys',
  scopeLocal: true,
  severity: 'error',
  docUrl: findElementSchema('system.webServer/security/authentication/iisClientCertificateMappingAuthentication/manyToOneMappings')!.docUrl,
  check(context) {
    if (isTransformFile(context.file)) return;
    const scopes = context.file.scopes;
    for (let s = 0; s < scopes.length; s++) {
      const sections = scopes[s].sections;
      for (let i = 0; i < sections.length; i++) {
        const schema = findElementSchema(sections[i].path);
        if (schema?.kind === 'section') visit(context, sections[i].element, schema);
      }
    }
  },
};

// Index loops: every element of a host file passes through, most while the code is still
// interpreted, where each step of for…of allocates.
function visit(context: RuleContext, element: XmlElement, schema: ElementSchema): void {
  if (schema.collection && !schema.collection.allowDuplicates && schema.collection.keyAttributes.length > 0) {
    checkCollection(context, element, schema, schema.collection);
  }
  if (schema.children.length === 0) return;
  const children = element.children;
  for (let i = 0; i < children.length; i++) {
    const childSchema = childElementSchema(schema, children[i].name);
    if (childSchema) visit(context, children[i], childSchema);
  }
}

function checkCollection(context: RuleContext, holder: XmlElement, holderSchema: ElementSchema, collection: CollectionSchema): void {
  const itemSchema = childElementSchema(holderSchema, collection.addElement);
  if (!itemSchema) return;
  const addElements = collection.addElements ?? [collection.addElement];
  const children = holder.children;
  // One item cannot repeat a key: most collections in a host file hold none or one.
  if (children.length < 2) return;
  const seen = new SeenKeys();
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child.name === collection.clearElement) {
      seen.clear();
    } else if (collection.removeElement && child.name === collection.removeElement) {
      const key = keyOf(child, itemSchema, collection);
      if (key !== undefined) seen.delete(key);
    } else if (addElements.includes(child.name)) {
      const key = keyOf(child, itemSchema, collection);
      if (key === undefined) continue;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, child);
        continue;
      }
      const firstLine = context.file.xml.lines.positionAt(first.span.start).line + 1;
      const what = describeKey(child, itemSchema, collection);
      context.report({
        span: keySpan(child, collection),
        message: `Duplicate entry in <${holderSchema.name}>: ${what} is already added on line ${firstLine}. IIS refuses the whole section ("Cannot add duplicate collection entry") and answers requests with HTTP 500.19. Remove one of them.`,
        related: [{ file: context.file, span: keySpan(first, collection), message: 'first entry with this key' }],
        data: { firstOccurrence: context.file.xml.lines.rangeOf(keySpan(first, collection)), keyAttributes: collection.keyAttributes },
      });
    }
  }
}

/**
 * The keys seen so far in one collection. A one-to-one mapping's key is its certificate, 1.6 KB of
 * base64: a map keyed by it hashes every character of every certificate once, which costs more than
 * the rest of this rule in a host file with thousands of mappings. Long keys are filed instead under a
 * fingerprint of their length and a few dozen characters spread over them, and compared in full only
 * within it.
 */
class SeenKeys {
  private readonly short = new Map<string, XmlElement>();
  private readonly long = new Map<number, Array<{ key: string; element: XmlElement }>>();

  get(key: string): XmlElement | undefined {
    if (key.length <= LONG_KEY) return this.short.get(key);
    const bucket = this.long.get(fingerprint(key));
    if (bucket) for (const entry of bucket) if (entry.key === key) return entry.element;
    return undefined;
  }

  /** Only for a key not seen yet: the first entry with a key is the one later duplicates point to. */
  set(key: string, element: XmlElement): void {
    if (key.length <= LONG_KEY) {
      this.short.set(key, element);
      return;
    }
    const print = fingerprint(key);
    const bucket = this.long.get(print);
    if (bucket) bucket.push({ key, element });
    else this.long.set(print, [{ key, element }]);
  }

  delete(key: string): void {
    if (key.length <= LONG_KEY) {
      this.short.delete(key);
      return;
    }
    const print = fingerprint(key);
    const bucket = this.long.get(print)?.filter((entry) => entry.key !== key);
    if (bucket?.length) this.long.set(print, bucket);
    else this.long.delete(print);
  }

  clear(): void {
    this.short.clear();
    this.long.clear();
  }
}

const LONG_KEY = 64;
const FINGERPRINT_SAMPLES = 32;

function fingerprint(key: string): number {
  let hash = key.length | 0;
  const step = key.length / FINGERPRINT_SAMPLES;
  for (let i = 0; i < FINGERPRINT_SAMPLES; i++) hash = Math.imul(hash ^ key.charCodeAt(Math.floor(i * step)), 16777619);
  return hash ^ key.charCodeAt(key.length - 1);
}

/** Normalised key, or undefined when a key attribute without default is missing (rule 011 reports that). */
function keyOf(element: XmlElement, itemSchema: ElementSchema, collection: CollectionSchema): string | undefined {
  const schemas = keySchemas(itemSchema, collection);
  const names = collection.keyAttributes;
  let key = '';
  let written = 0;
  for (let i = 0; i < names.length; i++) {
    const schema = schemas[i];
    const own = element.get(names[i]);
    const value = own ?? schema?.default;
    if (own !== undefined) written++;
    // Part of a combined key left out (authorization's users without roles) is empty, unless the
    // schema requires it (then rule 011/013 reports it instead).
    if (value === undefined && (collection.keyKind !== 'combined' || schema?.required)) return undefined;
    // NUL cannot occur in XML text, so joining by it keeps different keys apart. One key attribute (a
    // 1.6 KB certificate among them) is the value itself, not a copy.
    const part = normalise(value ?? '', schema);
    key = i === 0 ? part : `${key}\u0000${part}`;
  }
  if (written === 0) return undefined;
  return key;
}

const keySchemasByItem = new WeakMap<ElementSchema, Map<CollectionSchema, Array<AttributeSchema | undefined>>>();

/** The key attributes' schemas, looked up once per collection shape rather than for every item. */
function keySchemas(itemSchema: ElementSchema, collection: CollectionSchema): Array<AttributeSchema | undefined> {
  let byCollection = keySchemasByItem.get(itemSchema);
  if (!byCollection) keySchemasByItem.set(itemSchema, (byCollection = new Map()));
  let schemas = byCollection.get(collection);
  if (!schemas) byCollection.set(collection, (schemas = collection.keyAttributes.map((name) => findAttributeSchema(itemSchema, name))));
  return schemas;
}

function normalise(value: string, schema: AttributeSchema | undefined): string {
  if (!schema) return value.toLowerCase();
  if (schema.type === 'bool') {
    const parsed = parseIisBool(value);
    return parsed === undefined ? value.toLowerCase() : String(parsed);
  }
  if (schema.type === 'enum') return (findEnumValue(schema, value)?.name ?? value).toLowerCase();
  return schema.caseSensitive ? value : value.toLowerCase();
}

function keySpan(element: XmlElement, collection: CollectionSchema): Span {
  if (collection.keyKind === 'unique') {
    const attribute = element.attribute(collection.keyAttributes[0]);
    if (attribute) return valueSpan(attribute);
  }
  return element.startTagSpan;
}

function describeKey(element: XmlElement, itemSchema: ElementSchema, collection: CollectionSchema): string {
  if (collection.keyAttributes.length === 1) {
    const name = collection.keyAttributes[0];
    // A certificate is kilobytes of base64: name it, do not print it.
    if (name === 'certificate') return 'the same certificate';
    return `an entry with ${name}="${element.get(name) ?? ''}"`;
  }
  if (collection.keyAttributes.includes('matchCriteria')) {
    const field = element.get('certificateField') ?? '';
    const sub = element.get('certificateSubField') ?? '';
    const match = element.get('matchCriteria') ?? '';
    const caseSensitive = element.get('compareCaseSensitive') ?? findAttributeSchema(itemSchema, 'compareCaseSensitive')?.default ?? 'true';
    return `the same rule (${field} ${sub} = "${match}", compareCaseSensitive ${caseSensitive})`;
  }
  return `an entry with the same ${collection.keyAttributes.join(', ')}`;
}
