import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LineIndex } from '../text/lineIndex';
import type { Span } from '../types';
import { exactSize } from '../exactSize';
import { scanWellFormed } from './wellFormedScan';
import { describeParseFailure, describeValidatorFailure } from './wellFormedness';

/**
 * Position-true XML on top of fast-xml-parser. The parser gives each element's start and end
 * offsets (captureMetaData); this layer adds what it lacks: spans for element names, attribute
 * names and values, found by scanning the start tag, lazily because most rules look at few elements.
 */

/**
 * One attribute of a start tag. A 10 MB applicationHost.config has tens of thousands: the spans are
 * computed when asked for rather than stored, which keeps each attribute to a few fields.
 */
export class XmlAttribute {
  constructor(
    readonly name: string,
    /** Value with the five XML entities and character references decoded. */
    readonly value: string,
    /** Value exactly as written between the quotes. */
    readonly rawValue: string,
    readonly quote: '"' | "'",
    private nameStart: number,
    private valueStart: number,
  ) {}

  /** For xml/splice.ts: the attribute now sits `delta` characters later. */
  moveBy(delta: number): void {
    this.nameStart += delta;
    this.valueStart += delta;
  }

  get nameSpan(): Span {
    return { start: this.nameStart, end: this.nameStart + this.name.length };
  }

  /** Inside the quotes. */
  get valueSpan(): Span {
    return { start: this.valueStart, end: this.valueStart + this.rawValue.length };
  }

  /** From the first character of the name to the closing quote. */
  get span(): Span {
    return { start: this.nameStart, end: this.valueStart + this.rawValue.length + 1 };
  }
}

export interface XmlError {
  code: string;
  message: string;
  span: Span;
  /** Places that explain the error: the start tag an end tag should match, the end of the file. */
  related?: XmlErrorRelated[];
}

export interface XmlErrorRelated {
  span: Span;
  message: string;
}

export interface XmlComment {
  /** Text between `<!--` and `-->`. */
  text: string;
  span: Span;
}

export interface SourceText {
  text: string;
}

/** Shared by every element without children until its first child is added: most elements are leaves. */
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

export class XmlElement {
  /**
   * Child elements in document order; read-only for readers (the tree builders add through addChild).
   * A field rather than a getter: the CLI runs with TurboFan inlining off, where every read of a
   * getter is a call, and rules read this of every element of a host file, several times.
   */
  readonly children: XmlElement[] = NO_CHILDREN as XmlElement[];
  private attributeCache: XmlAttribute[] | undefined;
  private startTagEnd = -1;
  private selfClosingCache = false;
  /** How far the scanned attributes have yet to move (a splice moved the element): applied when they are read. */
  private attributeDelta = 0;

  constructor(
    /** The document's text, shared by all its elements: a splice replaces it once for all of them. */
    readonly sourceText: SourceText,
    readonly name: string,
    // The span's ends as numbers of the element, not an object of their own: a host file has tens of
    // thousands of elements, and each object the parse leaves is one more for the collector to copy.
    private start: number,
    private end: number,
    readonly parent: XmlElement | undefined,
    /** False when the parser saw no end tag: the document was cut off inside this element. */
    readonly closed: boolean,
  ) {}

  /** Whole element, from `<` to the end of its end tag (or of the document when unclosed). A copy: it does not follow later edits. */
  get span(): Span {
    return { start: this.start, end: this.end };
  }

  /** For the tree builders: the element ends at `end` (its end tag's `>` was reached). */
  endAt(end: number): void {
    this.end = end;
  }

  /**
   * The start tag as the well-formed scan already read it: its attributes, where it ends, whether it
   * closes itself. Spares the second pass over the tag that `attributes` would otherwise make.
   */
  setScannedStartTag(attributes: XmlAttribute[], startTagEnd: number, selfClosing: boolean): void {
    this.attributeCache = attributes;
    this.attributeDelta = 0;
    this.startTagEnd = startTagEnd;
    this.selfClosingCache = selfClosing;
  }

  /** For the tree builders: appends a child in document order. */
  addChild(child: XmlElement): void {
    // A list of one, exactly (most elements with children have one): push would make room for seventeen.
    if (this.children === NO_CHILDREN) (this as { children: XmlElement[] }).children = [child];
    else this.children.push(child);
  }

  /** For xml/splice.ts: the children a re-scan of the element's content found. */
  replaceChildren(children: XmlElement[]): void {
    (this as { children: XmlElement[] }).children = children.length === 0 ? (NO_CHILDREN as XmlElement[]) : children;
  }

  /**
   * For xml/splice.ts: the element now lives `delta` characters later in its (new) text; all of it
   * (`whole`) or only its end (an element that holds the edit). Scanned attributes move along, so an
   * edit elsewhere costs no re-scan of this start tag.
   */
  moveBy(delta: number, whole: boolean): void {
    this.end += delta;
    if (!whole) return;
    this.start += delta;
    if (!this.attributeCache) return;
    this.startTagEnd += delta;
    this.attributeDelta += delta;
  }

  /** Once the last child is in: drops the spare room that growing the list by push left. */
  compactChildren(): void {
    // A single child's list is exact already (addChild).
    if (this.children.length > 1) (this as { children: XmlElement[] }).children = exactSize(this.children);
  }

  get nameSpan(): Span {
    return { start: this.start + 1, end: this.start + 1 + this.name.length };
  }

  get attributes(): XmlAttribute[] {
    if (!this.attributeCache) this.scanStartTag();
    else if (this.attributeDelta !== 0) {
      for (const attribute of this.attributeCache) attribute.moveBy(this.attributeDelta);
      this.attributeDelta = 0;
    }
    return this.attributeCache!;
  }

  get startTagSpan(): Span {
    if (!this.attributeCache) this.scanStartTag();
    return { start: this.start, end: this.startTagEnd };
  }

  get selfClosing(): boolean {
    if (!this.attributeCache) this.scanStartTag();
    return this.selfClosingCache;
  }

  /** Between the start tag and the end tag; empty at the start tag's end for `<x/>`. */
  get contentSpan(): Span {
    const start = this.startTagSpan.end;
    if (this.selfClosing) return { start, end: start };
    if (!this.closed) return { start, end: this.end };
    const endTagStart = this.sourceText.text.lastIndexOf('</', this.end - 1);
    return { start, end: endTagStart >= start ? endTagStart : start };
  }

  attribute(name: string): XmlAttribute | undefined {
    // A loop rather than find(): rules ask this of tens of thousands of elements. The scanned list
    // read directly when nothing is pending, without the getter's call.
    const attributes = this.attributeCache !== undefined && this.attributeDelta === 0 ? this.attributeCache : this.attributes;
    for (let i = 0; i < attributes.length; i++) if (attributes[i].name === name) return attributes[i];
    return undefined;
  }

  /** Attribute value, or undefined when the attribute is absent. */
  get(name: string): string | undefined {
    return this.attribute(name)?.value;
  }

  elements(name?: string): XmlElement[] {
    const children = this.children;
    if (name === undefined) return children;
    const found: XmlElement[] = [];
    for (let i = 0; i < children.length; i++) if (children[i].name === name) found.push(children[i]);
    return found;
  }

  element(name: string): XmlElement | undefined {
    const children = this.children;
    for (let i = 0; i < children.length; i++) if (children[i].name === name) return children[i];
    return undefined;
  }

  /** Element names from the root down to this element. */
  get path(): string[] {
    const names: string[] = [];
    for (let e: XmlElement | undefined = this; e; e = e.parent) names.push(e.name);
    return names.reverse();
  }

  private scanStartTag(): void {
    const text = this.sourceText.text;
    const attributes: XmlAttribute[] = [];
    let i = this.start + 1 + this.name.length;
    const limit = this.end;
    while (i < limit) {
      while (i < limit && isSpace(text.charCodeAt(i))) i++;
      const ch = text[i];
      if (ch === '>' || i >= limit) {
        i++;
        break;
      }
      if (ch === '/' && text[i + 1] === '>') {
        this.selfClosingCache = true;
        i += 2;
        break;
      }
      const nameStart = i;
      while (i < limit && !isSpace(text.charCodeAt(i)) && text[i] !== '=' && text[i] !== '>' && text[i] !== '/') i++;
      const nameEnd = i;
      if (nameEnd === nameStart) {
        i++;
        continue;
      }
      while (i < limit && isSpace(text.charCodeAt(i))) i++;
      if (text[i] !== '=') continue;
      i++;
      while (i < limit && isSpace(text.charCodeAt(i))) i++;
      const quote = text[i];
      if (quote !== '"' && quote !== "'") continue;
      const valueStart = i + 1;
      const close = text.indexOf(quote, valueStart);
      if (close < 0 || close >= limit) break;
      const rawValue = text.slice(valueStart, close);
      attributes.push(new XmlAttribute(text.slice(nameStart, nameEnd), decodeEntities(rawValue), rawValue, quote, nameStart, valueStart));
      i = close + 1;
    }
    this.startTagEnd = Math.min(i, limit);
    this.attributeCache = attributes;
  }
}

export interface XmlDocument {
  text: string;
  lines: LineIndex;
  /** The document element; undefined when nothing could be parsed. */
  root: XmlElement | undefined;
  errors: XmlError[];
  /** Set when the document was too large to analyse; `errors` then holds nothing. */
  limited: boolean;
  /** Comments, found on first use. */
  readonly comments: XmlComment[];
  /** The tree comes from wellFormedScan.ts (not the parser's recovery): a fragment of it can be re-scanned alone (splice.ts). */
  scanned?: boolean;
}

/** Above this many characters the full validator runs only when the parse shows a structural problem. */
export const FULL_VALIDATION_MAX_LENGTH = 2 * 1024 * 1024;

/** Documents above this many characters get one information message instead of analysis. */
export const MAX_ANALYZED_LENGTH = 32 * 1024 * 1024;

// Typed as the Symbol wrapper interface by the library; it is a plain symbol at run time.
const metaSymbol = XMLParser.getMetaDataSymbol() as unknown as symbol;

const parser = new XMLParser({
  preserveOrder: true,
  // Attributes are scanned lazily by XmlElement with exact spans; asking the parser for them would
  // do the same work twice for the thousands of elements no rule looks at.
  ignoreAttributes: true,
  captureMetaData: true,
  // No entity expansion at all: a document cannot make the server read files or blow up memory.
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
});

export interface ParseOptions {
  /** Skip the well-formed fast path: the parser + validator reference that the property tests compare it with. */
  referencePath?: boolean;
}

export function parseXmlDocument(text: string, options: ParseOptions = {}): XmlDocument {
  const lines = new LineIndex(text);
  let comments: XmlComment[] | undefined;
  const doc: XmlDocument = {
    text,
    lines,
    root: undefined,
    errors: [],
    limited: false,
    get comments() {
      return (comments ??= scanComments(text));
    },
  };
  if (text.length > MAX_ANALYZED_LENGTH) {
    doc.limited = true;
    return doc;
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    doc.errors.push({
      code: 'XML-BINARY',
      message: 'This file contains NUL bytes: it is binary or not UTF-8 text, so it is not analysed as XML.',
      span: { start: nul, end: nul + 1 },
    });
    return doc;
  }
  if (text.trim().length === 0) {
    doc.errors.push({ code: 'XML-EMPTY', message: 'The file is empty: IIS expects a <configuration> element.', span: { start: 0, end: 0 } });
    return doc;
  }

  // Most files are well-formed: one scan proves it and builds the same tree the parser would.
  const notes = { doctypeInComment: false };
  const scanned = options.referencePath ? undefined : scanWellFormed(text, 0, text.length, undefined, notes);
  if (scanned) {
    doc.root = scanned[0];
    doc.scanned = true;
    // The scan refuses a real DOCTYPE; one written inside a comment is warned about as the parser path does.
    if (notes.doctypeInComment) doctypeWarning(text, doc);
    return doc;
  }

  let parsed: BuiltTree | undefined;
  let parseFailure: string | undefined;
  try {
    parsed = buildTree(text, parser.parse(text));
  } catch (error) {
    parseFailure = error instanceof Error ? error.message : String(error);
  }

  // fast-xml-parser's own validator is the authority on well-formedness, but it costs more than the
  // parse itself. Small files always get it; a large one gets it when the parse shows a structural
  // problem (an exception, an element without its end tag). See ARCHITECTURE.md.
  if (text.length <= FULL_VALIDATION_MAX_LENGTH || parseFailure !== undefined || parsed?.unclosed) {
    const validation = XMLValidator.validate(text);
    if (validation !== true) doc.errors.push(describeValidatorFailure(text, lines, validation.err));
  }
  doctypeWarning(text, doc);

  if (parsed) {
    doc.root = parsed.root;
  } else {
    if (doc.errors.length === 0) {
      doc.errors.push(describeParseFailure(text, parseFailure ?? ''));
    }
    // Keep what precedes the first error so the well-formed part still gets analysed.
    const cut = doc.errors[0].span.start;
    if (cut > 0) {
      try {
        doc.root = buildTree(text, parser.parse(text.slice(0, cut))).root;
      } catch {
        doc.root = undefined;
      }
    }
  }
  if (!doc.root && doc.errors.length === 0) {
    doc.errors.push({ code: 'XML-NOROOT', message: 'No XML element found: IIS expects a <configuration> element.', span: { start: 0, end: Math.min(text.length, 1) } });
  }
  return doc;
}

type ParsedNode = Record<string | symbol, unknown>;
interface NodeMeta {
  startIndex: number;
  endIndex?: number;
}

interface BuiltTree {
  root: XmlElement | undefined;
  /** Some element has no end tag: the document is cut off or its tags do not match. */
  unclosed: boolean;
}

function buildTree(text: string, nodes: ParsedNode[]): BuiltTree {
  let root: XmlElement | undefined;
  let unclosed = false;
  const source: SourceText = { text };
  // Iterative on purpose: documents nested tens of thousands deep must not overflow the stack.
  const stack: Array<{ nodes: ParsedNode[]; parent: XmlElement | undefined; parentEnd: number }> = [
    { nodes, parent: undefined, parentEnd: text.length },
  ];
  while (stack.length > 0) {
    const { nodes: siblings, parent, parentEnd } = stack.pop()!;
    for (const node of siblings) {
      const meta = node[metaSymbol] as NodeMeta | undefined;
      if (!meta) continue;
      const name = Object.keys(node).find((k) => k !== ':@');
      if (!name || name.startsWith('#') || name.startsWith('?') || name.startsWith('!')) continue;
      const closed = meta.endIndex !== undefined;
      if (!closed) unclosed = true;
      const element = new XmlElement(source, name, meta.startIndex, meta.endIndex ?? parentEnd, parent, closed);
      if (parent) parent.addChild(element);
      else if (!root) root = element;
      const content = node[name];
      if (Array.isArray(content) && content.length > 0) {
        stack.push({ nodes: content as ParsedNode[], parent: element, parentEnd: meta.endIndex ?? parentEnd });
      }
    }
  }
  return { root, unclosed };
}

function doctypeWarning(text: string, doc: XmlDocument): void {
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype < 0) return;
  doc.errors.push({
    code: 'XML-DOCTYPE',
    message: 'Document type declarations and entities are not used by IIS configuration; they are not expanded here.',
    span: { start: doctype, end: doctype + '<!DOCTYPE'.length },
  });
}

export function scanComments(text: string): XmlComment[] {
  const found: XmlComment[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('<!--', from);
    if (start < 0) break;
    const close = text.indexOf('-->', start + 4);
    const end = close < 0 ? text.length : close + 3;
    found.push({ text: text.slice(start + 4, close < 0 ? text.length : close), span: { start, end } });
    from = end;
  }
  return found;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return namedEntities[body] ?? whole;
  });
}
