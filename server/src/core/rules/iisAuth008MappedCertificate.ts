import { checkCertificateForMapping, type CertificateIssue } from '../certificate/checkCertificate';
import { parseIisCertificateAttribute, type IisCertificateValue } from '../certificate/iisCertificateAttribute';
import { headerCannotBeKnownDer } from '../certificate/derStructure';
import { decodeBase64Prefix } from '../certificate/base64';
import { findElementSchema } from '../knowledge/schema';
import { mappingEntries, MAPPING_SECTION, valueSpan } from './authSections';
import type { Rule } from './rule';
import { detachedString } from '../text/detach';

// The `certificate` attribute of a one-to-one mapping must be the client certificate as one line of
// base64 DER, and the certificate itself must be one a client can log on with. Reading and judging the
// certificate is the certificate module's job (pkijs); this rule only places its verdicts on the value.
// A value shortened with "..." is how documentation and blog posts print certificates (the IIS Support Blog sub-application post): it is
// said plainly but as information, since nobody pastes an ellipsis into a live configuration by accident.

const CACHE_LIMIT = 512;
const parseCache = new Map<string, IisCertificateValue>();
const issueCache = new Map<string, CertificateIssue[]>();
const messageCache = new Map<string, string>();
// One read-only data object per status: a host file can have thousands of findings that carry nothing else.
const statusData = new Map<string, Readonly<{ status: string }>>();
const NEVER_MATCHES = 'Until it is fixed this mapping never matches, and a client presenting the certificate is not logged on by it (401.2 when nothing else authenticates the request).';

export const iisAuth008MappedCertificate: Rule = {
  code: 'IIS-AUTH-008',
  title: 'One-to-one mapping certificate that cannot match',
  severity: 'error',
  docUrl: findElementSchema(`${MAPPING_SECTION}/oneToOneMappings/add`)!.docUrl,
  check(context) {
    for (const entry of mappingEntries(context.file)) {
      if (entry.kind !== 'oneToOne') continue;
      const attribute = entry.element.attribute('certificate');
      if (!attribute) continue;
      const span = valueSpan(attribute);
      // Remembering a value costs a hash of its 2 KB; worth it only when reading it means an ASN.1 parse.
      const parsed = cheapToRead(attribute.value)
        ? parseIisCertificateAttribute(attribute.value)
        : cached(parseCache, attribute.value, () => parseIisCertificateAttribute(attribute.value));

      if (parsed.status !== 'ok') {
        const elided = parsed.status === 'elided';
        context.report({
          span,
          severity: elided ? 'information' : 'error',
          // One string per distinct reason, not one per mapping: thousands of findings live until printed.
          message: cached(messageCache, parsed.message, () => `${parsed.message} ${NEVER_MATCHES}`),
          data: parsed.fixedValue ? { status: parsed.status, fixedValue: parsed.fixedValue } : cached(statusData, parsed.status, () => Object.freeze({ status: parsed.status })),
        });
      }
      if (!parsed.certificate) continue;

      // Validity depends on the clock; a minute's resolution keeps the cache useful while typing.
      const minute = Math.floor(context.now.getTime() / 60000);
      const issues = cached(issueCache, `${minute}|${attribute.value}`, () => checkCertificateForMapping(parsed.certificate!, context.now));
      for (const issue of issues) {
        context.report({ span, severity: issue.severity, message: issue.message, data: { issue: issue.kind } });
      }
    }
  },
};

/** The value's first bytes already show it holds nothing an ASN.1 reader would look into. */
function cheapToRead(value: string): boolean {
  return decodeBase64Prefix(value, HEADER) && headerCannotBeKnownDer(HEADER);
}

// The first nine bytes (twelve characters) of the value being looked at; reused for every value.
const HEADER = new Uint8Array(9);

function cached<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(detachedString(key), value);
  return value;
}
