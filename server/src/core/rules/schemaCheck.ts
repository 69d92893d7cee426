// One pass over every known section of a file (every scope: file level and each <location>),
// checking elements and attributes against the schema (knowledge/schema.ts: IIS's schema files with
// the hand-written authentication knowledge on top). Rules 011 (access and authentication sections)
// and 014 (every other section) report what it finds; the result is kept per parsed file.
//
// IIS validates a section against its schema when it reads it; anything it does not recognise fails
// the read ("Attribute validation is done when parsing the XML ... If validation fails, it fails the
// desired operation", IIS_schema.xml's header and Introduction to ApplicationHost.config), which a
// browser sees as HTTP 500.19. Element and attribute names are matched exactly (IIS's 500.19 page says
// "attribute names are case-sensitive"); bool, enum and flags values are read case-insensitively.
//
// Attributes the configuration system itself defines on every element (locking, configSource,
// configProtectionProvider) and namespaced ones (xdt:Transform, xmlns:xdt in transform files) are not
// part of a section's schema and are always accepted.
import {
  childElementSchema,
  findAttributeSchema,
  findElementSchema,
  findEnumValue,
  parseIisBool,
  requiredAttributes,
  type AttributeSchema,
  type ElementSchema,
} from '../knowledge/schema';
import type { ConfigFile, ConfigSection } from '../model/configFile';
import { closestMatch } from '../text/closestMatch';
import type { Severity, Span } from '../types';
import type { XmlAttribute, XmlElement } from '../xml/document';
import { ACCESS_SECTION, isDeploymentPlaceholder, isTransformFile, valueSpan } from './authSections';

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

const BOOL_WORDS: Record<string, 'true' | 'false'> = { yes: 'true', on: 'true', '1': 'true', no: 'false', off: 'false', '0': 'false' };

const NUMBER_LIMITS: Record<'uint' | 'int' | 'int64', [number, number]> = {
  uint: [0, 4294967295],
  int: [-2147483648, 2147483647],
  int64: [-9223372036854775808, 9223372036854775807],
};

export type SchemaFindingKind = 'unknownAttribute' | 'unknownElement' | 'invalidValue' | 'missingRequired';

export interface SchemaFinding {
  kind: SchemaFindingKind;
  section: ConfigSection;
  span: Span;
  message: string;
  /** Set when the finding is quieter than the rule's severity (a documented number instead of a keyword). */
  severity?: Severity;
  data?: Record<string, unknown>;
}

/** Sections IIS itself reads (its native configuration and its modules'), as opposed to the .NET Framework's. */
export function isIisSection(path: string): boolean {
  return path.startsWith('system.webServer/') || path.startsWith('system.applicationHost/') || !path.includes('/') && IIS_ROOT_SECTIONS.has(path);
}

const IIS_ROOT_SECTIONS = new Set(['webFarms', 'configPaths', 'moduleProviders', 'modules', 'administratorsProviders', 'administrators', 'configurationRedirection']);

const findingsByFile = new WeakMap<ConfigFile, SchemaFinding[]>();

/** What the schema says is wrong in the file's known sections (unknown sections are rule 015's). */
export function schemaFindings(file: ConfigFile): SchemaFinding[] {
  let found = findingsByFile.get(file);
  if (!found) {
    found = [];
    const transform = isTransformFile(file);
    for (const scope of file.scopes) {
      for (const section of scope.sections) {
        const schema = findElementSchema(section.path);
        if (schema?.kind !== 'section') continue;
        visit({ found, section, transform, fails: isIisSection(section.path) ? IIS_FAILS : DOTNET_FAILS }, section.element, schema);
      }
    }
    findingsByFile.set(file, found);
  }
  return found;
}

interface Walk {
  found: SchemaFinding[];
  section: ConfigSection;
  transform: boolean;
  /** What happens when the section cannot be read, for the messages. */
  fails: string;
}

const IIS_FAILS = 'IIS cannot read the section and answers requests with HTTP 500.19';
const DOTNET_FAILS = 'the .NET configuration system cannot read the section and ASP.NET answers with a configuration error (HTTP 500)';

// Index loops, here and below: a host file's every element passes through, most of them while the
// code is still interpreted, where each step of for…of allocates.
function visit(walk: Walk, element: XmlElement, schema: ElementSchema): void {
  const attributes = element.attributes;
  let settingsElsewhere = false;
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i];
    if (attribute.name === 'configSource' || attribute.name === 'configProtectionProvider') settingsElsewhere = true;
    if (!schema.openAttributes) {
      checkAttribute(walk, element, schema, attribute);
      continue;
    }
    const attributeSchema = findAttributeSchema(schema, attribute.name);
    if (attributeSchema) checkValue(walk, element, schema, attributeSchema, attribute);
  }

  // The settings live in another file, or an encrypted section holds <EncryptedData> instead of its
  // settings: nothing more to check here.
  if (settingsElsewhere) return;

  if (!walk.transform) {
    const required = requiredAttributes(schema);
    for (let i = 0; i < required.length; i++) {
      const attribute = required[i];
      if (element.attribute(attribute.name)) continue;
      walk.found.push({
        kind: 'missingRequired',
        section: walk.section,
        span: element.nameSpan,
        message: `<${element.name}> lacks the required attribute ${attribute.name}: ${walk.fails}.`,
        data: { missing: attribute.name },
      });
    }
  }

  const children = element.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    const childSchema = childElementSchema(schema, child.name);
    if (childSchema) {
      visit(walk, child, childSchema);
      continue;
    }
    const suggestion = closestMatch(child.name, schema.children);
    const allowed = schema.children.length ? `<${schema.name}> accepts ${schema.children.map((c) => `<${c}>`).join(', ')}.` : `<${schema.name}> has no child elements.`;
    walk.found.push({
      kind: 'unknownElement',
      section: walk.section,
      span: child.nameSpan,
      message: `Unrecognized element <${child.name}> inside <${schema.name}>: ${walk.fails}. ${
        suggestion ? `Did you mean <${suggestion}>? ` : ''
      }${allowed}`,
      data: suggestion ? { suggestion } : undefined,
    });
  }
}

function checkAttribute(walk: Walk, element: XmlElement, schema: ElementSchema, attribute: XmlAttribute): void {
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
    walk.found.push({
      kind: 'unknownAttribute',
      section: walk.section,
      span: attribute.nameSpan,
      message: `Unrecognized attribute ${name} on <${element.name}>: ${walk.fails}.${hint}`,
      data: suggestion ? { suggestion } : undefined,
    });
    return;
  }
  // `<access sslFlags>` has its own rule (003).
  if (schema.path === ACCESS_SECTION && name === 'sslFlags') return;
  checkValue(walk, element, schema, attributeSchema, attribute);
}

function report(walk: Walk, span: Span, message: string, data?: Record<string, unknown>, severity?: Severity): void {
  walk.found.push({ kind: 'invalidValue', section: walk.section, span, message, data, severity });
}

function checkValue(walk: Walk, element: XmlElement, schema: ElementSchema, attributeSchema: AttributeSchema, attribute: XmlAttribute): void {
  const value = attribute.value;
  // Most values are valid: the span and the words for a message are made only for one that is not.
  switch (attributeSchema.type) {
    case 'bool':
      if (parseIisBool(value) !== undefined) return;
      break;
    case 'enum':
      if (findEnumValue(attributeSchema, value)) return;
      break;
    case 'string': {
      const kind = attributeSchema.validation?.kind;
      if (kind === 'nonEmpty' ? value.trim() !== '' : kind !== 'trimmed' || value === value.trim()) return;
      break;
    }
    case 'uint':
    case 'int':
    case 'int64':
      if (isValidNumber(attributeSchema, attributeSchema.type, value)) return;
      break;
    case 'flags':
      if (areValidFlags(attributeSchema, value)) return;
      break;
    case 'timeSpan':
      break;
    default:
      return;
  }
  // A release pipeline replaces `#{Token}#` and its kind before IIS ever reads the file.
  if (isDeploymentPlaceholder(value)) return;
  const span = valueSpan(attribute);
  const where = `${attribute.name} on <${element.name}>`;
  switch (attributeSchema.type) {
    case 'bool': {
      const suggestion = BOOL_WORDS[value.trim().toLowerCase()] ?? closestMatch(value, ['true', 'false']);
      report(
        walk,
        span,
        `"${value}" is not a valid value for ${where}: only true or false are accepted; ${walk.fails}.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
        suggestion ? { suggestion } : { validValues: ['true', 'false'] },
      );
      return;
    }
    case 'enum': {
      const names = (attributeSchema.values ?? []).map((v) => v.name);
      const numeric = /^\s*\d+\s*$/.test(value) ? attributeSchema.values?.find((v) => v.value === Number(value)) : undefined;
      if (numeric) {
        report(walk, span, `${where} is documented with keywords: write ${numeric.name} instead of ${value.trim()}.`, { suggestion: numeric.name }, 'information');
        return;
      }
      const suggestion = closestMatch(value, names);
      report(
        walk,
        span,
        `"${value}" is not a valid value for ${where}: ${walk.fails}. ${
          suggestion ? `Did you mean ${suggestion}? ` : ''
        }Valid values: ${names.join(', ')}.`,
        suggestion ? { suggestion } : { validValues: names },
      );
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
        report(
          walk,
          attribute.rawValue === value ? { start, end: start + token.length } : span,
          `"${token}" is not a valid keyword for ${where}: ${walk.fails}. ${
            suggestion ? `Did you mean ${suggestion}? ` : ''
          }Valid keywords, separated by commas: ${names.join(', ')}.`,
          suggestion ? { suggestion } : { validValues: names },
        );
      }
      return;
    }
    case 'uint':
    case 'int':
    case 'int64':
      checkNumber(walk, attributeSchema, attributeSchema.type, value, span, where);
      return;
    case 'timeSpan':
      checkTimeSpan(walk, attributeSchema, value, span, where);
      return;
    case 'string': {
      const validation = attributeSchema.validation;
      if (validation?.kind === 'nonEmpty' && value.trim() === '') {
        report(walk, span, `${where} must not be empty: ${walk.fails}.`);
      } else if (validation?.kind === 'trimmed' && value !== value.trim()) {
        report(walk, span, `${where} must not start or end with spaces: ${walk.fails}.`, {
          suggestion: value.trim(),
        });
      }
      return;
    }
    default:
      return;
  }
}

/** Every comma-separated keyword is one of the attribute's (the test the 'flags' case below makes of each). */
function areValidFlags(attributeSchema: AttributeSchema, value: string): boolean {
  const items = value.split(',');
  for (let i = 0; i < items.length; i++) {
    const token = items[i].trim();
    if (token !== '' && !findEnumValue(attributeSchema, token)) return false;
  }
  return true;
}

/** The value passes every test checkNumber makes (the same patterns and limits), so nothing about it needs to be said. */
function isValidNumber(attributeSchema: AttributeSchema, type: 'uint' | 'int' | 'int64', value: string): boolean {
  const trimmed = value.trim();
  if (!(type === 'uint' ? UINT_PATTERN : INT_PATTERN).test(trimmed)) return false;
  const number = Number(trimmed);
  const limits = NUMBER_LIMITS[type];
  if (number < limits[0] || number > limits[1]) return false;
  const validation = attributeSchema.validation;
  if (validation?.kind !== 'range') return true;
  return (number >= validation.min && number <= validation.max) === !validation.exclude;
}

const UINT_PATTERN = /^\d+$/;
const INT_PATTERN = /^-?\d+$/;

function checkNumber(walk: Walk, attributeSchema: AttributeSchema, type: 'uint' | 'int' | 'int64', value: string, span: Span, where: string): void {
  const trimmed = value.trim();
  if (attributeSchema.allowInfinite && trimmed.toLowerCase() === 'infinite') return;
  const pattern = type === 'uint' ? UINT_PATTERN : INT_PATTERN;
  const [low, high] = NUMBER_LIMITS[type];
  const number = Number(trimmed);
  if (!pattern.test(trimmed)) {
    const kind = type === 'uint' ? 'a whole number, 0 or more' : 'a whole number';
    report(walk, span, `"${value}" is not a number, which ${where} needs (${kind}${attributeSchema.allowInfinite ? ', or Infinite' : ''}): ${walk.fails}.`);
    return;
  }
  if (number < low || number > high) {
    report(walk, span, `${trimmed} is out of range for ${where} (${low} to ${high}): ${walk.fails}.`);
    return;
  }
  const validation = attributeSchema.validation;
  if (validation?.kind !== 'range') return;
  const inside = number >= validation.min && number <= validation.max;
  if (inside === !validation.exclude) return;
  report(
    walk,
    span,
    validation.exclude
      ? `${trimmed} is not allowed for ${where}: values from ${validation.min} to ${validation.max} are refused; ${walk.fails}.`
      : `${trimmed} is out of range for ${where}, which accepts ${validation.min} to ${validation.max}: ${walk.fails}.`,
    { range: [validation.min, validation.max] },
  );
}

/** Seconds in a timeSpan as IIS writes it: `[-][d.]hh:mm[:ss[.fffffff]]`, or a bare day count. */
export function parseTimeSpan(text: string): number | undefined {
  const match = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(text.trim());
  if (!match) {
    if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 86400;
    return undefined;
  }
  const [, minus, days, hours, minutes, seconds, fraction] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59) return undefined;
  const total = Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds ?? 0) + Number(`0.${fraction ?? 0}`);
  return minus ? -total : total;
}

function checkTimeSpan(walk: Walk, attributeSchema: AttributeSchema, value: string, span: Span, where: string): void {
  const trimmed = value.trim();
  if (attributeSchema.allowInfinite && trimmed.toLowerCase() === 'infinite') return;
  const format = attributeSchema.timeSpanFormat ?? 'string';
  let seconds: number | undefined;
  if (format === 'string') seconds = parseTimeSpan(trimmed);
  else if (/^\d+$/.test(trimmed)) seconds = Number(trimmed) * (format === 'minutes' ? 60 : 1);
  if (seconds === undefined) {
    const expected = format === 'string' ? 'a time span such as 00:01:30 (hh:mm:ss, days as d.hh:mm:ss)' : `a number of ${format}`;
    report(walk, span, `"${value}" is not a valid value for ${where}: expected ${expected}${attributeSchema.allowInfinite ? ' or Infinite' : ''}; ${walk.fails}.`);
    return;
  }
  const validation = attributeSchema.validation;
  if (validation?.kind !== 'timeSpanRange') return;
  const inside = seconds >= validation.min && seconds <= validation.max;
  if (inside === !validation.exclude) {
    if (!validation.granularity || validation.granularity <= 1 || seconds % validation.granularity === 0) return;
    report(walk, span, `${where} must be a whole multiple of ${describeSeconds(validation.granularity)}, not "${trimmed}": ${walk.fails}.`);
    return;
  }
  report(
    walk,
    span,
    `"${trimmed}" is out of range for ${where}, which accepts ${describeSeconds(validation.min)} to ${describeSeconds(validation.max)}: ${walk.fails}.`,
    { range: [validation.min, validation.max] },
  );
}

function describeSeconds(total: number): string {
  if (total % 86400 === 0 && total >= 86400) return `${total / 86400} day${total === 86400 ? '' : 's'}`;
  if (total % 3600 === 0 && total >= 3600) return `${total / 3600} hour${total === 3600 ? '' : 's'}`;
  if (total % 60 === 0 && total >= 60) return `${total / 60} minute${total === 60 ? '' : 's'}`;
  return `${total} second${total === 1 ? '' : 's'}`;
}
