import {
  findAttributeSchema,
  findElementSchema,
  findEnumValue,
  parseIisBool,
  SCHEMA_SECTIONS,
  type AttributeSchema,
  type ElementSchema,
} from '../knowledge/schema';
import { closestMatch } from '../text/closestMatch';
import type { XmlAttribute, XmlElement } from '../xml/document';
import { ACCESS_SECTION, AUTHENTICATION_GROUP, isTransformFile, securitySections, valueSpan } from './authSections';
import type { Rule, RuleContext } from './rule';

// IIS validates every attribute and element of a section against IIS_schema.xml when it reads the
// section; anything it does not recognise fails the read ("Attribute validation is done when parsing the
// XML ... If validation fails, it fails the desired operation", Introduction to ApplicationHost.config),
// which a browser sees as HTTP 500.19. Element and attribute names are matched exactly (IIS's 500.19 page
// says "attribute names are case-sensitive"); bool, enum and flags values are read case-insensitively
// (knowledge/schema.ts). `<access sslFlags>` has its own rule (003).
//
// Attributes the configuration system itself defines on every element (locking, configSource,
// configProtectionProvider) and namespaced ones (xdt:Transform, xmlns:xdt in transform files) are not
// part of a section's schema and are always accepted.
const SYSTEM_ATTRIBUTES = new Set([
  'lockAttributes',
  'lockAllAttributesExcept',
  'lockElements',
  'lockAllElementsExcept',
  'lockItem',
  'configSource',
  'configProtectionProvider',
  'xmlns',
]);

// IIS_schema.xml gives these keys validationType="nonEmptyString": an empty value fails the read.
const NON_EMPTY_KEYS = new Set(['manyToOneMappings/add@name', 'extendedProtection/spn@name']);

const BOOL_WORDS: Record<string, 'true' | 'false'> = { yes: 'true', on: 'true', '1': 'true', no: 'false', off: 'false', '0': 'false' };

export const iisAuth011InvalidValues: Rule = {
  code: 'IIS-AUTH-011',
  title: 'Invalid names and values in the access and authentication sections',
  severity: 'error',
  docUrl: 'https://learn.microsoft.com/iis/configuration/system.webserver/security/authentication/',
  check(context) {
    const transform = isTransformFile(context.file);
    let declared: Set<string> | undefined;
    for (const section of securitySections(context.file)) {
      const schema = findElementSchema(section.path);
      if (!schema) {
        if (!section.path.startsWith(`${AUTHENTICATION_GROUP}/`)) continue;
        // A custom section declared in some <configSections> of the workspace is not IIS's to reject.
        declared ??= declaredSections(context);
        if (!declared.has(section.path.toLowerCase())) reportUnknownSection(context, section.element);
        continue;
      }
      visit(context, section.element, schema, transform);
    }
  },
};

function declaredSections(context: RuleContext): Set<string> {
  const paths = new Set<string>();
  for (const file of [context.file, ...context.workspace.files()]) {
    for (const path of file.declarations.keys()) paths.add(path.toLowerCase());
  }
  return paths;
}

function reportUnknownSection(context: RuleContext, element: XmlElement): void {
  const known = SCHEMA_SECTIONS.filter((p) => p.startsWith(`${AUTHENTICATION_GROUP}/`)).map((p) => p.slice(AUTHENTICATION_GROUP.length + 1));
  const suggestion = closestMatch(element.name, known);
  context.report({
    span: element.nameSpan,
    message: `<${element.name}> is not an IIS authentication section: IIS reports "Unrecognized configuration section" and answers requests with HTTP 500.19.${suggestion ? ` Did you mean <${suggestion}>?` : ''}`,
    data: suggestion ? { suggestion } : undefined,
  });
}

function visit(context: RuleContext, element: XmlElement, schema: ElementSchema, transform: boolean): void {
  for (const attribute of element.attributes) checkAttribute(context, element, schema, attribute);

  // An encrypted section holds <EncryptedData> instead of its settings; nothing more to check.
  if (element.attribute('configProtectionProvider')) return;

  if (!transform) {
    for (const attribute of schema.attributes) {
      if (!attribute.required || attribute.default !== undefined || element.attribute(attribute.name)) continue;
      context.report({
        span: element.nameSpan,
        message: `<${element.name}> lacks the required attribute ${attribute.name}: IIS cannot read the section and answers requests with HTTP 500.19.`,
        data: { missing: attribute.name },
      });
    }
  }

  for (const child of element.children) {
    if (schema.children.includes(child.name)) {
      const childSchema = findElementSchema(`${schema.path}/${child.name}`);
      if (childSchema) visit(context, child, childSchema, transform);
      continue;
    }
    const suggestion = closestMatch(child.name, schema.children);
    const allowed = schema.children.length ? `<${schema.name}> accepts ${schema.children.map((c) => `<${c}>`).join(', ')}.` : `<${schema.name}> has no child elements.`;
    context.report({
      span: child.nameSpan,
      message: `Unrecognized element <${child.name}> inside <${schema.name}>: IIS cannot read the section and answers requests with HTTP 500.19. ${
        suggestion ? `Did you mean <${suggestion}>? ` : ''
      }${allowed}`,
      data: suggestion ? { suggestion } : undefined,
    });
  }
}

function checkAttribute(context: RuleContext, element: XmlElement, schema: ElementSchema, attribute: XmlAttribute): void {
  const name = attribute.name;
  if (SYSTEM_ATTRIBUTES.has(name) || name.includes(':')) return;
  const attributeSchema = findAttributeSchema(schema, name);
  if (!attributeSchema) {
    const caseOnly = findAttributeSchema(schema, name, { ignoreCase: true });
    const suggestion = caseOnly?.name ?? closestMatch(name, schema.attributes.map((a) => a.name));
    const hint = caseOnly
      ? ` Attribute names are case-sensitive: write ${caseOnly.name}.`
      : suggestion
        ? ` Did you mean ${suggestion}?`
        : schema.attributes.length
          ? ` <${schema.name}> accepts ${schema.attributes.map((a) => a.name).join(', ')}.`
          : '';
    context.report({
      span: attribute.nameSpan,
      message: `Unrecognized attribute ${name} on <${element.name}>: IIS cannot read the section and answers requests with HTTP 500.19.${hint}`,
      data: suggestion ? { suggestion } : undefined,
    });
    return;
  }
  if (schema.path === ACCESS_SECTION && name === 'sslFlags') return;
  checkValue(context, element, schema, attributeSchema, attribute);
}

function checkValue(context: RuleContext, element: XmlElement, schema: ElementSchema, attributeSchema: AttributeSchema, attribute: XmlAttribute): void {
  const value = attribute.value;
  const span = valueSpan(attribute);
  const where = `${attribute.name} on <${element.name}>`;
  switch (attributeSchema.type) {
    case 'bool': {
      if (parseIisBool(value) !== undefined) return;
      const suggestion = BOOL_WORDS[value.trim().toLowerCase()] ?? closestMatch(value, ['true', 'false']);
      context.report({
        span,
        message: `"${value}" is not a valid value for ${where}: IIS accepts only true or false and answers requests with HTTP 500.19.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
        data: suggestion ? { suggestion } : { validValues: ['true', 'false'] },
      });
      return;
    }
    case 'enum': {
      if (findEnumValue(attributeSchema, value)) return;
      const names = (attributeSchema.values ?? []).map((v) => v.name);
      const numeric = /^\s*\d+\s*$/.test(value) ? attributeSchema.values?.find((v) => v.value === Number(value)) : undefined;
      if (numeric) {
        context.report({
          span,
          severity: 'information',
          message: `${where} is documented with keywords: write ${numeric.name} instead of ${value.trim()}.`,
          data: { suggestion: numeric.name },
        });
        return;
      }
      const suggestion = closestMatch(value, names);
      context.report({
        span,
        message: `"${value}" is not a valid value for ${where}: IIS cannot read the section and answers requests with HTTP 500.19. ${
          suggestion ? `Did you mean ${suggestion}? ` : ''
        }Valid values: ${names.join(', ')}.`,
        data: suggestion ? { suggestion } : { validValues: names },
      });
      return;
    }
    case 'flags': {
      const names = (attributeSchema.values ?? []).map((v) => v.name);
      let offset = 0;
      for (const item of value.split(',')) {
        const token = item.trim();
        const start = attribute.valueSpan.start + offset + item.indexOf(token);
        offset += item.length + 1;
        if (token === '' || findEnumValue(attributeSchema, token)) continue;
        const suggestion = closestMatch(token, names);
        context.report({
          span: attribute.rawValue === value ? { start, end: start + token.length } : span,
          message: `"${token}" is not a valid keyword for ${where}: IIS cannot read the section and answers requests with HTTP 500.19. ${
            suggestion ? `Did you mean ${suggestion}? ` : ''
          }Valid keywords, separated by commas: ${names.join(', ')}.`,
          data: suggestion ? { suggestion } : { validValues: names },
        });
      }
      return;
    }
    case 'uint': {
      if (/^\s*\d+\s*$/.test(value)) return;
      context.report({ span, message: `"${value}" is not a number, which ${where} needs: IIS cannot read the section (HTTP 500.19).` });
      return;
    }
    case 'string': {
      const key = `${schema.path.split('/').slice(-2).join('/')}@${attribute.name}`;
      if (NON_EMPTY_KEYS.has(key) && value.trim() === '') {
        context.report({
          span,
          message: `${where} must not be empty: IIS cannot read the section and answers requests with HTTP 500.19.`,
        });
      }
      return;
    }
    default:
      return;
  }
}
