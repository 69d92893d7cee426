import type { ConfigFile, ConfigScope } from './model/configFile';
import type { XmlDocument } from './xml/document';
import { workspaceIndex } from './effective/workspaceIndex';
import { incrementalRuleFindings } from './incremental';
import { MAX_ANALYZED_LENGTH } from './xml/document';
import { rules as defaultRules } from './rules/index';
import type { Rule, RuleReport } from './rules/rule';
import type { Finding, Severity } from './types';
import type { Workspace } from './workspace';
import { snapshotFindings, snapshotRuleFindingsOfFile } from './snapshotValidation';
import { collectEachRule } from './ruleRuns';
import { transformFindings } from './xdt/check';

export type SeveritySetting = Severity | 'off';

export interface ValidationSettings {
  /** `iisAuth.diagnostics.severity`: rule code → severity or 'off'. */
  severity?: Record<string, SeveritySetting>;
  now?: Date;
  /** Transform uri → the file it is applied to, when that is not the one beside it (`iis-auth-check --transform`). */
  transformBases?: Record<string, string>;
  /**
   * Nothing is edited after this analysis (the CLI): what an incremental re-analysis of the next
   * edit would start from (the findings, where the locations' lines are) is not worked out.
   */
  oneShot?: boolean;
}

export interface RuleFailure {
  code: string;
  error: unknown;
}

/** Thrown-rule failures are reported here, once per call, instead of aborting validation. */
export type RuleFailureHandler = (failure: RuleFailure) => void;


export function validateFile(
  file: ConfigFile,
  workspace: Workspace,
  settings: ValidationSettings = {},
  onRuleFailure?: RuleFailureHandler,
  ruleSet: readonly Rule[] = defaultRules,
): Finding[] {
  const findings: Finding[] = [];
  const lines = file.xml.lines;

  if (file.xml.limited) {
    findings.push({
      code: 'IIS-LIMITED',
      severity: 'information',
      message: `This file is larger than ${Math.round(MAX_ANALYZED_LENGTH / 1024 / 1024)} MB of text; IIS Auth Config did not analyse it, to keep the editor responsive.`,
      uri: file.uri,
      range: lines.rangeOf({ start: 0, end: 0 }),
    });
    return findings;
  }

  for (const error of file.xml.errors) {
    const finding: Finding = {
      code: error.code,
      severity: error.code === 'XML-DOCTYPE' ? 'warning' : 'error',
      message: error.message,
      uri: file.uri,
      range: lines.rangeOf(error.span),
    };
    if (error.related?.length) finding.related = error.related.map((r) => ({ uri: file.uri, range: lines.rangeOf(r.span), message: r.message }));
    findings.push(finding);
  }

  const root = file.xml.root;
  if (root && !file.configuration && (file.kind === 'web' || file.kind === 'applicationHost')) {
    findings.push({
      code: 'XML-ROOT',
      severity: 'error',
      message: `IIS expects <configuration> as the root element, not <${root.name}>; the file is rejected with 500.19.`,
      uri: file.uri,
      range: lines.rangeOf(root.nameSpan),
    });
  }

  // A transform is a set of edits to another file, not configuration IIS loads: checked through its base file.
  if (file.configuration && file.kind !== 'transform') {
    const now = settings.now ?? new Date();
    if (ruleSet === defaultRules) {
      // Without a snapshot the snapshot rules read the configuration alone: after an edit they re-check
      // the same scopes of this file as its own rules (snapshotValidation.ts).
      const alone = !workspace.hasSnapshotFiles();
      const run = (scoped?: ConfigScope[], edited?: ConfigScope[]) => {
        const result = runRules(file, workspace, now, ruleSet, onRuleFailure, scoped, edited);
        if (!alone) return result;
        // A full run takes its share of the run all files share (once per generation, not once per file).
        let failed = false;
        const snapshot = scoped
          ? snapshotRuleFindingsOfFile(file, workspace, now, onRuleFailure, scoped)
          : { findings: snapshotFindings(workspace, now, (failure) => ((failed = true), onRuleFailure?.(failure))).filter((f) => f.uri === file.uri), failed: false };
        return { findings: [...result.findings, ...snapshot.findings], failed: result.failed || snapshot.failed || failed };
      };
      if (settings.oneShot) findings.push(...run().findings);
      else findings.push(...incrementalRuleFindings(file, workspace, now, run, alone ? 'file and snapshot' : 'file'));
      if (!alone) findings.push(...snapshotFindings(workspace, now, onRuleFailure).filter((f) => f.uri === file.uri));
    } else {
      findings.push(...runRules(file, workspace, now, ruleSet, onRuleFailure).findings);
    }
  } else if (file.configuration) {
    const validate = (target: ConfigFile, within: Workspace) => validateFile(target, within, settings, onRuleFailure, ruleSet);
    findings.push(...transformFindings(file, workspace, validate, settings.transformBases?.[file.uri]));
  }

  return applySettings(file, findings, settings);
}

/**
 * Runs each rule in a try/catch. With `scopes`, the rules see only those scopes of the file (an
 * incremental run: the file's other scopes keep their earlier findings, see incremental.ts); with
 * `editedScopes` as well, the scope-local rules see only those.
 */
export function runRules(
  file: ConfigFile,
  workspace: Workspace,
  now: Date,
  ruleSet: readonly Rule[],
  onRuleFailure?: RuleFailureHandler,
  scopes?: ConfigScope[],
  editedScopes?: ConfigScope[],
): { findings: Finding[]; failed: boolean } {
  const findings: Finding[] = [];
  let failed = false;
  const all = file.scopes;
  // Placements and chains come from the whole file: the index is built before the scopes are narrowed.
  if (scopes) workspaceIndex(workspace);
  try {
    const check = (rule: Rule, collected: Finding[]) => {
      if (scopes) file.scopes = rule.scopeLocal && editedScopes ? editedScopes : scopes;
      rule.check({ file, workspace, now, report: (r: RuleReport) => collected.push(toFinding(file, rule, r)) });
    };
    failed = collectEachRule(ruleSet, check, findings, onRuleFailure);
  } finally {
    file.scopes = all;
  }
  return { findings, failed };
}

/** Findings of a netsh dump, registry export or store file: its own problems and the snapshot rules' findings there. */
export function validateSnapshotFile(uri: string, workspace: Workspace, settings: ValidationSettings = {}, onRuleFailure?: RuleFailureHandler): Finding[] {
  const findings = snapshotFindings(workspace, settings.now ?? new Date(), onRuleFailure).filter((f) => f.uri === uri);
  const result: Finding[] = [];
  for (const finding of findings) {
    const override = settings.severity?.[finding.code];
    if (override === 'off') continue;
    result.push(override ? { ...finding, severity: override } : finding);
  }
  return result;
}

function toFinding(file: ConfigFile, rule: Rule, report: RuleReport): Finding {
  const finding: Finding = {
    code: rule.code,
    severity: report.severity ?? rule.severity,
    message: report.message,
    uri: file.uri,
    range: file.xml.lines.rangeOf(report.span),
    docUrl: rule.docUrl,
  };
  if (report.related?.length) {
    finding.related = report.related.map((r) => ({ uri: r.file.uri, range: r.file.xml.lines.rangeOf(r.span), message: r.message }));
  }
  if (report.data) finding.data = report.data;
  if (report.tags) finding.tags = report.tags;
  return finding;
}

function applySettings(file: ConfigFile, findings: Finding[], settings: ValidationSettings): Finding[] {
  const suppressed = suppressedLines(file);
  const result: Finding[] = [];
  for (const finding of findings) {
    const codes = suppressed.get(finding.range.start.line);
    if (codes && (codes.size === 0 || codes.has(finding.code))) continue;
    const override = settings.severity?.[finding.code];
    if (override === 'off') continue;
    result.push(override ? { ...finding, severity: override } : finding);
  }
  return result;
}

const SUPPRESSION = 'iis-auth-disable-next-line';
const suppressionPattern = new RegExp(`${SUPPRESSION}\\b([^]*)`);
const SUPPRESSION_TAIL = SUPPRESSION.slice(SUPPRESSION.indexOf('-disable'));
const mentions = new WeakMap<XmlDocument, boolean>();

/** The text holds the suppression keyword; after an edit of a text that did not, only the edit is searched. */
function mentionsSuppression(file: ConfigFile): boolean {
  let known = mentions.get(file.xml);
  if (known === undefined) {
    const splice = file.splice;
    const text = file.xml.text;
    if (splice && mentions.get(splice.previous.xml) === false) {
      known = text.slice(Math.max(0, splice.start - SUPPRESSION.length), splice.newEnd + SUPPRESSION.length).includes(SUPPRESSION);
    } else {
      // Searched by its tail first: '-' is rare in configuration text while 'i' starts a match at
      // every other word, which made the whole keyword's search several times slower on a large file.
      known = text.includes(SUPPRESSION_TAIL) && text.includes(SUPPRESSION);
    }
    mentions.set(file.xml, known);
  }
  return known;
}

/** Line → codes silenced there by `<!-- iis-auth-disable-next-line CODE… -->` (empty set: all). */
function suppressedLines(file: ConfigFile): Map<number, Set<string>> {
  const map = new Map<number, Set<string>>();
  if (!mentionsSuppression(file)) return map;
  for (const comment of file.xml.comments) {
    const match = suppressionPattern.exec(comment.text);
    if (!match) continue;
    const codes = new Set(match[1].split(/[\s,]+/).filter((c) => /^[A-Za-z]+-[A-Za-z0-9-]+$/.test(c)));
    const line = file.xml.lines.positionAt(comment.span.end).line + 1;
    map.set(line, codes);
  }
  return map;
}
