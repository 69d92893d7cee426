import { snapshotRules } from './rules/index';
import { spotRange, spotUri, type SnapshotRule, type SnapshotRuleReport } from './rules/snapshotRule';
import type { ServerSnapshot, SnapshotProblem } from './snapshot/index';
import type { Finding } from './types';
import type { RuleFailureHandler } from './validation';
import type { Workspace } from './workspace';
import type { ConfigFile, ConfigScope } from './model/configFile';
import { collectEachRule } from './ruleRuns';

// Snapshot rules look at the whole workspace at once (a netsh entry, a registry value, a site binding
// and a mapping in four files), so they run once per workspace generation and each file takes its share.

const cache = new WeakMap<Workspace, { generation: number; now: number; findings: Finding[] }>();

function problemFinding(snapshot: ServerSnapshot, problem: SnapshotProblem): Finding {
  const file = problem.span ? snapshot.files.find((f) => f.uri === problem.uri) : undefined;
  return {
    code: problem.code,
    severity: problem.severity,
    message: problem.message,
    uri: problem.uri,
    range: file && problem.span ? file.lines.rangeOf(problem.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  };
}

function ruleFinding(rule: SnapshotRule, report: SnapshotRuleReport): Finding {
  const finding: Finding = {
    code: rule.code,
    severity: report.severity ?? rule.severity,
    message: report.message,
    uri: spotUri(report.at),
    range: spotRange(report.at),
    docUrl: rule.docUrl,
  };
  if (report.related?.length) finding.related = report.related.map((r) => ({ uri: spotUri(r), range: spotRange(r), message: r.message }));
  if (report.data) finding.data = report.data;
  return finding;
}

/**
 * The snapshot rules' findings in one configuration file of a workspace without snapshot files: then
 * they read only the configuration, and with `scopes` they see only those scopes of the file, as the
 * file's own rules do in an incremental run (validation.ts runRules), so that their findings about
 * the other scopes can be kept.
 */
export function snapshotRuleFindingsOfFile(
  file: ConfigFile,
  workspace: Workspace,
  now: Date,
  onRuleFailure?: RuleFailureHandler,
  scopes?: ConfigScope[],
): { findings: Finding[]; failed: boolean } {
  const snapshot = workspace.snapshot();
  const findings: Finding[] = [];
  let failed = false;
  const all = file.scopes;
  if (scopes) file.scopes = scopes;
  try {
    const check = (rule: SnapshotRule, collected: Finding[]) =>
      rule.check({
        snapshot,
        workspace,
        now,
        report: (report) => {
          const finding = ruleFinding(rule, report);
          if (finding.uri === file.uri) collected.push(finding);
        },
      });
    failed = collectEachRule(snapshotRules, check, findings, onRuleFailure);
  } finally {
    file.scopes = all;
  }
  return { findings, failed };
}

/** Every finding of the snapshot's files and of the snapshot rules, in whichever file each belongs to. */
export function snapshotFindings(workspace: Workspace, now: Date, onRuleFailure?: RuleFailureHandler, ruleSet: readonly SnapshotRule[] = snapshotRules): Finding[] {
  const cached = cache.get(workspace);
  if (ruleSet === snapshotRules && cached && cached.generation === workspace.generation && cached.now === now.getTime()) return cached.findings;
  const snapshot = workspace.snapshot();
  const findings = snapshot.problems.map((problem) => problemFinding(snapshot, problem));
  collectEachRule(ruleSet, (rule, collected) => rule.check({ snapshot, workspace, now, report: (report) => collected.push(ruleFinding(rule, report)) }), findings, onRuleFailure);
  if (ruleSet === snapshotRules) cache.set(workspace, { generation: workspace.generation, now: now.getTime(), findings });
  return findings;
}
