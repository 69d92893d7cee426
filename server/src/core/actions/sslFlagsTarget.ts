// What an IIS-AUTH-003 finding points at: the `<access sslFlags>` attribute, the keyword under the
// range and the rule's repaired value (`data.fixedValue`, raw text as it goes between the quotes).
import { parseAccessSslFlags, type ParsedAccessSslFlags } from '../knowledge/sslFlags';
import type { ConfigFile } from '../model/configFile';
import type { Finding, Span } from '../types';
import type { XmlAttribute, XmlElement } from '../xml/document';
import { namedAttributeAt } from './locate';

export interface SslFlagsTarget {
  element: XmlElement;
  attribute: XmlAttribute;
  parsed: ParsedAccessSslFlags;
  /** The finding's range inside the raw value. */
  span: Span;
  /** The text under the finding's range. */
  token: string;
  fixedValue?: string;
}

export function sslFlagsTarget(file: ConfigFile, finding: Finding): SslFlagsTarget | undefined {
  const hit = namedAttributeAt(file, finding.range, 'sslFlags');
  if (!hit || hit.element.name !== 'access') return undefined;
  const { attribute } = hit;
  const start = file.xml.lines.offsetAt(finding.range.start) - attribute.valueSpan.start;
  const end = file.xml.lines.offsetAt(finding.range.end) - attribute.valueSpan.start;
  if (start < 0 || end > attribute.rawValue.length) return undefined;
  const fixed = finding.data?.fixedValue;
  return {
    element: hit.element,
    attribute,
    parsed: parseAccessSslFlags(attribute.rawValue),
    span: { start, end },
    token: attribute.rawValue.slice(start, end),
    fixedValue: typeof fixed === 'string' && fixed !== attribute.rawValue ? fixed : undefined,
  };
}

/** The parsed token that starts where the finding's range starts. */
export function tokenAt<T extends { span: Span }>(tokens: T[], span: Span): T | undefined {
  return tokens.find((t) => t.span.start === span.start);
}
