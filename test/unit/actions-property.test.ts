import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLValidator } from 'fast-xml-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from '../../server/src/core/actions/codeAction';
import { computeCodeActions } from '../../server/src/core/actions/index';
import { applyTextEdits } from '../../server/src/core/actions/edits';
import type { CopySectionArguments } from '../../server/src/core/actions/moveSectionFromWebConfig';
import type { LanguageService } from '../../server/src/core/languageService';
import type { Finding, Span } from '../../server/src/core/types';
import { parseXmlDocument, type XmlDocument, type XmlElement } from '../../server/src/core/xml/document';
import { generateCase, type GeneratedCase } from '../support/configGenerator';
import { serviceWith } from '../support/fixtures';

// Issue 5's "never lose data", checked over generated configurations: for every finding of every
// generated case, every action with an edit is applied to a fresh copy of the workspace, and the
// result must be well-formed, changed only where the action had to change it, hold every mapping
// entry it held before (never twice), be rid of the finding, carry no new error, and offer the same
// fix no more. IIS_AUTH_PROPERTY_CASES sets the number of cases (default 300), IIS_AUTH_PROPERTY_SEED
// the first seed (to replay a failure reported as `seed N`).

const CASES = Number(process.env.IIS_AUTH_PROPERTY_CASES ?? 300);
const FIRST_SEED = Number(process.env.IIS_AUTH_PROPERTY_SEED ?? 1);

const MAPPING_SECTION = 'iisClientCertificateMappingAuthentication';
const WRAPPERS = new Set(['authentication', 'security', 'system.webServer', 'location']);

/** A certificate value as IIS should hold it: no PEM armour, no whitespace. */
function bareCertificate(value: string): string {
  return value.replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/\s+/g, '');
}

function walk(element: XmlElement | undefined, visit: (e: XmlElement) => void): void {
  if (!element) return;
  visit(element);
  for (const child of element.children) walk(child, visit);
}

function elementAt(doc: XmlDocument, offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  walk(doc.root, (e) => {
    if (offset >= e.span.start && offset < e.span.end) found = e;
  });
  return found;
}

/** One-to-one entries by certificate (armour and line breaks ignored), many-to-one by name. */
function entryKeys(docs: XmlDocument[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of docs) {
    walk(doc.root, (e) => {
      if (e.name !== 'add' || !e.parent) return;
      let key: string | undefined;
      if (e.parent.name === 'oneToOneMappings') key = `1:${bareCertificate(e.get('certificate') ?? '')}`;
      if (e.parent.name === 'manyToOneMappings') key = `n:${(e.get('name') ?? '').toLowerCase()}`;
      if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    });
  }
  return counts;
}

/** The most copies of one entry any single mapping section holds. */
function mostCopiesInOneSection(docs: XmlDocument[]): Map<string, number> {
  const most = new Map<string, number>();
  for (const doc of docs) {
    walk(doc.root, (section) => {
      if (section.name !== MAPPING_SECTION) return;
      for (const [key, count] of entryKeys([{ ...doc, root: section }])) most.set(key, Math.max(most.get(key) ?? 0, count));
    });
  }
  return most;
}

function comments(docs: XmlDocument[]): string[] {
  return docs.flatMap((doc) => doc.comments.map((c) => c.text)).sort();
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** What kind of repair an action is, for the coverage count. */
function kindOf(finding: Finding, action: CodeAction): string {
  const t = action.title;
  if (action.command) return 'copy to clipboard';
  if (/^Move the certificate mappings to site level/.test(t)) return /keeping/.test(t) ? 'move (same file), keeping the site value' : /replacing/.test(t) ? 'move (same file), replacing the site value' : 'move (same file)';
  if (/^Move the certificate mappings to site ".*applicationHost/.test(t)) return 'move to applicationHost.config';
  if (/^Move the certificate mappings to site ".*root web\.config/.test(t)) return 'move to the site root web.config';
  if (/^Unlock/.test(t)) return 'unlock section';
  if (/^Move </.test(t)) return 'move locked section';
  return `${finding.code} ${t.replace(/".*?"/g, '…').replace(/line \d+/, 'line …')}`;
}

/**
 * Error findings counted by problem: by code, and once per URL path for the findings about a path
 * (IIS-AUTH-005 names the same path from each file that contributes to it).
 */
function errorProblems(findings: Finding[]): Map<string, number> {
  const errors = findings.filter((f) => f.severity === 'error');
  const perPath = new Set(errors.filter((f) => typeof f.data?.path === 'string' && f.code === 'IIS-AUTH-005').map((f) => `${f.code}|${f.data!.path as string}`));
  const counts = countBy(errors.filter((f) => !(typeof f.data?.path === 'string' && f.code === 'IIS-AUTH-005')), (f) => f.code);
  for (const key of perPath) counts.set(key, 1);
  return counts;
}

interface Problem {
  seed: number;
  finding: string;
  action: string;
  message: string;
}

function isMove(action: CodeAction): boolean {
  return /^Move /.test(action.title);
}

/**
 * Where the edits may reach: inside an attribute's name or value, the `/>` of a tag being opened, or
 * around whole elements the action may remove; any other cut through markup or comment is a problem.
 */
function checkEditFootprint(doc: XmlDocument, edits: Span[], removable: (e: XmlElement) => boolean): string | undefined {
  for (const edit of edits) {
    const deleted: Span[] = [];
    let problem: string | undefined;
    let inStartTag = false;
    const visit = (e: XmlElement) => {
      if (problem) return;
      const disjoint = edit.end <= e.span.start || edit.start >= e.span.end;
      if (disjoint) return;
      const content = e.contentSpan;
      if (!e.selfClosing && edit.start >= content.start && edit.end <= content.end) {
        for (const child of e.children) visit(child);
        return;
      }
      if (edit.start <= e.span.start && edit.end >= e.span.end) {
        if (!removable(e)) problem = `the edit removes <${e.name}> at ${e.span.start}, which the action has no business removing`;
        else deleted.push(e.span);
        return;
      }
      const tag = e.startTagSpan;
      if (edit.start >= tag.start && edit.end <= tag.end) {
        const inValue = e.attributes.some((a) => (edit.start >= a.valueSpan.start && edit.end <= a.valueSpan.end) || (edit.start >= a.nameSpan.start && edit.end <= a.nameSpan.end));
        const last = e.attributes.length > 0 ? e.attributes[e.attributes.length - 1].span.end : e.nameSpan.end;
        const tail = edit.start >= last && /^\s*\/?>?$/.test(doc.text.slice(edit.start, edit.end));
        if (inValue || tail) {
          inStartTag = true;
          return;
        }
      }
      problem = `the edit ${edit.start}-${edit.end} cuts into <${e.name}> ${e.span.start}-${e.span.end}`;
    };
    visit(doc.root!);
    if (problem) return problem;
    for (const comment of doc.comments) {
      const overlaps = edit.start < comment.span.end && edit.end > comment.span.start;
      if (overlaps && !deleted.some((d) => d.start <= comment.span.start && d.end >= comment.span.end)) return `the edit touches the comment <!--${comment.text}-->`;
    }
    // Whatever else the edit removes must be whitespace between nodes.
    let rest = '';
    let at = edit.start;
    for (const d of deleted.sort((a, b) => a.start - b.start)) {
      rest += doc.text.slice(at, d.start);
      at = d.end;
    }
    rest += doc.text.slice(at, edit.end);
    if (!inStartTag && rest.trim() !== '') return `the edit removes text outside any node: ${JSON.stringify(rest.slice(0, 60))}`;
  }
  return undefined;
}

/** Elements an action may delete: what it moves or removes, and wrappers it leaves empty. */
function removableFor(doc: XmlDocument, finding: Finding, action: CodeAction, findingDoc: boolean): (e: XmlElement) => boolean {
  const subject = findingDoc ? elementAt(doc, doc.lines.offsetAt(finding.range.start)) : undefined;
  const isSubject = (e: XmlElement): boolean => {
    for (let x: XmlElement | undefined = e; x; x = x.parent) {
      if (x === subject && (isMove(action) || finding.code === 'IIS-AUTH-010')) return true;
      if (x.name === MAPPING_SECTION && /^Move the certificate mappings/.test(action.title)) return true;
    }
    return false;
  };
  const removable = (e: XmlElement): boolean => {
    if (isSubject(e)) return true;
    if (!WRAPPERS.has(e.name) || !isMove(action)) return false;
    // A wrapper may go only when nothing but removable elements and whitespace is in it.
    let rest = '';
    let at = e.contentSpan.start;
    for (const child of e.children) {
      if (!removable(child)) return false;
      rest += doc.text.slice(at, child.span.start);
      at = child.span.end;
    }
    rest += doc.text.slice(at, e.contentSpan.end);
    return rest.trim() === '';
  };
  return removable;
}

/** A workspace with its findings computed once, and the actions every finding offers. */
interface Snapshot {
  service: LanguageService;
  findings: Finding[];
  actions: Array<{ finding: Finding; action: CodeAction }>;
}

/** `codes` limits the actions computed to findings of those codes (all when undefined). */
function snapshot(files: Record<string, string>, codes?: Set<string>): Snapshot {
  const service = serviceWith(files);
  const byUri = new Map(Object.keys(files).map((uri) => [uri, service.validate(uri)]));
  const validate = (uri: string) => byUri.get(uri) ?? service.validate(uri);
  const actions: Snapshot['actions'] = [];
  for (const [uri, findings] of byUri) {
    for (const finding of findings) {
      if (codes && !codes.has(finding.code)) continue;
      for (const action of computeCodeActions({ workspace: service.workspace, uri, range: finding.range, findings: [finding], validate })) actions.push({ finding, action });
    }
  }
  return { service, findings: [...byUri.values()].flat(), actions };
}

function checkAction(generated: GeneratedCase, original: Snapshot, finding: Finding, action: CodeAction, problems: Problem[]): void {
  const report = (message: string): void => {
    problems.push({ seed: generated.seed, finding: `${finding.code} ${finding.uri} ${finding.range.start.line + 1}:${finding.range.start.character + 1}`, action: action.title, message });
  };
  const before = original.service;
  const changed: Record<string, string> = { ...generated.files };
  const docsBefore = Object.keys(generated.files).map((uri) => before.workspace.get(uri)!.xml);
  const findingsBefore = original.findings;
  const errorsBefore = errorProblems(findingsBefore);
  // The same problem is the same code and message in the same file (a fix may reveal a different one).
  const sameProblem = (f: Finding) => f.uri === finding.uri && f.code === finding.code && f.message === finding.message;
  const sameBefore = findingsBefore.filter(sameProblem).length;

  for (const [uri, edits] of Object.entries(action.edit!.changes)) {
    const file = before.workspace.get(uri);
    if (!file) return report(`edit for a file not in the workspace: ${uri}`);
    const text = TextDocument.applyEdits(TextDocument.create(uri, 'xml', 1, file.xml.text), edits);
    if (applyTextEdits(file, edits) !== text) report(`the core and vscode-languageserver-textdocument apply the edits differently in ${uri}`);
    const valid = XMLValidator.validate(text);
    if (valid !== true) report(`not well-formed after the action (${uri}): ${valid.err.msg} at line ${valid.err.line}`);
    const parsed = parseXmlDocument(text);
    if (parsed.errors.length > 0) report(`parse errors after the action (${uri}): ${parsed.errors.map((e) => e.message).join('; ')}`);
    const spans = edits.map((e) => ({ start: file.xml.lines.offsetAt(e.range.start), end: file.xml.lines.offsetAt(e.range.end) }));
    const footprint = checkEditFootprint(file.xml, spans, removableFor(file.xml, finding, action, uri === finding.uri));
    if (footprint) report(`${footprint} (${uri})`);
    changed[uri] = text;
  }
  // The same action can only come back through a finding of the same code, or of the codes that share the move.
  const codes = new Set([finding.code, ...(isMove(action) ? ['IIS-AUTH-001', 'IIS-AUTH-005', 'IIS-AUTH-002'] : [])]);
  const result = snapshot(changed, codes);
  const after = result.service;

  const docsAfter = Object.keys(generated.files).map((uri) => after.workspace.get(uri)!.xml);
  if (comments(docsAfter).join('\u0000') !== comments(docsBefore).join('\u0000')) report('comments were lost or duplicated');

  const keysBefore = entryKeys(docsBefore);
  const keysAfter = entryKeys(docsAfter);
  // Fewer copies only where a move merged identical entries, or the one duplicate an IIS-AUTH-010 fix removes.
  let copiesDropped = 0;
  for (const key of new Set([...keysBefore.keys(), ...keysAfter.keys()])) {
    const was = keysBefore.get(key) ?? 0;
    const is = keysAfter.get(key) ?? 0;
    if (is < was) copiesDropped += was - is;
    if (was > 0 && is === 0) report(`mapping entry ${key.slice(0, 40)}… was lost`);
    else if (was === 0 && is > 0) report(`mapping entry ${key.slice(0, 40)}… appeared from nowhere`);
    else if (is > was) report(`mapping entry ${key.slice(0, 40)}… now exists ${is} times (was ${was})`);
    else if (is < was && !isMove(action) && finding.code !== 'IIS-AUTH-010') report(`mapping entry ${key.slice(0, 40)}… went from ${was} to ${is} copies`);
  }
  if (finding.code === 'IIS-AUTH-010' && copiesDropped > 1) report(`removing one duplicate dropped ${copiesDropped} entries`);
  const mostBefore = mostCopiesInOneSection(docsBefore);
  for (const [key, count] of mostCopiesInOneSection(docsAfter)) {
    if (count > (mostBefore.get(key) ?? 0)) report(`a mapping section now holds mapping entry ${key.slice(0, 40)}… ${count} times`);
  }

  const findingsAfter = result.findings;
  const sameAfter = findingsAfter.filter(sameProblem).length;
  if (sameAfter >= sameBefore) report(`${finding.code} is still reported (${sameBefore} before, ${sameAfter} after)`);
  // Across all files: a moved section takes its own errors along, which is no new error.
  for (const [problem, count] of errorProblems(findingsAfter)) {
    const was = errorsBefore.get(problem) ?? 0;
    const code = problem.split('|')[0];
    if (count > was) report(`new error ${problem}: ${findingsAfter.find((f) => f.code === code && f.severity === 'error')!.message.slice(0, 200)}`);
  }

  const stale = computeCodeActions({ workspace: after.workspace, uri: finding.uri, range: finding.range, findings: [finding], validate: (uri) => findingsAfter.filter((f) => f.uri === uri) });
  // With several findings of one code in the file (three copies of one entry), the next may take the place of the one fixed.
  const sameCodeBefore = findingsBefore.filter((f) => f.uri === finding.uri && f.code === finding.code).length;
  if (sameCodeBefore === 1 && stale.some((a) => a.title === action.title)) report('the stale finding still gets the same action');
  const offeredAfter = countBy(result.actions.filter((a) => a.action.edit), (a) => a.action.title);
  const offeredBefore = countBy(original.actions.filter((a) => a.action.edit && codes.has(a.finding.code)), (a) => a.action.title);
  if ((offeredAfter.get(action.title) ?? 0) >= (offeredBefore.get(action.title) ?? 0)) report('the same action is still offered after applying it');
}

function checkCopy(generated: GeneratedCase, finding: Finding, action: CodeAction, problems: Problem[]): void {
  const args = action.command?.arguments?.[0] as CopySectionArguments | undefined;
  const report = (message: string): void => {
    problems.push({ seed: generated.seed, finding: finding.code, action: action.title, message });
  };
  if (!args || typeof args.xml !== 'string' || typeof args.instructions !== 'string') return report('copy command without its xml and instructions');
  if (XMLValidator.validate(args.xml) !== true) report('copied section is not well-formed');
  const source = parseXmlDocument(generated.files[finding.uri]);
  const section = elementAt(source, source.lines.offsetAt(finding.range.start));
  if (!section) return report('no section at the finding');
  const copied = parseXmlDocument(args.xml);
  if ([...entryKeys([copied])].join() !== [...entryKeys([{ ...source, root: section }])].join()) report('the copy does not hold the same entries');
}

test(`code actions on ${CASES} generated configurations keep every byte, entry and comment they should`, (t) => {
  const problems: Problem[] = [];
  const applied = new Map<string, number>();
  let findingsSeen = 0;
  for (let i = 0; i < CASES; i++) {
    const generated = generateCase(FIRST_SEED + i);
    for (const [uri, text] of Object.entries(generated.files)) {
      const valid = XMLValidator.validate(text);
      assert.equal(valid, true, `generator wrote malformed XML (seed ${generated.seed}, ${uri})`);
    }
    const original = snapshot(generated.files);
    findingsSeen += original.findings.length;
    for (const { finding, action } of original.actions) {
      if (action.disabled) {
        assert.ok(action.disabled.reason && !action.edit, `disabled action without a reason: ${action.title}`);
        const kind = `(disabled) ${action.title.replace(/".*?"/g, '…')}`;
        applied.set(kind, (applied.get(kind) ?? 0) + 1);
        continue;
      }
      const kind = kindOf(finding, action);
      applied.set(kind, (applied.get(kind) ?? 0) + 1);
      if (action.edit) checkAction(generated, original, finding, action, problems);
      else checkCopy(generated, finding, action, problems);
    }
  }
  const total = [...applied.values()].reduce((a, b) => a + b, 0);
  t.diagnostic(`${CASES} generated cases (seeds ${FIRST_SEED}..${FIRST_SEED + CASES - 1}), ${findingsSeen} findings, ${total} actions checked`);
  for (const [kind, count] of [...applied].sort()) t.diagnostic(`  ${count} × ${kind}`);
  if (problems.length > 0) {
    const kinds = countBy(problems, (p) => p.message.replace(/\d+/g, '#').slice(0, 90));
    t.diagnostic('problems by kind:');
    for (const [k, n] of kinds) t.diagnostic(`  ${n} × ${k}`);
    const shown = problems.slice(0, 8).map((p) => `seed ${p.seed}: ${p.finding} / "${p.action}": ${p.message}\n  ${generateCase(p.seed).shape.join('; ')}`);
    assert.fail(`${problems.length} problems:\n${shown.join('\n')}`);
  }
  if (CASES >= 300) {
    // The generator must really produce every shape the issue names, or the test proves little.
    const kinds = ['move (same file)', 'move (same file), keeping the site value', 'move (same file), replacing the site value', 'move to applicationHost.config', 'move to the site root web.config', 'copy to clipboard', 'unlock section', 'move locked section'];
    for (const kind of kinds) {
      assert.ok((applied.get(kind) ?? 0) > 0, `no generated case produced: ${kind}`);
    }
    for (const code of ['IIS-AUTH-003', 'IIS-AUTH-004', 'IIS-AUTH-006', 'IIS-AUTH-008', 'IIS-AUTH-010', 'IIS-AUTH-011']) {
      assert.ok([...applied.keys()].some((k) => k.startsWith(code)), `no generated case produced a fix for ${code}`);
    }
  }
});
