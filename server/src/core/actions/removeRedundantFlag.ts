// sslFlags items that change nothing or that IIS's schema may refuse: a repeated keyword, an empty
// item between commas, SslMapCert (IIS-AUTH-003 gives the value without them).
import { fileEdit, quickFix, type ActionProvider } from './codeAction';
import { replaceAttributeRaw } from './edits';
import { sslFlagsTarget, tokenAt } from './sslFlagsTarget';

export const removeRedundantFlag: ActionProvider = ({ file, finding }) => {
  const target = sslFlagsTarget(file, finding);
  if (!target?.fixedValue) return [];
  const edit = fileEdit(file, [replaceAttributeRaw(target.attribute, target.fixedValue)]);
  const duplicate = tokenAt(target.parsed.duplicates, target.span);
  if (duplicate) return [quickFix(finding, `Remove the repeated ${duplicate.flag!.name}`, edit, true)];
  const token = tokenAt(target.parsed.flags, target.span);
  if (token?.flag?.name === 'SslMapCert') return [quickFix(finding, 'Remove SslMapCert from sslFlags', edit, true)];
  if (!token && target.parsed.emptyItems.length > 0 && !tokenAt(target.parsed.unknown, target.span)) {
    return [quickFix(finding, 'Remove the empty item from sslFlags', edit, true)];
  }
  return [];
};
