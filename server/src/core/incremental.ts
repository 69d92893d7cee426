import type { ConfigFile, ConfigScope } from './model/configFile';
import { isKeyPrefix, urlPathKey } from './effective/paths';
import type { Finding } from './types';
import type { Workspace } from './workspace';
import { rules as defaultRules } from './rules/index';
import { carryWorkspaceIndex } from './effective/workspaceIndex';
import { wasSplicedAway } from './model/configSplice';

/**
 * Incremental rule findings for an applicationHost.config edited inside one `<location>` or `<site>`.
 *
 * The rules' findings about a scope depend on the scopes that apply to its path and to the paths
 * below it (inheritance, locking, "nowhere below asks for a certificate"). An edit that stays inside
 * one location's content therefore changes only the findings of the scopes whose path is an ancestor
 * or a descendant of that location's path (the file's own level included); an edit inside one site
 * (its applications, bindings, name) those of the scopes at, above or below the site's path, under
 * its old name and its new one. Those scopes are checked again; every other finding is kept as it was.
 * A file spliced from the previous one (model/configSplice.ts) says where the edit is; any other text
 * is compared with the previous one. After a location edit the workspace index of the previous file
 * is carried over; the effective configuration is computed only for the paths the re-checked scopes
 * ask for.
 *
 * Kept findings keep their ranges, moved by the lines a spliced edit added or removed above them (a
 * diffed edit must add or remove none); every `<location>` must start and end on lines of its own, and
 * no kept finding may point at the edited lines. Anything else (another file changed, an XML error
 * before or after, an edit of a start tag or across elements, a rule that failed, another minute for
 * certificate validity) is a full analysis.
 */

interface Previous {
  incremental: boolean;
  text: string;
  file: ConfigFile;
  findings: Finding[];
  minute: number;
  others: Map<string, string | undefined>;
  ruleSet: string;
}

const previousByWorkspace = new WeakMap<Workspace, Map<string, Previous>>();

/** How analyses were answered since the process started: for the benchmark and the property test to show the path taken. */
export const incrementalStats = { incremental: 0, full: 0, unchanged: 0 };

export function incrementalRuleFindings(
  file: ConfigFile,
  workspace: Workspace,
  now: Date,
  run: (scopes?: ConfigScope[], editedScopes?: ConfigScope[]) => { findings: Finding[]; failed: boolean },
  /** Which rules `run` runs (the file's, or the snapshot rules too): findings of another set are never reused. */
  ruleSet = 'file',
): Finding[] {
  let byUri = previousByWorkspace.get(workspace);
  if (!byUri) previousByWorkspace.set(workspace, (byUri = new Map()));
  const minute = Math.floor(now.getTime() / 60000);
  const others = otherTexts(workspace, file.uri);
  const previous = byUri.get(file.uri);
  let findings: Finding[] | undefined;
  let failed = false;
  let incremental = false;
  if (previous && previous.minute === minute && previous.ruleSet === ruleSet && sameTexts(previous.others, others)) {
    if (previous.file === file || (!file.splice && previous.text === file.xml.text)) {
      findings = previous.findings;
      incrementalStats.unchanged++;
      incremental = true;
    } else {
      const plan = planIncremental(previous, file);
      if (plan) {
        if (plan.placementsKept) carryWorkspaceIndex(workspace, previous.file, file);
        const fresh = run(plan.scopes, plan.editedScopes);
        failed = fresh.failed;
        const kept = failed ? undefined : keptFindings(previous.findings, plan);
        if (kept) {
          findings = [...kept, ...fresh.findings.filter(plan.keepNew)];
          incrementalStats.incremental++;
          incremental = true;
        }
      }
    }
  }
  if (!findings) {
    incrementalStats.full++;
    const full = run();
    findings = full.findings;
    failed = full.failed;
  }
  // Files gone from the workspace take what is remembered of them along.
  for (const uri of byUri.keys()) if (!workspace.has(uri)) byUri.delete(uri);
  // The next edit starts from this file: what the previous one was spliced from is no longer needed.
  if (previous && previous.file !== file) previous.file.splice = undefined;
  // Where the locations' lines are, while the file's spans describe its text: the next edit may move them.
  if (file.kind === 'applicationHost') locationLines(file);
  if (failed) byUri.delete(file.uri);
  else byUri.set(file.uri, { incremental, text: file.xml.text, file, findings, minute, others, ruleSet });
  return findings;
}

/** The last analysis of the file re-checked only part of it (or nothing): the next edit will likely cost as little. */
export function lastAnalysisWasIncremental(workspace: Workspace, uri: string): boolean {
  return previousByWorkspace.get(workspace)?.get(uri)?.incremental ?? false;
}

function otherTexts(workspace: Workspace, uri: string): Map<string, string | undefined> {
  const texts = new Map<string, string | undefined>();
  for (const other of workspace.uris()) if (other !== uri) texts.set(other, workspace.text(other));
  return texts;
}

function sameTexts(a: Map<string, string | undefined>, b: Map<string, string | undefined>): boolean {
  if (a.size !== b.size) return false;
  for (const [uri, text] of a) if (b.get(uri) !== text) return false;
  return true;
}

interface Plan {
  /** The scopes of the new file whose findings are computed again. */
  scopes: ConfigScope[];
  /** The edited location's scope alone: what the scope-local rules check again. */
  editedScopes: ConfigScope[];
  keepOld(finding: Finding): boolean;
  keepNew(finding: Finding): boolean;
  /** A kept finding where it is now (lines added or removed above it); undefined when it touches the edited lines. */
  moveOld(finding: Finding): Finding | undefined;
  /** Where every scope sits is unchanged: the workspace index built for the previous file serves. */
  placementsKept: boolean;
}

/** Rules whose findings about a scope come from that scope alone (Rule.scopeLocal): only the edited location's are re-checked. */
const scopeLocalCodes = new Set(defaultRules.filter((rule) => rule.scopeLocal).map((rule) => rule.code));

function planIncremental(previous: Previous, file: ConfigFile): Plan | undefined {
  const before = previous.file;
  if (file.kind !== 'applicationHost' || before.kind !== 'applicationHost') return undefined;
  if (!file.configuration || !before.configuration) return undefined;
  if (file.xml.errors.length > 0 || before.xml.errors.length > 0) return undefined;
  if (file.scopes.length !== before.scopes.length) return undefined;

  const oldText = previous.text;
  const newText = file.xml.text;
  const oldIndex = before.xml.lines;
  // A spliced file knows its edit and scope; its previous file's elements have moved and are not read.
  const splice = file.splice && spliceSince(file, before);
  if (file.splice && !splice) return undefined;
  const { start, oldEnd, newEnd } = splice ?? changedRegion(oldText, newText);
  // Lines added or removed: only a splice, whose previous file's location lines were noted while they held.
  const lineBreaks = touchesLineBreaks(oldText, start, oldEnd) || touchesLineBreaks(newText, start, newEnd);
  if (lineBreaks && !splice) return undefined;

  // The scope whose sections changed (0: the file's own level) and the URL paths whose configuration did.
  let edited: number;
  let editedKeys: string[];
  if (splice) {
    const edit = editedPaths(splice, before, file);
    if (!edit) return undefined;
    ({ edited, keys: editedKeys } = edit);
  } else {
    if (wasSplicedAway(before)) return undefined;
    edited = editedScopeIndex(before, start, oldEnd);
    if (edited < 0 || editedScopeIndex(file, start, newEnd) !== edited) return undefined;
    if (before.scopes[edited].path !== file.scopes[edited].path) return undefined;
    editedKeys = [urlPathKey(file.scopes[edited].path)];
  }

  // With no line break changed, every location's lines are the same in both texts.
  if (splice && !lineBreaks && locationLinesByFile.has(before) && !locationLinesByFile.has(file)) locationLinesByFile.set(file, locationLinesByFile.get(before)!);
  const newLines = locationLines(file);
  const oldLines = !splice ? locationLines(before) : lineBreaks ? locationLinesByFile.get(before) : newLines;
  if (!oldLines || !newLines) return undefined;
  const firstEditedLine = oldIndex.positionAt(start).line;
  const lastEditedLine = oldIndex.positionAt(oldEnd).line;
  const lineDelta = file.xml.lines.lineCount - oldIndex.lineCount;

  const dirty = file.scopes.map((scope) => {
    const key = urlPathKey(scope.path);
    return editedKeys.some((editedKey) => isKeyPrefix(key, editedKey) || isKeyPrefix(editedKey, key));
  });
  const scopes = file.scopes.filter((_, i) => dirty[i]);
  // A finding belongs to the scope whose lines it starts on (outside every location: the file's own
  // level, scope 0, always re-checked).
  const isDirtyAt = (lines: LocationLines, finding: Finding) => {
    const scope = Math.max(0, lines.scopeAt(finding.range.start.line));
    if (scopeLocalCodes.has(finding.code)) return scope === edited;
    return scope === 0 || dirty[scope];
  };
  return {
    scopes,
    editedScopes: [file.scopes[edited]],
    keepOld: (finding) => finding.uri === file.uri && !isDirtyAt(oldLines, finding),
    keepNew: (finding) => isDirtyAt(newLines, finding),
    moveOld: (finding) => (lineDelta === 0 ? finding : movedBy(finding, file.uri, firstEditedLine, lastEditedLine, lineDelta)),
    placementsKept: splice?.placementsKept ?? false,
  };
}

/**
 * What the splices changed: one `<location>` (its path), or one `<site>` in the file's own level
 * (the site's name before and after: every location at or below it may sit differently now).
 * Undefined for any other edit of the file's own level.
 */
function editedPaths(splice: { start: number; newEnd: number; scope: ConfigScope }, before: ConfigFile, file: ConfigFile): { edited: number; keys: string[] } | undefined {
  if (splice.scope.location) {
    const edited = file.scopes.indexOf(splice.scope);
    return edited > 0 ? { edited, keys: [urlPathKey(splice.scope.path)] } : undefined;
  }
  if (file.scopes[0] !== splice.scope || file.sites.length !== before.sites.length) return undefined;
  const site = file.sites.findIndex((s) => s.element.span.start < splice.start && splice.newEnd < s.element.span.end);
  if (site < 0) return undefined;
  return { edited: 0, keys: [urlPathKey(file.sites[site].name), urlPathKey(before.sites[site].name)] };
}

/**
 * The splices from `before` to `file` as one: the region that differs, and the scope, when every one
 * of them re-read the same scope. Undefined when `file` does not come from `before` by splices.
 */
function spliceSince(file: ConfigFile, before: ConfigFile): { start: number; oldEnd: number; newEnd: number; scope: ConfigScope; placementsKept: boolean } | undefined {
  const scope = file.splice?.scope;
  if (!scope) return undefined;
  let prefix = Infinity;
  let suffix = Infinity;
  let placementsKept = true;
  for (let at: ConfigFile = file; at !== before; ) {
    const splice = at.splice;
    if (!splice || splice.scope !== scope) return undefined;
    prefix = Math.min(prefix, splice.start);
    suffix = Math.min(suffix, at.xml.text.length - splice.newEnd);
    placementsKept &&= splice.placementsKept;
    at = splice.previous;
  }
  return { start: prefix, oldEnd: before.xml.text.length - suffix, newEnd: file.xml.text.length - suffix, scope, placementsKept };
}

/** The analysis will most likely re-check a few scopes: the pending edit was read by splicing inside one location or site, from the file analysed last. */
export function nextAnalysisLooksIncremental(workspace: Workspace, uri: string): boolean {
  const file = workspace.readEdited(uri);
  const previous = previousByWorkspace.get(workspace)?.get(uri);
  const splice = file && previous && spliceSince(file, previous.file);
  return !!splice && !!editedPaths(splice, previous.file, file);
}

/** The previous findings the plan keeps, where they are now; undefined when one of them cannot be moved. */
function keptFindings(findings: Finding[], plan: Plan): Finding[] | undefined {
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (!plan.keepOld(finding)) continue;
    const moved = plan.moveOld(finding);
    if (!moved) return undefined;
    kept.push(moved);
  }
  return kept;
}

/**
 * A finding of the file, its positions below the edited lines moved by `delta` lines; undefined when
 * one of them (its range or a related place in the file) lies on the edited lines.
 */
function movedBy(finding: Finding, uri: string, first: number, last: number, delta: number): Finding | undefined {
  const move = (range: Finding['range']): Finding['range'] | undefined => {
    if (range.end.line < first) return range;
    if (range.start.line <= last) return undefined;
    return { start: { line: range.start.line + delta, character: range.start.character }, end: { line: range.end.line + delta, character: range.end.character } };
  };
  const range = move(finding.range);
  if (!range) return undefined;
  let related = finding.related;
  if (related?.some((r) => r.uri === uri)) {
    const movedRelated: NonNullable<Finding['related']> = [];
    for (const r of related) {
      const at = r.uri === uri ? move(r.range) : r.range;
      if (!at) return undefined;
      movedRelated.push(at === r.range ? r : { ...r, range: at });
    }
    related = movedRelated;
  }
  if (range === finding.range && related === finding.related) return finding;
  return related ? { ...finding, range, related } : { ...finding, range };
}

/** The span that differs between the two texts: [start, oldEnd) in the old text became [start, newEnd). */
function changedRegion(oldText: string, newText: string): { start: number; oldEnd: number; newEnd: number } {
  const shorter = Math.min(oldText.length, newText.length);
  let start = 0;
  // Compared in blocks first: a 10 MB text compares in a few milliseconds.
  const block = 4096;
  while (start + block <= shorter && oldText.slice(start, start + block) === newText.slice(start, start + block)) start += block;
  while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let suffix = 0;
  const limit = shorter - start;
  while (suffix + block <= limit && oldText.slice(oldText.length - suffix - block, oldText.length - suffix) === newText.slice(newText.length - suffix - block, newText.length - suffix)) {
    suffix += block;
  }
  while (suffix < limit && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

/** The region holds a line break, or sits between the CR and LF of a pair that the edit could join or split. */
function touchesLineBreaks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) return true;
  }
  return from > 0 && text.charCodeAt(from - 1) === 13 && text.charCodeAt(to) === 10;
}

/** The location whose content (between its start and end tags) holds the whole region, or -1. */
function editedScopeIndex(file: ConfigFile, start: number, end: number): number {
  for (let i = 0; i < file.scopes.length; i++) {
    const location = file.scopes[i].location;
    if (!location || location.span.start > start) continue;
    if (location.span.end < end) continue;
    const content = location.contentSpan;
    if (location.selfClosing || content.start > start || end > content.end) return -1;
    return i;
  }
  return -1;
}

interface LocationLines {
  /** Scope index of the location whose lines hold `line`, or -1 (the file's own level). */
  scopeAt(line: number): number;
}

const locationLinesByFile = new WeakMap<ConfigFile, LocationLines | null>();

/** Line ranges of the locations, when each starts and ends on lines no other element shares. */
function locationLines(file: ConfigFile): LocationLines | undefined {
  const cached = locationLinesByFile.get(file);
  if (cached !== undefined) return cached ?? undefined;
  const text = file.xml.text;
  const lines = file.xml.lines;
  const starts: number[] = [];
  const ends: number[] = [];
  const indexes: number[] = [];
  let ok = true;
  for (let i = 0; i < file.scopes.length && ok; i++) {
    const location = file.scopes[i].location;
    if (!location) continue;
    if (!aloneOnLine(text, location.span.start, location.span.end)) ok = false;
    starts.push(lines.positionAt(location.span.start).line);
    ends.push(lines.positionAt(location.span.end).line);
    indexes.push(i);
  }
  for (let k = 1; k < starts.length && ok; k++) if (starts[k] <= ends[k - 1]) ok = false;
  const result: LocationLines | null = ok
    ? {
        scopeAt(line) {
          let low = 0;
          let high = starts.length - 1;
          while (low <= high) {
            const mid = (low + high) >> 1;
            if (line < starts[mid]) high = mid - 1;
            else if (line > ends[mid]) low = mid + 1;
            else return indexes[mid];
          }
          return -1;
        },
      }
    : null;
  locationLinesByFile.set(file, result);
  return result ?? undefined;
}

/** Only whitespace between the previous line break and `start`, and between `end` and the next one. */
function aloneOnLine(text: string, start: number, end: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) break;
    if (code !== 32 && code !== 9) return false;
  }
  for (let i = end; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) break;
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}
