import { MAX_ANALYZED_LENGTH, scanComments, type XmlComment, type XmlDocument, type XmlElement } from './document';
import { scanWellFormed } from './wellFormedScan';

/** [start, oldEnd) of the old text became [start, newEnd) of the new one. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export interface SplicedDocument {
  xml: XmlDocument;
  /** The element whose content was scanned again: its children are new, every other element is the old one moved. */
  edited: XmlElement;
}

/**
 * The document after an edit that stays inside one element's content, without parsing the whole
 * text again: that content alone goes through the well-formed scan, its elements replace the old
 * children, and every element after the edit moves by the length difference. The old document's
 * elements are moved, so it must not be read afterwards.
 *
 * Only a document that came from the well-formed scan qualifies: the scan of the whole new text would
 * accept it and build the same tree exactly when the fragment's scan does (the text outside the
 * element is unchanged and was accepted). Anything else (the edit touches a tag, the fragment leaves
 * the scan's subset, a NUL or a DOCTYPE appears) returns undefined and the caller parses in full.
 */
export function spliceDocument(doc: XmlDocument, text: string, edit: TextEdit): SplicedDocument | undefined {
  const root = doc.root;
  if (!doc.scanned || !root || doc.errors.length > 0 || doc.limited || text.length > MAX_ANALYZED_LENGTH) return undefined;
  const { start, oldEnd, newEnd } = edit;
  const delta = newEnd - oldEnd;
  if (text.length !== doc.text.length + delta || start < 0 || oldEnd < start || newEnd < start) return undefined;
  // parseXmlDocument refuses these anywhere in the text; the old text had none.
  for (let i = start; i < newEnd; i++) if (text.charCodeAt(i) === 0) return undefined;
  if (text.slice(Math.max(0, start - 8), newEnd + 8).includes('<!DOCTYPE')) return undefined;

  const edited = innermostHolding(root, start, oldEnd);
  if (!edited || edited === root) return undefined;
  const content = edited.contentSpan;
  const children = scanWellFormed(text, content.start, content.end + delta, edited);
  if (!children) return undefined;

  // Moved before the new children go in: they are already where the new text has them. Elements
  // that end before the edit stay, with all they hold.
  if (delta !== 0) {
    const stack: XmlElement[] = [root];
    while (stack.length > 0) {
      const element = stack.pop()!;
      if (element.span.end < oldEnd) continue;
      const whole = element.span.start >= oldEnd;
      element.moveBy(delta, whole);
      if (element === edited) continue;
      const children = element.children;
      if (whole) for (let i = 0; i < children.length; i++) stack.push(children[i]);
      // Only the last children can reach past the edit.
      else for (let i = children.length - 1; i >= 0 && children[i].span.end >= oldEnd; i--) stack.push(children[i]);
    }
  }
  edited.replaceChildren(children);
  root.sourceText.text = text;

  let comments: XmlComment[] | undefined;
  const xml: XmlDocument = {
    text,
    lines: doc.lines.afterEdit(text, start, oldEnd, newEnd),
    root,
    errors: [],
    limited: false,
    scanned: true,
    get comments() {
      return (comments ??= scanComments(text));
    },
  };
  return { xml, edited };
}

/** The deepest element whose content (between its tags) holds [start, end]. */
function innermostHolding(root: XmlElement, start: number, end: number): XmlElement | undefined {
  if (!holds(root, start, end)) return undefined;
  let element = root;
  for (;;) {
    const children = element.children;
    // The last child that starts at or before the edit (children are in document order).
    let low = 0;
    let high = children.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (children[mid].span.start <= start) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    const child = found >= 0 ? children[found] : undefined;
    if (!child || !holds(child, start, end)) return element;
    element = child;
  }
}

function holds(element: XmlElement, start: number, end: number): boolean {
  if (element.selfClosing || !element.closed) return false;
  const content = element.contentSpan;
  return content.start <= start && end <= content.end;
}
