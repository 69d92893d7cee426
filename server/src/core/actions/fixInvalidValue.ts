// A value or attribute name IIS cannot read (IIS-AUTH-011, 500.19) becomes the valid spelling, but
// only when the intent is unambiguous: a typo close to exactly one keyword, a documented enum number,
// an attribute name that differs only in letter case. `yes`, `1` or `on` for a boolean are left to
// the author: IIS accepts true/false in any case, and guessing what `yes` meant is not a repair.
import { findAttributeSchema, findElementSchema, type AttributeSchema } from '../knowledge/schema';
import { closestMatch, editDistance } from '../text/closestMatch';
import type { XmlAttribute, XmlElement } from '../xml/document';
import { fileEdit, quickFix, type ActionProvider } from './codeAction';
import { escapeAttributeValue, minimalReplace, replaceAttributeValue } from './edits';
import { attributeAt } from './locate';

const AMBIGUOUS_BOOLEANS = new Set(['yes', 'no', 'on', 'off', '1', '0', 'y', 'n']);

/** The one candidate a word is a typo of; undefined when none is close or two are equally close. */
export function unambiguousMatch(word: string, candidates: readonly string[]): string | undefined {
  const best = closestMatch(word, candidates);
  if (!best || best.toLowerCase() === word.trim().toLowerCase()) return best;
  const distance = editDistance(word.trim(), best);
  return candidates.filter((c) => editDistance(word.trim(), c) === distance).length === 1 ? best : undefined;
}

export const fixInvalidValue: ActionProvider = ({ file, finding }) => {
  const hit = attributeAt(file, finding.range);
  if (!hit) return [];
  const { element, attribute } = hit;
  const offset = file.xml.lines.offsetAt(finding.range.start);
  if (offset >= attribute.nameSpan.start && offset < attribute.nameSpan.end) return renameAttribute(element, attribute, file, finding);

  const schema = findAttributeSchema(element.path, attribute.name);
  if (!schema) return [];
  const replacement = repairedValue(schema, attribute.value);
  if (replacement !== undefined) {
    return [quickFix(finding, `Change "${attribute.value.trim()}" to "${replacement}"`, fileEdit(file, [replaceAttributeValue(attribute, replacement)]), true)];
  }
  if (schema.type === 'flags' && attribute.rawValue === attribute.value) {
    // One keyword of a list: the finding's range is that keyword.
    const start = offset - attribute.valueSpan.start;
    const end = file.xml.lines.offsetAt(finding.range.end) - attribute.valueSpan.start;
    const token = attribute.rawValue.slice(start, end);
    const keyword = unambiguousMatch(token, (schema.values ?? []).map((v) => v.name));
    if (!keyword || start < 0 || token === '') return [];
    const span = { start: attribute.valueSpan.start + start, end: attribute.valueSpan.start + end };
    return [quickFix(finding, `Change "${token}" to "${keyword}"`, fileEdit(file, [minimalReplace(span, token, escapeAttributeValue(keyword, attribute.quote))]), true)];
  }
  return [];
};

function repairedValue(schema: AttributeSchema, value: string): string | undefined {
  const trimmed = value.trim();
  if (schema.type === 'bool') {
    if (AMBIGUOUS_BOOLEANS.has(trimmed.toLowerCase())) return undefined;
    const match = unambiguousMatch(trimmed, ['true', 'false']);
    // IIS reads booleans case-insensitively: `True` is no finding, so a match differs by more than case.
    return match && match !== value ? match : undefined;
  }
  if (schema.type === 'enum') {
    const values = schema.values ?? [];
    if (/^\d+$/.test(trimmed)) return values.find((v) => v.value === Number(trimmed))?.name;
    const match = unambiguousMatch(trimmed, values.map((v) => v.name));
    return match && match !== value ? match : undefined;
  }
  return undefined;
}

function renameAttribute(element: XmlElement, attribute: XmlAttribute, file: Parameters<ActionProvider>[0]['file'], finding: Parameters<ActionProvider>[0]['finding']) {
  const schema = findElementSchema(element.path);
  if (!schema || findAttributeSchema(schema, attribute.name)) return [];
  const caseOnly = findAttributeSchema(schema, attribute.name, { ignoreCase: true })?.name;
  const name = caseOnly ?? unambiguousMatch(attribute.name, schema.attributes.map((a) => a.name));
  // Renaming onto an attribute the element already has would make the XML itself invalid.
  if (!name || element.attribute(name)) return [];
  const edit = fileEdit(file, [minimalReplace(attribute.nameSpan, attribute.name, name)]);
  return [quickFix(finding, `Rename ${attribute.name} to ${name}`, edit, caseOnly !== undefined)];
}
