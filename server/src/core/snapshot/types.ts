import type { LineIndex } from '../text/lineIndex';
import type { Severity, Span } from '../types';
import type { SnapshotTextEncoding } from './text';

/** A decoded netsh or registry text file of the snapshot; every span in the model points into `text`. */
export interface SnapshotTextFile {
  uri: string;
  text: string;
  lines: LineIndex;
  encoding: SnapshotTextEncoding;
}

/**
 * Something about one snapshot file the analysis could not use as it is: a truncated dump, a .reg that
 * is not one, a private key or an empty file in a store folder. Messages never quote key material.
 */
export interface SnapshotProblem {
  uri: string;
  /** `SNAPSHOT-NETSH-…`, `SNAPSHOT-REG-…`, `SNAPSHOT-STORE-…`. */
  code: string;
  severity: Severity;
  message: string;
  /** Into the file's decoded text; undefined for binary files (store certificates): the problem is about the whole file. */
  span?: Span;
}
