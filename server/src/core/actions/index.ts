// Code actions for findings: which provider repairs which rule's findings, and the guard that only
// findings the current text still produces get repaired (a stale diagnostic gets nothing, which also
// makes every action idempotent: once applied, its finding is gone and nothing more is offered).
import type { Finding, Range } from '../types';
import type { Workspace } from '../workspace';
import type { ActionProvider, CodeAction } from './codeAction';
import { addNegotiateCertForRequire } from './addNegotiateCert';
import { disableAdMapping } from './disableAdMapping';
import { fixInvalidValue } from './fixInvalidValue';
import { fixSslFlagSpelling } from './fixSslFlagSpelling';
import { moveLockedSection } from './moveLockedSection';
import { moveMappingsForNoUser } from './moveMappingsForNoUser';
import { moveMappingsToSite } from './moveMappingsToSite';
import { moveSectionFromWebConfig } from './moveSectionFromWebConfig';
import { negotiateCertForMapping } from './negotiateCertForMapping';
import { normalizeCertificate } from './normalizeCertificate';
import { removeDuplicateEntry } from './removeDuplicateEntry';
import { removeNoneFlag } from './removeNoneFlag';
import { removeRedundantFlag } from './removeRedundantFlag';
import { unlockSection } from './unlockSection';

/** Rule code → the providers that repair its findings, most specific first. */
export const actionProviders: Record<string, ActionProvider[]> = {
  'IIS-AUTH-001': [moveMappingsToSite, moveSectionFromWebConfig],
  'IIS-AUTH-002': [unlockSection, moveLockedSection],
  'IIS-AUTH-003': [fixSslFlagSpelling, removeNoneFlag, addNegotiateCertForRequire, removeRedundantFlag],
  'IIS-AUTH-004': [negotiateCertForMapping],
  'IIS-AUTH-005': [moveMappingsForNoUser],
  'IIS-AUTH-006': [disableAdMapping],
  'IIS-AUTH-008': [normalizeCertificate],
  'IIS-AUTH-010': [removeDuplicateEntry],
  'IIS-AUTH-011': [fixInvalidValue],
};

export type { CodeAction } from './codeAction';

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export interface CodeActionRequest {
  workspace: Workspace;
  uri: string;
  range: Range;
  /** Findings the editor shows for the range (LSP context.diagnostics); empty means "those in range". */
  findings: Finding[];
  /** The file's current findings. */
  validate: (uri: string) => Finding[];
  onProviderFailure?: (code: string, error: unknown) => void;
}

export function computeCodeActions(request: CodeActionRequest): CodeAction[] {
  const file = request.workspace.get(request.uri);
  if (!file) return [];
  const current = request.validate(request.uri);
  const wanted =
    request.findings.length > 0
      ? request.findings
          .map((given) => {
            const same = current.filter((f) => f.code === given.code && sameRange(f.range, given.range));
            return same.find((f) => f.message === given.message) ?? same[0];
          })
          .filter((f): f is Finding => f !== undefined)
      : current.filter((f) => overlaps(f.range, request.range));
  const actions: CodeAction[] = [];
  for (const finding of new Set(wanted)) {
    for (const provider of actionProviders[finding.code] ?? []) {
      try {
        // The server's own applicationHost.config is read, never written: no edit may touch it.
        const offered = provider({ workspace: request.workspace, file, finding });
        actions.push(...offered.filter((action) => !Object.keys(action.edit?.changes ?? {}).some((uri) => request.workspace.isServerFile(uri))));
      } catch (error) {
        request.onProviderFailure?.(finding.code, error);
      }
    }
  }
  return actions;
}
