import type { ConfigScope, ConfigSection } from '../model/configFile';
import { findAttributeSchema, findElementSchema, parseIisBool, type AttributeSchema, type ElementSchema } from '../knowledge/schema';
import type { XmlAttribute, XmlElement } from '../xml/document';
import type { ChainLink } from './workspaceIndex';
import { detachedString } from '../text/detach';
import { exactSize } from '../exactSize';

// How IIS merges one section along the chain of scopes that apply to a path: attributes of inner
// scopes override outer ones; child elements merge the same way, by name; collections accumulate
// `<add>` items, and `<remove>` / `<clear>` take out what outer scopes added.

export interface EffectiveAttribute {
  name: string;
  value: string;
  /** Where the value was written; undefined when it is IIS's default (`isDefault`). */
  attribute?: XmlAttribute;
  section?: ConfigSection;
  isDefault: boolean;
}

export interface EffectiveEntry {
  /** Item key (values of the collection's key attributes), for matching `<remove>`. */
  key: string;
  /** The `<add>` element and the section instance it was written in. */
  element: XmlElement;
  section: ConfigSection;
  /** The item's own attributes (with schema defaults) and nested elements/collections. */
  value: EffectiveElement;
}

export interface EffectiveElement {
  name: string;
  attributes: Map<string, EffectiveAttribute>;
  children: Map<string, EffectiveElement>;
  /** Present when the element is a collection: the items in effect, in order. */
  entries?: EffectiveEntry[];
  /** `<clear>` / `<remove>` elements that took effect, for explanations. */
  removals?: Array<{ element: XmlElement; section: ConfigSection }>;
  /** The elements merged into this one, outer first. */
  sources: Array<{ element: XmlElement; section: ConfigSection }>;
}

/** Attribute names that steer locking, XML namespaces and transforms rather than settings. */
function isMetaAttribute(name: string): boolean {
  return name.startsWith('lock') || name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xdt:');
}

/**
 * Merged elements without child elements (most of them) share this one; it is replaced by a map of
 * their own when a child is merged in. Effective configuration is read-only for its readers.
 */
const NO_CHILDREN: Map<string, EffectiveElement> = new (class extends Map<string, EffectiveElement> {
  override set(): this {
    throw new Error('effective elements are read-only');
  }
})();

/**
 * A merged element whose attributes are worked out from its sources when first read: a host file
 * merges thousands of sections and their child elements, and rules read the attributes of few of
 * them (a mapping section's `enabled`, rarely its `<oneToOneMappings>`'s own).
 */
class MergedElement implements EffectiveElement {
  children = NO_CHILDREN;
  entries?: EffectiveEntry[];
  removals?: Array<{ element: XmlElement; section: ConfigSection }>;
  /**
   * The sources, outer first, as element, section, element, section …: one list and no object per
   * source, for the thousands of merged elements of a host file that live as long as the analysis.
   */
  private sourcePairs: Array<XmlElement | ConfigSection> = NO_SOURCES;
  private attributeMap: Map<string, EffectiveAttribute> | undefined;

  constructor(
    readonly name: string,
    private readonly schema: ElementSchema | undefined,
  ) {}

  /** For mergeInto: `element` of `section` is merged in after the sources before it. */
  addSource(element: XmlElement, section: ConfigSection): void {
    // Most merged elements have one source: a list of two, rather than push's room for seventeen.
    if (this.sourcePairs === NO_SOURCES) this.sourcePairs = [element, section];
    else this.sourcePairs.push(element, section);
  }

  get sources(): Array<{ element: XmlElement; section: ConfigSection }> {
    const sources: Array<{ element: XmlElement; section: ConfigSection }> = [];
    const pairs = this.sourcePairs;
    for (let s = 0; s < pairs.length; s += 2) sources.push({ element: pairs[s] as XmlElement, section: pairs[s + 1] as ConfigSection });
    return sources;
  }

  /** Inner sources override outer ones, in the order they were merged; then IIS's defaults for what none sets. */
  get attributes(): Map<string, EffectiveAttribute> {
    if (this.attributeMap) return this.attributeMap;
    const merged = new Map<string, EffectiveAttribute>();
    const pairs = this.sourcePairs;
    // Index loops: every merged element that is read passes here, mostly while still interpreted.
    for (let s = 0; s < pairs.length; s += 2) {
      const attributes = (pairs[s] as XmlElement).attributes;
      const section = pairs[s + 1] as ConfigSection;
      for (let i = 0; i < attributes.length; i++) {
        const attribute = attributes[i];
        if (isMetaAttribute(attribute.name)) continue;
        merged.set(attribute.name, { name: attribute.name, value: attribute.value, attribute, section, isDefault: false });
      }
    }
    applyDefaults(merged, this.schema);
    return (this.attributeMap = merged);
  }
}

/** The merged sections and their path and instances, for effective/index.ts. */
class MergedSection extends MergedElement {
  constructor(
    name: string,
    schema: ElementSchema | undefined,
    readonly path: string,
    readonly sections: ConfigSection[],
  ) {
    super(name, schema);
  }
}

/** Shared until the first source is merged in: replaced then by a list of its own. */
const NO_SOURCES: Array<XmlElement | ConfigSection> = Object.freeze([]) as unknown as Array<XmlElement | ConfigSection>;

/**
 * A collection item whose merged value is worked out when first read: a host file with thousands
 * of one-to-one mappings is merged for every site, and few readers look inside the items.
 */
class MergedEntry implements EffectiveEntry {
  private merged: EffectiveElement | undefined;
  private keyValue: string | undefined;

  constructor(
    readonly element: XmlElement,
    readonly section: ConfigSection,
    private readonly node: SchemaNode,
    private readonly collection: CollectionShape,
    private readonly holderSchema: ElementSchema | undefined,
  ) {}

  /** Worked out when a `<remove>` or a reader asks: a one-to-one mapping's key is its 1.6 KB certificate, lower-cased. */
  get key(): string {
    return (this.keyValue ??= entryKey(this.element, this.collection.keys, this.holderSchema));
  }

  get value(): EffectiveElement {
    if (!this.merged) {
      const value = new MergedElement(this.element.name, this.node.schema);
      mergeInto(value, this.element, this.section, this.node);
      this.merged = value;
    }
    return this.merged;
  }
}

/** Every instance of `sectionPath` along the chain, outer first: all that its merged value depends on. */
export function contributingSections(chain: readonly ChainLink[], sectionPath: string): ConfigSection[] {
  const sections: ConfigSection[] = [];
  for (let l = 0; l < chain.length; l++) {
    const own = chain[l].scope.sections;
    for (let i = 0; i < own.length; i++) if (own[i].path === sectionPath) sections.push(own[i]);
  }
  // Kept by the merged section for as long as the analysis.
  return exactSize(sections);
}

/**
 * Merges the instances of one section, outer first, into one element with schema defaults filled
 * in; `sectionPath` and `sections` stay on it (`sections` is kept as given, for as long as the analysis).
 */
export function mergeSections(sections: ConfigSection[], sectionPath: string): EffectiveElement & { path: string; sections: ConfigSection[] } {
  const name = sectionPath.slice(sectionPath.lastIndexOf('/') + 1);
  const node = schemaNode(sectionPath);
  const merged = new MergedSection(name, node.schema, sectionPath, sections);
  for (let i = 0; i < sections.length; i++) mergeInto(merged, sections[i].element, sections[i], node);
  return merged;
}

/**
 * A schema path with its schema, and its children by element name, remembered: merging thousands of
 * sections would otherwise build and look up the same path strings for every element.
 */
interface SchemaNode {
  path: string;
  schema: ElementSchema | undefined;
  children: Map<string, SchemaNode>;
}

const schemaNodes = new Map<string, SchemaNode>();

function schemaNode(path: string): SchemaNode {
  let node = schemaNodes.get(path);
  if (!node) {
    path = detachedString(path);
    node = { path, schema: findElementSchema(path), children: new Map() };
    // Paths come from the files' own element names: a bound keeps odd files from filling memory.
    if (schemaNodes.size >= 10_000) schemaNodes.clear();
    schemaNodes.set(path, node);
  }
  return node;
}

function childNode(parent: SchemaNode, name: string): SchemaNode {
  let child = parent.children.get(name);
  if (!child) {
    child = schemaNode(`${parent.path}/${name}`);
    if (parent.children.size < 1_000) parent.children.set(detachedString(name), child);
  }
  return child;
}

function mergeInto(target: MergedElement, element: XmlElement, section: ConfigSection, node: SchemaNode): void {
  // The attributes are merged from the sources when first read (MergedElement).
  target.addSource(element, section);
  const schema = node.schema;
  const collection = collectionShape(schema, element);
  if (collection) {
    target.entries ??= [];
    target.removals ??= [];
  }
  const children = element.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (collection && child.name === collection.add) {
      // A later add with the same key replaces the earlier one's position in IIS's merged view only as an error (500.19);
      // keep both so that duplicate-key rules can see them.
      target.entries!.push(new MergedEntry(child, section, childNode(node, child.name), collection, schema));
    } else if (collection && child.name === collection.remove) {
      const key = entryKey(child, collection.keys, schema);
      target.entries = target.entries!.filter((e) => e.key !== key);
      target.removals!.push({ element: child, section });
    } else if (collection && child.name === collection.clear) {
      target.entries = [];
      target.removals!.push({ element: child, section });
    } else {
      const childSchema = childNode(node, child.name);
      let merged = target.children.get(child.name) as MergedElement | undefined;
      if (!merged) {
        if (target.children === NO_CHILDREN) target.children = new Map();
        target.children.set(child.name, (merged = new MergedElement(child.name, childSchema.schema)));
      }
      mergeInto(merged, child, section, childSchema);
    }
  }
}

interface CollectionShape {
  add: string;
  remove: string;
  clear: string;
  keys: string[];
}

const declaredShapes = new WeakMap<ElementSchema, CollectionShape>();
const UNDECLARED_SHAPE: CollectionShape = { add: 'add', remove: 'remove', clear: 'clear', keys: [] };

function collectionShape(schema: ElementSchema | undefined, element: XmlElement): CollectionShape | undefined {
  const declared = schema?.collection;
  if (declared) {
    let shape = declaredShapes.get(schema!);
    if (!shape) {
      shape = {
        add: declared.addElement,
        remove: declared.removeElement ?? 'remove',
        clear: declared.clearElement ?? 'clear',
        keys: declared.keyAttributes,
      };
      declaredShapes.set(schema!, shape);
    }
    return shape;
  }
  // Outside the schema's sections (modules, handlers, …) IIS collections use add/remove/clear.
  if (!element.children.some((c) => c.name === 'add' || c.name === 'remove' || c.name === 'clear')) return undefined;
  return UNDECLARED_SHAPE;
}

function entryKey(element: XmlElement, keys: string[], schema: ElementSchema | undefined): string {
  const names = keys.length > 0 ? keys : guessKeys(element);
  const itemSchema = schema ? childNode(schemaNode(schema.path), schema.collection?.addElement ?? 'add').schema : undefined;
  let key = '';
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const value = (element.get(name) ?? '').trim();
    const caseSensitive = itemSchema ? findAttributeSchema(itemSchema, name)?.caseSensitive : undefined;
    if (i > 0) key += '\u0000';
    key += caseSensitive ? value : value.toLowerCase();
  }
  return key;
}

/** Collections outside the schema are keyed by `name` (modules, handlers) or `value`/`path`. */
function guessKeys(element: XmlElement): string[] {
  for (const name of ['name', 'value', 'path', 'key']) if (element.get(name) !== undefined) return [name];
  return element.attributes.filter((a) => !isMetaAttribute(a.name)).map((a) => a.name);
}

// One read-only default per schema attribute, shared by every merged element that leaves it unset.
const defaults = new WeakMap<AttributeSchema, EffectiveAttribute>();

function defaultAttribute(attribute: AttributeSchema): EffectiveAttribute {
  let found = defaults.get(attribute);
  if (!found) defaults.set(attribute, (found = Object.freeze({ name: attribute.name, value: attribute.default!, isDefault: true })));
  return found;
}

function applyDefaults(merged: Map<string, EffectiveAttribute>, schema: ElementSchema | undefined): void {
  if (!schema) return;
  const attributes = schema.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i];
    if (attribute.default === undefined || merged.has(attribute.name)) continue;
    merged.set(attribute.name, defaultAttribute(attribute));
  }
}

/** An effective boolean: IIS reads true/false case-insensitively; anything else counts as unknown. */
export function effectiveBool(element: EffectiveElement | undefined, name: string): boolean | undefined {
  const value = element?.attributes.get(name)?.value;
  return value === undefined ? undefined : parseIisBool(value);
}
