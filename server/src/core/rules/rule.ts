import type { ConfigFile } from '../model/configFile';
import type { Workspace } from '../workspace';
import type { Range, Severity, Span } from '../types';

export interface RuleReport {
  span: Span;
  message: string;
  /** Defaults to the rule's severity. */
  severity?: Severity;
  related?: Array<{ file: ConfigFile; span: Span; message: string }>;
  data?: Record<string, unknown>;
  tags?: Array<'unnecessary' | 'deprecated'>;
}

export interface RuleContext {
  file: ConfigFile;
  workspace: Workspace;
  /** The clock rules compare certificate validity with; fixed in tests. */
  now: Date;
  report(report: RuleReport): void;
}

/** One diagnostic rule. Each lives in its own file under rules/ and is listed in rules/index.ts. */
export interface Rule {
  /** Stable code, `IIS-AUTH-NNN`. */
  code: string;
  title: string;
  severity: Severity;
  /** Microsoft documentation page for the setting the rule is about. */
  docUrl: string;
  /**
   * Its findings about a scope depend on that scope's own sections alone (and the file's
   * `<configSections>`), never on other scopes or paths: an incremental run re-checks only the
   * edited `<location>` with it instead of every scope on the edited path (incremental.ts).
   */
  scopeLocal?: boolean;
  check(context: RuleContext): void;
}

export function rangeIn(file: ConfigFile, span: Span): Range {
  return file.xml.lines.rangeOf(span);
}
