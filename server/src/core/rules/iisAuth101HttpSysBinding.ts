import { BINDING_DOC_URL } from '../knowledge/sslFlags';
import {
  expectedHttpSysEntry,
  httpSysBindingFor,
  IIS_APPLICATION_ID,
  siteHttpsBindings,
  type HttpSysBinding,
} from '../snapshot/index';
import { describeSiteBinding } from './snapshotContext';
import type { SnapshotRule } from './snapshotRule';

// IIS does not serve TLS itself: HTTP.sys looks the connection up in its certificate bindings (what
// `netsh http show sslcert` lists) by Hostname:port for an SNI site binding, by the port's Central
// Certificate Store entry for a CCS binding, and by IP:port (falling back to 0.0.0.0:port) otherwise.
// A site binding with no entry gets no certificate: the handshake fails and IIS never sees a request.
// An entry no site uses is harmless, and often another program's (its Application ID is not IIS's).

export const iisAuth101HttpSysBinding: SnapshotRule = {
  code: 'IIS-AUTH-101',
  title: 'https site binding without an HTTP.sys certificate binding',
  severity: 'error',
  docUrl: BINDING_DOC_URL,
  check({ snapshot, workspace, report }) {
    const dumps = snapshot.netshDumps;
    if (dumps.length === 0) return;
    const cut = dumps.some((dump) => dump.problems.some((p) => p.code === 'SNAPSHOT-NETSH-TRUNCATED'));
    const siteBindings = siteHttpsBindings(workspace);
    const used = new Set<HttpSysBinding>();
    for (const binding of siteBindings) {
      const entry = httpSysBindingFor(snapshot, binding);
      if (entry) {
        used.add(entry);
        continue;
      }
      const expected = expectedHttpSysEntry(binding);
      const why = binding.ccs
        ? 'its sslFlags has bit 2 (Centralized Certificate Store)'
        : binding.sni
          ? 'its sslFlags has bit 1 (SNI), so HTTP.sys looks the host name up'
          : 'it does not use SNI, so HTTP.sys looks the address and port up';
      report({
        at: { file: binding.file, span: binding.span },
        severity: cut ? 'warning' : 'error',
        message: `No HTTP.sys certificate binding serves ${describeSiteBinding(binding)}: ${why}, and the netsh dump has no ${expected} entry. The TLS handshake fails (the browser shows a connection error such as ERR_CONNECTION_RESET, never an HTTP status) and IIS logs nothing. Add it with \`netsh http add sslcert ${expected.startsWith('Central') ? `ccs=${binding.port}` : expected.startsWith('Hostname') ? `hostnameport=${binding.host}:${binding.port}` : `ipport=${expected.split(' ')[1]}`} certhash=<thumbprint> appid=${IIS_APPLICATION_ID} certstorename=My\`, or re-select the certificate in IIS Manager.${cut ? ' (The dump is cut off: the entry may be in the part that is missing.)' : ''}`,
        related: dumps.map((dump) => ({ file: dump.file, span: { start: 0, end: 0 }, message: `netsh http show sslcert: ${dump.bindings.length} binding${dump.bindings.length === 1 ? '' : 's'}, none for ${expected}` })),
        data: { expected },
      });
    }
    if (workspace.applicationHostFiles().length === 0) return;
    for (const entry of snapshot.httpSysBindings) {
      if (used.has(entry)) continue;
      const appId = entry.known.applicationId;
      // Another program's binding (WinRM, SQL Server Reporting, a self-hosted service) is not IIS's business.
      if (!appId || appId.value.toLowerCase() !== IIS_APPLICATION_ID) continue;
      report({
        at: { file: entry.file, span: entry.keyField.span },
        severity: 'information',
        message: `No https site binding in the workspace's applicationHost.config uses this HTTP.sys binding (${entry.keyField.label} ${entry.endpoint}): it is left over from a removed or changed site binding, or belongs to a site whose configuration is not here. It does no harm, but the certificate it names is still presented on that endpoint.`,
        data: { endpoint: entry.endpoint },
      });
    }
  },
};
