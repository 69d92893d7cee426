// `None` is the absence of every flag; beside other flags it only confuses the reader (IIS-AUTH-003).
import { fileEdit, quickFix, type ActionProvider } from './codeAction';
import { replaceAttributeRaw } from './edits';
import { sslFlagsTarget, tokenAt } from './sslFlagsTarget';

export const removeNoneFlag: ActionProvider = ({ file, finding }) => {
  const target = sslFlagsTarget(file, finding);
  if (!target?.fixedValue) return [];
  const token = tokenAt(target.parsed.flags, target.span);
  if (token?.flag?.name !== 'None' || target.parsed.flags.length < 2) return [];
  return [quickFix(finding, 'Remove None from sslFlags', fileEdit(file, [replaceAttributeRaw(target.attribute, target.fixedValue)]), true)];
};
