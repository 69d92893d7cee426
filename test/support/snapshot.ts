// Server snapshot files as the Windows tools write them: `netsh http show sslcert` entries (every field
// a modern Windows prints, overridable), `reg export` text, and UTF-16LE with BOM as reg.exe and
// PowerShell 5 write it.
export const IIS_APP_ID = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';

export type NetshEntryFields = Record<string, string | undefined>;

/** The fields of one modern `netsh http show sslcert` entry, in the order Windows prints them. */
export function netshFields(keyLabel: string, endpoint: string, overrides: NetshEntryFields = {}): Array<[string, string]> {
  const fields: Array<[string, string | undefined]> = [
    [keyLabel, endpoint],
    ['Certificate Hash', '846762724f99a530cae257c8d18ceafb46723cd2'],
    ['Application ID', IIS_APP_ID],
    ['Certificate Store Name', 'My'],
    ['Verify Client Certificate Revocation', 'Enabled'],
    ['Verify Revocation Using Cached Client Certificate Only', 'Disabled'],
    ['Usage Check', 'Enabled'],
    ['Revocation Freshness Time', '0'],
    ['URL Retrieval Timeout', '0'],
    ['Ctl Identifier', '(null)'],
    ['Ctl Store Name', '(null)'],
    ['DS Mapper Usage', 'Disabled'],
    ['Negotiate Client Certificate', 'Disabled'],
    ['Reject Connections', 'Disabled'],
    ['Disable HTTP2', 'Not Set'],
    ['Disable QUIC', 'Not Set'],
    ['Disable TLS1.2', 'Not Set'],
    ['Disable TLS1.3', 'Not Set'],
    ['Disable OCSP Stapling', 'Not Set'],
    ['Enable Token Binding', 'Not Set'],
    ['Log Extended Events', 'Not Set'],
    ['Disable Legacy TLS Versions', 'Not Set'],
    ['Enable Session Ticket', 'Not Set'],
  ];
  const result: Array<[string, string]> = [];
  for (const [label, value] of fields) {
    const next = label in overrides ? overrides[label] : value;
    if (next !== undefined) result.push([label, next]);
  }
  for (const [label, value] of Object.entries(overrides)) {
    if (value !== undefined && !fields.some(([known]) => known === label)) result.push([label, value]);
  }
  return result;
}

/** One entry as netsh prints it: four spaces, the label padded to 29 columns, ` : `, the value. */
export function netshEntry(keyLabel: string, endpoint: string, overrides: NetshEntryFields = {}): string {
  return netshFields(keyLabel, endpoint, overrides)
    .map(([label, value]) => `    ${label.padEnd(28)} : ${value}`)
    .join('\r\n');
}

/** The whole dump around the given entries, CRLF as Windows writes it. */
export function netshDump(...entries: string[]): string {
  return `\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n${entries.join('\r\n\r\n')}\r\n\r\n`;
}

/** UTF-16LE with BOM: what reg.exe and PowerShell 5's `>` write. */
export function utf16leWithBom(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
}

export const SCHANNEL = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';

/** A reg.exe export of the given keys (path → lines of values, already in reg syntax). */
export function regExport(keys: Record<string, string[]>): string {
  const body = Object.entries(keys)
    .map(([path, values]) => [`[${path}]`, ...values].join('\r\n'))
    .join('\r\n\r\n');
  return `Windows Registry Editor Version 5.00\r\n\r\n${body}\r\n\r\n`;
}

export function dword(name: string, value: number): string {
  return `"${name}"=dword:${value.toString(16).padStart(8, '0')}`;
}

export interface SiteBindingSpec {
  info: string;
  sslFlags?: number;
}

/**
 * An applicationHost.config with one site and its https bindings; `security` goes inside
 * `<location path="<site>"><system.webServer><security>…`.
 */
export function applicationHostWith(options: { site?: string; bindings: SiteBindingSpec[]; security?: string; serverSecurity?: string }): string {
  const site = options.site ?? 'Fabrikam';
  const bindings = options.bindings
    .map((b) => `          <binding protocol="https" bindingInformation="${b.info}"${b.sslFlags === undefined ? '' : ` sslFlags="${b.sslFlags}"`} />`)
    .join('\n');
  const location = options.security
    ? `\n  <location path="${site}" overrideMode="Allow">\n    <system.webServer>\n      <security>\n${options.security}\n      </security>\n    </system.webServer>\n  </location>`
    : '';
  const server = options.serverSecurity ? `\n  <system.webServer>\n    <security>\n${options.serverSecurity}\n    </security>\n  </system.webServer>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <sites>
      <site name="${site}" id="2">
        <application path="/">
          <virtualDirectory path="/" physicalPath="C:\\inetpub\\fabrikam" />
        </application>
        <bindings>
${bindings}
        </bindings>
      </site>
    </sites>
  </system.applicationHost>${server}${location}
</configuration>
`;
}

/** The text a finding's range covers. */
export function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}
