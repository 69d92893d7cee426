import { createLanguageService, type LanguageService } from '../../server/src/core/languageService';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import type { Position, Range } from '../../server/src/core/types';

/**
 * Inline fixtures: `[[…]]` marks an expected range, `|` marks the cursor. Markers are removed from
 * the text, and what is returned points into the cleaned text.
 */
export interface MarkedText {
  text: string;
  /** Marked ranges, in order of their opening `[[`. */
  ranges: Range[];
  /** Cursor position, when `|` was present. */
  cursor?: Position;
  cursorOffset?: number;
}

export function marked(source: string): MarkedText {
  let text = '';
  const openStack: number[] = [];
  const spans: Array<{ start: number; end: number; order: number }> = [];
  let order = 0;
  let cursorOffset: number | undefined;
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('[[', i)) {
      openStack.push(text.length);
      spans.push({ start: text.length, end: -1, order: order++ });
      i++;
    } else if (source.startsWith(']]', i) && openStack.length > 0) {
      const start = openStack.pop()!;
      const open = spans.find((s) => s.start === start && s.end === -1 && s.order === Math.max(...spans.filter((x) => x.end === -1).map((x) => x.order)));
      open!.end = text.length;
      i++;
    } else if (source[i] === '|' && cursorOffset === undefined && !isInsideAttributeValueBar(source, i)) {
      cursorOffset = text.length;
    } else {
      text += source[i];
    }
  }
  const lines = new LineIndex(text);
  return {
    text,
    ranges: spans.sort((a, b) => a.order - b.order).map((s) => lines.rangeOf(s)),
    cursor: cursorOffset === undefined ? undefined : lines.positionAt(cursorOffset),
    cursorOffset,
  };
}

// A `||` is a literal bar (for values that contain one); a single `|` is the cursor.
function isInsideAttributeValueBar(source: string, i: number): boolean {
  return source[i + 1] === '|' || source[i - 1] === '|';
}

/** A language service holding the given files (uri → text). */
export function serviceWith(files: Record<string, string>, now = new Date('2026-11-23T12:00:00Z')): LanguageService {
  const service = createLanguageService({ settings: { now } });
  for (const [uri, text] of Object.entries(files)) service.workspace.set(uri, text);
  return service;
}

/** Findings of one code for a uri, in document order. */
export function findingsOf(service: LanguageService, uri: string, code?: string) {
  return service.validate(uri).filter((f) => code === undefined || f.code === code);
}

export const APPHOST_URI = 'file:///srv/iis/config/applicationHost.config';
export const WEB_URI = 'file:///srv/site/web.config';
