import {
  bindingValue,
  certificateName,
  describeCached,
  dwordOf,
  storeNamed,
  type CertificateStore,
  type ServerSnapshot,
} from '../snapshot/index';
import type { SnapshotRule, SnapshotRuleContext, SnapshotSpot } from './snapshotRule';

// With SendTrustedIssuerList 1 the server lists, in its certificate request, the subject names of the
// CAs it trusts: the binding's Ctl Store Name store, else Client Authentication Issuers, else Trusted
// Root. SChannel caps that list at 16 KB; beyond it the list is cut (SChannel event 36885) and clients
// whose CA fell off offer no certificate: 403.7 (Client Certificate revisited… How to troubleshoot
// client certificate related issues, https://blogs.msdn.microsoft.com/saurabh_singh/2007/06/09/client-certificate-revisited-how-to-troubleshoot-client-certificate-related-issues/).
// Separately, a certificate in Trusted Root that is not self-signed breaks client-certificate
// authentication on IIS 8 and later: 403.16, or 403.7 when the issuer list is sent (KB 2802568).

export const TLS_REGISTRY_DOC_URL = 'https://learn.microsoft.com/windows-server/security/tls/tls-registry-settings';
const KB_2802568 =
  'HTTP Error 403.7 or 403.16 when you try to access a website that is hosted on IIS 8.0 (KB 2802568), https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-authentication-authorization/errors-403-7-reject-client-certificate-rquest';

/** SChannel's limit for the trusted issuer list (Windows Server 2008 R2 and later). */
export const ISSUER_LIST_LIMIT_BYTES = 16 * 1024;

/** Bytes the store's CA names take in a TLS CertificateRequest: each DER-encoded name plus its 2-byte length. */
export function issuerListBytes(store: CertificateStore): number {
  let total = 0;
  for (const certificate of store.certificates) total += 2 + certificate.certificate.cert.subject.toSchema().toBER(false).byteLength;
  return total;
}

/** The stores issuer lists are drawn from, each with the HTTP.sys bindings that use it. */
function issuerListStores(snapshot: ServerSnapshot): Map<CertificateStore, string[]> {
  const result = new Map<CertificateStore, string[]>();
  const fallback = storeNamed(snapshot, 'ClientAuthIssuer') ?? storeNamed(snapshot, 'Root');
  const add = (store: CertificateStore | undefined, endpoint: string) => {
    if (!store) return;
    const list = result.get(store) ?? [];
    list.push(endpoint);
    result.set(store, list);
  };
  for (const entry of snapshot.httpSysBindings) {
    const ctl = bindingValue(entry, 'ctlStoreName');
    add(ctl ? storeNamed(snapshot, ctl) : fallback, `${entry.keyField.label} ${entry.endpoint}`);
  }
  if (snapshot.httpSysBindings.length === 0) add(fallback, 'every binding');
  return result;
}

export const iisAuth104TrustedIssuerList: SnapshotRule = {
  code: 'IIS-AUTH-104',
  title: 'Trusted issuer list over 16 KB, or a non-self-signed certificate in Trusted Root',
  severity: 'warning',
  docUrl: TLS_REGISTRY_DOC_URL,
  check(context) {
    const { snapshot } = context;
    const sendValue = snapshot.schannel.sendTrustedIssuerList;
    const sendsList = dwordOf(sendValue) === 1;
    if (sendValue && sendsList) {
      for (const [store, endpoints] of issuerListStores(snapshot)) {
        const bytes = issuerListBytes(store);
        if (bytes <= ISSUER_LIST_LIMIT_BYTES) continue;
        context.report({
          at: { file: sendValue.key.file, span: sendValue.span },
          message: `SendTrustedIssuerList is 1 and the issuer list drawn from the ${store.name} store (${store.certificates.length} CA names, ${bytes.toLocaleString('en-US')} bytes) is over SChannel's 16 KB: it is truncated (SChannel event 36885), and clients whose CA is cut off offer no certificate: 403.7. Set SendTrustedIssuerList to 0 (browsers then offer every certificate), or give the binding a small Ctl Store Name store (e.g. ClientAuthIssuer) with only the CAs that issue client certificates. Used by: ${endpoints.join(', ')}.`,
          related: [{ uri: `${store.uri}/`, message: `the ${store.name} store folder` }],
          data: { store: store.name, bytes },
        });
      }
    }
    reportNonSelfSignedRoots(context, sendsList, sendValue ? { file: sendValue.key.file, span: sendValue.span } : undefined);
  },
};

function reportNonSelfSignedRoots(context: SnapshotRuleContext, sendsList: boolean, registrySpot: SnapshotSpot | undefined): void {
  const root = storeNamed(context.snapshot, 'Root');
  if (!root) return;
  const status = sendsList ? '403.7 (the issuer list is sent)' : '403.16';
  for (const certificate of root.certificates) {
    if (certificate.selfIssued) continue;
    const name = certificateName(describeCached(certificate.certificate, context.now));
    context.report({
      at: { uri: certificate.uri },
      message: `${name} in Trusted Root (LocalMachine\\Root) is not self-signed (issued by ${certificate.issuer.text}): with such a certificate there, client-certificate authentication on IIS 8 and later fails with ${status} (${KB_2802568}). Move it to Intermediate Certification Authorities (LocalMachine\\CA).`,
      related: registrySpot ? [{ ...registrySpot, message: 'SendTrustedIssuerList' }] : undefined,
      data: { thumbprint: certificate.thumbprint },
    });
  }
}
