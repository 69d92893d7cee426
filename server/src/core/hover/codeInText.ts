import { parseCodeQuery } from '../knowledge/explain';
import { findStatusCode } from '../knowledge/statusCodes';
import { ERROR_CODES, findErrorCode, win32FromHresult } from '../knowledge/win32Codes';
import type { Span } from '../types';

// Codes written in free text (XML comments, FREB descriptions): find the one under the cursor.

export interface CodeInText {
  /** The code as it should be passed to explainCode (`401 2 5`, `0x80070021`, `-1073741715`). */
  code: string;
  span: Span;
}

// A status triple as IIS logs and people write it, or one token that may be a code on its own.
const TRIPLE = /\b([1-5]\d\d)(?:\.(\d{1,3})(?:\.(-?\d+))?|[ \t]+(\d{1,3})[ \t]+(-?\d+)\b)/g;
const TOKEN = /(?:0x[0-9a-f]{1,8}\b|-?\b\d{1,10}\b(?:\.\d{1,3}\b)?|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b)/gi;

/** The code written at `offset` in `text` (searching only the line around it), if it looks like one. */
export function codeAt(text: string, offset: number): CodeInText | undefined {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  const at = offset - lineStart;

  for (const match of line.matchAll(TRIPLE)) {
    const start = match.index!;
    const end = start + match[0].length;
    if (at < start || at > end) continue;
    const code = match[2] !== undefined ? [match[1], match[2], match[3]].filter((p) => p !== undefined).join(' ') : `${match[1]} ${match[4]} ${match[5]}`;
    return { code, span: { start: lineStart + start, end: lineStart + end } };
  }
  for (const match of line.matchAll(TOKEN)) {
    const start = match.index!;
    const end = start + match[0].length;
    if (at < start || at > end) continue;
    if (!looksLikeCode(match[0])) return undefined;
    return { code: match[0], span: { start: lineStart + start, end: lineStart + end } };
  }
  return undefined;
}

/**
 * A lone number in prose is usually not a code ("2 sites", "port 443"), so only tokens that the
 * tables know, or that have a code's shape (hex, NTSTATUS-size negatives, CONSTANT_NAMES), qualify.
 */
function looksLikeCode(token: string): boolean {
  const query = parseCodeQuery(token);
  if (query.kind === 'name') return ERROR_CODES.some((e) => e.name.toUpperCase() === query.name);
  if (query.kind === 'status') return findStatusCode(query.status, query.subStatus) !== undefined && (query.subStatus !== undefined || /^[45]\d\d$/.test(token));
  if (query.kind === 'error') {
    if (/^0x/i.test(token) || token.startsWith('-')) return true;
    // Small numbers are mostly prose ("2 sites"); they are explained as part of a triple instead.
    if (query.value < 100) return false;
    return findErrorCode(query.value) !== undefined || win32FromHresult(query.value) !== undefined;
  }
  return false;
}
