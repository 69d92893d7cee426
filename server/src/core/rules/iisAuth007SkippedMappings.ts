import { findElementSchema } from '../knowledge/schema';
import { describeMapping, isFalse, MAPPING_COLLECTIONS, MAPPING_SECTION, mappingEntries, valueSpan } from './authSections';
import type { Rule } from './rule';

// Mappings the IIS client certificate mapping module never consults. The two switches default to
// true and `enabled` of an entry defaults to true (IIS_schema.xml, the section's reference page), so
// only values written as false count: a switch set at another level (server, site) is judged by the
// effective-configuration rules, not here. Fading the entries (tag `unnecessary`) shows what IIS skips.

export const iisAuth007SkippedMappings: Rule = {
  code: 'IIS-AUTH-007',
  title: 'Certificate mappings that IIS skips',
  severity: 'warning',
  docUrl: findElementSchema(MAPPING_SECTION)!.docUrl,
  check(context) {
    for (const entry of mappingEntries(context.file)) {
      const { element, section, kind } = entry;
      const collection = MAPPING_COLLECTIONS[kind];
      const switchAttribute = section.element.attribute(collection.switch);
      const sectionEnabled = section.element.attribute('enabled');
      const entryEnabled = element.attribute('enabled');

      if (isFalse(switchAttribute)) {
        context.report({
          span: element.span,
          severity: 'warning',
          message: `IIS skips this ${describeMapping(entry)}: ${collection.switch}="false" on this section turns ${collection.label} mappings off, so the certificates it lists are not mapped (without another way to log on, requests end in 401.2). Set ${collection.switch}="true" or remove the mapping.`,
          tags: ['unnecessary'],
          related: [{ file: context.file, span: valueSpan(switchAttribute!), message: `${collection.label} mappings are turned off here` }],
          data: { reason: 'collectionDisabled', switch: collection.switch },
        });
      } else if (isFalse(sectionEnabled)) {
        context.report({
          span: element.span,
          severity: 'information',
          message: `IIS skips this ${describeMapping(entry)}: the IIS client certificate mapping module is turned off on this section (enabled="false").`,
          tags: ['unnecessary'],
          related: [{ file: context.file, span: valueSpan(sectionEnabled!), message: 'certificate mapping is turned off here' }],
          data: { reason: 'sectionDisabled' },
        });
      } else if (isFalse(entryEnabled)) {
        context.report({
          span: element.span,
          severity: 'information',
          message: `IIS skips this ${describeMapping(entry)}: it is disabled (enabled="false"); certificates it lists are not mapped by it.`,
          tags: ['unnecessary'],
          data: { reason: 'entryDisabled' },
        });
      }
    }
  },
};
