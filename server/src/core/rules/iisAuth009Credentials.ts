import { sectionsNamed } from '../model/configFile';
import { findElementSchema } from '../knowledge/schema';
import type { XmlAttribute, XmlElement } from '../xml/document';
import {
  ANONYMOUS_SECTION,
  describeMapping,
  isDeploymentPlaceholder,
  isEncryptedValue,
  isFalse,
  isTransformFile,
  MAPPING_SECTION,
  mappingEntries,
  valueSpan,
} from './authSections';
import type { Rule, RuleContext } from './rule';

// Credentials in the authentication sections. The password attributes are `encrypted="true"` in
// IIS_schema.xml: IIS Manager and appcmd write them as `[enc:Provider:…:enc]`, and the schema's default
// `[enc:AesProvider::enc]` is the encrypted empty string. The account logon needs the password, so a
// mapping with a user but no password fails at logon (401.1). Never put a password value in a message,
// in `data` or anywhere else: findings only say which attribute holds it.

const BUILT_IN_ANONYMOUS = /^(?:(?:NT AUTHORITY|NT-AUTORITÄT|AUTORITE NT)\\)?IUSR$/i;

export const iisAuth009Credentials: Rule = {
  code: 'IIS-AUTH-009',
  title: 'Clear-text or missing credentials',
  severity: 'warning',
  docUrl: findElementSchema(`${MAPPING_SECTION}/oneToOneMappings/add`)!.docUrl,
  check(context) {
    const transform = isTransformFile(context.file);
    for (const entry of mappingEntries(context.file)) {
      const { element } = entry;
      const password = element.attribute('password');
      reportClearText(context, password, () => `the ${describeMapping(entry)}`);
      if (transform || isFalse(element.attribute('enabled'))) continue;
      if (entry.kind === 'manyToOne' && (element.get('permissionMode') ?? 'Allow').trim().toLowerCase() === 'deny') continue;

      const userName = element.attribute('userName');
      if (userName && userName.value.trim() === '' && entry.kind === 'manyToOne') {
        context.report({
          span: valueSpan(userName),
          severity: 'error',
          message: `The many-to-one mapping's userName is empty: IIS's schema requires a non-empty value here, so the section cannot be read and requests get HTTP 500.19. Name the account certificates are mapped to.`,
          data: { attribute: 'userName' },
        });
      } else if (!userName || userName.value.trim() === '') {
        context.report({
          span: mappingNameSpan(element),
          severity: 'warning',
          message: `The ${describeMapping(entry)} names no account (userName): a certificate it matches cannot be logged on as anyone, so the request ends in 401 (401.1 or 401.2). Add userName and password.`,
          data: { missing: 'userName' },
        });
      } else if (!hasPassword(password)) {
        context.report({
          span: valueSpan(userName),
          severity: 'warning',
          message: `The ${describeMapping(entry)} has a userName but no password: IIS logs the account on with the stored password, so the logon fails and requests end in 401.1. Set the password (IIS Manager or appcmd store it encrypted).`,
          data: { missing: 'password' },
        });
      }
    }

    for (const section of sectionsNamed(context.file, ANONYMOUS_SECTION)) {
      const password = section.element.attribute('password');
      reportClearText(context, password, () => 'the anonymous authentication account');
      if (transform) continue;
      const userName = section.element.attribute('userName');
      if (!userName || isFalse(section.element.attribute('enabled'))) continue;
      const user = userName.value.trim();
      if (user === '' || BUILT_IN_ANONYMOUS.test(user) || hasPassword(password)) continue;
      context.report({
        span: valueSpan(userName),
        severity: 'warning',
        message: `Anonymous requests run as "${user}" but no password is set for it: unlike the built-in IUSR, this account needs its password to log on, so anonymous requests end in 401.1. Set the password, or use userName="" to run as the application pool identity.`,
        data: { missing: 'password' },
      });
    }
  },
};

function reportClearText(context: RuleContext, password: XmlAttribute | undefined, owner: () => string): void {
  if (!password) return;
  const value = password.value;
  if (value.trim() === '' || isEncryptedValue(value) || isDeploymentPlaceholder(value)) return;
  context.report({
    span: valueSpan(password),
    severity: 'warning',
    message: `The password of ${owner()} is stored in clear text: anyone who can read this file can read it. IIS keeps it encrypted as [enc:…:enc] when it is set through IIS Manager or appcmd; set it that way and remove the clear text.`,
    data: { attribute: 'password', clearText: true },
  });
}

/** True when a non-empty password is present (encrypted empty `[enc:Provider::enc]` does not count). */
function hasPassword(password: XmlAttribute | undefined): boolean {
  if (!password) return false;
  const value = password.value.trim();
  if (value === '') return false;
  return !/^\[enc:[^:]*::enc\]$/.test(value);
}

function mappingNameSpan(element: XmlElement): { start: number; end: number } {
  const name = element.attribute('name');
  return name ? valueSpan(name) : element.nameSpan;
}
