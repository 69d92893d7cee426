// Shapes shared by every feature of the analysis core. They are structurally the same as the LSP
// types on purpose, so the server passes them through unchanged, but the core imports no LSP library.

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 code unit offset in the line. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Half-open offsets [start, end) into a document's text. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  /** Stable rule code, e.g. `IIS-AUTH-001`, or `XML-001` for well-formedness. */
  code: string;
  severity: Severity;
  message: string;
  uri: string;
  range: Range;
  related?: RelatedLocation[];
  /** Microsoft documentation page that explains the setting. */
  docUrl?: string;
  /** Rule-specific payload that code actions read back (never contains secrets). */
  data?: Record<string, unknown>;
  /** `unnecessary` renders faded in editors (ignored mappings). */
  tags?: Array<'unnecessary' | 'deprecated'>;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Hover {
  /** Markdown. */
  contents: string;
  range?: Range;
}
