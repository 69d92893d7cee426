import { decodeEntities, XmlAttribute, XmlElement, type SourceText } from './document';
import { detachedString, internedString } from '../text/detach';

/**
 * One forward pass that builds the element tree of a document it can prove well-formed, in a
 * fraction of the time fast-xml-parser's parse plus its XMLValidator take. It accepts a strict
 * subset of what both of them accept (ASCII names, quoted attributes after whitespace, no duplicate
 * attribute, entity references as the validator reads them, the XML declaration only at offset 0,
 * comments; no DOCTYPE, CDATA, other processing instructions or nesting near the parser's limit).
 * Anything outside that subset returns undefined, and the caller takes the parser + validator path,
 * which stays the authority on every error and its message. So for any text the result is the tree
 * that path would build, or nothing.
 */
export function scanWellFormed(text: string, from = 0, to = text.length, parent?: XmlElement, notes?: ScanNotes): XmlElement[] | undefined {
  // A fragment's elements share the document's text holder: splice.ts points it at `text` afterwards.
  const scanner = new Scanner(text, to, parent?.sourceText ?? { text }, parent !== undefined);
  const found = scanner.run(from, parent);
  if (notes) notes.doctypeInComment = scanner.doctypeInComment;
  return found;
}

/** What the scan saw that the caller may still report. */
export interface ScanNotes {
  /** `<!DOCTYPE` occurs inside a comment: the only place a document the scan accepts can hold it. */
  doctypeInComment: boolean;
}

// `name in Object.prototype` looks the name up in V8's string table for every tag; a set, reached only
// for names with one of these first letters (a bit in CLASSES below), answers the same without that.
const PROTOTYPE_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const NO_ATTRIBUTES: XmlAttribute[] = Object.freeze([]) as unknown as XmlAttribute[];

/** fast-xml-parser refuses deeper nesting ("Maximum nested tags exceeded"); stay clear of it. */
const MAX_DEPTH = 96;

/** Element and attribute names (IIS's longest is 41 characters) and short values are shared (Scanner.shared). */
const MAX_SHARED_LENGTH = 48;
const MAX_BUCKET = 8;
/** Values longer than this (paths, certificates) are rarely repeated: sliced from the text as they are. */
const MAX_SHARED_VALUE = 12;

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const AMP = 38;
const EQUALS = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const DASH = 45;

// Character classes as table entries, for every UTF-16 code unit (names in the scan's subset of XML
// are ASCII): read inline in the loops below, where a function call per character showed once the
// CLI runs with TurboFan inlining off (bin/loadBundle.js).
const SPACE = 1;
const NAME_START = 2;
const NAME_CHAR = 4;
/** First letter of a name of Object.prototype's (see PROTOTYPE_NAMES). */
const PROTOTYPE_INITIAL = 8;
const CLASSES = new Uint8Array(65536);
for (const code of [32, 10, 13, 9]) CLASSES[code] = SPACE;
for (let code = 0; code < 128; code++) {
  const start = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 58;
  if (start) CLASSES[code] |= NAME_START | NAME_CHAR;
  if ((code >= 48 && code <= 57) || code === 45 || code === 46) CLASSES[code] |= NAME_CHAR;
}
for (const name of PROTOTYPE_NAMES) CLASSES[name.charCodeAt(0)] |= PROTOTYPE_INITIAL;

function isSpace(code: number): boolean {
  return (CLASSES[code] & SPACE) !== 0;
}

function isNameStart(code: number): boolean {
  return (CLASSES[code] & NAME_START) !== 0;
}

// Entity and character references as XMLValidator accepts them in text (a stricter subset).
const declaration = /<\?xml(?:\s+(?:version|encoding|standalone)\s*=\s*(?:"[^"<?]*"|'[^'<?]*'))*\s*\?>/y;
const reference = /&(?:[A-Za-z0-9_]{1,19}|#[0-9]{1,10}|#x[0-9A-Fa-f]{1,10});/y;

class Scanner {
  private nextLt = -1;
  private readonly nameOffsets: number[] = [];
  private nextAmp = -1;
  private readonly found: XmlAttribute[] = [];
  /** Strings by length and end characters; null for a key with too many distinct values to be worth sharing. */
  private readonly pool = new Map<number, string[] | null>();
  doctypeInComment = false;

  constructor(
    private readonly text: string,
    private readonly end: number,
    private readonly source: SourceText,
    /** Names and values are copied out of the text rather than sliced from it (a fragment's: see piece). */
    private readonly copies: boolean,
  ) {}

  /**
   * The text between two offsets. V8 keeps a slice of 13 characters or more as a view of the whole
   * text: a fragment re-scanned after an edit (xml/splice.ts) would keep each edit's text of the file
   * alive through its few new values, so a fragment's are copied (text/detach.ts).
   */
  private piece(from: number, to: number): string {
    const slice = this.text.slice(from, to);
    return this.copies && slice.length >= 13 ? detachedString(slice) : slice;
  }

  /**
   * The text between two offsets, one string per distinct spelling: a host file repeats a few hundred
   * names and short values (`add`, `path`, `true`) tens of thousands of times. Shared strings spare
   * the collector those copies, and each is hashed once for every map the rules look it up in.
   */
  private shared(from: number, to: number): string {
    const length = to - from;
    if (length === 0) return '';
    if (length > MAX_SHARED_LENGTH) return this.piece(from, to);
    const text = this.text;
    const key = (length << 16) | (text.charCodeAt(from) << 8) | (text.charCodeAt(to - 1) & 0xff);
    let bucket = this.pool.get(key);
    if (bucket === null) return this.piece(from, to);
    if (bucket) {
      for (let b = 0; b < bucket.length; b++) {
        const candidate = bucket[b];
        // The key only narrows the search (characters beyond Latin-1 share its bits): compared in full.
        if (candidate.length === length && text.startsWith(candidate, from)) return candidate;
      }
    } else this.pool.set(key, (bucket = []));
    // Shared strings are the engine's own (text/detach.ts): rules compare them with their constants.
    const made = internedString(this.piece(from, to));
    // Many distinct values with the same ends and length (`Site1` … `Site9`, ids, numbers): that key
    // stops being shared, so its values cost one lookup rather than a comparison with each of them.
    if (bucket.length < MAX_BUCKET) bucket.push(made);
    else this.pool.set(key, null);
    return made;
  }

  private sameName(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
    if (aEnd - aStart !== bEnd - bStart) return false;
    for (let i = 0; i < aEnd - aStart; i++) if (this.text.charCodeAt(aStart + i) !== this.text.charCodeAt(bStart + i)) return false;
    return true;
  }

  /** Position of the first '<' at or after `at` (end when none), amortised over the forward scan. */
  private ltFrom(at: number): number {
    if (this.nextLt < at) {
      const found = this.text.indexOf('<', at);
      this.nextLt = found < 0 || found >= this.end ? this.end : found;
    }
    return this.nextLt;
  }

  private ampFrom(at: number): number {
    if (this.nextAmp < at) {
      const found = this.text.indexOf('&', at);
      this.nextAmp = found < 0 || found >= this.end ? this.end : found;
    }
    return this.nextAmp;
  }

  /**
   * Scans [from, end): for a whole document (no `parent`) exactly one root element with only
   * whitespace and comments around it; for a fragment inside `parent`, its content (elements, text,
   * comments). Returns the top-level elements, or undefined when the text leaves the subset.
   */
  run(from: number, parent: XmlElement | undefined): XmlElement[] | undefined {
    const text = this.text;
    const end = this.end;
    const fragment = parent !== undefined;
    const top: XmlElement[] = [];
    const stack: XmlElement[] = [];
    const baseDepth = depthOf(parent);
    let i = from;
    if (!fragment && text.startsWith('<?xml', i)) {
      declaration.lastIndex = i;
      if (!declaration.test(text) || declaration.lastIndex > end) return undefined;
      i = declaration.lastIndex;
    }
    let rootClosed = false;
    while (i < end) {
      const lt = this.ltFrom(i);
      // Text: outside the root only whitespace; inside, references must be well-formed.
      if (lt > i) {
        if (stack.length === 0 && !fragment) {
          for (let k = i; k < lt; k++) if (!isSpace(text.charCodeAt(k))) return undefined;
        } else {
          for (let amp = this.ampFrom(i); amp < lt; amp = this.ampFrom(amp + 1)) {
            reference.lastIndex = amp;
            if (!reference.test(text) || reference.lastIndex > lt) return undefined;
          }
        }
        i = lt;
        if (i >= end) break;
      }
      const next = text.charCodeAt(i + 1);
      if (next === BANG) {
        if (text.charCodeAt(i + 2) !== DASH || text.charCodeAt(i + 3) !== DASH) return undefined;
        const close = text.indexOf('-->', i + 4);
        if (close < 0 || close + 3 > end) return undefined;
        if (!this.doctypeInComment && close - i >= 13 && text.slice(i + 4, close).includes('<!DOCTYPE')) this.doctypeInComment = true;
        i = close + 3;
        continue;
      }
      if (next === QUESTION) return undefined;
      if (next === SLASH) {
        const open = stack.pop();
        if (!open || !text.startsWith(open.name, i + 2)) return undefined;
        let k = i + 2 + open.name.length;
        while (k < end && (CLASSES[text.charCodeAt(k)] & SPACE) !== 0) k++;
        if (k >= end || text.charCodeAt(k) !== GT) return undefined;
        i = k + 1;
        open.endAt(i);
        open.compactChildren();
        if (stack.length === 0 && !fragment) rootClosed = true;
        continue;
      }
      // Start tag.
      if (rootClosed) return undefined;
      if (!isNameStart(next)) return undefined;
      let k = i + 2;
      while (k < end && (CLASSES[text.charCodeAt(k)] & NAME_CHAR) !== 0) k++;
      const name = this.shared(i + 1, k);
      // fast-xml-parser keys objects by tag name, so it parses these differently: leave them to it.
      if ((CLASSES[name.charCodeAt(0)] & PROTOTYPE_INITIAL) !== 0 && PROTOTYPE_NAMES.has(name)) return undefined;
      const found = this.found;
      found.length = 0;
      const tagEnd = this.attributes(k, found);
      if (tagEnd === undefined) return undefined;
      // An exact-size copy: a list grown by push keeps room for 17, and thousands of tags have one or two.
      const attributes = found.length === 0 ? NO_ATTRIBUTES : found.slice();
      const selfClosing = text.charCodeAt(tagEnd - 2) === SLASH;
      const container = stack.length > 0 ? stack[stack.length - 1] : parent;
      // The end is known at the end tag; until then the span ends at the start tag.
      const element = new XmlElement(this.source, name, i, tagEnd, container, true);
      element.setScannedStartTag(attributes, tagEnd, selfClosing);
      if (stack.length > 0) container!.addChild(element);
      else top.push(element);
      if (selfClosing) {
        if (stack.length === 0 && !fragment) rootClosed = true;
      } else {
        if (stack.length + baseDepth >= MAX_DEPTH) return undefined;
        stack.push(element);
      }
      i = tagEnd;
    }
    if (stack.length > 0) return undefined;
    if (!fragment && !rootClosed) return undefined;
    return top;
  }

  /** Attributes after the element name at `k`, into `found`; returns the offset after `>` or `/>`. */
  private attributes(k: number, found: XmlAttribute[]): number | undefined {
    const text = this.text;
    const end = this.end;
    // Start and end offsets of the attribute names seen in this tag, compared in place: no string per attribute.
    const names = this.nameOffsets;
    let count = 0;
    for (;;) {
      const before = k;
      while (k < end && (CLASSES[text.charCodeAt(k)] & SPACE) !== 0) k++;
      if (k >= end) return undefined;
      const code = text.charCodeAt(k);
      if (code === GT) return k + 1;
      if (code === SLASH) return text.charCodeAt(k + 1) === GT ? k + 2 : undefined;
      if (k === before || !isNameStart(code)) return undefined;
      const nameStart = k;
      while (k < end && (CLASSES[text.charCodeAt(k)] & NAME_CHAR) !== 0) k++;
      const nameEnd = k;
      while (k < end && (CLASSES[text.charCodeAt(k)] & SPACE) !== 0) k++;
      if (text.charCodeAt(k) !== EQUALS) return undefined;
      k++;
      while (k < end && (CLASSES[text.charCodeAt(k)] & SPACE) !== 0) k++;
      const quote = text.charCodeAt(k);
      if (quote !== DQUOTE && quote !== SQUOTE) return undefined;
      const close = text.indexOf(quote === DQUOTE ? '"' : "'", k + 1);
      if (close < 0 || close >= end) return undefined;
      if (this.ltFrom(k + 1) < close) return undefined;
      for (let n = 0; n < count; n += 2) if (this.sameName(names[n], names[n + 1], nameStart, nameEnd)) return undefined;
      names[count++] = nameStart;
      names[count++] = nameEnd;
      const rawValue = close - (k + 1) <= MAX_SHARED_VALUE ? this.shared(k + 1, close) : this.piece(k + 1, close);
      found.push(new XmlAttribute(this.shared(nameStart, nameEnd), decodeEntities(rawValue), rawValue, quote === DQUOTE ? '"' : "'", nameStart, k + 1));
      k = close + 1;
    }
  }
}

function depthOf(element: XmlElement | undefined): number {
  let depth = 0;
  for (let e = element; e; e = e.parent) depth++;
  return depth;
}
