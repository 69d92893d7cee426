import { sectionsNamed } from '../model/configFile';
import {
  ACCESS_DOC_URL,
  ACCESS_SSL_FLAGS,
  accessSslFlagNames,
  findAccessSslFlag,
  parseAccessSslFlags,
  type SslFlagToken,
} from '../knowledge/sslFlags';
import { closestMatch } from '../text/closestMatch';
import type { Span } from '../types';
import { ACCESS_SECTION } from './authSections';
import type { Rule, RuleContext } from './rule';

// How IIS reads `<access sslFlags>` (type "flags" in IIS_schema.xml):
// - Keywords separated by commas, spaces around them allowed: IIS Manager writes "Ssl, SslNegotiateCert"
//   and hand-written configs use "Ssl,SslNegotiateCert" (learn.microsoft.com/iis/configuration/
//   system.webserver/security/access). Keywords match case-insensitively: the same page's own sample
//   writes sslFlags="ssl", and the configuration system compares enum and flags keywords without
//   regard to case unless the schema marks the attribute caseSensitive, which sslFlags is not
//   (IAppHostPropertySchema::IsCaseSensitive, "by default ... VARIANT_FALSE": "allow" is read as "Allow").
// - Space-separated keywords are rejected: the configuration system answers "Flags must be some
//   combination of None, Ssl, SslNegotiateCert, SslRequireCert, Ssl128" (dsccommunity/WebAdministrationDsc
//   issue 232, fixed by joining with commas). A value the schema cannot parse makes the section
//   unreadable: "Attribute validation is done when parsing the XML ... If validation fails, it fails
//   ... getting the section" (Introduction to ApplicationHost.config), which IIS shows as 500.19.
// - SslMapCert is in the reference page's table but not among IIS_schema.xml's flags for this
//   attribute (MicrosoftDocs/iis-docs issue 523; the message above lists five keywords), so it is
//   reported as doubtful rather than as certainly fatal.
// - A bare number is not documented for this attribute; it is reported with the keywords to write.
// - Without SslNegotiateCert IIS never asks for a certificate, whatever SslRequireCert says (IIS SDK,
//   MD_SSL_ACCESS_PERM remarks).

const KEYWORDS = ACCESS_SSL_FLAGS.map((f) => f.name);
const NOT_IN_SCHEMA = 'SslMapCert';
const SSL_NEGOTIATE_CERT = 32;
const SSL_REQUIRE_CERT = 64;

export const iisAuth003AccessSslFlags: Rule = {
  code: 'IIS-AUTH-003',
  title: 'Invalid or contradictory <access sslFlags>',
  severity: 'error',
  docUrl: ACCESS_DOC_URL,
  check(context) {
    for (const section of sectionsNamed(context.file, ACCESS_SECTION)) {
      const attribute = section.element.attribute('sslFlags');
      if (attribute) checkValue(context, attribute.rawValue, attribute.valueSpan.start);
    }
  },
};

function checkValue(context: RuleContext, value: string, base: number): void {
  const at = (span: Span): Span => ({ start: base + span.start, end: base + span.end });
  const parsed = parseAccessSslFlags(value);

  if (parsed.numericValue !== undefined) {
    const mask = parsed.numericValue;
    const known = ACCESS_SSL_FLAGS.reduce((m, f) => m | f.value, 0);
    const span = at({ start: value.length - value.trimStart().length, end: value.trimEnd().length });
    if ((mask & ~known) === 0) {
      const keywords = accessSslFlagNames(mask).join(', ');
      context.report({
        span,
        severity: 'information',
        message: `sslFlags is documented as keywords, not numbers: write "${keywords}" so that IIS and IIS Manager read the same thing.`,
        data: { suggestion: keywords, fixedValue: keywords },
      });
    } else {
      context.report({
        span,
        severity: 'warning',
        message: `${mask} is not a combination of sslFlags values (Ssl 8, SslNegotiateCert 32, SslRequireCert 64, Ssl128 256): IIS may refuse the section with 500.19. Write keywords separated by commas.`,
      });
    }
    return;
  }

  for (const token of parsed.unknown) reportUnknown(context, token, at(token.span), value);
  // IIS rejects a value with an unknown keyword outright; what the other keywords would combine to is moot
  // (and a misspelt SslNegotiateCert would otherwise also read as "SslRequireCert without SslNegotiateCert").
  const readable = parsed.unknown.length === 0;

  for (const token of parsed.flags.filter((t) => t.flag?.name === NOT_IN_SCHEMA)) {
    context.report({
      span: at(token.span),
      severity: 'warning',
      message:
        'SslMapCert is in the <access> reference page but not in the flags IIS\'s configuration schema accepts (None, Ssl, SslNegotiateCert, SslRequireCert, Ssl128): IIS may reject the section with 500.19. Certificate mapping is switched on in the certificate mapping authentication sections, not here.',
      data: { fixedValue: withoutTokens(value, [token]) },
    });
  }

  for (const token of parsed.duplicates) {
    context.report({
      span: at(token.span),
      severity: 'information',
      message: `${token.flag!.name} is listed twice; the second one changes nothing.`,
      tags: ['unnecessary'],
      data: { fixedValue: withoutTokens(value, [token]) },
    });
  }

  const none = parsed.flags.find((t) => t.flag?.name === 'None');
  if (readable && none && parsed.flags.length > 1) {
    context.report({
      span: at(none.span),
      severity: 'warning',
      message: `None means "no flag" and is ignored beside other flags: this value still applies ${parsed.flags
        .filter((t) => t !== none)
        .map((t) => t.flag!.name)
        .join(', ')}. Remove None, or remove the other flags if HTTPS and client certificates should not be required.`,
      data: { fixedValue: withoutTokens(value, [none]) },
    });
  }

  const requireToken = parsed.flags.find((t) => t.flag?.value === SSL_REQUIRE_CERT);
  if (readable && requireToken && (parsed.mask & SSL_NEGOTIATE_CERT) === 0) {
    const fixedValue = canonicalList(parsed.mask | SSL_NEGOTIATE_CERT);
    context.report({
      span: at(requireToken.span),
      severity: 'warning',
      message:
        'SslRequireCert without SslNegotiateCert: IIS never asks the client for a certificate, so a certificate can never be presented and requests that need one fail (typically 403.7). IIS Manager\'s "Require" writes "Ssl, SslNegotiateCert, SslRequireCert".',
      data: { suggestion: 'SslNegotiateCert, SslRequireCert', fixedValue },
    });
  }

  for (const gap of parsed.emptyItems) {
    const onlyEmpty = parsed.flags.length + parsed.unknown.length + parsed.duplicates.length === 0;
    if (onlyEmpty) break;
    const start = Math.max(0, gap.start - 1);
    context.report({
      span: at({ start, end: Math.min(value.length, Math.max(gap.end, start + 1)) }),
      severity: 'information',
      message: 'Empty item in the sslFlags list (a doubled or trailing comma); remove it.',
      tags: ['unnecessary'],
      data: { fixedValue: canonicalTokens(value) },
    });
  }
}

function reportUnknown(context: RuleContext, token: SslFlagToken, span: Span, value: string): void {
  const parts = token.text.split(/[\s|;+&]+/).filter((p) => p.length > 0);
  const partFlags = parts.map((p) => findAccessSslFlag(p));
  if (parts.length > 1 && partFlags.every((f) => f !== undefined)) {
    const suggestion = partFlags.map((f) => f!.name).join(', ');
    context.report({
      span,
      message: `IIS expects sslFlags keywords separated by commas; "${token.text}" is read as one unknown keyword and the <access> section is rejected with HTTP 500.19. Write "${suggestion}".`,
      data: { suggestion, fixedValue: replaceToken(value, token, suggestion) },
    });
    return;
  }
  const suggestion = closestMatch(token.text, KEYWORDS);
  const list = KEYWORDS.filter((k) => k !== NOT_IN_SCHEMA).join(', ');
  context.report({
    span,
    message: suggestion
      ? `Unknown sslFlags keyword "${token.text}" (did you mean "${suggestion}"?): IIS cannot read the <access> section and answers requests for this path with HTTP 500.19.`
      : `Unknown sslFlags keyword "${token.text}": IIS cannot read the <access> section and answers requests for this path with HTTP 500.19. Valid keywords: ${list}.`,
    data: suggestion ? { suggestion, fixedValue: replaceToken(value, token, suggestion) } : { validValues: KEYWORDS.filter((k) => k !== NOT_IN_SCHEMA) },
  });
}

function replaceToken(value: string, token: SslFlagToken, replacement: string): string {
  return value.slice(0, token.span.start) + replacement + value.slice(token.span.end);
}

/** The written keywords minus some tokens, re-joined the way IIS Manager writes them. */
function withoutTokens(value: string, drop: SslFlagToken[]): string {
  const kept = value
    .split(',')
    .map((item, index, items) => ({ item, start: items.slice(0, index).reduce((n, s) => n + s.length + 1, 0) }))
    .filter(({ item, start }) => item.trim() !== '' && !drop.some((t) => t.span.start >= start && t.span.end <= start + item.length))
    .map(({ item }) => item.trim());
  return kept.length ? kept.join(', ') : 'None';
}

function canonicalTokens(value: string): string {
  return withoutTokens(value, []);
}

function canonicalList(mask: number): string {
  return accessSslFlagNames(mask).join(', ');
}
