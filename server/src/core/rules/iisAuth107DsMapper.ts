import { SECTION } from '../effective/authentication';
import { effectiveSection, urlTarget } from '../effective/index';
import { findElementSchema, parseIisBool } from '../knowledge/schema';
import { httpSysBindingFor, netshUpdateCommand, siteHttpsBindings } from '../snapshot/index';
import { valueSpan } from './authSections';
import { describeSiteBinding } from './snapshotContext';
import type { SnapshotRule } from './snapshotRule';

// Active Directory client certificate mapping (`clientCertificateMappingAuthentication`) does not map
// anything itself: HTTP.sys's DS mapper does, and only on bindings with `DS Mapper Usage: Enabled`
// (`netsh http … dsmapperusage=enable`, off by default and lost when a binding is re-created). With it
// off, the request reaches IIS with a certificate but no user: 401.2.

export const iisAuth107DsMapper: SnapshotRule = {
  code: 'IIS-AUTH-107',
  title: 'Active Directory certificate mapping on a binding without the DS mapper',
  severity: 'error',
  docUrl: findElementSchema(SECTION.adMapping)!.docUrl,
  check({ snapshot, workspace, report }) {
    if (snapshot.netshDumps.length === 0) return;
    for (const binding of siteHttpsBindings(workspace)) {
      const target = urlTarget(workspace, binding.site.name, binding.file);
      const enabled = effectiveSection(workspace, target, SECTION.adMapping).attributes.get('enabled');
      if (!enabled || parseIisBool(enabled.value) !== true) continue;
      const entry = httpSysBindingFor(snapshot, binding);
      const ds = entry?.known.dsMapperUsage;
      if (!entry || !ds || ds.flag !== false) continue;
      const command = netshUpdateCommand(entry, { dsmapperusage: 'enable' });
      report({
        at: { file: entry.file, span: ds.span },
        message: `Active Directory client certificate mapping is enabled for site '${binding.site.name}', but this HTTP.sys binding (${entry.keyField.label} ${entry.endpoint}) has DS Mapper Usage: Disabled: no certificate is mapped to an account, and requests that rely on it get 401.2. Turn the DS mapper on${command ? `: ${command}` : ' with netsh http update sslcert … dsmapperusage=enable'}`,
        related: [
          { file: binding.file, span: binding.span, message: describeSiteBinding(binding) },
          ...(enabled.attribute && enabled.section ? [{ file: enabled.section.scope.file, span: valueSpan(enabled.attribute), message: 'clientCertificateMappingAuthentication enabled' }] : []),
        ],
        data: { endpoint: entry.endpoint, ...(command ? { command } : {}) },
      });
    }
  },
};
