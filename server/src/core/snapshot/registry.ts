// `reg export` output: a header line, `[key]` lines and `"name"=data` values, long data continued with
// a trailing backslash. reg.exe writes UTF-16LE with BOM; files edited by hand are often UTF-8.
import type { Span } from '../types';
import type { SnapshotProblem, SnapshotTextFile } from './types';

export type RegistryValueType =
  | 'REG_SZ'
  | 'REG_DWORD'
  | 'REG_QWORD'
  | 'REG_BINARY'
  | 'REG_EXPAND_SZ'
  | 'REG_MULTI_SZ'
  | 'REG_NONE'
  | 'REG_UNKNOWN'
  | 'delete';

export interface RegistryKey {
  file: SnapshotTextFile;
  /** As written, e.g. `HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL`. */
  path: string;
  /** Upper-case, `HKLM` spelled out and `ControlSet00n` read as `CurrentControlSet`: for comparisons. */
  normalizedPath: string;
  /** `[-key]`: the export deletes the key. */
  deleted: boolean;
  line: number;
  /** The `[…]` line. */
  span: Span;
  values: RegistryValue[];
}

export interface RegistryValue {
  key: RegistryKey;
  /** '' for the key's default value (`@`). */
  name: string;
  type: RegistryValueType;
  /** DWORD/QWORD as a number; REG_SZ/REG_EXPAND_SZ as a string; REG_MULTI_SZ as strings. */
  data?: number | string | string[];
  /** REG_BINARY and other hex data. */
  bytes?: Uint8Array;
  /** The data as written (continuations joined), for hovers. */
  rawData: string;
  /** 0-based line of the value's first line. */
  line: number;
  /** From the name's opening quote (or `@`) to the end of the data. */
  span: Span;
  nameSpan: Span;
  dataSpan: Span;
}

export interface RegistryExport {
  file: SnapshotTextFile;
  /** False when the file does not start with a reg.exe header: nothing in it was read. */
  recognized: boolean;
  keys: RegistryKey[];
  problems: SnapshotProblem[];
}

const HEADERS = ['Windows Registry Editor Version 5.00', 'REGEDIT4'];

/** Whether a text starts like a reg.exe export, whatever the file is called. */
export function isRegistryExportText(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').trimStart().split(/\r\n|\r|\n/, 1)[0]?.trim() ?? '';
  return HEADERS.some((header) => first.toLowerCase() === header.toLowerCase());
}

const ROOT_ALIASES: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

export function normalizeRegistryPath(path: string): string {
  const parts = path.trim().replace(/\\+$/, '').split('\\');
  const root = parts[0].toUpperCase();
  parts[0] = ROOT_ALIASES[root] ?? root;
  return parts
    .map((part) => part.toUpperCase())
    .join('\\')
    .replace(/^HKEY_LOCAL_MACHINE\\SYSTEM\\CONTROLSET\d{3}\\/, 'HKEY_LOCAL_MACHINE\\SYSTEM\\CURRENTCONTROLSET\\');
}

interface LogicalLine {
  line: number;
  start: number;
  /** Joined content with continuations removed. */
  content: string;
  /** Text offset of each content character, so spans survive the joining. */
  offsets: number[];
  end: number;
}

/** Physical lines joined where reg.exe continued them with a trailing backslash. */
function logicalLines(text: string): LogicalLine[] {
  const result: LogicalLine[] = [];
  const pattern = /\r\n|\r|\n/g;
  let start = 0;
  let lineNumber = 0;
  let current: LogicalLine | undefined;
  for (;;) {
    const match = pattern.exec(text);
    const end = match ? match.index : text.length;
    let segmentStart = start;
    if (current) while (segmentStart < end && (text[segmentStart] === ' ' || text[segmentStart] === '\t')) segmentStart++;
    const continued = end > segmentStart && text[end - 1] === '\\' && (current !== undefined || /^\s*("|@)/.test(text.slice(start, end)));
    const segmentEnd = continued ? end - 1 : end;
    const target: LogicalLine = current ?? { line: lineNumber, start, content: '', offsets: [], end };
    for (let i = segmentStart; i < segmentEnd; i++) {
      target.content += text[i];
      target.offsets.push(i);
    }
    target.end = segmentEnd;
    if (continued) current = target;
    else {
      result.push(target);
      current = undefined;
    }
    if (!match) break;
    start = match.index + match[0].length;
    lineNumber++;
  }
  if (current) result.push(current);
  return result;
}

function spanOf(line: LogicalLine, from: number, to: number): Span {
  const start = line.offsets[from] ?? line.end;
  const end = to > from ? (line.offsets[to - 1] ?? line.end - 1) + 1 : start;
  return { start, end };
}

/** Reads a quoted reg string starting at `index` (the opening quote); returns the value and the index after the closing quote. */
function readQuoted(content: string, index: number): { value: string; next: number } | undefined {
  let value = '';
  for (let i = index + 1; i < content.length; i++) {
    const ch = content[i];
    if (ch === '\\' && i + 1 < content.length) {
      value += content[++i];
    } else if (ch === '"') {
      return { value, next: i + 1 };
    } else value += ch;
  }
  return undefined;
}

function hexBytes(list: string): Uint8Array | undefined {
  const cleaned = list.replace(/\s+/g, '');
  if (cleaned === '') return new Uint8Array();
  const parts = cleaned.split(',');
  if (!parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

function utf16Strings(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes.subarray(0, bytes.length & ~1)).toString('utf16le');
  return text.split('\0').filter((s, i, all) => s !== '' || i < all.length - 2);
}

const HEX_TYPES: Record<string, RegistryValueType> = {
  '0': 'REG_NONE',
  '1': 'REG_SZ',
  '2': 'REG_EXPAND_SZ',
  '3': 'REG_BINARY',
  '4': 'REG_DWORD',
  '7': 'REG_MULTI_SZ',
  b: 'REG_QWORD',
};

function decodeData(raw: string): Pick<RegistryValue, 'type' | 'data' | 'bytes'> | undefined {
  if (raw === '-') return { type: 'delete' };
  if (raw.startsWith('"')) {
    const quoted = readQuoted(raw, 0);
    if (!quoted || raw.slice(quoted.next).trim() !== '') return undefined;
    return { type: 'REG_SZ', data: quoted.value };
  }
  const dword = /^dword:([0-9a-fA-F]{1,8})$/i.exec(raw);
  if (dword) return { type: 'REG_DWORD', data: parseInt(dword[1], 16) };
  const hex = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/i.exec(raw);
  if (!hex) return undefined;
  const bytes = hexBytes(hex[2]);
  if (!bytes) return undefined;
  const type = hex[1] === undefined ? 'REG_BINARY' : HEX_TYPES[hex[1].toLowerCase()] ?? 'REG_UNKNOWN';
  if (type === 'REG_QWORD' && bytes.length === 8) {
    const value = Buffer.from(bytes).readBigUInt64LE(0);
    return { type, bytes, data: value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined };
  }
  if (type === 'REG_DWORD' && bytes.length === 4) return { type, bytes, data: Buffer.from(bytes).readUInt32LE(0) };
  if (type === 'REG_EXPAND_SZ' || type === 'REG_SZ') return { type, bytes, data: utf16Strings(bytes)[0] ?? '' };
  if (type === 'REG_MULTI_SZ') return { type, bytes, data: utf16Strings(bytes) };
  return { type, bytes };
}

/** Parses a reg.exe export. Never throws; lines it cannot read become problems, the rest is kept. */
export function parseRegistryExport(file: SnapshotTextFile): RegistryExport {
  const { text } = file;
  const problems: SnapshotProblem[] = [];
  const keys: RegistryKey[] = [];
  if (!isRegistryExportText(text)) {
    const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
    problems.push({
      uri: file.uri,
      code: 'SNAPSHOT-REG-NOT-EXPORT',
      severity: 'warning',
      message:
        'This is not a registry export: reg.exe exports start with "Windows Registry Editor Version 5.00" (or "REGEDIT4"). Save it with `reg export "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" schannel.reg`; nothing in this file was read.',
      span: { start: 0, end: Math.min(firstLine.length, 200) },
    });
    return { file, recognized: false, keys, problems };
  }

  let current: RegistryKey | undefined;
  let unreadable = 0;
  let firstUnreadable: Span | undefined;
  let headerSeen = false;
  for (const line of logicalLines(text)) {
    const content = line.content.replace(/^\uFEFF/, '');
    const trimmed = content.trim();
    if (trimmed === '' || trimmed.startsWith(';')) continue;
    if (!headerSeen) {
      headerSeen = true;
      continue;
    }
    const lead = content.length - content.trimStart().length + (line.content.length - content.length);
    if (trimmed.startsWith('[')) {
      const close = trimmed.lastIndexOf(']');
      if (close < 0) {
        unreadable++;
        firstUnreadable ??= spanOf(line, lead, line.content.length);
        current = undefined;
        continue;
      }
      const inner = trimmed.slice(1, close);
      const deleted = inner.startsWith('-');
      const path = deleted ? inner.slice(1) : inner;
      current = {
        file,
        path,
        normalizedPath: normalizeRegistryPath(path),
        deleted,
        line: line.line,
        span: spanOf(line, lead, lead + close + 1),
        values: [],
      };
      keys.push(current);
      continue;
    }
    const value = readValue(line, lead, current);
    if (value) current!.values.push(value);
    else {
      unreadable++;
      firstUnreadable ??= spanOf(line, lead, line.content.length);
    }
  }
  if (unreadable > 0 && firstUnreadable) {
    problems.push({
      uri: file.uri,
      code: 'SNAPSHOT-REG-UNREADABLE',
      severity: 'warning',
      message: `${unreadable} line${unreadable === 1 ? '' : 's'} of this export ${unreadable === 1 ? 'is' : 'are'} neither a [key] nor a "name"=value line (or ${unreadable === 1 ? 'comes' : 'come'} before any key) and ${unreadable === 1 ? 'was' : 'were'} ignored; values there are unknown.`,
      span: firstUnreadable,
    });
  }
  return { file, recognized: true, keys, problems };
}

function readValue(line: LogicalLine, lead: number, key: RegistryKey | undefined): RegistryValue | undefined {
  if (!key) return undefined;
  const content = line.content;
  let name: string;
  let nameEnd: number;
  if (content[lead] === '@') {
    name = '';
    nameEnd = lead + 1;
  } else if (content[lead] === '"') {
    const quoted = readQuoted(content, lead);
    if (!quoted) return undefined;
    name = quoted.value;
    nameEnd = quoted.next;
  } else return undefined;
  let equals = nameEnd;
  while (content[equals] === ' ' || content[equals] === '\t') equals++;
  if (content[equals] !== '=') return undefined;
  let dataStart = equals + 1;
  while (content[dataStart] === ' ' || content[dataStart] === '\t') dataStart++;
  const rawData = content.slice(dataStart).trimEnd();
  const decoded = decodeData(rawData);
  if (!decoded) return undefined;
  const dataEnd = dataStart + rawData.length;
  return {
    key,
    name,
    ...decoded,
    rawData,
    line: line.line,
    span: spanOf(line, lead, dataEnd),
    nameSpan: spanOf(line, lead, nameEnd),
    dataSpan: spanOf(line, dataStart, dataEnd),
  };
}

/** The last value of that name under that key across the exports (later files and lines win, as an import would). */
export function findRegistryValue(registryExports: readonly RegistryExport[], keyPath: string, name: string): RegistryValue | undefined {
  const wantedKey = normalizeRegistryPath(keyPath);
  const wantedName = name.toLowerCase();
  let found: RegistryValue | undefined;
  for (const exported of registryExports) {
    for (const key of exported.keys) {
      if (key.normalizedPath !== wantedKey) continue;
      if (key.deleted) {
        found = undefined;
        continue;
      }
      for (const value of key.values) if (value.name.toLowerCase() === wantedName) found = value.type === 'delete' ? undefined : value;
    }
  }
  return found;
}

/** Whether any export holds the key (so a missing value there means "not set", not "not exported"). */
export function hasRegistryKey(registryExports: readonly RegistryExport[], keyPath: string): RegistryKey | undefined {
  const wanted = normalizeRegistryPath(keyPath);
  for (const exported of registryExports) for (const key of exported.keys) if (key.normalizedPath === wanted && !key.deleted) return key;
  return undefined;
}
