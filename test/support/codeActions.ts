// Helpers for the code action tests: ask the service for the actions a finding offers and apply an
// action's WorkspaceEdit with vscode-languageserver-textdocument (an implementation independent of
// the core's own edit code, so a wrong range cannot be hidden by a matching mistake on both sides).
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from '../../server/src/core/actions/codeAction';
import type { LanguageService } from '../../server/src/core/languageService';
import type { Finding } from '../../server/src/core/types';

export function findingsWith(service: LanguageService, uri: string, code: string): Finding[] {
  return service.validate(uri).filter((f) => f.code === code);
}

/** The actions offered for one finding, as the editor would ask (the finding's own range). */
export function actionsFor(service: LanguageService, finding: Finding): CodeAction[] {
  return service.codeActions(finding.uri, finding.range, [finding]);
}

/** Applies an action's edit to the service's files; returns the new texts by uri. */
export function applyAction(service: LanguageService, action: CodeAction): Record<string, string> {
  if (!action.edit) throw new Error(`action "${action.title}" has no edit`);
  const result: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(action.edit.changes)) {
    const text = service.workspace.text(uri);
    if (text === undefined) throw new Error(`edit for unknown file ${uri}`);
    const updated = TextDocument.applyEdits(TextDocument.create(uri, 'xml', 1, text), edits);
    result[uri] = updated;
    service.workspace.set(uri, updated);
  }
  return result;
}

/** The single action with this title fragment, failing loudly when there is none or several. */
export function only(actions: CodeAction[], titlePart?: string | RegExp): CodeAction {
  const matching = titlePart === undefined ? actions : actions.filter((a) => (typeof titlePart === 'string' ? a.title.includes(titlePart) : titlePart.test(a.title)));
  if (matching.length !== 1) throw new Error(`expected one action${titlePart ? ` matching ${titlePart}` : ''}, got: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
  return matching[0];
}
