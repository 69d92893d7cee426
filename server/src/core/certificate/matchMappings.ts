// "Which mapping matches this certificate?" answered the way the IIS module decides: validity
// first (403.17), then one-to-one mappings by exact certificate text, then many-to-one mappings in
// collection order, the first whose rules all match deciding (Allow logs on as its account, Deny
// refuses). When nothing matches, the answer names the closest mapping and the field that differed.
import type { Range } from '../types';
import type { ConfigFile } from '../model/configFile';
import type { XmlElement } from '../xml/document';
import { toBase64 } from './base64';
import { checkDescribedCertificate, type CertificateIssue } from './checkCertificate';
import type { ParsedCertificate } from './derStructure';
import { describeCertificate, type CertificateDescription } from './describeCertificate';
import { oidForSubField, subFieldValues } from './distinguishedName';
import { parseIisCertificateAttribute } from './iisCertificateAttribute';
import { fileName, type ManyToOneMapping, type ManyToOneRule, type MappingConfiguration, type OneToOneMapping } from './mappingConfiguration';

export interface SourceLocation {
  uri: string;
  range: Range;
}

export type MatchOutcome = 'mapped' | 'denied' | 'no-match' | 'not-enabled' | 'rejected';

export interface MatchedMapping {
  kind: 'oneToOne' | 'manyToOne';
  name?: string;
  userName?: string;
  location: SourceLocation;
}

export interface RuleDifference {
  location: SourceLocation;
  field: string;
  subField: string;
  expected: string;
  actual: string[];
  reason: string;
}

export interface ClosestMapping {
  kind: 'oneToOne' | 'manyToOne';
  name: string;
  location: SourceLocation;
  /** For many-to-one: rules matched out of all. */
  matchedRules?: number;
  totalRules?: number;
  difference?: RuleDifference;
  reason: string;
}

export interface MatchReport {
  outcome: MatchOutcome;
  /** What the client sees when this is the only way to log on, e.g. `401.2`, `403.17`. */
  statusCode?: string;
  summary: string;
  details: string[];
  mapping?: MatchedMapping;
  closest?: ClosestMapping;
  certificate: CertificateDescription;
  certificateIssues: CertificateIssue[];
}

function locate(file: ConfigFile, element: XmlElement): SourceLocation {
  return { uri: file.uri, range: file.xml.lines.rangeOf(element.startTagSpan) };
}

function where(file: ConfigFile, element: XmlElement): string {
  return `${fileName(file)}:${file.xml.lines.positionAt(element.span.start).line + 1}`;
}

/** `*` stands for any run of characters; everything else is literal and the whole value must match. */
export function matchesCriteria(value: string, criteria: string, caseSensitive: boolean): boolean {
  const pattern = criteria
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${pattern}$`, caseSensitive ? 'u' : 'iu').test(value);
}

function fieldOf(rule: ManyToOneRule): 'Subject' | 'Issuer' | undefined {
  const f = rule.certificateField.trim().toLowerCase();
  if (f === 'subject' || f === '1') return 'Subject';
  if (f === 'issuer' || f === '2') return 'Issuer';
  return undefined;
}

interface RuleOutcome {
  matched: boolean;
  difference?: RuleDifference;
}

function evaluateRule(rule: ManyToOneRule, mapping: ManyToOneMapping, description: CertificateDescription): RuleOutcome {
  const field = fieldOf(rule);
  const location = locate(mapping.file, rule.element);
  const base = { location, field: rule.certificateField, subField: rule.certificateSubField, expected: rule.matchCriteria };
  if (!field) {
    return { matched: false, difference: { ...base, actual: [], reason: `certificateField="${rule.certificateField}" is neither Subject nor Issuer` } };
  }
  if (!oidForSubField(rule.certificateSubField)) {
    return { matched: false, difference: { ...base, actual: [], reason: `certificateSubField="${rule.certificateSubField}" is not a name part IIS knows (CN, OU, O, L, S, C, E …)` } };
  }
  const name = field === 'Subject' ? description.subject : description.issuer;
  const actual = subFieldValues(name, rule.certificateSubField);
  // A name can repeat a part (two OUs); one matching value is enough.
  if (actual.some((v) => matchesCriteria(v, rule.matchCriteria, rule.compareCaseSensitive))) return { matched: true };
  const label = `${field} ${rule.certificateSubField.toUpperCase()}`;
  let reason: string;
  if (actual.length === 0) reason = `the certificate's ${field} has no ${rule.certificateSubField.toUpperCase()}`;
  else if (rule.compareCaseSensitive && actual.some((v) => matchesCriteria(v, rule.matchCriteria, false))) {
    reason = `${label} is '${actual.join("', '")}', which differs from '${rule.matchCriteria}' only in case (compareCaseSensitive is true)`;
  } else reason = `${label} is '${actual.join("', '")}', the rule expects '${rule.matchCriteria}'`;
  return { matched: false, difference: { ...base, field, actual, reason } };
}

function describeOneToOneNearMiss(
  mappings: OneToOneMapping[],
  description: CertificateDescription,
  now: Date,
): ClosestMapping | undefined {
  for (const mapping of mappings) {
    const value = parseIisCertificateAttribute(mapping.certificate);
    if (!value.certificate) continue;
    const mapped = describeCertificate(value.certificate, now);
    if (mapped.thumbprintSha1 === description.thumbprintSha1) continue;
    if (mapped.subject.text === description.subject.text || sameCommonName(mapped, description)) {
      return {
        kind: 'oneToOne',
        name: mapping.userName ? `one-to-one mapping for '${mapping.userName}'` : 'one-to-one mapping',
        location: locate(mapping.file, mapping.element),
        reason: `it maps another certificate of the same person (${mapped.subject.text}; ${mapped.extendedKeyUsages?.map((e) => e.name).join(', ') || 'any purpose'}; SHA-1 ${mapped.thumbprintSha1}), not this one (SHA-1 ${description.thumbprintSha1}). One-to-one mappings compare the whole certificate, so a renewed or different certificate never matches.`,
      };
    }
  }
  return undefined;
}

function sameCommonName(a: CertificateDescription, b: CertificateDescription): boolean {
  const cnA = subFieldValues(a.subject, 'CN')[0];
  return cnA !== undefined && cnA === subFieldValues(b.subject, 'CN')[0];
}

function accountText(userName: string | undefined): string {
  return userName ? `'${userName}'` : 'no account (userName is missing, so the logon fails with 401.1)';
}

export function matchCertificate(certificate: ParsedCertificate, configuration: MappingConfiguration, now: Date): MatchReport {
  const description = describeCertificate(certificate, now);
  const certificateIssues = checkDescribedCertificate(description);
  const details: string[] = [];
  const scope = configuration.site ? `site '${configuration.site}'` : 'server level';

  for (const ignored of configuration.ignored) {
    details.push(`The mappings at ${where(ignored.file, ignored.element)} (<location path="${ignored.path}">) are ignored: IIS reads this section only at server and site level.`);
  }
  details.push(...configuration.assumptions);

  const decided = decide(certificate, description, configuration, now, details, scope);
  if (description.validity.state !== 'valid') {
    const when = description.validity.state === 'expired' ? 'expired' : 'not yet valid';
    const after =
      decided.outcome === 'mapped'
        ? `Once valid, it would map to ${accountText(decided.mapping?.userName)}.`
        : `Even once valid: ${decided.summary}`;
    return {
      ...decided,
      outcome: 'rejected',
      statusCode: '403.17',
      summary: `IIS rejects the certificate with 403.17 before any mapping is tried: it is ${when} (${description.validity.text}). ${after}`,
      certificate: description,
      certificateIssues,
    };
  }
  return { ...decided, certificate: description, certificateIssues };
}

type Decision = Omit<MatchReport, 'certificate' | 'certificateIssues'>;

function decide(
  certificate: ParsedCertificate,
  description: CertificateDescription,
  configuration: MappingConfiguration,
  now: Date,
  details: string[],
  scope: string,
): Decision {
  if (!configuration.enabled) {
    const written = configuration.sources.length > 0 ? 'enabled is not "true"' : 'no iisClientCertificateMappingAuthentication section sets enabled="true"';
    return {
      outcome: 'not-enabled',
      statusCode: '401.2',
      summary: `IIS client certificate mapping is off for ${scope} (${written}): no mapping is consulted, and unless another method logs the user on the request ends in 401.2.`,
      details,
    };
  }

  const base64 = toBase64(certificate.der);
  const oneToOneCandidates = configuration.oneToOne;
  const exact = oneToOneCandidates.filter((m) => m.certificate === base64);
  if (configuration.oneToOneEnabled) {
    const active = exact.find((m) => m.enabled);
    if (active) {
      return {
        outcome: 'mapped',
        summary: `Mapped by the one-to-one mapping at ${where(active.file, active.element)} to ${accountText(active.userName)}.`,
        details,
        mapping: { kind: 'oneToOne', userName: active.userName, location: locate(active.file, active.element) },
      };
    }
    for (const disabled of exact) details.push(`The one-to-one mapping at ${where(disabled.file, disabled.element)} holds this certificate but is disabled (enabled="false").`);
    for (const mapping of oneToOneCandidates) {
      if (mapping.certificate === base64) continue;
      const value = parseIisCertificateAttribute(mapping.certificate);
      if (value.fixedValue === base64) {
        details.push(`The one-to-one mapping at ${where(mapping.file, mapping.element)} holds this certificate, but ${value.message.charAt(0).toLowerCase()}${value.message.slice(1)}`);
      }
    }
  } else if (exact.length > 0) {
    details.push(`A one-to-one mapping holds this certificate (${where(exact[0].file, exact[0].element)}), but oneToOneCertificateMappingsEnabled is false for ${scope}.`);
  }

  let closest: ClosestMapping | undefined;
  let closestScore = -1;
  if (configuration.manyToOneEnabled) {
    for (const mapping of configuration.manyToOne) {
      const label = `many-to-one mapping '${mapping.name}'`;
      if (!mapping.enabled) continue;
      if (mapping.rules.length === 0) {
        details.push(`The ${label} has no rules and was not evaluated.`);
        continue;
      }
      const outcomes = mapping.rules.map((rule) => evaluateRule(rule, mapping, description));
      const matched = outcomes.filter((o) => o.matched).length;
      if (matched === mapping.rules.length) {
        const location = locate(mapping.file, mapping.element);
        if (mapping.permissionMode.trim().toLowerCase() === 'deny') {
          return {
            outcome: 'denied',
            summary: `Refused by the ${label} (permissionMode="Deny") at ${where(mapping.file, mapping.element)}: IIS does not log this certificate on, so unless another method does, the request gets 401.`,
            details,
            mapping: { kind: 'manyToOne', name: mapping.name, location },
          };
        }
        return {
          outcome: 'mapped',
          summary: `Mapped by the ${label} at ${where(mapping.file, mapping.element)} to ${accountText(mapping.userName)}: all ${mapping.rules.length} rule(s) match.`,
          details,
          mapping: { kind: 'manyToOne', name: mapping.name, userName: mapping.userName, location },
        };
      }
      const score = matched / mapping.rules.length;
      if (score > closestScore) {
        closestScore = score;
        const difference = outcomes.find((o) => !o.matched)!.difference!;
        closest = {
          kind: 'manyToOne',
          name: mapping.name,
          location: locate(mapping.file, mapping.element),
          matchedRules: matched,
          totalRules: mapping.rules.length,
          difference,
          reason: `${difference.reason} (${matched} of ${mapping.rules.length} rules match)`,
        };
      }
    }
  } else if (configuration.manyToOne.length > 0) {
    details.push(`manyToOneCertificateMappingsEnabled is false for ${scope}: its ${configuration.manyToOne.length} many-to-one mapping(s) are skipped.`);
  }

  const nearMiss = configuration.oneToOneEnabled ? describeOneToOneNearMiss(oneToOneCandidates, description, now) : undefined;
  // A one-to-one mapping of the same person's other certificate is the likelier mistake (Stack Overflow question 52743395).
  const best = nearMiss && (!closest || closestScore === 0) ? nearMiss : closest ?? nearMiss;
  if (nearMiss && best !== nearMiss) details.push(`Also: the ${nearMiss.name} ${nearMiss.reason}`);
  const total = (configuration.oneToOneEnabled ? oneToOneCandidates.length : 0) + (configuration.manyToOneEnabled ? configuration.manyToOne.length : 0);
  const closestText = best ? ` Closest: the ${best.kind === 'manyToOne' ? `many-to-one mapping '${best.name}'` : best.name}: ${best.reason}` : '';
  return {
    outcome: 'no-match',
    statusCode: '401.2',
    summary: `No mapping matches this certificate among the ${total} mapping(s) in effect for ${scope}: unless another method logs the user on, the request ends in 401.2.${closestText}`,
    details,
    closest: best,
  };
}

/** Plain text for the CLI and the command's output channel. */
export function formatMatchReport(report: MatchReport): string {
  const lines = [
    `Certificate: ${report.certificate.subject.text}`,
    `Issuer:      ${report.certificate.issuer.text}`,
    `Thumbprint:  ${report.certificate.thumbprintSha1} (${report.certificate.validity.text})`,
    '',
    report.summary,
  ];
  for (const detail of report.details) lines.push(`  - ${detail}`);
  for (const issue of report.certificateIssues) lines.push(`  ! ${issue.message}`);
  return lines.join('\n');
}
