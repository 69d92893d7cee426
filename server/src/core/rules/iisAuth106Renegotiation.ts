import { parseAccessSslFlags } from '../knowledge/sslFlags';
import { SECTION } from '../effective/authentication';
import {
  BINDING_DISABLE_TLS13,
  bindingFlag,
  dwordOf,
  everySiteHttpsBindingHasFlag,
  httpSysBindingFor,
  NETSH_ADD_SSLCERT_URL,
  netshUpdateCommand,
  siteHttpsBindings,
  type ServerSnapshot,
} from '../snapshot/index';
import { isTransformFile, valueSpan } from './authSections';
import { certificateRequestOfSite, describeSiteBinding } from './snapshotContext';
import type { SnapshotRule, SnapshotRuleContext, SnapshotSpot } from './snapshotRule';

// When the HTTP.sys binding does not ask for the client certificate in the handshake
// (`Negotiate Client Certificate: Disabled`, the default), IIS asks for it afterwards, by TLS
// renegotiation, on the first request to a path with SslNegotiateCert. TLS 1.3 has no renegotiation
// and HTTP/2 forbids it: Windows 11 and Server 2022 reset the connection (ERR_CONNECTION_RESET),
// Windows 11 24H2 and Server 2025 answer 500.0 with 0x80070032 (Addressing TLS 1.3 compatibility
// issues in IIS Express on Windows 11, IIS Support Blog,
// https://techcommunity.microsoft.com/t5/iis-support-blog/addressing-tls-1-3-compatibility-issues-in-iis-express-on/ba-p/4449362).
// With a netsh dump the rule decides per binding; with the configuration alone it can only say what
// will happen if the binding keeps the default, as information at the sslFlags that asks.

const BLOG =
  'Addressing TLS 1.3 compatibility issues in IIS Express on Windows 11 (IIS Support Blog), https://techcommunity.microsoft.com/t5/iis-support-blog/addressing-tls-1-3-compatibility-issues-in-iis-express-on/ba-p/4449362';
const OUTCOME = 'Windows 11 and Server 2022 reset the connection (ERR_CONNECTION_RESET); Windows 11 24H2 and Server 2025 answer 500.0 with 0x80070032 (ERROR_NOT_SUPPORTED)';

/** TLS 1.3 is off server-wide when SCHANNEL's `Protocols\TLS 1.3\Server` says so. */
function tls13OffInRegistry(snapshot: ServerSnapshot): SnapshotSpot | undefined {
  const server = snapshot.schannel.protocols['TLS 1.3'];
  if (server.enabled && dwordOf(server.enabled) === 0) return { file: server.enabled.key.file, span: server.enabled.span };
  return undefined;
}

export const iisAuth106Renegotiation: SnapshotRule = {
  code: 'IIS-AUTH-106',
  title: 'Client certificate asked for by renegotiation on a binding that allows TLS 1.3 or HTTP/2',
  severity: 'warning',
  docUrl: NETSH_ADD_SSLCERT_URL,
  check(context) {
    if (context.snapshot.netshDumps.length > 0) checkWithDump(context);
    else checkConfigurationAlone(context);
  },
};

function checkWithDump(context: SnapshotRuleContext): void {
  const { snapshot, workspace } = context;
  if (tls13OffInRegistry(snapshot)) return;
  const tls13Key = snapshot.schannel.protocols['TLS 1.3'].key;
  for (const binding of siteHttpsBindings(workspace)) {
    const entry = httpSysBindingFor(snapshot, binding);
    if (!entry) continue;
    const negotiate = entry.known.negotiateClientCertificate;
    if (!negotiate || negotiate.flag !== false) continue;
    if ((binding.sslFlags & BINDING_DISABLE_TLS13) !== 0 || bindingFlag(entry, 'disableTls13') !== false) continue;
    const request = certificateRequestOfSite(workspace, binding);
    if (!request) continue;
    const command = netshUpdateCommand(entry, { clientcertnegotiation: 'enable' });
    const flags = request.negotiation.sslFlags;
    context.report({
      at: { file: entry.file, span: negotiate.span },
      message: `${describeSiteBinding(binding)} asks for a client certificate after the handshake (sslFlags "${flags?.value ?? 'SslNegotiateCert'}" at "${request.target.path || '/'}"), but this HTTP.sys binding does not negotiate it at connection time and TLS 1.3 is not off for it (binding sslFlags has no 32, netsh Disable TLS1.3 is Not Set${tls13Key ? '' : ', and the snapshot has no SCHANNEL Protocols\\TLS 1.3\\Server key'}): renegotiation is impossible over TLS 1.3 and HTTP/2, so ${OUTCOME}. Fix one: negotiate at connection time${command ? ` (${command})` : ' (netsh http update sslcert … clientcertnegotiation=enable)'}; or turn TLS 1.3 over TCP off on the site binding (sslFlags ${binding.sslFlags | BINDING_DISABLE_TLS13}). Source: ${BLOG}.`,
      related: [
        { file: binding.file, span: binding.sslFlagsSpan ?? binding.span, message: describeSiteBinding(binding) },
        ...(flags?.attribute && flags.section ? [{ file: flags.section.scope.file, span: valueSpan(flags.attribute), message: 'SslNegotiateCert asked for here' }] : []),
      ],
      data: { endpoint: entry.endpoint, ...(command ? { command } : {}) },
    });
  }
}

// The same words at every path: one string, not one per finding (a host file has thousands).
const CONFIGURATION_ALONE =
  `SslNegotiateCert here makes IIS ask for the client certificate after the TLS handshake, by renegotiation, unless the HTTP.sys binding negotiates it at connection time — which the workspace cannot show (no \`netsh http show sslcert\` output in it). With IIS's defaults (Negotiate Client Certificate: Disabled, TLS 1.3 on), ${OUTCOME}. Fix one: \`netsh http update sslcert … clientcertnegotiation=enable\` on the binding; or TLS 1.3 over TCP off on it (binding sslFlags 32). Source: ${BLOG}.`;

function checkConfigurationAlone(context: SnapshotRuleContext): void {
  const { workspace } = context;
  // Every https binding of the workspace has TLS 1.3 off: nothing can go wrong.
  if (everySiteHttpsBindingHasFlag(workspace, BINDING_DISABLE_TLS13)) return;
  for (const file of workspace.files()) {
    if ((file.kind !== 'applicationHost' && file.kind !== 'web') || isTransformFile(file)) continue;
    for (const scope of file.scopes) {
      for (const section of scope.sections) {
        if (section.path !== SECTION.access) continue;
        const attribute = section.element.attribute('sslFlags');
        if (!attribute) continue;
        const parsed = parseAccessSslFlags(attribute.value);
        const mask = parsed.numericValue ?? parsed.mask;
        if ((mask & 32) === 0) continue;
        context.report({
          at: { file, span: valueSpan(attribute) },
          severity: 'information',
          message: CONFIGURATION_ALONE,
          data: { configurationOnly: true },
        });
      }
    }
  }
}
