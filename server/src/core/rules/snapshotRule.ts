import type { ConfigFile } from '../model/configFile';
import type { ServerSnapshot, SnapshotTextFile } from '../snapshot/index';
import type { Range, Severity, Span } from '../types';
import type { Workspace } from '../workspace';

/**
 * Where a snapshot rule points: a span in a configuration file or in a netsh/.reg file, or a whole
 * file that has no text to point into (a certificate in a store folder).
 */
export type SnapshotSpot = { file: ConfigFile | SnapshotTextFile; span: Span } | { uri: string };

export interface SnapshotRuleReport {
  at: SnapshotSpot;
  message: string;
  /** Defaults to the rule's severity. */
  severity?: Severity;
  related?: Array<SnapshotSpot & { message: string }>;
  data?: Record<string, unknown>;
}

export interface SnapshotRuleContext {
  snapshot: ServerSnapshot;
  workspace: Workspace;
  /** The clock certificate validity is compared with; fixed in tests. */
  now: Date;
  report(report: SnapshotRuleReport): void;
}

/**
 * A rule across the server snapshot and the configuration files. It runs once per workspace change
 * (not once per file) and may report in any file it involves; each file then shows its own findings.
 * Snapshot rules read `core/snapshot/`'s model, never the files' text.
 */
export interface SnapshotRule {
  /** Stable code, `IIS-AUTH-1NN`. */
  code: string;
  title: string;
  severity: Severity;
  /** Microsoft documentation page for the setting the rule is about. */
  docUrl: string;
  check(context: SnapshotRuleContext): void;
}

export function spotUri(spot: SnapshotSpot): string {
  return 'file' in spot ? spot.file.uri : spot.uri;
}

export function spotRange(spot: SnapshotSpot): Range {
  if (!('file' in spot)) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const lines = 'xml' in spot.file ? spot.file.xml.lines : spot.file.lines;
  return lines.rangeOf(spot.span);
}
