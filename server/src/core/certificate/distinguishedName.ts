// Subject and issuer names the way Windows (certificate dialog, certutil, IIS) prints them: most
// specific part first ("CN=…, OU=…, O=…, C=…"), with Windows' short names (S for state, E for e-mail).
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { NAME_ATTRIBUTES } from './oidNames';

export interface NamePart {
  /** Windows short name (CN, OU, O, L, S, C, E, …) or `OID.<dotted>` for unknown attributes. */
  shortName: string;
  oid: string;
  value: string;
}

export interface DistinguishedName {
  /** As Windows shows it, e.g. `CN=Jane Doe, OU=People, O=Contoso, C=US`. */
  text: string;
  /** In display order (the reverse of the encoded order). */
  parts: NamePart[];
}

function attributeValue(value: unknown): string {
  if (value instanceof asn1js.BaseStringBlock) return value.valueBlock.value;
  if (value instanceof asn1js.BaseBlock) {
    return `#${Buffer.from(value.toBER(false)).toString('hex')}`;
  }
  return String(value);
}

function shortNameOf(oid: string): string {
  return NAME_ATTRIBUTES.find((a) => a.oid === oid)?.shortName ?? `OID.${oid}`;
}

/** Windows wraps a value in double quotes (doubling inner quotes) when it holds a separator. */
function quoteLikeWindows(value: string): string {
  if (value === '' || /[,+="\n<>#;]/.test(value) || /^\s|\s$/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export function readDistinguishedName(name: pkijs.RelativeDistinguishedNames): DistinguishedName {
  const parts = name.typesAndValues
    .map((tv) => ({ oid: tv.type, shortName: shortNameOf(tv.type), value: attributeValue(tv.value) }))
    .reverse();
  return { parts, text: parts.map((p) => `${p.shortName}=${quoteLikeWindows(p.value)}`).join(', ') };
}

export function formatDistinguishedName(name: pkijs.RelativeDistinguishedNames): string {
  return readDistinguishedName(name).text;
}

/** The OID a sub-field name stands for (`CN`, `ST`/`S`, `E`/`Email`, `GN`/`G`, …), case-insensitive. */
export function oidForSubField(subField: string): string | undefined {
  const wanted = subField.trim().toUpperCase();
  if (wanted.startsWith('OID.')) return wanted.slice(4);
  return NAME_ATTRIBUTES.find((a) => a.shortName === wanted || a.aliases.includes(wanted))?.oid;
}

/** Every value of one sub-field (a subject may carry several OUs), in display order. */
export function subFieldValues(name: DistinguishedName, subField: string): string[] {
  const oid = oidForSubField(subField);
  if (!oid) return [];
  return name.parts.filter((p) => p.oid === oid).map((p) => p.value);
}
