// Two entries with the same key make IIS refuse the whole section (IIS-AUTH-010): the later one goes.
// When the two differ beyond their key, the title says so and the fix is not marked preferred, since
// the later entry's other values are then dropped.
import { fileEdit, quickFix, type ActionProvider } from './codeAction';
import { removeNode } from './edits';
import { elementAtOffset } from './locate';
import { sameElement } from './mergeElements';

export const removeDuplicateEntry: ActionProvider = ({ file, finding }) => {
  const later = elementAtOffset(file, file.xml.lines.offsetAt(finding.range.start));
  const first = finding.data?.firstOccurrence as { start: { line: number; character: number } } | undefined;
  if (!later || !later.parent || !first?.start) return [];
  const earlier = elementAtOffset(file, file.xml.lines.offsetAt(first.start));
  if (!earlier || earlier === later || earlier.parent !== later.parent || earlier.name !== later.name) return [];
  const identical = sameElement(earlier, later);
  const line = file.xml.lines.positionAt(earlier.span.start).line + 1;
  const title = identical
    ? `Remove this duplicate entry (identical to line ${line})`
    : `Remove this entry, keeping the one on line ${line} (their other values differ)`;
  return [quickFix(finding, title, fileEdit(file, [removeNode(file.xml.text, later.span)]), identical)];
};
