// `netsh http show sslcert` as text: one block per HTTP.sys certificate binding, `Label : value` lines.
// Labels themselves may hold a colon (`IP:port`), so a field splits at the first colon that has
// white space before it.
import type { Span } from '../types';
import { netshFieldByLabel, netshFieldInfo, type NetshFieldKey } from './netshFields';
import type { SnapshotProblem, SnapshotTextFile } from './types';

export type HttpSysBindingKind = 'ipport' | 'hostnameport' | 'ccs';

export interface NetshField {
  /** Undefined for a field this version does not know (newer Windows builds add some); kept as printed. */
  key?: NetshFieldKey;
  label: string;
  /** Trimmed value as printed; '' when the line has none. */
  value: string;
  /** 0-based line in the file. */
  line: number;
  /** The whole field, label to end of value. */
  span: Span;
  labelSpan: Span;
  /** Where the value is (empty span after the colon when there is none). */
  valueSpan: Span;
  /** `(null)` or empty. */
  isNull: boolean;
  /** Enabled/Set → true, Disabled/Not Set → false, undefined for other values. */
  flag?: boolean;
}

export interface HttpSysBinding {
  file: SnapshotTextFile;
  kind: HttpSysBindingKind;
  /** The key field's value as printed: `0.0.0.0:443`, `[::]:443`, `www.contoso.com:443`, `443` (CCS). */
  endpoint: string;
  /** Host name, lower-case (Hostname:port entries). */
  host?: string;
  /** IP address without brackets (IP:port entries). */
  address?: string;
  port?: number;
  /** From the key field to the entry's last field. */
  span: Span;
  keyField: NetshField;
  /** Every top-level field in file order, the key field first, unknown ones included. */
  fields: NetshField[];
  /** Known fields by key (first occurrence). */
  known: Partial<Record<NetshFieldKey, NetshField>>;
  /** The groups under each `Extended Properties:` line. */
  extendedProperties: NetshField[][];
  /** The certificate hash, lower-case hex without spaces, when the field holds one. */
  certificateHash?: string;
}

export interface NetshDump {
  file: SnapshotTextFile;
  bindings: HttpSysBinding[];
  problems: SnapshotProblem[];
}

const KEY_KINDS: Partial<Record<NetshFieldKey, HttpSysBindingKind>> = {
  ipPort: 'ipport',
  hostnamePort: 'hostnameport',
  centralCertificateStore: 'ccs',
};

/**
 * Fields every Windows since Server 2008 prints for each binding. An entry that lacks some of them
 * was cut off (or edited); what it lacks is unknown, never assumed to be the default.
 */
const CORE_FIELDS: NetshFieldKey[] = [
  'certificateHash',
  'applicationId',
  'certificateStoreName',
  'verifyClientCertificateRevocation',
  'verifyRevocationUsingCachedClientCertificateOnly',
  'usageCheck',
  'revocationFreshnessTime',
  'urlRetrievalTimeout',
  'ctlIdentifier',
  'ctlStoreName',
  'dsMapperUsage',
  'negotiateClientCertificate',
];

const KEY_LINE = /^[ \t]*(IP:port|Hostname:port|Central Certificate Store)[ \t]+:/im;
const HEADER_LINE = /^[ \t]*SSL Certificate bindings:[ \t]*$/im;

/** Whether a text file is `netsh http show sslcert` output, whatever it is called. */
export function isNetshSslCertText(text: string): boolean {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  return HEADER_LINE.test(head) || KEY_LINE.test(head);
}

interface RawLine {
  line: number;
  start: number;
  end: number;
}

function splitLines(file: SnapshotTextFile): RawLine[] {
  const result: RawLine[] = [];
  for (let line = 0; line < file.lines.lineCount; line++) {
    result.push({ line, start: file.lines.lineStartOffset(line), end: file.lines.lineEndOffset(line) });
  }
  return result;
}

function flagOf(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (v === 'enabled' || v === 'set') return true;
  if (v === 'disabled' || v === 'not set') return false;
  return undefined;
}

function readField(text: string, raw: RawLine): NetshField | undefined {
  const content = text.slice(raw.start, raw.end);
  const indent = content.length - content.trimStart().length;
  const body = content.slice(indent).replace(/\s+$/, '');
  if (body === '') return undefined;
  // The separator is the first colon with white space before it, or a colon that ends the line.
  const separator = /[ \t]+:|:$/.exec(body);
  if (!separator) return undefined;
  const label = body.slice(0, separator.index);
  if (label === '' || label.startsWith('-')) return undefined;
  const afterColon = separator.index + separator[0].length;
  const rest = body.slice(afterColon);
  const valueOffset = afterColon + (rest.length - rest.trimStart().length);
  const value = rest.trim();
  const base = raw.start + indent;
  const valueStart = base + valueOffset;
  const info = netshFieldByLabel(label);
  return {
    key: info?.key,
    label,
    value,
    line: raw.line,
    span: { start: base, end: base + body.length },
    labelSpan: { start: base, end: base + label.length },
    valueSpan: { start: valueStart, end: valueStart + value.length },
    isNull: value === '' || value.toLowerCase() === '(null)',
    flag: flagOf(value),
  };
}

function endpointParts(kind: HttpSysBindingKind, endpoint: string): Pick<HttpSysBinding, 'host' | 'address' | 'port'> {
  if (kind === 'ccs') {
    const port = /^\d+$/.test(endpoint) ? Number(endpoint) : undefined;
    return { port };
  }
  const match = /^(.*):(\d+)$/.exec(endpoint);
  if (!match) return {};
  const port = Number(match[2]);
  if (kind === 'hostnameport') return { host: match[1].toLowerCase(), port };
  return { address: match[1].replace(/^\[(.*)\]$/, '$1').toLowerCase(), port };
}

function newBinding(file: SnapshotTextFile, keyField: NetshField): HttpSysBinding {
  const kind = KEY_KINDS[keyField.key!]!;
  return {
    file,
    kind,
    endpoint: keyField.value,
    ...endpointParts(kind, keyField.value),
    span: { ...keyField.span },
    keyField,
    fields: [keyField],
    known: { [keyField.key!]: keyField },
    extendedProperties: [],
  };
}

function labelFor(binding: HttpSysBinding): string {
  return `${binding.keyField.label} ${binding.endpoint}`;
}

/** Parses `netsh http show sslcert` output. Never throws; what it cannot read becomes a problem. */
export function parseNetshSslCert(file: SnapshotTextFile): NetshDump {
  const { text } = file;
  const bindings: HttpSysBinding[] = [];
  const problems: SnapshotProblem[] = [];
  const lines = splitLines(file);
  let current: HttpSysBinding | undefined;
  let extended: NetshField[] | undefined;
  let extendedIndent = 0;
  let lastContentLine: RawLine | undefined;
  let unreadable = 0;
  let firstUnreadable: RawLine | undefined;

  for (const raw of lines) {
    const content = text.slice(raw.start, raw.end);
    if (content.trim() === '') continue;
    lastContentLine = raw;
    const field = readField(text, raw);
    if (!field) {
      if (/^\s*-+\s*$/.test(content)) continue;
      unreadable++;
      firstUnreadable ??= raw;
      continue;
    }
    if (field.key && KEY_KINDS[field.key]) {
      current = newBinding(file, field);
      bindings.push(current);
      extended = undefined;
      continue;
    }
    if (!current) continue; // "SSL Certificate bindings:" and anything else before the first entry
    const indent = field.labelSpan.start - raw.start;
    if (field.key === 'extendedProperties') {
      extended = [];
      extendedIndent = indent;
      current.extendedProperties.push(extended);
      current.fields.push(field);
    } else if (extended && indent > extendedIndent) {
      extended.push(field);
    } else {
      extended = undefined;
      current.fields.push(field);
      if (field.key && !current.known[field.key]) current.known[field.key] = field;
    }
    current.span.end = field.span.end;
  }

  for (const binding of bindings) {
    const hash = binding.known.certificateHash;
    if (hash && !hash.isNull) {
      const compact = hash.value.replace(/\s+/g, '').toLowerCase();
      if (/^[0-9a-f]{40}$/.test(compact)) binding.certificateHash = compact;
      else {
        problems.push({
          uri: file.uri,
          code: 'SNAPSHOT-NETSH-HASH',
          severity: 'warning',
          message: `The Certificate Hash of ${labelFor(binding)} is not a 40-digit SHA-1 thumbprint; its certificate cannot be looked up.`,
          span: hash.valueSpan,
        });
      }
    }
  }

  const last = bindings[bindings.length - 1];
  bindings.forEach((binding) => {
    const missing = CORE_FIELDS.filter((key) => !binding.known[key] && !(binding.kind === 'ccs' && key === 'certificateHash'));
    if (missing.length === 0) return;
    const cut = binding === last;
    problems.push({
      uri: file.uri,
      code: cut ? 'SNAPSHOT-NETSH-TRUNCATED' : 'SNAPSHOT-NETSH-INCOMPLETE',
      severity: 'warning',
      message: `${cut ? 'The dump ends inside' : 'The entry for'} ${labelFor(binding)}${cut ? '' : ' is incomplete'}: ${missing.length} field${missing.length === 1 ? '' : 's'} that netsh always prints ${missing.length === 1 ? 'is' : 'are'} missing (${missing.slice(0, 4).map(labelOfKey).join(', ')}${missing.length > 4 ? ', …' : ''}). ${cut ? 'Save the whole output of `netsh http show sslcert` again. ' : ''}Missing fields are treated as unknown, not as their defaults.`,
      span: binding.span,
    });
  });

  if (bindings.length === 0) {
    problems.push({
      uri: file.uri,
      code: 'SNAPSHOT-NETSH-EMPTY',
      severity: 'information',
      message: 'This `netsh http show sslcert` output lists no certificate binding: HTTP.sys serves no https endpoint on that server.',
      span: { start: 0, end: lastContentLine ? lastContentLine.end : 0 },
    });
  }
  // A cut-off dump usually ends in half a line: that is the truncation already reported, not noise.
  if (firstUnreadable && firstUnreadable === lastContentLine && problems.some((p) => p.code === 'SNAPSHOT-NETSH-TRUNCATED')) unreadable--;
  if (unreadable > 0 && firstUnreadable) {
    problems.push({
      uri: file.uri,
      code: 'SNAPSHOT-NETSH-UNREADABLE',
      severity: 'information',
      message: `${unreadable} line${unreadable === 1 ? '' : 's'} of this dump ${unreadable === 1 ? 'is' : 'are'} not a \`Label : value\` field and ${unreadable === 1 ? 'was' : 'were'} ignored (a localized Windows, or edited text?).`,
      span: { start: firstUnreadable.start, end: firstUnreadable.end },
    });
  }
  return { file, bindings, problems };
}

function labelOfKey(key: NetshFieldKey): string {
  return netshFieldInfo(key).label;
}

/** The field's value, or undefined when the entry lacks it or it is `(null)`. */
export function bindingValue(binding: HttpSysBinding, key: NetshFieldKey): string | undefined {
  const field = binding.known[key];
  return field && !field.isNull ? field.value : undefined;
}

/** Enabled/Set → true, Disabled/Not Set → false, undefined when the entry does not show it. */
export function bindingFlag(binding: HttpSysBinding, key: NetshFieldKey): boolean | undefined {
  return binding.known[key]?.flag;
}
