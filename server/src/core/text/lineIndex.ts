import type { Position, Range, Span } from '../types';

/**
 * Offset ↔ position conversion. CRLF, LF and lone CR all end a line, as in LSP; positions are in
 * UTF-16 code units, which is what JavaScript string offsets already are.
 */
export class LineIndex {
  private lineStartsCache: number[] | undefined;

  constructor(private readonly text: string) {}

  /** Computed on first use: most analyses of large files never convert a single offset. */
  private get lineStarts(): number[] {
    return (this.lineStartsCache ??= computeLineStarts(this.text));
  }

  /**
   * The index of `text`, which is this index's text with [start, oldEnd) replaced by [start, newEnd)
   * of `text`: the line starts away from the edit are moved rather than searched for again.
   */
  afterEdit(text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const next = new LineIndex(text);
    const old = this.lineStartsCache;
    if (!old) return next;
    const delta = newEnd - oldEnd;
    // A line start next to the edit may join or split a CR LF pair: the lines around it are found again.
    // The last line start well before the edit, and the first one well after it (old.length when none).
    let before = 0;
    let high = old.length - 1;
    while (before < high) {
      const mid = (before + high + 1) >> 1;
      if (old[mid] < start - 1) before = mid;
      else high = mid - 1;
    }
    let after = before + 1;
    high = old.length;
    while (after < high) {
      const mid = (after + high) >> 1;
      if (old[mid] > oldEnd + 1) high = mid;
      else after = mid + 1;
    }
    const starts = old.slice(0, before + 1);
    const resume = after < old.length ? old[after] + delta : text.length + 1;
    for (const lineStart of computeLineStarts(text.slice(old[before], Math.min(resume, text.length)))) {
      const at = old[before] + lineStart;
      if (lineStart > 0 && at < resume) starts.push(at);
    }
    for (let i = after; i < old.length; i++) starts.push(old[i] + delta);
    next.lineStartsCache = starts;
    return next;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    // Read once: thousands of findings are placed, most while this is still interpreted, where each
    // read of the getter is a call.
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - starts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    const lineEnd = this.lineEndOffset(position.line);
    return Math.min(lineStart + Math.max(0, position.character), lineEnd);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  lineStartOffset(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the end of the line's content, before its line break. */
  lineEndOffset(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The document's dominant line break, so inserted text matches the file. */
  get eol(): '\r\n' | '\n' {
    const firstBreak = this.lineStarts.length > 1 ? this.lineStarts[1] - 1 : -1;
    return firstBreak > 0 && this.text.charCodeAt(firstBreak - 1) === 13 ? '\r\n' : '\n';
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  let from = 0;
  // Remember the next CR so LF-only files do not rescan to the end for every line.
  let cr = text.indexOf('\r');
  for (;;) {
    if (cr >= 0 && cr < from) cr = text.indexOf('\r', from);
    const lf = text.indexOf('\n', from);
    if (lf < 0 && cr < 0) break;
    let next: number;
    if (cr >= 0 && (lf < 0 || cr < lf)) next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    else next = lf + 1;
    starts.push(next);
    from = next;
  }
  return starts;
}
