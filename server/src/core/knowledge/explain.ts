// Turns codes as people paste them (`401.2`, `403 13`, `401 2 5`, `-1073741715`, `0x80070021`, `1326`,
// `STATUS_LOGON_FAILURE`) into Markdown explanations from the knowledge tables. Used by hovers, the
// `iis-auth-check explain` CLI command and the `iisAuth.explainCode` LSP command. Never throws and never
// returns an empty string.
import { findStatusCode, formatStatus, STATUS_CODES, type StatusCodeEntry } from './statusCodes';
import { ERROR_CODES, findErrorCode, formatHex32, win32FromHresult, type ErrorCodeEntry } from './win32Codes';
import {
  ACCESS_DOC_URL,
  BINDING_DOC_URL,
  BINDING_NEW_FLAGS_SOURCE,
  accessSslFlagNames,
  decodeBindingSslFlags,
  describeAccessSslFlags,
  parseAccessSslFlags,
} from './sslFlags';

export type CodeQuery =
  | { kind: 'status'; status: number; subStatus?: number; win32?: number }
  | { kind: 'error'; value: number; written: string }
  | { kind: 'name'; name: string }
  | { kind: 'invalid'; input: string };

const MAX_U32 = 0xffffffff;

/** Parses one number as IIS logs and tools print it: decimal, negative decimal (signed 32-bit) or hex. */
export function parseErrorNumber(text: string): number | undefined {
  const t = text.trim();
  if (/^[-+]?\d+$/.test(t)) {
    const n = Number(t);
    if (!Number.isSafeInteger(n) || n < -0x80000000 || n > MAX_U32) return undefined;
    return n >>> 0;
  }
  const hex = /^(?:0x|&h)?([0-9a-f]{1,8})h?$/i.exec(t);
  if (hex && (/^(0x|&h)/i.test(t) || /[a-f]/i.test(hex[1]))) return parseInt(hex[1], 16) >>> 0;
  return undefined;
}

/** Classifies free-form input. */
export function parseCodeQuery(input: string): CodeQuery {
  const cleaned = (input ?? '')
    .trim()
    .replace(/^(?:hresult|hr|error|code|status|sc-status|ntstatus|win32)(?:\s*[:=]\s*|\s+)(?=\S)/i, '')
    .trim();
  if (cleaned === '') return { kind: 'invalid', input: input ?? '' };

  if (/^[A-Z][A-Z0-9_]+$/i.test(cleaned) && /_/.test(cleaned)) return { kind: 'name', name: cleaned.toUpperCase() };

  // `401.2`, `401.2.5`, `401 2`, `401 2 5`, `401.2 5`, `403,13`
  const triple = /^(\d{3})(?:[.\s,/]+(\d{1,3}))?(?:[.\s,/]+(-?\d+|0x[0-9a-f]+))?$/i.exec(cleaned);
  if (triple && Number(triple[1]) >= 100 && Number(triple[1]) <= 599) {
    const status = Number(triple[1]);
    const subStatus = triple[2] !== undefined ? Number(triple[2]) : undefined;
    const win32 = triple[3] !== undefined ? parseErrorNumber(triple[3]) : undefined;
    if (triple[3] === undefined || win32 !== undefined) return { kind: 'status', status, subStatus, win32 };
  }

  const value = parseErrorNumber(cleaned);
  if (value !== undefined) return { kind: 'error', value, written: cleaned };
  return { kind: 'invalid', input: cleaned };
}

export function explainCode(input: string): string {
  const query = parseCodeQuery(input);
  switch (query.kind) {
    case 'status': {
      const md = explainStatusTriple(query.status, query.subStatus, query.win32);
      // A bare three-digit number might also be meant as a Win32 code.
      if (query.subStatus === undefined && query.win32 === undefined) {
        const alt = findErrorCode(query.status);
        if (alt) return `${md}\n\n---\n\nRead as a Win32 code instead: ${errorHeadline(alt)}`;
      }
      return md;
    }
    case 'error':
      return explainErrorCode(query.value, query.written);
    case 'name': {
      const entry = ERROR_CODES.find((e) => e.name.toUpperCase() === query.name);
      return entry ? explainErrorCode(entry.value) : `\`${query.name}\` is not in the error code tables.`;
    }
    default:
      return `\`${query.input || input}\` is not a code I can read. Examples: \`401.2\`, \`403 13\`, \`401 2 5\` (status, sub-status, win32), \`-1073741715\`, \`0x80070021\`, \`1326\`.`;
  }
}

/** Explains an IIS log triple (sc-status, sc-substatus, sc-win32-status); sub-status and win32 are optional. */
export function explainStatusTriple(status: number, subStatus?: number, win32?: number): string {
  const lines: string[] = [];
  const entry = findStatusCode(status, subStatus);
  const code = formatStatus(status, subStatus);
  if (entry) {
    lines.push(`**HTTP ${code}** — ${entry.title}`);
    if (entry.notes) lines.push('', entry.notes);
    if (entry.causes?.length) {
      lines.push('', '**Check:**');
      for (const cause of entry.causes) lines.push(`- ${cause}`);
    }
    if (subStatus === undefined) {
      const subs = STATUS_CODES.filter((e) => e.status === status && e.subStatus !== undefined);
      if (subs.length) lines.push('', `Sub-statuses: ${subs.map((e) => `${formatStatus(e.status, e.subStatus)} ${e.title}`).join('; ')}.`);
    }
    if (entry.hresults?.length) {
      lines.push('', '**HRESULTs seen with it:**');
      for (const hr of entry.hresults) {
        const e = findErrorCode(hr);
        lines.push(`- \`${formatHex32(hr)}\`${e ? ` — ${e.meaning}` : ''}`);
      }
    }
  } else if (status < 400) {
    // Logs are mostly 200/304 lines: name the class instead of calling a normal answer unknown.
    const classes: Record<number, string> = { 1: 'informational', 2: 'success', 3: 'redirection' };
    lines.push(`**HTTP ${code}** — ${classes[Math.floor(status / 100)] ?? 'not an HTTP status class'} (${Math.floor(status / 100)}xx): not an error; the IIS status table explains error statuses only.`);
  } else {
    const parent = subStatus !== undefined ? findStatusCode(status) : undefined;
    lines.push(`**HTTP ${code}** is not in the IIS status table.`);
    if (parent) lines.push('', `HTTP ${status}: ${parent.title}.`);
    const known = STATUS_CODES.filter((e) => e.status === status && e.subStatus !== undefined).map((e) => formatStatus(e.status, e.subStatus));
    if (known.length) lines.push('', `Known sub-statuses of ${status}: ${known.join(', ')}.`);
  }
  if (win32 !== undefined && (win32 >>> 0) !== 0) {
    lines.push('', `**sc-win32-status** ${describeWrittenNumber(win32)}: ${errorLine(win32 >>> 0)}`);
  }
  lines.push('', sourcesLine(entry));
  return lines.join('\n');
}

function sourcesLine(entry: StatusCodeEntry | undefined): string {
  if (!entry) return '_Source: [HTTP status codes in IIS](https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-administration-management/http-status-code)_';
  const links = [`[HTTP status codes in IIS](${entry.source})`];
  for (const more of entry.seeAlso ?? []) links.push(typeof more === 'string' ? `[${shortTitle(more)}](${more})` : `[${more.title}](${more.url})`);
  return `_Sources: ${links.join('; ')}_`;
}

function shortTitle(url: string): string {
  const last = url.replace(/\/$/, '').split('/').pop() ?? url;
  return last.replace(/-/g, ' ');
}

function describeWrittenNumber(value: number): string {
  const u = value >>> 0;
  if (u < 0x10000) return `\`${u}\``;
  const signed = u | 0;
  return signed < 0 ? `\`${signed}\` (= \`${formatHex32(u)}\`)` : `\`${formatHex32(u)}\``;
}

function errorHeadline(e: ErrorCodeEntry): string {
  const shown = e.kind === 'win32' ? `${e.value}` : formatHex32(e.value);
  return `\`${shown}\` **${e.name}** (${kindLabel(e)}) — ${e.meaning}`;
}

function kindLabel(e: ErrorCodeEntry): string {
  return e.kind === 'win32' ? 'Win32' : e.kind === 'ntstatus' ? 'NTSTATUS' : 'HRESULT';
}

/** One line for use inside another explanation. */
function errorLine(value: number): string {
  const e = findErrorCode(value);
  if (e) return `**${e.name}** — ${e.meaning}${e.check ? ` ${e.check}` : ''}`;
  const wrapped = win32FromHresult(value);
  if (wrapped !== undefined) {
    const inner = findErrorCode(wrapped);
    if (inner) return `HRESULT wrapping Win32 ${wrapped} **${inner.name}** — ${inner.meaning}`;
  }
  return 'not in the error code tables (on Windows, `certutil -error <code>` prints the system message).';
}

/** Explains a Win32 / NTSTATUS / HRESULT value (unsigned 32-bit; negative numbers are accepted). */
export function explainErrorCode(value: number, written?: string): string {
  const u = value >>> 0;
  const signed = u | 0;
  const forms = [u < 0x10000 ? `${u}` : formatHex32(u)];
  if (signed < 0) forms.push(`${signed}`);
  if (u >= 0x10000) forms.push(`${u}`);
  const lines: string[] = [];
  const entry = findErrorCode(u);
  if (entry) {
    lines.push(`**${entry.name}** (${kindLabel(entry)} \`${forms[0]}\`)`);
    lines.push('', entry.meaning);
    if (entry.check) lines.push('', `**Check:** ${entry.check}`);
    if (entry.kind === 'ntstatus' && entry.win32 !== undefined) {
      const w = findErrorCode(entry.win32);
      lines.push('', `Windows reports it as Win32 ${entry.win32}${w ? ` (${w.name})` : ''}.`);
    }
    const wrapped = win32FromHresult(u);
    if (wrapped !== undefined) {
      const inner = findErrorCode(wrapped);
      lines.push('', `This HRESULT wraps Win32 ${wrapped}${inner ? ` (${inner.name})` : ''}.`);
    }
    if (forms.length > 1) lines.push('', `Also written: ${forms.map((f) => `\`${f}\``).join(', ')}.`);
    lines.push('', `_Source: [${entry.kind === 'win32' ? 'System Error Codes' : entry.kind === 'ntstatus' ? 'MS-ERREF NTSTATUS values' : 'Microsoft error reference'}](${entry.source})_`);
    return lines.join('\n');
  }
  const wrapped = win32FromHresult(u);
  if (wrapped !== undefined) {
    const inner = findErrorCode(wrapped);
    if (inner) {
      lines.push(`**HRESULT \`${formatHex32(u)}\`** wraps Win32 ${wrapped}: **${inner.name}** — ${inner.meaning}`);
      if (inner.check) lines.push('', `**Check:** ${inner.check}`);
      lines.push('', `_Source: [System Error Codes](${inner.source})_`);
      return lines.join('\n');
    }
  }
  const shown = written && written !== forms[0] ? `\`${written}\` (= \`${forms[0]}\`)` : `\`${forms[0]}\``;
  return `${shown} is not in the error code tables. On Windows, \`certutil -error ${forms[0]}\` prints the system message for it.`;
}

/** Markdown for an `<access sslFlags>` value: each flag, what the combination does, what failing clients see. */
export function explainAccessSslFlags(value: string): string {
  const parsed = parseAccessSslFlags(value);
  const lines: string[] = [];
  if (parsed.numericValue !== undefined) {
    const names = accessSslFlagNames(parsed.numericValue);
    lines.push(
      `**sslFlags="${value.trim()}"** is a number; IIS documents keywords here. As a bit mask it would be \`${names.join(', ')}\`.`,
    );
    return lines.join('\n');
  }
  const meaning = describeAccessSslFlags(parsed);
  lines.push(`**sslFlags** = \`${accessSslFlagNames(parsed.mask).join(', ')}\` (value ${parsed.mask})`, '', meaning.summary);
  if (parsed.flags.length) {
    lines.push('');
    for (const t of parsed.flags) lines.push(`- \`${t.flag!.name}\` (${t.flag!.value}) — ${t.flag!.meaning}`);
  }
  if (meaning.details.length) {
    lines.push('');
    for (const d of meaning.details) lines.push(`- ${d}`);
  }
  if (meaning.failures.length) {
    lines.push('', '**A failing client sees:**');
    for (const f of meaning.failures) lines.push(`- **${f.code}** when ${f.when}`);
  }
  const problems = [
    ...meaning.warnings,
    ...parsed.unknown.map((t) => `\`${t.text}\` is not an sslFlags keyword (None, Ssl, SslNegotiateCert, SslRequireCert, SslMapCert, Ssl128).`),
    ...parsed.duplicates.map((t) => `\`${t.text}\` is listed more than once.`),
  ];
  if (problems.length) {
    lines.push('', '**Problems:**');
    for (const p of problems) lines.push(`- ${p}`);
  }
  lines.push('', `_Source: [<access>](${ACCESS_DOC_URL})_`);
  return lines.join('\n');
}

/** Markdown for one keyword of `<access sslFlags>` plus the combination it sits in. */
export function explainAccessSslFlagKeyword(keyword: string, wholeValue: string): string {
  const parsed = parseAccessSslFlags(keyword);
  const flag = parsed.flags[0]?.flag;
  const head = flag
    ? `**${flag.name}** (${flag.value}) — ${flag.meaning}`
    : `\`${keyword.trim()}\` is not an sslFlags keyword (None, Ssl, SslNegotiateCert, SslRequireCert, SslMapCert, Ssl128).`;
  return `${head}\n\n---\n\n${explainAccessSslFlags(wholeValue)}`;
}

/** Markdown for the numeric `sslFlags` of a site `<binding>`. */
export function explainBindingSslFlags(value: string | number): string {
  const decoded = decodeBindingSslFlags(value);
  if (decoded.invalid) return decoded.invalid;
  const lines = [`**Binding sslFlags = ${decoded.value}**`, '', `Certificate selection: ${decoded.certificateSelection}.`];
  if (decoded.bits.length) {
    lines.push('');
    for (const b of decoded.bits) {
      const note = b.documentedIn === 'undocumented' ? ' _(not in the IIS documentation)_' : '';
      lines.push(`- \`${b.bit}\` **${b.name}** — ${b.meaning}${note}`);
    }
  } else {
    lines.push('', 'No bits set: IP:port certificate binding, all protocol features on.');
  }
  if (decoded.unknownBits) lines.push('', `Unknown bits: \`${decoded.unknownBits}\` (\`${formatHex32(decoded.unknownBits)}\`).`);
  lines.push('', `_Sources: [<binding>](${BINDING_DOC_URL}) (0–3); [New-IISSite -SslFlag](${BINDING_NEW_FLAGS_SOURCE}) (newer bits)_`);
  return lines.join('\n');
}
