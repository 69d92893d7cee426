// sslFlags keyword IIS does not know: a misspelling becomes the closest keyword, space-separated
// keywords get their commas, a bare number becomes its keywords. IIS-AUTH-003 computes the value.
import { fileEdit, quickFix, type ActionProvider } from './codeAction';
import { replaceAttributeRaw } from './edits';
import { sslFlagsTarget, tokenAt } from './sslFlagsTarget';

export const fixSslFlagSpelling: ActionProvider = ({ file, finding }) => {
  const target = sslFlagsTarget(file, finding);
  if (!target?.fixedValue) return [];
  const edit = fileEdit(file, [replaceAttributeRaw(target.attribute, target.fixedValue)]);
  const suggestion = typeof finding.data?.suggestion === 'string' ? finding.data.suggestion : undefined;
  if (target.parsed.numericValue !== undefined) {
    return [quickFix(finding, `Write sslFlags as keywords: "${target.fixedValue}"`, edit, true)];
  }
  const unknown = tokenAt(target.parsed.unknown, target.span);
  if (!unknown || !suggestion) return [];
  return [quickFix(finding, `Change "${unknown.text}" to "${suggestion}"`, edit, true)];
};
