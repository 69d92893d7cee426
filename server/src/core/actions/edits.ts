// The edit toolkit every code action uses. Edits are computed from source offsets and touch only
// the bytes they must: an element is cut with its own lines, a block is inserted with the file's
// indentation and line endings, an attribute value is replaced inside its quotes. Nothing is ever
// re-serialised, so comments, attribute order, quoting, entities and whitespace elsewhere survive.
import type { ConfigFile } from '../model/configFile';
import type { Span, TextEdit } from '../types';
import type { XmlAttribute, XmlComment, XmlDocument, XmlElement } from '../xml/document';

/** An edit in offsets of one document's text. */
export interface SpanEdit {
  span: Span;
  newText: string;
}

export interface TextStyle {
  /** One indentation step: a tab, some spaces, or '' for a file written without indentation. */
  unit: string;
  eol: '\r\n' | '\n';
}

const DEFAULT_UNIT = '    ';

/**
 * The file's indentation step, from the lines that start with markup: tabs when most indented lines
 * use them, otherwise the most common increase in spaces between a line and the next deeper one.
 */
export function detectIndentUnit(text: string): string {
  let tabLines = 0;
  let spaceLines = 0;
  let markupLines = 0;
  const increases = new Map<number, number>();
  let previous = -1;
  for (const match of text.matchAll(/^([ \t]*)(<\/?[A-Za-z!])/gm)) {
    markupLines++;
    const indent = match[1];
    if (indent.startsWith('\t')) tabLines++;
    else if (indent.length > 0) spaceLines++;
    if (!indent.includes('\t')) {
      const width = indent.length;
      if (previous >= 0 && width > previous) increases.set(width - previous, (increases.get(width - previous) ?? 0) + 1);
      previous = width;
    } else {
      previous = -1;
    }
  }
  if (tabLines > spaceLines) return '\t';
  if (spaceLines === 0) return markupLines >= 3 ? '' : DEFAULT_UNIT;
  let best = 0;
  let bestCount = 0;
  for (const [width, count] of increases) {
    if (count > bestCount || (count === bestCount && width < best)) {
      best = width;
      bestCount = count;
    }
  }
  return best > 0 && best <= 8 ? ' '.repeat(best) : DEFAULT_UNIT;
}

export function textStyleOf(doc: XmlDocument): TextStyle {
  return { unit: detectIndentUnit(doc.text), eol: doc.lines.eol };
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

function lineStartBefore(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The whitespace that starts the line holding `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  const start = lineStartBefore(text, offset);
  let end = start;
  while (end < text.length && isBlank(text.charCodeAt(end))) end++;
  return text.slice(start, end);
}

/** True when only blanks precede `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') return true;
    if (ch !== ' ' && ch !== '\t') return false;
  }
  return true;
}

/** The end of the line break after `offset` when only blanks follow it on its line; -1 otherwise. */
function endOfLineAfter(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  if (i === text.length) return i;
  if (text[i] === '\r') return text[i + 1] === '\n' ? i + 2 : i + 1;
  if (text[i] === '\n') return i + 1;
  return -1;
}

/**
 * The span to delete so that a node disappears without a trace: its whole lines (indentation and
 * line break) when it stands alone on them, otherwise exactly the node.
 */
export function removalSpan(text: string, span: Span): Span {
  if (!startsLine(text, span.start)) return span;
  const lineEnd = endOfLineAfter(text, span.end);
  if (lineEnd < 0) return span;
  const start = lineStartBefore(text, span.start);
  // At the end of a file without a final line break, take the break before instead.
  if (lineEnd === text.length && !/[\r\n]$/.test(text) && start > 0) {
    const before = text[start - 1] === '\n' && text[start - 2] === '\r' ? start - 2 : start - 1;
    return { start: before, end: lineEnd };
  }
  return { start, end: lineEnd };
}

export function removeNode(text: string, span: Span): SpanEdit {
  return { span: removalSpan(text, span), newText: '' };
}

/** Comments directly inside `element` (not inside one of its children). */
export function directComments(doc: XmlDocument, element: XmlElement): XmlComment[] {
  const content = element.contentSpan;
  return doc.comments.filter(
    (c) => c.span.start >= content.start && c.span.end <= content.end && !element.children.some((child) => within(c.span, child.span)),
  );
}

export function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/** Children and comments of an element in document order, each with its span. */
export function contentNodes(doc: XmlDocument, element: XmlElement): Array<{ span: Span; element?: XmlElement; comment?: XmlComment }> {
  const nodes: Array<{ span: Span; element?: XmlElement; comment?: XmlComment }> = [
    ...element.children.map((child) => ({ span: child.span, element: child })),
    ...directComments(doc, element).map((comment) => ({ span: comment.span, comment })),
  ];
  return nodes.sort((a, b) => a.span.start - b.span.start);
}

/** True when the element's content is whitespace, apart from the listed spans. */
export function emptyWithout(doc: XmlDocument, element: XmlElement, removed: Span[]): boolean {
  const content = element.contentSpan;
  let rest = '';
  let at = content.start;
  for (const span of [...removed].sort((a, b) => a.start - b.start)) {
    if (span.end <= at || span.start >= content.end) continue;
    rest += doc.text.slice(at, Math.max(at, span.start));
    at = Math.max(at, span.end);
  }
  rest += doc.text.slice(at, content.end);
  return rest.trim() === '';
}

/**
 * A piece of XML to insert, as lines relative to its own first line. `verbatim` lines begin inside an
 * attribute value: their leading whitespace is data and is never re-indented.
 */
export interface Block {
  lines: Array<{ text: string; verbatim?: boolean }>;
}

export function blockOfLines(...lines: string[]): Block {
  return { lines: lines.map((text) => ({ text })) };
}

/** Nests a block one step inside an element written around it. */
export function wrapBlock(block: Block, name: string, unit: string, attributes = ''): Block {
  return {
    lines: [
      { text: `<${name}${attributes}>` },
      ...block.lines.map((line) => (line.verbatim ? line : { text: line.text === '' ? '' : unit + line.text })),
      { text: `</${name}>` },
    ],
  };
}

export function concatBlocks(blocks: Block[]): Block {
  return { lines: blocks.flatMap((b) => b.lines) };
}

/**
 * The source text of nodes as a block, their indentation re-expressed relative to the first node's
 * line and converted from the source file's indentation step to the target's.
 */
export function blockFromSource(doc: XmlDocument, spans: Span[], sourceUnit: string, targetUnit: string, dataSpans: Span[] = []): Block {
  const text = doc.text;
  if (spans.length === 0) return { lines: [] };
  const base = lineIndentAt(text, spans[0].start);
  const lines: Block['lines'] = [];
  for (const span of spans) {
    const own = lineIndentAt(text, span.start);
    const extra = own.startsWith(base) && startsLine(text, span.start) ? own.slice(base.length) : '';
    const pieces = splitLinesWithOffsets(text, span);
    pieces.forEach((piece, index) => {
      if (index === 0) {
        lines.push({ text: convertIndent(extra, sourceUnit, targetUnit) + piece.text });
        return;
      }
      if (dataSpans.some((d) => piece.start > d.start && piece.start <= d.end)) {
        lines.push({ text: piece.text, verbatim: true });
        return;
      }
      const indent = /^[ \t]*/.exec(piece.text)![0];
      const rest = piece.text.slice(indent.length);
      if (rest === '') lines.push({ text: '' });
      else if (indent.startsWith(base)) lines.push({ text: convertIndent(indent.slice(base.length), sourceUnit, targetUnit) + rest });
      else lines.push({ text: piece.text, verbatim: true });
    });
  }
  return { lines };
}

function splitLinesWithOffsets(text: string, span: Span): Array<{ text: string; start: number }> {
  const pieces: Array<{ text: string; start: number }> = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    const ch = text[i];
    if (ch === '\r' || ch === '\n') {
      pieces.push({ text: text.slice(start, i), start });
      if (ch === '\r' && text[i + 1] === '\n' && i + 1 < span.end) i++;
      start = i + 1;
    }
  }
  pieces.push({ text: text.slice(start, span.end), start });
  return pieces;
}

/** Leading whitespace in one file's indentation step, rewritten in another's. */
export function convertIndent(indent: string, fromUnit: string, toUnit: string): string {
  if (fromUnit === toUnit || indent === '' || fromUnit === '') return indent;
  let steps = 0;
  let rest = indent;
  while (rest.startsWith(fromUnit)) {
    rest = rest.slice(fromUnit.length);
    steps++;
  }
  return rest === '' ? toUnit.repeat(steps) : indent;
}

/** The block as text whose first line goes where the insertion point already is at `indent`. */
export function renderBlock(block: Block, indent: string, eol: string): string {
  return block.lines
    .map((line, index) => (index === 0 || line.verbatim || line.text === '' ? line.text : indent + line.text))
    .join(eol);
}

/** The element's indentation: blanks before it on its line when it starts the line, else the line's. */
export function elementIndent(text: string, element: XmlElement): string {
  return lineIndentAt(text, element.span.start);
}

/** Indentation for a new child: that of the last child standing on its own line, else one step in. */
export function childIndent(text: string, parent: XmlElement, unit: string): string {
  const children = [...parent.children].reverse();
  const lined = children.find((child) => startsLine(text, child.span.start));
  return lined ? lineIndentAt(text, lined.span.start) : elementIndent(text, parent) + unit;
}

/** Inserts a block as the last child of `parent`, turning `<x/>` into `<x>…</x>` when needed. */
export function appendChild(doc: XmlDocument, parent: XmlElement, block: Block, style: TextStyle, extraStartTagText = ''): SpanEdit {
  const text = doc.text;
  const indent = elementIndent(text, parent);
  const inner = childIndent(text, parent, style.unit);
  const body = style.eol + inner + renderBlock(block, inner, style.eol);
  if (parent.selfClosing) {
    const tag = parent.startTagSpan;
    let cut = tag.end - 2;
    while (cut > tag.start && /\s/.test(text[cut - 1])) cut--;
    return { span: { start: cut, end: tag.end }, newText: `${extraStartTagText}>${body}${style.eol}${indent}</${parent.name}>` };
  }
  const content = parent.contentSpan;
  const inside = text.slice(content.start, content.end);
  if (inside.trim() === '') {
    return { span: content, newText: `${body}${style.eol}${indent}` };
  }
  const lastContent = content.start + inside.trimEnd().length;
  const tail = text.slice(lastContent, content.end);
  return { span: { start: lastContent, end: lastContent }, newText: /[\r\n]/.test(tail) ? body : `${body}${style.eol}${indent}` };
}

/** Inserts a block just before `sibling`, on its own lines when the sibling starts its line. */
export function insertBefore(doc: XmlDocument, sibling: XmlElement, block: Block, style: TextStyle): SpanEdit {
  const text = doc.text;
  const indent = elementIndent(text, sibling);
  const rendered = renderBlock(block, indent, style.eol);
  if (startsLine(text, sibling.span.start)) {
    const at = lineStartBefore(text, sibling.span.start);
    return { span: { start: at, end: at }, newText: indent + rendered + style.eol };
  }
  return { span: { start: sibling.span.start, end: sibling.span.start }, newText: rendered + style.eol + indent };
}

/** Where new attributes go: after the last one, or after the element name. */
export function attributeInsertionPoint(element: XmlElement): number {
  const attributes = element.attributes;
  return attributes.length > 0 ? attributes[attributes.length - 1].span.end : element.nameSpan.end;
}

/** ` name="raw"` for appending to a start tag; the raw value keeps its entities. */
export function attributeText(name: string, rawValue: string, quote: '"' | "'" = '"'): string {
  return ` ${name}=${quote}${requote(rawValue, quote)}${quote}`;
}

/** Escapes a plain value for an attribute in the given quotes. */
export function escapeAttributeValue(value: string, quote: '"' | "'" = '"'): string {
  const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return quote === '"' ? escaped.replace(/"/g, '&quot;') : escaped.replace(/'/g, '&apos;');
}

/** A raw value written for one quote style made safe for another. */
export function requote(rawValue: string, quote: '"' | "'"): string {
  return quote === '"' ? rawValue.replace(/"/g, '&quot;') : rawValue.replace(/'/g, '&apos;');
}

/**
 * Replaces an attribute's raw value with another raw value, as the smallest edit: the common
 * beginning and end are left in place, so entities and spacing there are not touched.
 */
export function replaceAttributeRaw(attribute: XmlAttribute, newRaw: string): SpanEdit {
  return minimalReplace(attribute.valueSpan, attribute.rawValue, requote(newRaw, attribute.quote));
}

/** Replaces an attribute's value with a plain (unescaped) value, keeping its quote style. */
export function replaceAttributeValue(attribute: XmlAttribute, value: string): SpanEdit {
  return minimalReplace(attribute.valueSpan, attribute.rawValue, escapeAttributeValue(value, attribute.quote));
}

export function minimalReplace(span: Span, oldText: string, newText: string): SpanEdit {
  let prefix = 0;
  const max = Math.min(oldText.length, newText.length);
  while (prefix < max && oldText[prefix] === newText[prefix]) prefix++;
  // Never cut through an entity or a surrogate pair: the edit covers whole characters of the raw text.
  while (prefix > 0 && (splitsCharacter(oldText, prefix) || splitsCharacter(newText, prefix))) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && oldText[oldText.length - 1 - suffix] === newText[newText.length - 1 - suffix]) suffix++;
  while (suffix > 0 && (splitsCharacter(oldText, oldText.length - suffix) || splitsCharacter(newText, newText.length - suffix))) suffix--;
  return {
    span: { start: span.start + prefix, end: span.end - suffix },
    newText: newText.slice(prefix, newText.length - suffix),
  };
}

function splitsCharacter(text: string, cut: number): boolean {
  if (cut <= 0 || cut >= text.length) return false;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) return true;
  return /&[#\w]*$/.test(text.slice(Math.max(0, cut - 12), cut)) && /^[#\w]*;/.test(text.slice(cut, cut + 12));
}

/**
 * Sorts edits, joins an insertion with an edit starting at the same offset (their order would
 * otherwise be up to the editor), and refuses overlapping edits.
 */
export function normalizeEdits(edits: SpanEdit[]): SpanEdit[] {
  const sorted = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.span.start - b.edit.span.start || a.index - b.index)
    .map(({ edit }) => edit);
  const result: SpanEdit[] = [];
  for (const edit of sorted) {
    const last = result[result.length - 1];
    if (last && last.span.start === edit.span.start && (last.span.end === last.span.start || edit.span.end === edit.span.start)) {
      result[result.length - 1] = { span: { start: last.span.start, end: Math.max(last.span.end, edit.span.end) }, newText: last.newText + edit.newText };
      continue;
    }
    if (last && last.span.end > edit.span.start) throw new Error('overlapping edits');
    result.push(edit);
  }
  return result.filter((edit) => edit.span.end > edit.span.start || edit.newText !== '');
}

export function applySpanEdits(text: string, edits: SpanEdit[]): string {
  let result = '';
  let at = 0;
  for (const edit of normalizeEdits(edits)) {
    result += text.slice(at, edit.span.start) + edit.newText;
    at = edit.span.end;
  }
  return result + text.slice(at);
}

export function toTextEdits(file: ConfigFile, edits: SpanEdit[]): TextEdit[] {
  return normalizeEdits(edits).map((edit) => ({ range: file.xml.lines.rangeOf(edit.span), newText: edit.newText }));
}

/** Applies LSP-style edits (ranges) to a file's text, as an editor would. */
export function applyTextEdits(file: ConfigFile, edits: TextEdit[]): string {
  const lines = file.xml.lines;
  return applySpanEdits(
    file.xml.text,
    edits.map((edit) => ({ span: { start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end) }, newText: edit.newText })),
  );
}
