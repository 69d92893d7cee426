import {
  bindingValue,
  buildChain,
  certificateName,
  dwordOf,
  netshUpdateCommand,
  siteBindingsServedBy,
  siteHttpsBindings,
  storeNamed,
  IIS_APPLICATION_ID,
  nameKey,
  type HttpSysBinding,
  type CertificateStore,
} from '../snapshot/index';
import { asksForCertificate, pinnedCertificates, type PinnedCertificate } from './snapshotContext';
import type { SnapshotRule, SnapshotRuleContext, SnapshotSpot } from './snapshotRule';

// SCHANNEL's ClientAuthTrustMode 1 (Exclusive Root Trust) and 2 (Exclusive CA Trust) trust a client
// certificate only when it chains to a root (1) or a CA (2) in the store the HTTP.sys binding names
// as `Ctl Store Name`. IIS Manager drops that name whenever it re-creates the binding — a server
// certificate renewal is enough — and from then on no client certificate is trusted: 403.7 (HTTP error
// code 403 when logging on to IIS using client certificate after renewing web server certificate,
// https://www.gradenegger.eu/en/http-error-code-403-when-logging-on-to-internet-information-services-iis-with-client-certificate-despite-valid-client-certificate-after-renewal-of-server-certificate/).
// A named store that lacks the mapped certificates' root or CA fails the same way: 403.7 when the
// issuer list is sent (clients then offer nothing), 403.16 otherwise (KB 2802568).

export const TRUST_MODE_DOC_URL = 'https://learn.microsoft.com/windows-server/security/tls/what-s-new-in-tls-ssl-schannel-ssp-overview';
const KB_2802568 =
  'HTTP Error 403.7 or 403.16 when you try to access a website that is hosted on IIS 8.0 (KB 2802568), https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-authentication-authorization/errors-403-7-reject-client-certificate-rquest';
const MODE_NAMES: Record<number, string> = { 1: 'Exclusive Root Trust', 2: 'Exclusive CA Trust' };

export const iisAuth103ClientAuthTrustMode: SnapshotRule = {
  code: 'IIS-AUTH-103',
  title: 'ClientAuthTrustMode needs a Ctl Store Name that trusts the mapped certificates',
  severity: 'error',
  docUrl: TRUST_MODE_DOC_URL,
  check(context) {
    const { snapshot, workspace } = context;
    const modeValue = snapshot.schannel.clientAuthTrustMode;
    const mode = dwordOf(modeValue);
    if (!modeValue || (mode !== 1 && mode !== 2)) return;
    const sendsList = dwordOf(snapshot.schannel.sendTrustedIssuerList) === 1;
    const siteBindings = siteHttpsBindings(workspace);
    const pinned = pinnedCertificates(workspace);
    const modeSpot: SnapshotSpot & { message: string } = { file: modeValue.key.file, span: modeValue.span, message: `ClientAuthTrustMode = ${mode} (${MODE_NAMES[mode]})` };
    for (const entry of snapshot.httpSysBindings) {
      if (bindingValue(entry, 'applicationId')?.toLowerCase() !== IIS_APPLICATION_ID) continue;
      const served = siteBindingsServedBy(snapshot, siteBindings, entry);
      // With the sites' configuration at hand, only bindings of sites that ask for a certificate matter.
      if (siteBindings.length > 0 && !served.some((binding) => asksForCertificate(workspace, binding))) continue;
      const ctl = entry.known.ctlStoreName;
      if (!ctl) continue;
      if (ctl.isNull) {
        const command = netshUpdateCommand(entry, { sslctlstorename: 'ClientAuthIssuer' });
        context.report({
          at: { file: entry.file, span: ctl.span },
          message: `Ctl Store Name is (null) on ${entry.keyField.label} ${entry.endpoint} while SCHANNEL ClientAuthTrustMode is ${mode} (${MODE_NAMES[mode]}): no store is trusted for client certificates on this binding, so every client certificate is refused — 403.7${sendsList ? '' : ' (or 403.16)'}, typically right after the server certificate was renewed in IIS Manager, which drops the setting. Name the store that holds the trusted ${mode === 1 ? 'root' : 'issuing CA'} certificates again${command ? `:\n${command}` : ' with netsh http update sslcert … sslctlstorename=ClientAuthIssuer'}`,
          related: [modeSpot, ...served.map((b) => ({ file: b.file, span: b.span, message: `served by this HTTP.sys binding: site '${b.site.name}'` }))],
          data: { endpoint: entry.endpoint, ...(command ? { command } : {}) },
        });
        continue;
      }
      const store = storeNamed(snapshot, ctl.value);
      if (!store) continue;
      const siteNames = new Set(served.map((b) => b.site.name.toLowerCase()));
      const relevant = pinned.filter((certificate) => siteBindings.length === 0 || certificate.site === undefined || siteNames.has(certificate.site));
      const untrusted = relevant.filter((certificate) => !trustedBy(context, store, certificate, mode));
      if (untrusted.length > 0) reportUntrusted(context, entry, store, untrusted, mode, sendsList, modeSpot);
    }
  },
};

const storeSubjects = new WeakMap<CertificateStore, Set<string>>();

/** Mode 2: some CA of the chain is in the store; mode 1: its root is. An unknown root (incomplete chain) is IIS-AUTH-105's finding, not this one's. */
function trustedBy(context: SnapshotRuleContext, store: CertificateStore, pinned: PinnedCertificate, mode: 1 | 2): boolean {
  let subjects = storeSubjects.get(store);
  if (!subjects) storeSubjects.set(store, (subjects = new Set(store.certificates.map((c) => c.subjectKey))));
  const holds = (name: Parameters<typeof nameKey>[0]) => subjects.has(nameKey(name));
  const chain = buildChain(context.snapshot, pinned.certificate, context.now);
  if (mode === 2) return chain.elements.some((element) => holds(element.certificate.cert.issuer));
  if (!chain.complete) return true;
  return holds(chain.elements[chain.elements.length - 1].certificate.cert.subject);
}

const LISTED = 5;

function reportUntrusted(
  context: SnapshotRuleContext,
  entry: HttpSysBinding,
  store: CertificateStore,
  untrusted: PinnedCertificate[],
  mode: 1 | 2,
  sendsList: boolean,
  modeSpot: SnapshotSpot & { message: string },
): void {
  const names = untrusted.map((pinned) => {
    const leaf = certificateName(buildChain(context.snapshot, pinned.certificate, context.now).elements[0].description);
    return pinned.user ? `${leaf} of '${pinned.user}'` : leaf;
  });
  const listed = names.length === 1 ? `the mapped certificate ${names[0]}` : `${names.length} mapped certificates (${names.slice(0, LISTED).join(', ')}${names.length > LISTED ? ', …' : ''})`;
  const wanted = mode === 1 ? 'the root CA' : 'the issuing CA (or another CA of the chain)';
  const status = sendsList ? '403.7: the issuer list sent to clients does not include that CA, so browsers offer no certificate' : '403.16: the certificate does not chain to a CA this binding trusts';
  context.report({
    at: { file: entry.file, span: entry.known.ctlStoreName!.valueSpan },
    message: `The ${store.name} store that ${entry.keyField.label} ${entry.endpoint} trusts (Ctl Store Name, ClientAuthTrustMode ${mode}) lacks ${wanted} of ${listed}: ${status} (${KB_2802568}). Import the CA certificate into LocalMachine\\${store.name}.`,
    related: [
      modeSpot,
      ...untrusted.slice(0, LISTED).map((pinned, i) => ({ file: pinned.file, span: pinned.span, message: `one-to-one mapping certificate ${names[i]}` })),
      { uri: `${store.uri}/`, message: `the ${store.name} store folder (${store.certificates.length} certificate${store.certificates.length === 1 ? '' : 's'})` },
    ],
    data: { endpoint: entry.endpoint, store: store.name, mode, untrusted: untrusted.length },
  });
}
