import type { LineIndex } from '../text/lineIndex';
import type { Span } from '../types';
import type { XmlError, XmlErrorRelated } from './document';

/**
 * Turns a failure of fast-xml-parser (its validator's `{ code, msg, line, col }`, or an exception
 * of the parser) into the finding an XML editor would show: at the construct the user has to fix,
 * in plain words, with the places that explain it as related locations. The library's messages
 * are only matched, never shown: some of them are internals (`Invalid '[ "a", "b" ]' found.` at 1:1
 * for two unclosed elements).
 */

export interface ValidatorFailure {
  code: string;
  msg: string;
  line: number;
  col?: number;
}

/** The parser refuses deeper documents (fast-xml-parser's `maxNestedTags` default). */
export const MAX_NESTING_DEPTH = 100;

export function describeValidatorFailure(text: string, lines: LineIndex, failure: ValidatorFailure): XmlError {
  const at = validatorOffset(text, failure.line, failure.col ?? 1);
  const msg = failure.msg;
  const lineOf = (offset: number) => lines.positionAt(offset).line + 1;
  let m: RegExpExecArray | null;

  if (/^Unclosed tag '/.test(msg) || /^Invalid '\[/.test(msg)) return unclosedAtEnd(text, lineOf);

  if ((m = /^Expected closing tag '(.+?)' \(opened in line \d+, col \d+\) instead of closing tag '(.+?)'\.$/.exec(msg))) {
    return mismatchedEndTag(text, lineOf, at, m[1], m[2]);
  }

  // An error inside a tag the file never finishes is the file ending there, whatever the validator
  // made of the half-written attributes.
  const cutOff = unterminatedConstruct(scan(text), text);
  if (cutOff && at >= tagStartBefore(text, cutOff.span.start)) return cutOff;

  if ((m = /^Closing tag '(.+?)' has not been opened\.$/.exec(msg))) {
    const end = endTagSpan(text, at);
    const root = scan(text, at).root;
    return {
      code: 'XML-InvalidTag',
      message: root
        ? `</${m[1]}> closes nothing: the root element <${root.name}> has already ended (line ${lineOf(root.start)}).`
        : `</${m[1]}> closes nothing: no element is open here.`,
      span: end,
    };
  }
  if ((m = /^Closing tag '(.+?)' doesn't have proper closing\.$/.exec(msg))) {
    return { code: 'XML-InvalidTag', message: `The end tag </${m[1]}> is not finished with '>'.`, span: endTagSpan(text, tagStartBefore(text, at)) };
  }
  if ((m = /^Closing tag '(.+?)' can't have attributes or invalid starting\.$/.exec(msg))) {
    return { code: 'XML-InvalidTag', message: `The end tag </${m[1]}> can hold nothing but its name: write </${m[1]}>.`, span: endTagSpan(text, at) };
  }
  if (msg === "Invalid space after '<'.") {
    const lt = tagStartBefore(text, at);
    return { code: 'XML-InvalidTag', message: "'<' must be followed by an element name; write &lt; for a '<' that is text.", span: { start: lt, end: lt + 1 } };
  }
  if ((m = /^Tag '(.+)' is an invalid name\.$/.exec(msg))) {
    const lt = tagStartBefore(text, at);
    const nameStart = text[lt + 1] === '/' ? lt + 2 : lt + 1;
    return {
      code: 'XML-InvalidTag',
      message: `'${m[1]}' is not a valid element name: a name starts with a letter or '_' and holds only letters, digits, '-', '_', '.' and ':'.`,
      span: { start: nameStart, end: Math.max(nameStart + 1, nameStart + m[1].length) },
    };
  }
  if ((m = /^Attribute '(.+?)' has no space in starting\.$/.exec(msg))) {
    return { code: 'XML-InvalidAttr', message: `Attribute '${m[1]}' must be separated from the one before it by a space.`, span: tokenSpanAt(text, at) };
  }
  if ((m = /^Attribute '(.+?)' is without value\.$/.exec(msg))) {
    return { code: 'XML-InvalidAttr', message: `The value of attribute '${m[1]}' must be in quotes: ${m[1]}="…".`, span: attributeSpanAt(text, at) };
  }
  if ((m = /^boolean attribute '(.+?)' is not allowed\.$/.exec(msg))) {
    return { code: 'XML-InvalidAttr', message: `Attribute '${m[1]}' has no value: XML attributes are written ${m[1]}="…".`, span: attributeSpanAt(text, at) };
  }
  if ((m = /^Attribute '(.+?)' is an invalid name\.$/.exec(msg))) {
    return { code: 'XML-InvalidAttr', message: `'${m[1]}' is not a valid attribute name.`, span: attributeSpanAt(text, at) };
  }
  if ((m = /^Attribute '(.+?)' is repeated\.$/.exec(msg))) {
    return { code: 'XML-InvalidAttr', message: `Attribute '${m[1]}' is written twice on this element; XML allows each attribute once.`, span: attributeSpanAt(text, at) };
  }
  if (msg === 'Multiple possible root nodes found.') {
    const lt = tagStartBefore(text, at);
    const root = scan(text, lt).root;
    const name = tagNameAt(text, lt + 1);
    return {
      code: 'XML-InvalidXml',
      message: `<${name}> starts a second root element${root ? ` after </${root.name}>` : ''}: a configuration file has exactly one root element, and everything else goes inside it.`,
      span: { start: lt, end: lt + 1 + name.length },
      related: root ? [{ span: nameSpanOf(root), message: `The root element <${root.name}> starts here.` }] : undefined,
    };
  }
  if (msg === 'Extra text at the end') {
    const root = scan(text, at).root;
    return {
      code: 'XML-InvalidXml',
      message: `Text after the end of the root element${root ? ` </${root.name}>` : ''}: everything must be inside it.`,
      span: tokenSpanAt(text, at),
    };
  }
  if (msg === "char '&' is not expected.") {
    return { code: 'XML-InvalidChar', message: "'&' starts an entity reference such as &amp; that is not finished; write &amp; for an '&' that is text.", span: { start: at, end: at + 1 } };
  }
  if (/^char '.+' is not expected\.$/.test(msg)) {
    return {
      code: 'XML-InvalidChar',
      message: "Text outside the root element: a configuration file holds only an XML declaration, comments and one root element such as <configuration>.",
      span: tokenSpanAt(text, at),
    };
  }
  if (msg === 'Start tag expected.') {
    return { code: 'XML-NOROOT', message: 'No XML element found: IIS expects a <configuration> element.', span: { start: 0, end: Math.min(text.length, 1) } };
  }
  if (msg === 'XML declaration allowed only at the start of the document.') {
    const start = text.lastIndexOf('<?', at);
    return {
      code: 'XML-InvalidXml',
      message: 'The XML declaration <?xml …?> must be the very first thing in the file, before any space, comment or element.',
      span: { start: Math.max(0, start), end: Math.max(0, start) + 5 },
    };
  }
  return { code: 'XML-' + failure.code, message: 'The XML is not well-formed here.', span: tokenSpanAt(text, at) };
}

/** An exception thrown by the parser on a document its validator accepted (or did not see). */
export function describeParseFailure(text: string, message: string): XmlError {
  if (/nested/i.test(message)) {
    const deep = scan(text).tooDeep;
    const span = deep ? nameSpanOf(deep) : { start: 0, end: Math.min(text.length, 1) };
    return {
      code: 'XML-PARSE',
      message: `Elements are nested more than ${MAX_NESTING_DEPTH} levels deep here; no IIS configuration nests that deep, so the file is not analysed.`,
      span,
    };
  }
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype >= 0 && /DOCTYPE|entit|notation|ELEMENT|ATTLIST/i.test(message)) {
    return {
      code: 'XML-PARSE',
      message: 'The document type declaration <!DOCTYPE …> could not be read, so the file is not analysed; IIS configuration does not use one.',
      span: { start: doctype, end: doctype + '<!DOCTYPE'.length },
    };
  }
  return { code: 'XML-PARSE', message: 'This file could not be read as XML.', span: { start: 0, end: Math.min(text.length, 1) } };
}

function unclosedAtEnd(text: string, lineOf: (offset: number) => number): XmlError {
  const state = scan(text);
  const cutOff = unterminatedConstruct(state, text);
  if (cutOff) return cutOff;
  const open = state.open;
  if (open.length === 0) {
    return { code: 'XML-InvalidTag', message: 'The file ends before all its elements are closed.', span: { start: text.length, end: text.length } };
  }
  const endOfFile: XmlErrorRelated = { span: { start: text.length, end: text.length }, message: 'The file ends here.' };
  const innermost = open[open.length - 1];
  const meant = strayStartTag(text, open, open.length - 1, text.length);
  const unclosed = meant ? open.filter((t) => t !== innermost) : open;
  const primary = meant ?? innermost;
  const others = unclosed.filter((t) => t !== primary);
  let message = `<${primary.name}> is never closed: the file ends before its end tag </${primary.name}>.`;
  const related: XmlErrorRelated[] = [];
  if (meant) {
    message += ` The <${innermost.name}> on line ${lineOf(innermost.start)} should probably be </${innermost.name}>.`;
    related.push({ span: nameSpanOf(innermost), message: `This start tag should probably be the end tag </${innermost.name}>.` });
  }
  if (others.length > 0) {
    message += ` Not closed either: ${others.map((t) => `<${t.name}> (line ${lineOf(t.start)})`).join(', ')}.`;
    for (const t of others) related.push({ span: nameSpanOf(t), message: `<${t.name}> is not closed either.` });
  }
  related.push(endOfFile);
  return { code: 'XML-InvalidTag', message, span: nameSpanOf(primary), related };
}

function mismatchedEndTag(text: string, lineOf: (offset: number) => number, at: number, expected: string, found: string): XmlError {
  const span = endTagSpan(text, at);
  const open = scan(text, at).open;
  const top = open[open.length - 1];
  if (!top || top.name !== expected) {
    return { code: 'XML-InvalidTag', message: `Expected </${expected}> here, not </${found}>.`, span };
  }
  const meant = strayStartTag(text, open, open.length - 1, at);
  if (meant) {
    return {
      code: 'XML-InvalidTag',
      message: `Expected </${expected}> before </${found}>: the <${top.name}> on line ${lineOf(top.start)} should probably be </${top.name}>, the end of the <${meant.name}> from line ${lineOf(meant.start)}.`,
      span,
      related: [
        { span: nameSpanOf(top), message: `This start tag should probably be the end tag </${top.name}>.` },
        { span: nameSpanOf(meant), message: `<${meant.name}> starts here.` },
      ],
    };
  }
  const related: XmlErrorRelated[] = [{ span: nameSpanOf(top), message: `<${expected}> starts here.` }];
  const foundIsOpen = open.some((t) => t.name === found && t !== top);
  const message = foundIsOpen
    ? `Expected </${expected}> before </${found}>: <${expected}> (line ${lineOf(top.start)}) is not closed.`
    : `Expected </${expected}> here, not </${found}>: </${found}> matches no open element, and <${expected}> (line ${lineOf(top.start)}) is still open.`;
  return { code: 'XML-InvalidTag', message, span, related };
}

/**
 * An empty element whose name is that of an element enclosing it, left open where that one should
 * end, is most likely a slip: `<configuration>` written for `</configuration>`. Returns the element
 * it should have closed.
 */
function strayStartTag(text: string, open: OpenTag[], index: number, until: number): OpenTag | undefined {
  const candidate = open[index];
  if (!/^(\s|<!--[^]*?-->)*$/.test(text.slice(candidate.tagEnd, until))) return undefined;
  for (let i = index - 1; i >= 0; i--) if (open[i].name === candidate.name) return open[i];
  return undefined;
}

function unterminatedConstruct(state: ScanState, text: string): XmlError | undefined {
  const cut = state.unterminated;
  if (!cut) return undefined;
  const eof: XmlErrorRelated[] = [{ span: { start: text.length, end: text.length }, message: 'The file ends here.' }];
  switch (cut.kind) {
    case 'comment':
      return { code: 'XML-InvalidXml', message: "This comment is never closed with '-->': the rest of the file is part of it.", span: { start: cut.start, end: cut.start + 4 }, related: eof };
    case 'cdata':
      return { code: 'XML-InvalidXml', message: "This CDATA section is never closed with ']]>': the rest of the file is part of it.", span: { start: cut.start, end: cut.start + 9 }, related: eof };
    case 'declaration':
      return { code: 'XML-InvalidXml', message: "This declaration is never closed with '>'.", span: { start: cut.start, end: cut.start + 2 }, related: eof };
    case 'quote':
      return {
        code: 'XML-InvalidAttr',
        message: `${cut.name ? `The value of attribute '${cut.name}'` : 'This attribute value'} opens a quote that is never closed: the rest of the file is part of it.`,
        span: { start: cut.start, end: cut.start + 1 },
        related: eof,
      };
    case 'tag':
      return {
        code: 'XML-InvalidTag',
        message: `The file ends inside the tag <${cut.name}>, before its '>'.`,
        span: { start: cut.start, end: cut.start + 1 + (cut.name ?? '').length },
        related: eof,
      };
    case 'endTag':
      return {
        code: 'XML-InvalidTag',
        message: `The file ends inside the end tag </${cut.name}>, before its '>'.`,
        span: { start: cut.start, end: cut.start + 2 + (cut.name ?? '').length },
        related: eof,
      };
  }
}

interface OpenTag {
  name: string;
  /** Offset of `<`. */
  start: number;
  /** Offset after the start tag's `>`. */
  tagEnd: number;
}

interface ScanState {
  /** Elements open at the stop offset, outermost first. */
  open: OpenTag[];
  /** The first element opened at depth 0. */
  root: OpenTag | undefined;
  /** The first element nested deeper than the parser accepts. */
  tooDeep: OpenTag | undefined;
  /** A construct the text ends inside of. */
  unterminated: { kind: 'comment' | 'cdata' | 'declaration' | 'quote' | 'tag' | 'endTag'; start: number; name?: string } | undefined;
}

/**
 * A tag-level walk of the markup up to `stop`: enough to know which elements are open there. Runs
 * only after the validator has found an error, so its cost never touches a well-formed file.
 */
function scan(text: string, stop = text.length): ScanState {
  const state: ScanState = { open: [], root: undefined, tooDeep: undefined, unterminated: undefined };
  let i = text.indexOf('<');
  while (i >= 0 && i < stop) {
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0) return { ...state, unterminated: { kind: 'comment', start: i } };
      i = text.indexOf('<', close + 3);
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const close = text.indexOf(']]>', i + 9);
      if (close < 0) return { ...state, unterminated: { kind: 'cdata', start: i } };
      i = text.indexOf('<', close + 3);
      continue;
    }
    if (text[i + 1] === '?' || text[i + 1] === '!') {
      const close = declarationEnd(text, i);
      if (close < 0) return { ...state, unterminated: { kind: 'declaration', start: i } };
      i = text.indexOf('<', close);
      continue;
    }
    const closing = text[i + 1] === '/';
    const name = tagNameAt(text, closing ? i + 2 : i + 1);
    const tag = tagEnd(text, i + 1);
    if (tag.quoteStart !== undefined) {
      return { ...state, unterminated: { kind: 'quote', start: tag.quoteStart, name: attributeNameBefore(text, tag.quoteStart) } };
    }
    if (tag.end < 0) return { ...state, unterminated: { kind: closing ? 'endTag' : 'tag', start: i, name } };
    if (closing) {
      if (state.open[state.open.length - 1]?.name === name) state.open.pop();
      else {
        const match = state.open.map((t) => t.name).lastIndexOf(name);
        if (match >= 0) state.open.length = match;
      }
    } else if (text[tag.end - 2] !== '/') {
      const element = { name, start: i, tagEnd: tag.end };
      if (state.open.length === 0 && !state.root) state.root = element;
      state.open.push(element);
      if (state.open.length > MAX_NESTING_DEPTH + 1 && !state.tooDeep) state.tooDeep = element;
    } else if (state.open.length === 0 && !state.root) {
      state.root = { name, start: i, tagEnd: tag.end };
    }
    i = text.indexOf('<', tag.end);
  }
  return state;
}

/** Offset after the `>` of a start or end tag whose name begins at `from`, skipping quoted values. */
function tagEnd(text: string, from: number): { end: number; quoteStart?: number } {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '>') return { end: i + 1 };
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) return { end: -1, quoteStart: i };
      i = close;
    }
  }
  return { end: -1 };
}

function declarationEnd(text: string, start: number): number {
  if (text[start + 1] === '?') {
    const close = text.indexOf('?>', start + 2);
    return close < 0 ? -1 : close + 2;
  }
  // <!DOCTYPE …> may hold an internal subset in brackets, itself holding '>'.
  const bracket = text.indexOf('[', start);
  const gt = text.indexOf('>', start);
  if (bracket >= 0 && gt >= 0 && bracket < gt) {
    const closeBracket = text.indexOf(']', bracket);
    if (closeBracket < 0) return -1;
    const after = text.indexOf('>', closeBracket);
    return after < 0 ? -1 : after + 1;
  }
  return gt < 0 ? -1 : gt + 1;
}

function tagNameAt(text: string, from: number): string {
  let end = from;
  while (end < text.length && !/[\s/>"'=<]/.test(text[end])) end++;
  return text.slice(from, end);
}

function attributeNameBefore(text: string, quote: number): string {
  const m = /([^\s"'=<>/]+)\s*=\s*$/.exec(text.slice(Math.max(0, quote - 200), quote));
  return m ? m[1] : '';
}

function nameSpanOf(tag: OpenTag): Span {
  return { start: tag.start, end: tag.start + 1 + tag.name.length };
}

/** From `</` to its `>` (or the end of the line when there is none). */
function endTagSpan(text: string, start: number): Span {
  let end = start;
  while (end < text.length && text[end] !== '>' && text[end] !== '\n' && text[end] !== '<' || end === start) end++;
  if (text[end] === '>') end++;
  return { start, end };
}

function tagStartBefore(text: string, at: number): number {
  const lt = text.lastIndexOf('<', Math.min(at, text.length - 1));
  return lt < 0 ? at : lt;
}

/** The attribute name at `at` through the end of its value, when it has one. */
function attributeSpanAt(text: string, at: number): Span {
  const m = /^[^\s=>/]+(\s*=\s*("[^"]*"|'[^']*'|[^\s>/]*))?/.exec(text.slice(at, at + 4096));
  return { start: at, end: at + Math.max(1, m ? m[0].length : 1) };
}

/** The word or tag at `start`, at most 80 characters. */
function tokenSpanAt(text: string, start: number): Span {
  let end = start;
  while (end < text.length && end - start < 80 && !/\s/.test(text[end]) && (end === start || text[end] !== '<')) {
    end++;
    if (text[end - 1] === '>') break;
  }
  return { start, end: Math.max(end, Math.min(start + 1, text.length)) };
}

/**
 * The validator strips a byte-order mark and counts lines by `\n` (a CRLF is one break, a lone CR
 * none), with 1-based columns from the last `\n`.
 */
function validatorOffset(text: string, line: number, col: number): number {
  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, col - 1));
}
