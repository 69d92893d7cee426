// The two mappings a certificate can become: one-to-one (this exact certificate) and many-to-one
// (rules on the subject CN and issuer O, as the administrator in Stack Overflow question 52743395 set them up).
import type { ParsedCertificate } from './derStructure';
import { describeCertificate, isoDate } from './describeCertificate';
import { subFieldValues } from './distinguishedName';
import { toBase64 } from './base64';

export type MappingKind = 'oneToOne' | 'manyToOne';

export interface SnippetLine {
  /** Indentation steps below the collection element (`<add>` itself is depth 0). */
  depth: number;
  text: string;
}

export interface MappingSnippet {
  kind: MappingKind;
  collection: 'oneToOneMappings' | 'manyToOneMappings';
  enabledFlag: 'oneToOneCertificateMappingsEnabled' | 'manyToOneCertificateMappingsEnabled';
  /** Short title for a drop widget or quick pick. */
  title: string;
  /** With VS Code snippet placeholders for the account and password. */
  snippet: SnippetLine[];
  /** The same without placeholders, for editors that insert plain text. */
  plain: SnippetLine[];
  /** Many-to-one only: the `name` key of the new mapping. */
  mappingName?: string;
}

export interface MappingSnippets {
  oneToOne: MappingSnippet;
  manyToOne: MappingSnippet;
}

export function escapeXmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Literal text inside a VS Code snippet: `$`, `}` and `\` would otherwise start syntax. */
export function escapeSnippetText(value: string): string {
  return value.replace(/[\\$}]/g, (ch) => `\\${ch}`);
}

function commentSafe(value: string): string {
  return value.replace(/-{2,}/g, '-').replace(/-$/, '- ');
}

const ACCOUNT_PLACEHOLDER = '${1:DOMAIN\\\\user}';
const PASSWORD_PLACEHOLDER = '${2}';

/** The name a many-to-one mapping gets: the subject's CN, else its e-mail or organization. */
export function mappingNameFor(certificate: ParsedCertificate, now = new Date()): string {
  const description = describeCertificate(certificate, now);
  const pick = (field: string) => subFieldValues(description.subject, field)[0];
  return pick('CN') ?? pick('E') ?? pick('O') ?? `Certificate ${description.thumbprintSha1.slice(0, 8)}`;
}

export function buildMappingSnippets(
  certificate: ParsedCertificate,
  options: { mappingName?: string; now?: Date } = {},
): MappingSnippets {
  const now = options.now ?? new Date();
  const description = describeCertificate(certificate, now);
  const cn = subFieldValues(description.subject, 'CN')[0];
  const who = cn ?? description.subject.text;
  const issuerName = subFieldValues(description.issuer, 'CN')[0] ?? description.issuer.text;
  const comment = `<!-- ${commentSafe(`${who}; issued by ${issuerName}; valid until ${isoDate(description.notAfter)}; SHA-1 ${description.thumbprintSha1}`)} -->`;
  const base64 = toBase64(certificate.der);

  const oneToOne = (account: string, password: string, literal: (s: string) => string): SnippetLine[] => [
    { depth: 0, text: literal(comment) },
    { depth: 0, text: `<add userName="${account}" password="${password}" certificate="${base64}" />` },
  ];

  const mappingName = options.mappingName ?? mappingNameFor(certificate, now);
  const rules: Array<{ field: 'Subject' | 'Issuer'; subField: string; value: string }> = [];
  if (cn !== undefined) rules.push({ field: 'Subject', subField: 'CN', value: cn });
  else {
    const first = description.subject.parts[0];
    if (first) rules.push({ field: 'Subject', subField: first.shortName, value: first.value });
  }
  const issuerO = subFieldValues(description.issuer, 'O')[0];
  const issuerCn = subFieldValues(description.issuer, 'CN')[0];
  if (issuerO !== undefined) rules.push({ field: 'Issuer', subField: 'O', value: issuerO });
  else if (issuerCn !== undefined) rules.push({ field: 'Issuer', subField: 'CN', value: issuerCn });

  const manyToOne = (account: string, password: string, literal: (s: string) => string): SnippetLine[] => [
    { depth: 0, text: literal(comment) },
    {
      depth: 0,
      text: `<add name="${literal(escapeXmlAttribute(mappingName))}" enabled="true" permissionMode="Allow" userName="${account}" password="${password}">`,
    },
    { depth: 1, text: '<rules>' },
    ...rules.map((rule) => ({
      depth: 2,
      text: literal(
        `<add certificateField="${rule.field}" certificateSubField="${rule.subField}" matchCriteria="${escapeXmlAttribute(rule.value)}" compareCaseSensitive="true" />`,
      ),
    })),
    { depth: 1, text: '</rules>' },
    { depth: 0, text: '</add>' },
  ];

  const same = (s: string) => s;
  return {
    oneToOne: {
      kind: 'oneToOne',
      collection: 'oneToOneMappings',
      enabledFlag: 'oneToOneCertificateMappingsEnabled',
      title: `One-to-one mapping for ${who}`,
      snippet: oneToOne(ACCOUNT_PLACEHOLDER, PASSWORD_PLACEHOLDER, escapeSnippetText),
      plain: oneToOne('', '', same),
    },
    manyToOne: {
      kind: 'manyToOne',
      collection: 'manyToOneMappings',
      enabledFlag: 'manyToOneCertificateMappingsEnabled',
      title: `Many-to-one mapping '${mappingName}' (${rules.map((r) => `${r.field} ${r.subField}`).join(' + ')})`,
      snippet: manyToOne(ACCOUNT_PLACEHOLDER, PASSWORD_PLACEHOLDER, escapeSnippetText),
      plain: manyToOne('', '', same),
      mappingName,
    },
  };
}

/** Joins snippet lines with the file's indentation and line ending. */
export function renderSnippetLines(lines: SnippetLine[], baseIndent: string, indentUnit: string, eol: string): string {
  return lines.map((line) => baseIndent + indentUnit.repeat(line.depth) + line.text).join(eol);
}
