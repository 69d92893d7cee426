import { EKU_ANY_PURPOSE } from '../certificate/oidNames';
import { isoDate } from '../certificate/describeCertificate';
import {
  bindingValue,
  certificateName,
  describeCached,
  findCertificateByThumbprint,
  NETSH_ADD_SSLCERT_URL,
  siteBindingsServedBy,
  siteHttpsBindings,
  storeNamed,
  type HttpSysBinding,
  type SiteHttpsBinding,
  type StoreCertificate,
} from '../snapshot/index';
import type { CertificateDescription } from '../certificate/describeCertificate';
import { describeSiteBinding } from './snapshotContext';
import type { SnapshotRule, SnapshotRuleContext } from './snapshotRule';

// The certificate an HTTP.sys binding presents is looked up by its hash in the store it names
// (`Certificate Store Name`, default MY). When the snapshot holds that store's folder, a hash that is
// not there, or a certificate a browser refuses (expired, not yet valid, not for Server Authentication,
// not naming the host), is pointed out at the binding's Certificate Hash.

const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/** DNS names the certificate is valid for: SAN DNS entries, else the subject CN (as browsers did before SAN was required). */
function certificateHostNames(description: CertificateDescription): string[] {
  const dns = description.subjectAltNames.filter((n) => n.startsWith('DNS Name=')).map((n) => n.slice('DNS Name='.length).toLowerCase());
  if (dns.length > 0) return dns;
  return description.subject.parts.filter((p) => p.shortName === 'CN').map((p) => p.value.toLowerCase());
}

export function certificateNamesHost(description: CertificateDescription, host: string): boolean {
  return certificateHostNames(description).some((name) => {
    if (name === host) return true;
    if (!name.startsWith('*.')) return false;
    const rest = host.slice(host.indexOf('.') + 1);
    return host.includes('.') && rest === name.slice(2);
  });
}

export const iisAuth102ServerCertificate: SnapshotRule = {
  code: 'IIS-AUTH-102',
  title: 'HTTP.sys binding whose server certificate is missing or unusable',
  severity: 'error',
  docUrl: NETSH_ADD_SSLCERT_URL,
  check(context) {
    const { snapshot, workspace } = context;
    if (snapshot.httpSysBindings.length === 0 || snapshot.stores.length === 0) return;
    const siteBindings = siteHttpsBindings(workspace);
    for (const entry of snapshot.httpSysBindings) {
      if (!entry.certificateHash) continue;
      const storeName = bindingValue(entry, 'certificateStoreName') ?? 'My';
      const store = storeNamed(snapshot, storeName);
      if (!store) continue;
      const hashField = entry.known.certificateHash!;
      const certificate = findCertificateByThumbprint(snapshot, entry.certificateHash, storeName);
      if (!certificate) {
        context.report({
          at: { file: entry.file, span: hashField.valueSpan },
          message: `The certificate this binding presents (${entry.keyField.label} ${entry.endpoint}, hash ${entry.certificateHash}) is not in the snapshot's ${store.name} store (${store.certificates.length} certificate${store.certificates.length === 1 ? '' : 's'} there): HTTP.sys cannot load it and the TLS handshake fails (a connection error in the browser, no HTTP status). It was probably renewed or deleted: select the current certificate for the site binding in IIS Manager, or \`netsh http update sslcert\` with its thumbprint.`,
          related: [{ uri: `${store.uri}/`, message: `the ${store.name} store folder` }],
          data: { endpoint: entry.endpoint, hash: entry.certificateHash },
        });
        continue;
      }
      checkCertificate(context, entry, certificate, siteBindingsServedBy(snapshot, siteBindings, entry));
    }
  },
};

function checkCertificate(context: SnapshotRuleContext, entry: HttpSysBinding, stored: StoreCertificate, served: SiteHttpsBinding[]): void {
  const description = describeCached(stored.certificate, context.now);
  const at = { file: entry.file, span: entry.known.certificateHash!.valueSpan };
  const name = certificateName(description);
  const related = [{ uri: stored.uri, message: `${name} in the ${stored.store} store` }];
  const problems: string[] = [];
  if (description.validity.state === 'expired') problems.push(`it expired on ${isoDate(description.notAfter)}: browsers refuse the connection (NET::ERR_CERT_DATE_INVALID)`);
  if (description.validity.state === 'not-yet-valid') problems.push(`it is not valid before ${isoDate(description.notBefore)}: browsers refuse the connection until then`);
  const ekus = description.extendedKeyUsages;
  if (ekus && !ekus.some((e) => e.oid === EKU_SERVER_AUTH || e.oid === EKU_ANY_PURPOSE)) {
    problems.push(`its extended key usages (${ekus.map((e) => e.name).join(', ') || 'none'}) lack Server Authentication: browsers refuse it for a web site`);
  }
  for (const problem of problems) {
    context.report({ at, message: `The server certificate ${name} of ${entry.keyField.label} ${entry.endpoint}: ${problem}. Renew it and update the binding.`, related, data: { endpoint: entry.endpoint } });
  }
  for (const binding of served) {
    const host = binding.host || (entry.kind === 'hostnameport' ? entry.host : undefined);
    if (!host || certificateNamesHost(description, host)) continue;
    context.report({
      at,
      severity: 'warning',
      message: `The server certificate ${name} of ${entry.keyField.label} ${entry.endpoint} does not name '${host}', the host of ${describeSiteBinding(binding)} (it names ${certificateHostNames(description).join(', ') || 'no host'}): browsers warn (NET::ERR_CERT_COMMON_NAME_INVALID) before any request reaches IIS.`,
      related: [...related, { file: binding.file, span: binding.span, message: describeSiteBinding(binding) }],
      data: { endpoint: entry.endpoint, host },
    });
  }
}
