// Finding back the element or attribute a finding points at, in the current text.
import type { ConfigFile } from '../model/configFile';
import type { Range } from '../types';
import type { XmlAttribute, XmlElement } from '../xml/document';

/** The innermost element whose span holds the offset. */
export function elementAtOffset(file: ConfigFile, offset: number): XmlElement | undefined {
  let current = file.xml.root;
  if (!current || offset < current.span.start || offset >= current.span.end) return undefined;
  for (;;) {
    const child: XmlElement | undefined = current.children.find((c) => offset >= c.span.start && offset < c.span.end);
    if (!child) return current;
    current = child;
  }
}

/** The element named `name` at the start of the range, or the nearest such ancestor. */
export function elementNamedAt(file: ConfigFile, range: Range, name: string): XmlElement | undefined {
  for (let e = elementAtOffset(file, file.xml.lines.offsetAt(range.start)); e; e = e.parent) {
    if (e.name === name) return e;
  }
  return undefined;
}

/** The attribute whose name or value holds the range's start, with its element. */
export function attributeAt(file: ConfigFile, range: Range): { element: XmlElement; attribute: XmlAttribute } | undefined {
  const offset = file.xml.lines.offsetAt(range.start);
  const element = elementAtOffset(file, offset);
  if (!element) return undefined;
  // The quotes of an empty value are pointed at by some rules; accept the span with its quotes.
  const attribute = element.attributes.find((a) => offset >= a.nameSpan.start && offset <= a.span.end);
  return attribute ? { element, attribute } : undefined;
}

/** The attribute named `name` of the element at the range (the finding may point at the element). */
export function namedAttributeAt(file: ConfigFile, range: Range, name: string): { element: XmlElement; attribute: XmlAttribute } | undefined {
  const hit = attributeAt(file, range);
  if (hit && hit.attribute.name === name) return hit;
  const element = elementAtOffset(file, file.xml.lines.offsetAt(range.start));
  const attribute = element?.attribute(name);
  return element && attribute ? { element, attribute } : undefined;
}
