import { LineIndex } from '../text/lineIndex';
import type { Hover, Position } from '../types';
import type { Workspace } from '../workspace';
import { certificateHover } from './certificateHover';
import { configHover } from './configHover';
import { frebHover, isFrebDocument } from './frebHover';
import { isIisLogDocument, logHover } from './logHover';
import { snapshotHover } from './snapshotHover';
import type { ConfigurationPredictor } from '../logs/predict';

export interface HoverOptions {
  /** What the configuration predicts for a failed request, on log lines. */
  predictor?: () => ConfigurationPredictor;
}

/** Hover for any document the server holds: IIS logs, FREB traces, configuration files. */
export function hoverAt(workspace: Workspace, uri: string, position: Position, options: HoverOptions = {}): Hover | undefined {
  const text = workspace.text(uri);
  if (text === undefined) return undefined;
  if (isIisLogDocument(uri, text)) return logHover(uri, text, position, options.predictor?.());
  if (workspace.isSnapshotFile(uri)) {
    const snapshot = workspace.snapshot();
    const file = snapshot.files.find((f) => f.uri === uri);
    return file ? snapshotHover(snapshot, uri, file.lines.offsetAt(position)) : undefined;
  }
  const freb = isFrebDocument(uri, text);
  const lines = freb ? new LineIndex(text) : workspace.get(uri)?.xml.lines ?? new LineIndex(text);
  const offset = lines.offsetAt(position);
  const file = freb ? undefined : workspace.get(uri);
  const certificate = file ? certificateHover(file, offset, new Date()) : undefined;
  if (certificate) return certificate;
  const found = freb ? frebHover(text, offset) : configHover(text, offset);
  return found ? { contents: found.contents, range: lines.rangeOf(found.span) } : undefined;
}
