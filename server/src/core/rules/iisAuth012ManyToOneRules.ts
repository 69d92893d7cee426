import { oidForSubField } from '../certificate/distinguishedName';
import { NAME_ATTRIBUTES } from '../certificate/oidNames';
import { findElementSchema } from '../knowledge/schema';
import { closestMatch } from '../text/closestMatch';
import type { XmlElement } from '../xml/document';
import { describeMapping, isFalse, isTransformFile, MAPPING_COLLECTIONS, MAPPING_SECTION, mappingEntries, valueSpan } from './authSections';
import type { Rule } from './rule';

// Many-to-one mappings match a certificate when every rule of the mapping matches one sub-field of
// its subject or issuer; matchCriteria takes `*` as a wildcard (IIS 6 "wildcard rules", carried over to
// IIS 7's manyToOneMappings). Sub-fields are the name parts Windows prints in a distinguished name:
// the reference page lists CN, OU, O, L, S, C; Windows also prints E, DC, STREET, G, SN, T, … (the
// certificate module's name table, shared with the certificate hover). A name part no certificate
// carries never matches, so the mapping never applies.

const SUB_FIELD_NAMES = NAME_ATTRIBUTES.map((a) => a.shortName);

export const iisAuth012ManyToOneRules: Rule = {
  code: 'IIS-AUTH-012',
  title: 'Many-to-one rules that match everything or nothing',
  severity: 'warning',
  docUrl: findElementSchema(`${MAPPING_SECTION}/manyToOneMappings/add/rules/add`)!.docUrl,
  check(context) {
    const transform = isTransformFile(context.file);
    for (const entry of mappingEntries(context.file)) {
      if (entry.kind !== 'manyToOne' || isFalse(entry.element.attribute('enabled'))) continue;
      // Mappings IIS skips are rule 007's; judging their rules too would only add noise.
      const section = entry.section.element;
      if (isFalse(section.attribute('enabled')) || isFalse(section.attribute(MAPPING_COLLECTIONS.manyToOne.switch))) continue;
      const { element } = entry;
      const rules = effectiveRules(element);
      const name = element.attribute('name');
      const anchor = name ? valueSpan(name) : element.nameSpan;

      if (rules.length === 0) {
        if (!transform) {
          context.report({
            span: anchor,
            message: `The ${describeMapping(entry)} has no rules: with no condition to check it cannot tell one certificate from another, so it either never applies or applies to every certificate the server trusts. Add <rules> that identify the certificates (e.g. Issuer O and Subject CN).`,
            data: { reason: 'noRules' },
          });
        }
        continue;
      }

      for (const rule of rules) {
        const subField = rule.attribute('certificateSubField');
        if (!subField || subField.value.trim() === '' || oidForSubField(subField.value)) continue;
        const suggestion = closestMatch(subField.value, SUB_FIELD_NAMES);
        context.report({
          span: valueSpan(subField),
          message: `"${subField.value}" is not a name part of a certificate (${SUB_FIELD_NAMES.slice(0, 7).join(', ')}, …): this rule never matches, so the ${describeMapping(entry)} never applies and its users get 401.2.${
            suggestion ? ` Did you mean ${suggestion}?` : ''
          }`,
          data: suggestion ? { suggestion } : undefined,
        });
      }

      const permission = (element.get('permissionMode') ?? 'Allow').trim().toLowerCase();
      const wildcards = rules.filter((r) => /^\*+$/.test((r.get('matchCriteria') ?? '').trim()));
      if (permission === 'allow' && wildcards.length === rules.length) {
        const user = element.get('userName');
        for (const rule of wildcards) {
          context.report({
            span: valueSpan(rule.attribute('matchCriteria')!),
            message: `Every rule of the ${describeMapping(entry)} is the wildcard "*": it matches every client certificate the server trusts, so anyone holding one logs on${
              user ? ` as "${user}"` : ''
            }. Match a specific issuer and subject instead.`,
            related: name ? [{ file: context.file, span: valueSpan(name), message: 'mapping that allows every trusted certificate' }] : undefined,
            data: { reason: 'matchesEverything' },
          });
        }
      }
    }
  },
};

/** The rule `<add>` elements left after `<clear/>` in every `<rules>` of a mapping. */
function effectiveRules(mapping: XmlElement): XmlElement[] {
  let rules: XmlElement[] = [];
  for (const container of mapping.elements('rules')) {
    for (const child of container.children) {
      if (child.name === 'clear') rules = [];
      else if (child.name === 'add') rules.push(child);
    }
  }
  return rules;
}
