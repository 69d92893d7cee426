import { findElementSchema, parseIisBool } from '../knowledge/schema';
import { effectiveSection, isBelowSiteLevel, resolveUrlPathOfScope } from '../effective/index';
import { mappingReadTarget, SECTION } from '../effective/authentication';
import type { ConfigSection } from '../model/configFile';
import type { XmlAttribute } from '../xml/document';
import { isTransformFile, valueSpan } from './authSections';
import type { Rule } from './rule';

// IIS has two certificate mapping modules: clientCertificateMappingAuthentication looks the
// certificate up in Active Directory, iisClientCertificateMappingAuthentication in the mappings of
// IIS's own configuration. Microsoft's "Map Client Certificates One-to-One (IIS 7)" says: "If you
// use IIS one-to-one certificate mapping, you cannot use Active Directory certificate mapping"
// (learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/cc771382(v=ws.10)),
// and the IIS Support Blog sub-application post's working setup enables the IIS mapping with the AD one disabled. Both enabled in the
// same scope is a warning; one of them enabled here while the other is inherited from an outer level
// (the Stack Overflow question 52743395's server-wide AD mapping) is information, since the split may be deliberate.

const SOURCE = 'https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/cc771382(v=ws.10)';

export const iisAuth006BothCertificateMappings: Rule = {
  code: 'IIS-AUTH-006',
  title: 'Active Directory and IIS certificate mapping both enabled',
  severity: 'warning',
  docUrl: findElementSchema(SECTION.adMapping)!.docUrl,
  check(context) {
    const { file, workspace } = context;
    if ((file.kind !== 'applicationHost' && file.kind !== 'web') || isTransformFile(file)) return;
    for (const scope of file.scopes) {
      const ad = enabledIn(scope.sections, SECTION.adMapping);
      const iis = enabledIn(scope.sections, SECTION.iisMapping);
      if (!ad && !iis) continue;
      const placement = resolveUrlPathOfScope(workspace, file, scope);
      // An IIS mapping below the site is ignored (IIS-AUTH-001), so it competes with nothing.
      if (isBelowSiteLevel(placement, scope) === true) continue;
      const target = placement.target;
      const effectiveAd = effectiveSection(workspace, target, SECTION.adMapping);
      const effectiveIis = effectiveSection(workspace, mappingReadTarget(target), SECTION.iisMapping);
      const adOn = parseIisBool(effectiveAd.attributes.get('enabled')?.value ?? 'false') === true;
      const iisOn = parseIisBool(effectiveIis.attributes.get('enabled')?.value ?? 'false') === true;
      if (!adOn || !iisOn) continue;
      const where = target.known ? (target.path ? `"${target.path}"` : 'the whole server') : 'this web.config';
      const data = { path: target.path, pathKnown: target.known, hostUri: target.host?.uri, disableSection: SECTION.adMapping, source: SOURCE };

      if (ad && iis) {
        context.report({
          span: valueSpan(ad),
          message: `Active Directory and IIS client certificate mapping are both enabled for ${where}. Both modules then try to map every client certificate, and Microsoft documents that IIS certificate mapping cannot be used together with Active Directory mapping. Turn off the one you do not use (enabled="false"); a working IIS mapping setup has the Active Directory one disabled.`,
          related: [{ file, span: valueSpan(iis), message: 'IIS client certificate mapping is enabled here too' }],
          data,
        });
        continue;
      }
      const own = ad ?? iis!;
      const other = ad ? effectiveIis.attributes.get('enabled') : effectiveAd.attributes.get('enabled');
      const otherName = ad ? 'IIS client certificate mapping' : 'Active Directory client certificate mapping';
      context.report({
        span: valueSpan(own),
        severity: 'information',
        message: `${ad ? 'Active Directory' : 'IIS'} client certificate mapping is enabled here while ${otherName} is enabled at an outer level, so both apply to ${where}. Microsoft documents that the two are not used together; turn off the one this path does not need.`,
        related: other?.attribute && other.section ? [{ file: other.section.scope.file, span: valueSpan(other.attribute), message: `${otherName} is enabled here` }] : [],
        data,
      });
    }
  },
};

function enabledIn(sections: ConfigSection[], path: string): XmlAttribute | undefined {
  for (const section of sections) {
    if (section.path !== path) continue;
    const enabled = section.element.attribute('enabled');
    if (enabled && parseIisBool(enabled.value) === true) return enabled;
  }
  return undefined;
}
