// Hovers on the fields of `netsh http show sslcert` output and the values of a registry export:
// what the field means, its default, what it leads to, and how the value shown here reads.
import {
  HTTP_SSL_PARAM_SOURCE,
  NETSH_ADD_SSLCERT_SOURCE,
  netshFieldInfo,
  registryKeyInfo,
  type NetshField,
  type RegistryValue,
  type ServerSnapshot,
} from '../snapshot/index';
import type { Hover } from '../types';

function fieldAt(snapshot: ServerSnapshot, uri: string, offset: number): NetshField | undefined {
  for (const dump of snapshot.netshDumps) {
    if (dump.file.uri !== uri) continue;
    for (const binding of dump.bindings) {
      if (offset < binding.span.start || offset > binding.span.end) continue;
      for (const field of [...binding.fields, ...binding.extendedProperties.flat()]) {
        if (offset >= field.span.start && offset <= field.span.end) return field;
      }
    }
  }
  return undefined;
}

function valueReading(field: NetshField): string {
  if (field.isNull) return 'not set (`(null)`)';
  if (field.flag === true) return 'on';
  if (field.flag === false) return 'off';
  return `\`${field.value}\``;
}

function netshHover(field: NetshField): string {
  if (!field.key) {
    return `**${field.label}** — a field of this HTTP.sys binding that IIS Auth Config does not know (newer Windows builds add fields); it is kept as printed: \`${field.value}\`.\n\nSource: ${HTTP_SSL_PARAM_SOURCE}`;
  }
  const info = netshFieldInfo(field.key);
  const lines = [
    `**${info.label}**${info.parameter ? ` — \`netsh http … sslcert ${info.parameter}=…\`` : ''}`,
    '',
    info.meaning,
    '',
    `- Default: ${info.default}`,
    `- Here: ${valueReading(field)}`,
  ];
  if (info.effect) lines.push(`- Leads to: ${info.effect}`);
  lines.push('', `Source: ${NETSH_ADD_SSLCERT_SOURCE}; ${HTTP_SSL_PARAM_SOURCE}`);
  return lines.join('\n');
}

function registryValueAt(snapshot: ServerSnapshot, uri: string, offset: number): RegistryValue | undefined {
  for (const exported of snapshot.registry) {
    if (exported.file.uri !== uri) continue;
    for (const key of exported.keys) for (const value of key.values) if (offset >= value.span.start && offset <= value.span.end) return value;
  }
  return undefined;
}

function dataText(value: RegistryValue): string {
  if (value.type === 'delete') return 'deleted by this export';
  if (typeof value.data === 'number') return `${value.data} (0x${value.data.toString(16)})`;
  if (typeof value.data === 'string') return `"${value.data}"`;
  if (Array.isArray(value.data)) return value.data.map((s) => `"${s}"`).join(', ');
  return `${value.bytes?.length ?? 0} bytes`;
}

function registryHover(value: RegistryValue): string {
  const known = registryKeyInfo(value.key.normalizedPath);
  const info = known?.values.find((v) => v.name.toLowerCase() === value.name.toLowerCase());
  const name = value.name === '' ? '(Default)' : value.name;
  if (!info) {
    return `**${name}** (${value.type}) under \`${value.key.path}\`${known ? ` (${known.key.title})` : ''}: ${dataText(value)}.\n\nNo IIS Auth Config rule reads this value.${known ? `\n\nSource: ${known.key.source}` : ''}`;
  }
  const reading = typeof value.data === 'number' ? info.values?.[value.data] : undefined;
  const lines = [`**${info.name}** — ${known!.key.title}`, '', info.meaning, '', `- Default: ${info.default}`, `- Here: ${dataText(value)}${reading ? `: ${reading}` : ''}`];
  if (info.effect) lines.push(`- Leads to: ${info.effect}`);
  lines.push('', `Source: ${info.source}`);
  return lines.join('\n');
}

/** Hover for an offset in a netsh dump or registry export of the snapshot; undefined elsewhere. */
export function snapshotHover(snapshot: ServerSnapshot, uri: string, offset: number): Hover | undefined {
  const file = snapshot.files.find((f) => f.uri === uri);
  if (!file) return undefined;
  const field = fieldAt(snapshot, uri, offset);
  if (field) return { contents: netshHover(field), range: file.lines.rangeOf(field.span) };
  const value = registryValueAt(snapshot, uri, offset);
  if (value) return { contents: registryHover(value), range: file.lines.rangeOf(value.span) };
  for (const exported of snapshot.registry) {
    if (exported.file.uri !== uri) continue;
    const key = exported.keys.find((k) => offset >= k.span.start && offset <= k.span.end);
    const info = key && registryKeyInfo(key.normalizedPath);
    if (key && info) return { contents: `**${info.key.title}** — \`${key.path}\`\n\n${info.key.meaning}\n\nSource: ${info.key.source}`, range: file.lines.rangeOf(key.span) };
  }
  return undefined;
}
