// Hover on the `certificate` value of a one-to-one mapping: what the Windows certificate dialog
// would show, so nobody has to decode the base64 to learn whose certificate is mapped.
import type { ConfigFile } from '../model/configFile';
import type { Hover } from '../types';
import { elementAtOffset } from '../actions/locate';
import { checkDescribedCertificate } from '../certificate/checkCertificate';
import { describeCertificate, isoDate, type CertificateDescription } from '../certificate/describeCertificate';
import { parseIisCertificateAttribute } from '../certificate/iisCertificateAttribute';

/** Table cells: a `|` or line break would end the cell or the row. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** URLs as code, so that the hover shows them without offering to open them. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${cell(text)}${fence}`;
}

const LABELS = { error: '**Error:**', warning: '**Warning:**', information: '**Note:**', hint: '**Note:**' } as const;

export function certificateDetailsMarkdown(description: CertificateDescription): string {
  const rows: Array<[string, string]> = [
    ['Subject', cell(description.subject.text || '(empty)')],
    ['Issuer', cell(description.issuer.text || '(empty)')],
    ['Serial number', code(description.serialNumber)],
    ['Valid', `${isoDate(description.notBefore)} to ${isoDate(description.notAfter)}: ${cell(description.validity.text)}`],
    ['Thumbprint (SHA-1)', code(description.thumbprintSha1)],
    ['SHA-256', code(description.thumbprintSha256)],
    ['Key usage', description.keyUsage ? cell(description.keyUsage.join(', ') || 'none') : 'not restricted'],
    [
      'Enhanced key usage',
      description.extendedKeyUsages
        ? cell(description.extendedKeyUsages.map((e) => (e.name === e.oid ? e.oid : `${e.name} (${e.oid})`)).join(', ') || 'none')
        : 'not restricted (any purpose)',
    ],
  ];
  if (description.subjectAltNames.length > 0) rows.push(['Alternative names', cell(description.subjectAltNames.join(', '))]);
  rows.push(['CRL distribution points', description.crlDistributionPoints.map(code).join('<br>') || 'none']);
  if (description.caIssuers.length > 0) rows.push(['CA issuers (AIA)', description.caIssuers.map(code).join('<br>')]);
  if (description.ocsp.length > 0) rows.push(['OCSP (AIA)', description.ocsp.map(code).join('<br>')]);
  rows.push(['Certificate authority', description.isCa ? `yes${description.pathLength !== undefined ? ` (path length ${description.pathLength})` : ''}` : 'no']);
  rows.push(['Public key', `${cell(description.publicKey)}, signed with ${cell(description.signatureAlgorithm)}`]);
  return ['| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n');
}

export function certificateHover(file: ConfigFile, offset: number, now: Date): Hover | undefined {
  const element = elementAtOffset(file, offset);
  if (!element || element.name !== 'add' || element.parent?.name !== 'oneToOneMappings') return undefined;
  const attribute = element.attributes.find((a) => a.name === 'certificate' && offset >= a.valueSpan.start && offset <= a.valueSpan.end);
  if (!attribute) return undefined;

  const parsed = parseIisCertificateAttribute(attribute.value);
  const parts: string[] = [];
  if (parsed.certificate) {
    const description = describeCertificate(parsed.certificate, now);
    const cn = description.subject.parts.find((p) => p.shortName === 'CN')?.value;
    parts.push(`**Client certificate${cn ? `: ${cell(cn)}` : ''}**`, '', certificateDetailsMarkdown(description));
    const problems = parsed.status === 'ok' ? [] : [`${LABELS.error} ${parsed.message}`];
    problems.push(...checkDescribedCertificate(description).map((i) => `${LABELS[i.severity]} ${i.message}`));
    if (problems.length > 0) parts.push('', ...problems.flatMap((p) => [p, '']));
  } else {
    parts.push('**Client certificate**', '', `${LABELS.error} ${parsed.message}`);
  }
  return { contents: parts.join('\n'), range: file.xml.lines.rangeOf(attribute.valueSpan) };
}
