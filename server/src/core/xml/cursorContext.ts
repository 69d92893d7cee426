import type { Span } from '../types';

/**
 * Where a cursor stands in XML text, found by scanning the raw text rather than the parsed tree:
 * a document being typed is usually malformed (`<acc`, an unclosed quote, a missing end tag), and the
 * parser then gives up exactly where completion is needed. The scan is forgiving: a `<` inside a tag
 * or a quoted value ends that tag (it cannot be part of either), an end tag closes the nearest open
 * element of that name, and unmatched end tags are ignored.
 */

export type CursorContextKind =
  /** Between tags, where a new element may start. */
  | 'content'
  /** In or right after the name of a start tag (`<acc|`, `<|`). */
  | 'tagName'
  /** In the name of an end tag (`</sec|`). */
  | 'endTagName'
  /** In a start tag where an attribute name goes, or in a partly typed attribute name. */
  | 'attributeName'
  /** Inside an attribute value, or right after `=` before any quote. */
  | 'attributeValue'
  /** Comments, CDATA, processing instructions, declarations: nothing to complete. */
  | 'none';

export interface OpenElement {
  name: string;
  /** Offset of the element's `<`. */
  start: number;
}

export interface TagAttribute {
  name: string;
  nameSpan: Span;
  /** Inside the quotes; absent when the attribute has no value yet. */
  valueSpan?: Span;
  value?: string;
  /** Offset of the `=`, when written. */
  equals?: number;
  /** False when the closing quote is missing on this line. */
  closed: boolean;
}

export interface ScannedTag {
  name: string;
  nameSpan: Span;
  attributes: TagAttribute[];
  /** Offset just past the tag (after `>`), or where it was cut off. */
  end: number;
  selfClosing: boolean;
  /** False when the tag ran into another `<` or the end of the text before its `>`. */
  complete: boolean;
}

export interface CursorContext {
  kind: CursorContextKind;
  offset: number;
  /** Open elements around the cursor, outermost first; the tag the cursor is in is not included. */
  ancestors: OpenElement[];
  /** Names of the other children of the innermost ancestor, before and after the cursor. */
  siblingNames: string[];
  /** The start tag the cursor is in (tagName, attributeName, attributeValue). */
  tag?: ScannedTag;
  /** The text to be replaced by a completion: the partial name, or the whole attribute value. */
  replaceSpan: Span;
  /** Text of `replaceSpan` before the cursor. */
  prefix: string;
  /** For attributeName/attributeValue: the attribute concerned. */
  attribute?: TagAttribute;
  /** For attributeValue: false when the cursor follows `=` and no quote has been typed. */
  quoted?: boolean;
  /** For tagName: the tag already has attributes or its `>` after the name, so only the name may change. */
  tagHasRest?: boolean;
  /** For attributeName: the character before the insertion point is not white space. */
  needsLeadingSpace?: boolean;
}

export function cursorContextAt(text: string, offset: number): CursorContext {
  const cursor = Math.max(0, Math.min(offset, text.length));
  const stack: OpenElement[] = [];
  const childrenOfTop: string[][] = [[]];
  const base = (kind: CursorContextKind, extra: Partial<CursorContext> = {}): CursorContext => ({
    kind,
    offset: cursor,
    ancestors: [...stack],
    siblingNames: [],
    replaceSpan: { start: cursor, end: cursor },
    prefix: '',
    ...extra,
  });

  let i = 0;
  while (i < cursor) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= cursor) break;
    const skip = skipMarkup(text, lt);
    if (skip !== undefined) {
      if (skip > cursor || (skip === cursor && !markupClosedAt(text, skip))) return base('none');
      i = skip;
      continue;
    }
    if (text[lt + 1] === '/') {
      const nameStart = lt + 2;
      const nameEnd = scanName(text, nameStart);
      if (cursor <= nameEnd) {
        return base('endTagName', { replaceSpan: { start: nameStart, end: nameEnd }, prefix: text.slice(nameStart, cursor) });
      }
      const close = endOfEndTag(text, nameEnd);
      if (close > cursor) return base('none');
      const name = text.slice(nameStart, nameEnd);
      const at = lastIndexOfName(stack, name);
      if (at >= 0) {
        stack.length = at;
        childrenOfTop.length = at + 1;
      }
      i = close;
      continue;
    }
    const tag = scanTag(text, lt);
    if (tag.end > cursor || (!tag.complete && tag.end === cursor)) {
      const context = classifyInTag(text, tag, cursor, base);
      context.siblingNames = siblingNames(text, tag.end, childrenOfTop[childrenOfTop.length - 1]);
      return context;
    }
    childrenOfTop[childrenOfTop.length - 1].push(tag.name);
    if (tag.complete && !tag.selfClosing && tag.name) {
      stack.push({ name: tag.name, start: lt });
      childrenOfTop.push([]);
    }
    i = tag.end;
  }
  const context = base('content');
  context.siblingNames = siblingNames(text, cursor, childrenOfTop[childrenOfTop.length - 1]);
  return context;
}

/** Scans the start tag whose `<` is at `start`. Never reads past a following `<`. */
export function scanTag(text: string, start: number): ScannedTag {
  const nameStart = start + 1;
  const nameEnd = scanName(text, nameStart);
  const tag: ScannedTag = {
    name: text.slice(nameStart, nameEnd),
    nameSpan: { start: nameStart, end: nameEnd },
    attributes: [],
    end: text.length,
    selfClosing: false,
    complete: false,
  };
  let i = nameEnd;
  while (i < text.length) {
    const ch = text[i];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (ch === '>') {
      tag.end = i + 1;
      tag.complete = true;
      return tag;
    }
    if (ch === '/' && text[i + 1] === '>') {
      tag.end = i + 2;
      tag.complete = true;
      tag.selfClosing = true;
      return tag;
    }
    if (ch === '<') {
      tag.end = i;
      return tag;
    }
    const attrNameStart = i;
    i = scanName(text, i);
    if (i === attrNameStart) {
      // A stray character such as `/` or `=` without a name: step over it.
      i++;
      continue;
    }
    const attribute: TagAttribute = { name: text.slice(attrNameStart, i), nameSpan: { start: attrNameStart, end: i }, closed: true };
    tag.attributes.push(attribute);
    let j = i;
    while (j < text.length && isSpace(text[j])) j++;
    if (text[j] !== '=') continue;
    attribute.equals = j;
    j++;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    const quote = text[j];
    if (quote !== '"' && quote !== "'") {
      i = j;
      continue;
    }
    const valueStart = j + 1;
    const close = text.indexOf(quote, valueStart);
    const candidate = close < 0 ? text.length : close;
    const body = text.slice(valueStart, candidate);
    const broken = body.search(/[<\r\n]/);
    if (close >= 0 && broken < 0) {
      attribute.valueSpan = { start: valueStart, end: close };
      attribute.value = body;
      i = close + 1;
    } else {
      // Unclosed on this line: the value is what was typed up to the line end, a `<` or the tag's end.
      const cut = body.search(/[<\r\n>]|\/>/);
      const end = valueStart + (cut < 0 ? body.length : cut);
      attribute.valueSpan = { start: valueStart, end };
      attribute.value = text.slice(valueStart, end);
      attribute.closed = false;
      i = end;
    }
  }
  return tag;
}

function classifyInTag(
  text: string,
  tag: ScannedTag,
  cursor: number,
  base: (kind: CursorContextKind, extra?: Partial<CursorContext>) => CursorContext,
): CursorContext {
  if (cursor <= tag.nameSpan.end) {
    const rest = text.slice(tag.nameSpan.end, tag.end);
    return base('tagName', {
      tag,
      replaceSpan: tag.nameSpan,
      prefix: text.slice(tag.nameSpan.start, cursor),
      tagHasRest: tag.attributes.length > 0 || (tag.complete && rest.trim().length > 0),
    });
  }
  for (const attribute of tag.attributes) {
    const value = attribute.valueSpan;
    if (value && cursor >= value.start && cursor <= value.end) {
      return base('attributeValue', { tag, attribute, replaceSpan: value, prefix: text.slice(value.start, cursor), quoted: true });
    }
    if (cursor >= attribute.nameSpan.start && cursor <= attribute.nameSpan.end) {
      return base('attributeName', {
        tag,
        attribute,
        replaceSpan: attribute.nameSpan,
        prefix: text.slice(attribute.nameSpan.start, cursor),
      });
    }
    if (attribute.equals !== undefined && cursor > attribute.equals && (!value || cursor < value.start)) {
      return base('attributeValue', { tag, attribute, quoted: false });
    }
  }
  // Between the `/` and `>` of `/>` nothing can be inserted; before the `/` an attribute still can.
  if (tag.selfClosing && cursor === tag.end - 1) return base('none');
  return base('attributeName', { tag, needsLeadingSpace: cursor > 0 && !isSpace(text[cursor - 1]) });
}

/** Children of the innermost open element: those before the cursor plus those after it at the same depth. */
function siblingNames(text: string, from: number, before: string[]): string[] {
  const names = [...before];
  let depth = 0;
  let i = from;
  // Bounded: completion must answer quickly even in a very large file.
  const limit = Math.min(text.length, from + 200_000);
  while (i < limit) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= limit) break;
    const skip = skipMarkup(text, lt);
    if (skip !== undefined) {
      i = skip;
      continue;
    }
    if (text[lt + 1] === '/') {
      if (depth === 0) break;
      depth--;
      i = endOfEndTag(text, scanName(text, lt + 2));
      continue;
    }
    const tag = scanTag(text, lt);
    if (depth === 0 && tag.name) names.push(tag.name);
    if (tag.complete && !tag.selfClosing) depth++;
    i = Math.max(tag.end, lt + 1);
  }
  return names;
}

/** End offset of a comment, CDATA section, processing instruction or declaration starting at `lt`. */
function skipMarkup(text: string, lt: number): number | undefined {
  if (text.startsWith('<!--', lt)) return endAfter(text, '-->', lt + 4);
  if (text.startsWith('<![CDATA[', lt)) return endAfter(text, ']]>', lt + 9);
  if (text.startsWith('<?', lt)) return endAfter(text, '?>', lt + 2);
  if (text.startsWith('<!', lt)) return endAfter(text, '>', lt + 2);
  return undefined;
}

function markupClosedAt(text: string, end: number): boolean {
  return text[end - 1] === '>';
}

function endAfter(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at < 0 ? text.length : at + terminator.length;
}

function endOfEndTag(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '>') return i + 1;
    if (text[i] === '<') return i;
  }
  return text.length;
}

function scanName(text: string, from: number): number {
  let i = from;
  while (i < text.length && isNameChar(text[i])) i++;
  return i;
}

function isNameChar(ch: string): boolean {
  return !isSpace(ch) && ch !== '<' && ch !== '>' && ch !== '/' && ch !== '=' && ch !== '"' && ch !== "'";
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function lastIndexOfName(stack: OpenElement[], name: string): number {
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k].name === name) return k;
  return -1;
}
