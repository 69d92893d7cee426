// Trying an edit on a copy of the workspace before offering it: some fixes are right for their own
// finding but would leave a path with no way to authenticate (IIS-AUTH-005, a 401.2 for everyone),
// which only the whole workspace can tell.
import { iisAuth005NoAuthenticatedUser } from '../rules/iisAuth005NoAuthenticatedUser';
import { validateFile } from '../validation';
import { Workspace } from '../workspace';
import type { WorkspaceEdit } from './codeAction';
import { applyTextEdits } from './edits';

/** A copy of the workspace with the edit applied. */
export function workspaceWithEdit(workspace: Workspace, edit: WorkspaceEdit): Workspace {
  const trial = new Workspace();
  for (const uri of workspace.uris()) trial.set(uri, workspace.text(uri)!);
  for (const [uri, edits] of Object.entries(edit.changes)) {
    const file = workspace.get(uri);
    if (file) trial.set(uri, applyTextEdits(file, edits));
  }
  return trial;
}

/** The paths IIS-AUTH-005 reports as errors: requests there can get no user. */
export function pathsWithoutUser(workspace: Workspace): Set<string> {
  const paths = new Set<string>();
  for (const file of workspace.files()) {
    for (const finding of validateFile(file, workspace, {}, undefined, [iisAuth005NoAuthenticatedUser])) {
      if (finding.severity === 'error') paths.add(typeof finding.data?.path === 'string' ? finding.data.path : file.uri);
    }
  }
  return paths;
}

/** The paths that would lose their last way to a user if the edit were applied. */
export function pathsLeftWithoutUser(workspace: Workspace, edit: WorkspaceEdit): string[] {
  const before = pathsWithoutUser(workspace);
  return [...pathsWithoutUser(workspaceWithEdit(workspace, edit))].filter((path) => !before.has(path));
}
