// A one-to-one mapping's certificate pasted with its PEM armour or wrapped over several lines: IIS
// compares the value as text, so it becomes the single line of base64 DER that IIS-AUTH-008 read out
// of it. Not offered when another entry of the collection already holds that certificate, which
// would turn one error into a duplicate key (500.19).
import { fileEdit, quickFix, type ActionProvider } from './codeAction';
import { replaceAttributeRaw } from './edits';
import { namedAttributeAt } from './locate';

const REPAIRABLE = new Set(['pem-armour', 'whitespace']);

export const normalizeCertificate: ActionProvider = ({ file, finding }) => {
  const status = finding.data?.status;
  const fixed = finding.data?.fixedValue;
  if (typeof status !== 'string' || !REPAIRABLE.has(status) || typeof fixed !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(fixed)) return [];
  const hit = namedAttributeAt(file, finding.range, 'certificate');
  if (!hit || hit.attribute.value === fixed) return [];
  const siblings = hit.element.parent?.elements('add') ?? [];
  if (siblings.some((entry) => entry !== hit.element && entry.get('certificate') === fixed)) return [];
  const title = status === 'pem-armour' ? 'Remove the PEM armour: keep the certificate as one line of base64' : 'Join the certificate into one line of base64';
  return [quickFix(finding, title, fileEdit(file, [replaceAttributeRaw(hit.attribute, fixed)]), true)];
};
