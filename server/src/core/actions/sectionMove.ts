// The actions of a section move (same file or across files): one edit when the target has no
// conflicting value, two explicit choices when it has (keep the target's values, or use the moved
// section's), and a disabled action with the reason when merging would drop or duplicate entries.
import type { ConfigFile } from '../model/configFile';
import type { Finding } from '../types';
import type { XmlElement } from '../xml/document';
import type { CodeAction, WorkspaceEdit } from './codeAction';
import { normalizeEdits, textStyleOf, toTextEdits } from './edits';
import { describeConflicts, type ConflictPolicy } from './mergeElements';
import { placeSection, removeWithEmptiedWrappers } from './placeSection';

export interface SectionMove {
  source: ConfigFile;
  section: XmlElement;
  sectionPath: string;
  target: ConfigFile;
  /** `<location path>` in the target; undefined for the target file's own level. */
  path: string | undefined;
  /** Where new wrappers or a new location go in the target (see PlacementOptions.before). */
  before?: XmlElement;
  /** Which existing target locations may receive the section (see PlacementOptions.acceptLocation). */
  acceptLocation?: (location: XmlElement) => boolean;
  title: string;
  /** Who the target's conflicting values belong to, for the titles ("the site's"). */
  targetOwner: string;
  finding: Finding;
  /** Mark preferred when the move is conflict-free. */
  preferable: boolean;
}

export function sectionMoveActions(move: SectionMove): CodeAction[] {
  const { source, target, finding } = move;
  const style = textStyleOf(source.xml);
  const plan = (policy: ConflictPolicy) => {
    const placement = placeSection({ doc: source.xml, element: move.section, style }, move.sectionPath, target, move.path, { policy, before: move.before, acceptLocation: move.acceptLocation });
    const removal = removeWithEmptiedWrappers(source.xml, move.section);
    const changes: WorkspaceEdit['changes'] = {};
    if (target === source) changes[source.uri] = toTextEdits(source, normalizeEdits([...placement.edits, removal]));
    else {
      changes[target.uri] = toTextEdits(target, placement.edits);
      changes[source.uri] = toTextEdits(source, [removal]);
    }
    return { placement, edit: { changes } };
  };
  const lockMode = lockModeAround(move.section);
  if (lockMode) {
    const reason = `Not done automatically: the section sits in a <location ${lockMode}>, so it also decides whether lower levels may set it; moving it would change that lock. Move the settings by hand.`;
    return [{ title: move.title, kind: 'quickfix', diagnostics: [finding], disabled: { reason } }];
  }
  const keep = plan('keepTarget');
  if (keep.placement.blocked) {
    return [{ title: move.title, kind: 'quickfix', diagnostics: [finding], disabled: { reason: `Not done automatically: ${keep.placement.blocked}. Merge the entries by hand.` } }];
  }
  const conflicts = keep.placement.conflicts;
  if (conflicts.length === 0) {
    const action: CodeAction = { title: move.title, kind: 'quickfix', diagnostics: [finding], edit: keep.edit };
    if (move.preferable) action.isPreferred = true;
    return [action];
  }
  const theirs = `${move.targetOwner} ${describeConflicts(conflicts, 'target')}`;
  const keeping: CodeAction = { title: `${move.title}, keeping ${theirs}`, kind: 'quickfix', diagnostics: [finding], edit: keep.edit };
  // A moved value IIS cannot read (a typo the move carries along) is never written over a valid one.
  if (conflicts.some((c) => !c.sourceReadable)) return [keeping];
  const use = plan('useSource');
  return [keeping, { title: `${move.title}, replacing ${theirs} with ${describeConflicts(conflicts, 'source')}`, kind: 'quickfix', diagnostics: [finding], edit: use.edit }];
}

/** `overrideMode="Allow"` (or allowOverride) of the location around a section, which makes it a lock marker too. */
function lockModeAround(section: XmlElement): string | undefined {
  for (let e = section.parent; e; e = e.parent) {
    if (e.name !== 'location') continue;
    const mode = e.attribute('overrideMode') ?? e.attribute('allowOverride');
    return mode ? `${mode.name}="${mode.value}"` : undefined;
  }
  return undefined;
}
