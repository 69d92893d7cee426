import type { XmlElement } from '../xml/document';
import type { Span } from '../types';
import type { XPathNode } from './xpath';

/**
 * An editable copy of a document for applying a transform, which remembers where every piece of
 * it comes from: the base file, or an element of the transform and the operation that put it
 * there. Nothing is copied until it is changed: an element nobody touches is written back as its
 * source text, so the result keeps the base file's comments, quoting and line breaks, and a finding
 * in the result can be traced back to its place in one of the two files.
 */

export type SourceFile = 'base' | 'transform';

export interface Origin {
  file: SourceFile;
  offset: number;
  /** The operation that inserted or set this piece, for pieces from the transform. */
  op?: number;
}

export interface TreeAttribute {
  name: string;
  value: string;
  rawValue: string;
  quote: '"' | "'";
  origin: Origin;
}

export interface TreeText {
  kind: 'text';
  text: string;
  origin: Origin;
}

export type TreePart = TreeElement | TreeText;

export class TreeElement implements XPathNode {
  readonly kind = 'element';
  parent: TreeElement | undefined;
  /** Set when this element or one below it changed: it is written piece by piece. */
  dirty = false;
  private partsCache: TreePart[] | undefined;
  private attributesCache: TreeAttribute[] | undefined;

  constructor(
    readonly name: string,
    /** The element this one copies; undefined for the document node. */
    readonly source: XmlElement | undefined,
    readonly file: SourceFile,
    private readonly sourceText: string,
    /** The operation that brought this element in from the transform. */
    readonly op?: number,
    /** Transform attributes (`xdt:…`, the namespace declaration) that are not copied. */
    private readonly dropAttribute: (name: string) => boolean = () => false,
  ) {}

  /** The document node above `root`, keeping what surrounds it (declaration, comments). */
  static document(root: TreeElement, text: string): TreeElement {
    const doc = new TreeElement('#document', undefined, 'base', text);
    const span = root.source!.span;
    doc.partsCache = [doc.textPart(0, span.start), root, doc.textPart(span.end, text.length)].filter((p) => p.kind === 'element' || p.text);
    root.parent = doc;
    return doc;
  }

  get attributes(): TreeAttribute[] {
    return (this.attributesCache ??= (this.source?.attributes ?? [])
      .filter((a) => !this.dropAttribute(a.name))
      .map((a) => ({ name: a.name, value: a.value, rawValue: a.rawValue, quote: a.quote, origin: this.originAt(a.nameSpan.start) })));
  }

  get parts(): TreePart[] {
    if (this.partsCache) return this.partsCache;
    const parts: TreePart[] = [];
    const source = this.source;
    if (source && !source.selfClosing) {
      const content = source.contentSpan;
      let at = content.start;
      for (const child of source.children) {
        if (child.span.start > at) parts.push(this.textPart(at, child.span.start));
        const copy = new TreeElement(child.name, child, this.file, this.sourceText, this.op, this.dropAttribute);
        copy.parent = this;
        parts.push(copy);
        at = child.span.end;
      }
      if (content.end > at) parts.push(this.textPart(at, content.end));
    }
    this.partsCache = parts;
    return parts;
  }

  get childElements(): TreeElement[] {
    return this.parts.filter((p): p is TreeElement => p.kind === 'element');
  }

  attribute(name: string): string | undefined {
    return this.attributes.find((a) => a.name === name)?.value;
  }

  attributeNames(): string[] {
    return this.attributes.map((a) => a.name);
  }

  get textContent(): string {
    return this.parts
      .map((p) => (p.kind === 'element' ? p.textContent : p.text.replace(/<!--[^]*?-->/g, '').replace(/<!\[CDATA\[([^]*?)\]\]>/g, '$1')))
      .join('');
  }

  setAttribute(attribute: TreeAttribute): void {
    const list = this.attributes;
    const index = list.findIndex((a) => a.name === attribute.name);
    if (index >= 0) list[index] = attribute;
    else list.push(attribute);
    this.attributesTouched = true;
    this.markDirty();
  }

  removeAttribute(name: string): boolean {
    const list = this.attributes;
    const index = list.findIndex((a) => a.name === name);
    if (index < 0) return false;
    list.splice(index, 1);
    this.attributesTouched = true;
    this.markDirty();
    return true;
  }

  /** Appends as the last child element, indented like the children before it. */
  append(child: TreeElement, origin: Origin): void {
    const parts = this.parts;
    const lastElement = findLastIndex(parts, (p) => p.kind === 'element');
    const indent = lastElement >= 0 ? leadingSpace(parts, lastElement) : undefined;
    let at = parts.length;
    if (at > 0 && parts[at - 1].kind === 'text' && /^\s*$/.test((parts[at - 1] as TreeText).text) && lastElement < at - 1) at--;
    const inserted: TreePart[] = indent !== undefined ? [{ kind: 'text', text: indent, origin }, child] : [child];
    parts.splice(at, 0, ...inserted);
    child.parent = this;
    this.markDirty();
  }

  insertBefore(child: TreeElement, sibling: TreeElement, origin: Origin): void {
    const parts = this.parts;
    const index = parts.indexOf(sibling);
    const indent = leadingSpace(parts, index);
    parts.splice(index, 0, child, ...(indent !== undefined ? [{ kind: 'text', text: indent, origin } as TreeText] : []));
    child.parent = this;
    this.markDirty();
  }

  insertAfter(child: TreeElement, sibling: TreeElement, origin: Origin): void {
    const parts = this.parts;
    const index = parts.indexOf(sibling);
    const indent = leadingSpace(parts, index);
    parts.splice(index + 1, 0, ...(indent !== undefined ? [{ kind: 'text', text: indent, origin } as TreeText] : []), child);
    child.parent = this;
    this.markDirty();
  }

  /** Removes a child element and the indentation before it. */
  remove(child: TreeElement): void {
    const parts = this.parts;
    const index = parts.indexOf(child);
    if (index < 0) return;
    const before = index > 0 && leadingSpace(parts, index) !== undefined ? 1 : 0;
    parts.splice(index - before, 1 + before);
    child.parent = undefined;
    this.markDirty();
  }

  replace(child: TreeElement, replacement: TreeElement): void {
    const parts = this.parts;
    const index = parts.indexOf(child);
    if (index < 0) return;
    parts[index] = replacement;
    replacement.parent = this;
    child.parent = undefined;
    this.markDirty();
  }

  /** Writes the element, recording where each piece of output comes from. */
  write(out: ResultWriter): void {
    const source = this.source;
    const start = out.length;
    if (source && !this.dirty && this.file === 'base') {
      out.copy(this.sourceText.slice(source.span.start, source.span.end), this.originAt(source.span.start));
    } else if (this.name === '#document') {
      for (const part of this.parts) writePart(part, out);
    } else {
      this.writeTags(out);
    }
    out.record(this, { start, end: out.length });
  }

  private writeTags(out: ResultWriter): void {
    const source = this.source!;
    const parts = this.parts;
    const empty = parts.length === 0;
    const here = this.originAt(source.span.start);
    const tag = this.sourceText.slice(source.startTagSpan.start, source.startTagSpan.end);
    // `<x/>` that gains children opens; `<x></x>` that loses them stays as written.
    const close = source.selfClosing && !empty ? '>' : (/\s*\/?>$/.exec(tag)?.[0] ?? '>');
    if (this.file === 'base' && !this.attributesTouched) {
      // Its own tag is as written; only something below it changed.
      out.copy(tag.slice(0, tag.length - (/\s*\/?>$/.exec(tag)?.[0].length ?? 0)), here);
    } else {
      out.copy(`<${this.name}`, here);
      for (const a of this.attributes) {
        out.copy(' ', a.origin);
        out.copy(`${a.name}=${a.quote}${a.rawValue}${a.quote}`, a.origin);
      }
    }
    out.copy(close, here);
    if (source.selfClosing && empty) return;
    for (const part of parts) writePart(part, out);
    if (this.file === 'base' && source.closed && !source.selfClosing) {
      const endTag = this.sourceText.lastIndexOf('</', source.span.end - 1);
      out.copy(this.sourceText.slice(endTag, source.span.end), this.originAt(endTag));
    } else {
      out.copy(`</${this.name}>`, here);
    }
  }

  /** Start tags are written as they are in the source until an attribute is set or removed. */
  private attributesTouched = false;

  private markDirty(): void {
    for (let e: TreeElement | undefined = this; e; e = e.parent) e.dirty = true;
  }

  private textPart(start: number, end: number): TreeText {
    return { kind: 'text', text: this.sourceText.slice(start, end), origin: this.originAt(start) };
  }

  private originAt(offset: number): Origin {
    return { file: this.file, offset, op: this.op };
  }
}

function writePart(part: TreePart, out: ResultWriter): void {
  if (part.kind === 'element') part.write(out);
  else out.copy(part.text, part.origin);
}

/** Whitespace-only text right before the part at `index` (the indentation of that line). */
function leadingSpace(parts: TreePart[], index: number): string | undefined {
  const before = parts[index - 1];
  if (!before || before.kind !== 'text' || !/^\s*$/.test(before.text)) return undefined;
  const text = before.text;
  const lf = text.lastIndexOf('\n');
  if (lf < 0) {
    const cr = text.lastIndexOf('\r');
    return cr >= 0 ? text.slice(cr) : text;
  }
  return text.slice(lf > 0 && text[lf - 1] === '\r' ? lf - 1 : lf);
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

export interface Segment {
  /** Range in the result text. */
  start: number;
  end: number;
  origin: Origin;
}

/** Builds the result text and the map from its offsets back to the base file and the transform. */
export class ResultWriter {
  private readonly chunks: string[] = [];
  readonly segments: Segment[] = [];
  readonly spans = new Map<TreeElement, Span>();
  length = 0;

  copy(text: string, origin: Origin): void {
    if (!text) return;
    this.chunks.push(text);
    this.segments.push({ start: this.length, end: this.length + text.length, origin });
    this.length += text.length;
  }

  record(element: TreeElement, span: Span): void {
    this.spans.set(element, span);
  }

  get text(): string {
    return this.chunks.join('');
  }
}
