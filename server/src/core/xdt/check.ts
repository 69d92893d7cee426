import type { ConfigFile } from '../model/configFile';
import { fileNameOf } from '../model/fileRole';
import type { Finding, Range, RelatedLocation } from '../types';
import type { Workspace } from '../workspace';
import type { Segment, TreeElement } from './tree';
import { applyTransform, type TransformResult, type XdtIssue, type XdtOperation } from './transform';

/**
 * What IIS loads is the transformed file, so a transform is checked by its effect: it is applied to
 * its base file, the result is analysed like any configuration file, and each finding the result has
 * and the base file has not is reported on the element of the transform that causes it. The
 * transform alone is never analysed as configuration.
 */

export type Validator = (file: ConfigFile, workspace: Workspace) => Finding[];

const issueCodes: Record<XdtIssue['kind'], string> = { unsupported: 'XDT-UNSUPPORTED', noMatch: 'XDT-NO-MATCH', invalid: 'XDT-INVALID' };

const TRANSFORM_SYNTAX_URL = 'https://learn.microsoft.com/previous-versions/aspnet/dd465326(v=vs.110)';

/**
 * The file a transform is applied to: `Web.config` beside `Web.Release.config` (`X.config` beside
 * `X.<name>.config`), a host configuration file beside `applicationHost.xdt` (applicationHost.config
 * first). `explicit` names it instead (`iis-auth-check --transform`).
 */
export function transformBase(transformUri: string, workspace: Workspace, explicit?: string): ConfigFile | undefined {
  if (explicit) {
    const file = workspace.get(explicit);
    return file && file.kind !== 'transform' ? file : undefined;
  }
  const folder = folderOf(transformUri);
  const name = fileNameOf(transformUri);
  const beside = workspace.uris().filter((uri) => uri !== transformUri && folderOf(uri) === folder);
  if (name.endsWith('.xdt')) {
    const hosts = beside.map((uri) => workspace.get(uri)!).filter((file) => file.kind === 'applicationHost');
    return hosts.find((file) => fileNameOf(file.uri) === 'applicationhost.config') ?? hosts[0];
  }
  const m = /^(.+)\.[^.]+\.config$/.exec(name);
  if (!m) return undefined;
  const baseUri = beside.find((uri) => fileNameOf(uri) === `${m[1]}.config`);
  const base = baseUri ? workspace.get(baseUri) : undefined;
  return base && base.kind !== 'transform' ? base : undefined;
}

export function transformFindings(transform: ConfigFile, workspace: Workspace, validate: Validator, explicitBase?: string): Finding[] {
  const base = transformBase(transform.uri, workspace, explicitBase);
  if (!base || base.xml.limited || !base.xml.root) return [];
  const baseName = displayName(base.uri);
  const result = applyTransform(base.xml, transform.xml, baseName);
  const findings: Finding[] = result.issues.map((issue) => ({
    code: issueCodes[issue.kind],
    severity: 'information',
    message: issue.message,
    uri: transform.uri,
    range: transform.xml.lines.rangeOf(issue.span),
    docUrl: TRANSFORM_SYNTAX_URL,
  }));
  if (result.operations.length === 0) return findings;

  const view = workspace.withText(base.uri, result.text);
  const transformed = view.get(base.uri)!;
  const before = validate(base, workspace).filter((f) => f.uri === base.uri);
  const after = validate(transformed, view).filter((f) => f.uri === base.uri);
  const mapper = new ResultMapper(result, transformed, base, transform);
  const seen = new Set<string>();
  for (const finding of after) {
    const mapped = mapper.locate(finding.range);
    if (mapped.file === 'base' && before.some((f) => f.code === finding.code && (samePosition(f.range, mapped.range) || f.message === finding.message))) continue;
    if (mapped.file === 'transform' && before.some((f) => f.code === finding.code && f.message === finding.message)) continue;
    const operation = mapped.operation ?? mapper.cause(finding.range);
    const range = mapped.file === 'transform' ? mapped.range : transform.xml.lines.rangeOf((operation?.attribute ?? transform.xml.root!).span ?? transform.xml.root!.nameSpan);
    const key = `${finding.code}\u0000${finding.message}\u0000${range.start.line}:${range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const related: RelatedLocation[] = [];
    if (mapped.file === 'base') related.push({ uri: base.uri, range: mapped.range, message: `This part of ${baseName}, as the transform leaves it.` });
    for (const target of operation?.baseTargets.slice(0, 1) ?? []) {
      related.push({ uri: base.uri, range: base.xml.lines.rangeOf(target.nameSpan), message: `The element of ${baseName} this ${operation!.transform} ${verbOf(operation!.transform)}.` });
    }
    for (const r of finding.related ?? []) {
      if (r.uri !== base.uri) related.push(r);
      else {
        const where = mapper.locate(r.range);
        related.push({ uri: where.file === 'base' ? base.uri : transform.uri, range: where.range, message: r.message });
      }
    }
    // `data` is left out: quick fixes edit the file a finding is in, and this one is in the result.
    const reported: Finding = {
      code: finding.code,
      severity: finding.severity,
      message: `In ${baseName} after this transform: ${mapper.lineNumbers(finding.message, displayName(transform.uri))}`,
      uri: transform.uri,
      range,
      related,
    };
    if (finding.docUrl) reported.docUrl = finding.docUrl;
    if (finding.tags) reported.tags = finding.tags;
    findings.push(reported);
  }
  return findings;
}

function verbOf(transform: string): string {
  if (transform === 'Remove' || transform === 'RemoveAll') return 'removes';
  if (transform === 'Replace') return 'replaces';
  return 'changes';
}

interface Located {
  file: 'base' | 'transform';
  range: Range;
  operation?: XdtOperation;
}

/** From positions in the transformed text back to the base file and the transform. */
class ResultMapper {
  constructor(
    private readonly result: TransformResult,
    private readonly transformed: ConfigFile,
    private readonly base: ConfigFile,
    private readonly transform: ConfigFile,
  ) {}

  locate(range: Range): Located {
    const lines = this.transformed.xml.lines;
    const start = lines.offsetAt(range.start);
    const end = Math.max(start, lines.offsetAt(range.end));
    const segment = this.segmentAt(start);
    if (!segment) return { file: 'base', range: this.base.xml.lines.rangeOf({ start: 0, end: 0 }) };
    const from = segment.origin.offset + (start - segment.start);
    const to = segment.origin.offset + (Math.min(end, segment.end) - segment.start);
    const target = segment.origin.file === 'base' ? this.base : this.transform;
    const located: Located = { file: segment.origin.file, range: target.xml.lines.rangeOf({ start: from, end: to }) };
    if (segment.origin.op !== undefined) located.operation = this.result.operations[segment.origin.op];
    return located;
  }

  /**
   * The operation behind a finding in text that comes from the base file: the one whose change
   * encloses the finding most closely (a Remove changes the element it removed from), else one whose
   * change lies inside the finding's range, else the last one applied.
   */
  cause(range: Range): XdtOperation | undefined {
    const lines = this.transformed.xml.lines;
    const start = lines.offsetAt(range.start);
    const end = lines.offsetAt(range.end);
    let best: { operation: XdtOperation; size: number } | undefined;
    let inside: XdtOperation | undefined;
    for (const operation of this.result.operations) {
      for (const anchor of operation.anchors) {
        const span = this.spanOf(anchor);
        if (!span) continue;
        if (span.start <= start && end <= span.end) {
          const size = span.end - span.start;
          if (!best || size <= best.size) best = { operation, size };
        } else if (start <= span.start && span.end <= end) {
          inside ??= operation;
        }
      }
    }
    return best?.operation ?? inside ?? this.result.operations[this.result.operations.length - 1];
  }

  /**
   * Rules name lines ("already added on line 8"); in the result those are lines of a text nobody
   * sees, so each becomes the line of the base file or of the transform it comes from.
   */
  lineNumbers(message: string, transformName: string): string {
    const lines = this.transformed.xml.lines;
    return message.replace(/\bline (\d+)\b/g, (whole, number: string) => {
      const line = Number(number) - 1;
      if (line < 0 || line >= lines.lineCount) return whole;
      const text = this.transformed.xml.text;
      let offset = lines.lineStartOffset(line);
      const end = lines.lineEndOffset(line);
      while (offset < end && /\s/.test(text[offset])) offset++;
      const position = lines.positionAt(offset);
      const where = this.locate({ start: position, end: position });
      return where.file === 'base' ? `line ${where.range.start.line + 1}` : `line ${where.range.start.line + 1} of ${transformName}`;
    });
  }

  private spanOf(element: TreeElement) {
    return this.result.spans.get(element);
  }

  private segmentAt(offset: number): Segment | undefined {
    const segments = this.result.segments;
    let low = 0;
    let high = segments.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const s = segments[mid];
      if (offset < s.start) high = mid - 1;
      else if (offset >= s.end) low = mid + 1;
      else return s;
    }
    return segments[segments.length - 1];
  }
}

function samePosition(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}

function folderOf(uri: string): string {
  return uri.replace(/[?#].*$/, '').replace(/[\\/][^\\/]*$/, '').toLowerCase();
}

function displayName(uri: string): string {
  const last = uri.replace(/[?#].*$/, '').split(/[\\/]/).pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
