// "No authentication method can produce a user" (IIS-AUTH-005) whose cause is the IIS Support Blog sub-application post's: the
// certificate mappings for the path sit below the site, where IIS ignores them. The same move as
// IIS-AUTH-001's is offered here, but only when applying it really gives the path a user: the edit
// is tried on a copy of the workspace first, since mappings at site level are not enough when, say,
// no certificate is negotiated either.
import { authenticationAt } from '../effective/authentication';
import { validateFile } from '../validation';
import type { Finding } from '../types';
import type { ActionContext, ActionProvider, CodeAction } from './codeAction';
import { moveMappingSectionToSite } from './moveMappingsToSite';
import { moveWebConfigMappingSection } from './moveSectionFromWebConfig';
import { workspaceWithEdit } from './trial';

export const moveMappingsForNoUser: ActionProvider = (context) => {
  const { workspace, finding } = context;
  const data = finding.data ?? {};
  if (!Array.isArray(data.reasons) || !data.reasons.includes('mappingBelowSite') || typeof data.path !== 'string') return [];
  const host = typeof data.hostUri === 'string' ? workspace.get(data.hostUri) : undefined;
  const state = authenticationAt(workspace, { host, path: data.path, known: data.pathKnown === true });
  const actions: CodeAction[] = [];
  for (const ignored of state.iisMapping.ignored) {
    const file = ignored.scope.file;
    const offered =
      file.kind === 'applicationHost'
        ? moveMappingSectionToSite(file, ignored.element, finding)
        : moveWebConfigMappingSection(workspace, file, ignored.element, finding);
    actions.push(...offered.filter((action) => action.edit && resolves(context, action, finding)));
  }
  return actions;
};

function resolves({ workspace }: ActionContext, action: CodeAction, finding: Finding): boolean {
  const trial = workspaceWithEdit(workspace, action.edit!);
  const file = trial.get(finding.uri);
  return !!file && !validateFile(file, trial).some((f) => f.code === finding.code && f.data?.path === finding.data?.path);
}
