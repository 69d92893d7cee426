// LSP-shaped code action types for the core (which imports no LSP library), and what every
// action provider receives.
import type { ConfigFile } from '../model/configFile';
import type { Finding, TextEdit } from '../types';
import type { Workspace } from '../workspace';
import { toTextEdits, type SpanEdit } from './edits';

export interface WorkspaceEdit {
  changes: Record<string, TextEdit[]>;
}

export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}

export type CodeActionKind = 'quickfix' | 'refactor.move';

export interface CodeAction {
  title: string;
  kind: CodeActionKind;
  /** The findings this action resolves. */
  diagnostics: Finding[];
  isPreferred?: boolean;
  edit?: WorkspaceEdit;
  command?: Command;
  /** Shown greyed out with the reason, instead of an edit that would lose or override data. */
  disabled?: { reason: string };
}

export interface ActionContext {
  workspace: Workspace;
  file: ConfigFile;
  /** A finding the current text still produces (stale ones never reach providers). */
  finding: Finding;
}

export type ActionProvider = (context: ActionContext) => CodeAction[];

/** Client-side command that copies a section with instructions when no target file is known. */
export const COPY_SECTION_COMMAND = 'iisAuth.copySectionForSiteLevel';

export function fileEdit(file: ConfigFile, edits: SpanEdit[]): WorkspaceEdit {
  return { changes: { [file.uri]: toTextEdits(file, edits) } };
}

export function quickFix(finding: Finding, title: string, edit: WorkspaceEdit, isPreferred = false): CodeAction {
  const action: CodeAction = { title, kind: 'quickfix', diagnostics: [finding], edit };
  if (isPreferred) action.isPreferred = true;
  return action;
}
