// Merging one configuration element into another of the same kind (a section moved onto a level
// that already has it): attributes the target lacks are added, collection entries it already has
// are not repeated, and anything that would change or drop a value is reported instead of done.
import { findAttributeSchema, findElementSchema, parseIisBool, type AttributeSchema } from '../knowledge/schema';
import type { Span } from '../types';
import type { XmlAttribute, XmlDocument, XmlElement } from '../xml/document';
import {
  appendChild,
  attributeInsertionPoint,
  attributeText,
  blockFromSource,
  contentNodes,
  replaceAttributeRaw,
  type Block,
  type SpanEdit,
  type TextStyle,
} from './edits';

export type ConflictPolicy = 'keepTarget' | 'useSource';

export interface AttributeConflict {
  /** Element name of the attribute's owner. */
  element: string;
  name: string;
  targetValue: string;
  sourceValue: string;
  /** Password and similar: never shown. */
  secret: boolean;
  /** False when IIS could not read the moved value (`enabled="ture"`): it must never replace a valid one. */
  sourceReadable: boolean;
}

export interface MergePlan {
  /** Edits in the target document. */
  edits: SpanEdit[];
  conflicts: AttributeConflict[];
  /** Set when no automatic merge is safe (e.g. two different entries with the same key). */
  blocked?: string;
  /** Source entries left out because the target already has an identical one. */
  identicalEntries: number;
}

export interface MergeSide {
  doc: XmlDocument;
  element: XmlElement;
  style: TextStyle;
}

export function planMerge(source: MergeSide, target: MergeSide, policy: ConflictPolicy): MergePlan {
  const plan: MergePlan = { edits: [], conflicts: [], identicalEntries: 0 };
  mergeInto(source, source.element, target, target.element, policy, plan);
  return plan;
}

function mergeInto(source: MergeSide, src: XmlElement, target: MergeSide, dst: XmlElement, policy: ConflictPolicy, plan: MergePlan): void {
  const added: string[] = [];
  for (const attribute of src.attributes) {
    const existing = dst.attribute(attribute.name);
    if (!existing) {
      added.push(attributeText(attribute.name, attribute.rawValue, attribute.quote));
      continue;
    }
    const schema = findAttributeSchema(dst.path, attribute.name);
    if (sameValue(schema, attribute.value, existing.value)) continue;
    plan.conflicts.push({
      element: dst.name,
      name: attribute.name,
      targetValue: existing.value,
      sourceValue: attribute.value,
      secret: schema?.secret === true || /password/i.test(attribute.name),
      sourceReadable: readable(schema, attribute.value),
    });
    if (policy === 'useSource') plan.edits.push(replaceAttributeRaw(existing, attribute.rawValue));
  }

  const collection = findElementSchema(dst.path)?.collection;
  const appended: Span[] = [];
  for (const node of contentNodes(source.doc, src)) {
    if (node.comment) {
      appended.push(node.span);
      continue;
    }
    const child = node.element!;
    if (collection && child.name === collection.addElement) {
      const sameKey = dst.elements(child.name).find((entry) => sameEntryKey(entry, child, collection.keyAttributes));
      if (!sameKey) appended.push(child.span);
      else if (sameElement(sameKey, child)) plan.identicalEntries++;
      else {
        plan.blocked = `the target already has a different <${dst.name}> entry with the same ${collection.keyAttributes.join(' + ')}`;
      }
      continue;
    }
    if (collection && (child.name === collection.clearElement || child.name === collection.removeElement)) {
      const affected = dst.elements(collection.addElement).filter((entry) => child.name === collection.clearElement || sameEntryKey(entry, child, collection.keyAttributes));
      if (affected.length > 0) plan.blocked = `<${child.name}> in the moved <${src.name}> would drop entries the target already has`;
      else appended.push(child.span);
      continue;
    }
    const counterpart = collection ? undefined : dst.element(child.name);
    if (counterpart) mergeInto(source, child, target, counterpart, policy, plan);
    else appended.push(child.span);
  }

  if (appended.length === 0) {
    if (added.length > 0) plan.edits.push({ span: { start: attributeInsertionPoint(dst), end: attributeInsertionPoint(dst) }, newText: added.join('') });
    return;
  }
  const block: Block = blockFromSource(source.doc, appended, source.style.unit, target.style.unit, dataSpansOf(src));
  if (dst.selfClosing) {
    plan.edits.push(appendChild(target.doc, dst, block, target.style, added.join('')));
  } else {
    if (added.length > 0) plan.edits.push({ span: { start: attributeInsertionPoint(dst), end: attributeInsertionPoint(dst) }, newText: added.join('') });
    plan.edits.push(appendChild(target.doc, dst, block, target.style));
  }
}

/** Attribute values inside an element: their line breaks and spaces are data, never re-indented. */
export function dataSpansOf(element: XmlElement): Span[] {
  const spans: Span[] = [];
  const stack = [element];
  while (stack.length > 0) {
    const e = stack.pop()!;
    for (const a of e.attributes) spans.push(a.valueSpan);
    stack.push(...e.children);
  }
  return spans;
}

/**
 * How IIS compares two values of one attribute: booleans and keywords ignore letter case. A mapping's
 * certificate counts as the certificate it holds, so that a copy still wrapped over lines or in its
 * PEM armour is seen as the same entry (merging it in would leave the certificate mapped twice once
 * the copy is repaired).
 */
export function sameValue(schema: AttributeSchema | undefined, a: string, b: string): boolean {
  if (a === b) return true;
  if (!schema) return false;
  if (schema.name === 'certificate') return sameCertificate(a, b);
  if (schema.type === 'bool') {
    const x = parseIisBool(a);
    return x !== undefined && x === parseIisBool(b);
  }
  if (schema.type === 'enum') return a.trim().toLowerCase() === b.trim().toLowerCase();
  if (schema.type === 'flags') return flagSet(a) === flagSet(b);
  if (!schema.caseSensitive && schema.type === 'string' && schema.isKey) return a.toLowerCase() === b.toLowerCase();
  return false;
}

/** Whether IIS can read the value at all: a boolean it parses, a keyword or number of the enum. */
function readable(schema: AttributeSchema | undefined, value: string): boolean {
  if (schema?.type === 'bool') return parseIisBool(value) !== undefined;
  if (schema?.type === 'enum' && schema.values) {
    const word = value.trim().toLowerCase();
    return schema.values.some((v) => v.name.toLowerCase() === word || String(v.value) === word);
  }
  return true;
}

/** Same base64 once PEM armour lines and whitespace are gone: the same certificate bytes. */
function sameCertificate(a: string, b: string): boolean {
  const bare = (value: string) => value.replace(/-----[A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  const x = bare(a);
  return x !== '' && x === bare(b);
}

function flagSet(value: string): string {
  return value
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter((f) => f !== '' && f !== 'none')
    .sort()
    .join(',');
}

function attributeValue(element: XmlElement, name: string): string | undefined {
  return element.attribute(name)?.value;
}

/** Two collection entries with the same key, compared the way IIS compares that key. */
export function sameEntryKey(a: XmlElement, b: XmlElement, keyAttributes: string[]): boolean {
  return keyAttributes.every((name) => {
    const x = attributeValue(a, name);
    const y = attributeValue(b, name);
    if (x === undefined || y === undefined) return x === y;
    return sameValue(findAttributeSchema(a.path, name), x, y);
  });
}

/** Same name, same attributes with equal values (any order), same child elements (comments ignored). */
export function sameElement(a: XmlElement, b: XmlElement): boolean {
  if (a.name !== b.name) return false;
  const attrsA = a.attributes;
  const attrsB = b.attributes;
  if (attrsA.length !== attrsB.length) return false;
  for (const attribute of attrsA) {
    const other: XmlAttribute | undefined = b.attribute(attribute.name);
    if (!other || !sameValue(findAttributeSchema(a.path, attribute.name), attribute.value, other.value)) return false;
  }
  if (a.children.length !== b.children.length) return false;
  return a.children.every((child, index) => sameElement(child, b.children[index]));
}

/** `enabled="false"` style list for action titles; secrets are named, never shown. */
export function describeConflicts(conflicts: AttributeConflict[], side: 'target' | 'source'): string {
  return conflicts
    .map((c) => (c.secret ? `${c.name} (hidden)` : `${c.name}="${side === 'target' ? c.targetValue : c.sourceValue}"`))
    .join(', ');
}
