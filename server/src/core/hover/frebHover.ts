import { explainCode, explainErrorCode, explainStatusTriple, parseErrorNumber } from '../knowledge/explain';
import { cursorContextAt, scanTag } from '../xml/cursorContext';
import { codeAt } from './codeInText';
import type { SpanHover } from './configHover';

// Hover in Failed Request Tracing files (fr000001.xml): the `statusCode` of `<failedRequest>`, and the
// HttpStatus / HttpSubStatus / ErrorCode values of the events, e.g.
//   <Data Name="HttpStatus">401</Data><Data Name="HttpSubStatus">2</Data><Data Name="ErrorCode">2147942405</Data>

/** Whether a document is a FREB trace, by name or by its root element. */
export function isFrebDocument(uri: string, text: string): boolean {
  const base = decodeURIComponent(uri.split(/[\\/]/).pop() ?? '');
  return /^fr\d+\.xml$/i.test(base) || /<failedRequest[\s>]/.test(text.slice(0, 4096));
}

export function frebHover(text: string, offset: number): SpanHover | undefined {
  const context = cursorContextAt(text, offset);

  if (context.kind === 'attributeValue' && context.tag && context.attribute?.valueSpan && context.attribute.value !== undefined) {
    const name = context.attribute.name;
    if (context.tag.name === 'failedRequest' && (name === 'statusCode' || name === 'triggerStatusCode')) {
      return { contents: explainCode(context.attribute.value), span: context.attribute.valueSpan };
    }
    return undefined;
  }
  if (context.kind !== 'content') return undefined;

  const inner = context.ancestors[context.ancestors.length - 1];
  if (!inner) return undefined;
  const tag = scanTag(text, inner.start);
  const contentStart = tag.end;
  const next = text.indexOf('<', contentStart);
  const contentEnd = next < 0 ? text.length : next;
  if (offset < contentStart || offset > contentEnd) return undefined;
  const raw = text.slice(contentStart, contentEnd);
  const lead = raw.length - raw.trimStart().length;
  const value = raw.trim();
  const span = { start: contentStart + lead, end: contentStart + lead + value.length };

  const dataName = tag.name === 'Data' ? tag.attributes.find((a) => a.name === 'Name')?.value : undefined;
  if (dataName === 'ErrorCode') {
    const number = parseErrorNumber(value);
    return { contents: number === undefined ? `\`${value}\` is not an error code.` : explainErrorCode(number, value), span };
  }
  if (dataName === 'HttpStatus' || dataName === 'HttpSubStatus') {
    const event = eventDataAround(text, inner.start);
    const status = dataValue(event, 'HttpStatus');
    const sub = dataValue(event, 'HttpSubStatus');
    const error = dataValue(event, 'ErrorCode');
    if (status === undefined || !/^\d{3}$/.test(status)) return { contents: `\`${value}\` is not an HTTP status.`, span };
    const win32 = error !== undefined ? parseErrorNumber(error) : undefined;
    return {
      contents: explainStatusTriple(Number(status), sub !== undefined && /^\d+$/.test(sub) ? Number(sub) : undefined, win32),
      span,
    };
  }
  // Descriptions such as `Access is denied. (0x80070005)`.
  const found = codeAt(text.slice(0, contentEnd), offset);
  if (found && found.span.start >= contentStart) return { contents: explainCode(found.code), span: found.span };
  return undefined;
}

/** The `<EventData>` block holding `from`, as text; the current element alone when there is none. */
function eventDataAround(text: string, from: number): string {
  const open = text.lastIndexOf('<EventData', from);
  const close = open < 0 ? -1 : text.indexOf('</EventData>', open);
  if (open < 0 || close < from) {
    const end = text.indexOf('</Data>', from);
    return text.slice(from, end < 0 ? text.length : end + 7);
  }
  return text.slice(open, close);
}

function dataValue(block: string, name: string): string | undefined {
  const match = new RegExp(`<Data\\s+Name\\s*=\\s*["']${name}["']\\s*>([^<]*)</Data>`).exec(block);
  return match ? match[1].trim() : undefined;
}
