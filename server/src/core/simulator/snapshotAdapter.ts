// The server snapshot model (core/snapshot/) as the simulator reads it: each value with the file
// and 1-based line it was printed on.
import { dwordOf, sameStoreName, type HttpSysBinding, type NetshField, type NetshFieldKey, type RegistryValue, type ServerSnapshot } from '../snapshot/index';
import type { CertificateStoreView, HttpSysBindingView, SchannelView, SimulatorSnapshot, SnapshotValue, SourceRef } from './snapshotView';

function fieldRef(binding: HttpSysBinding, field: NetshField): SourceRef {
  return { uri: binding.file.uri, line: field.line + 1 };
}

function text(binding: HttpSysBinding, key: NetshFieldKey): SnapshotValue<string> | undefined {
  const field = binding.known[key];
  return field && !field.isNull ? { value: field.value, text: field.value, source: fieldRef(binding, field) } : undefined;
}

function flag(binding: HttpSysBinding, key: NetshFieldKey): SnapshotValue<boolean> | undefined {
  const field = binding.known[key];
  return field && field.flag !== undefined ? { value: field.flag, text: field.value, source: fieldRef(binding, field) } : undefined;
}

function bindingView(binding: HttpSysBinding): HttpSysBindingView {
  const ctl = binding.known.ctlStoreName;
  return {
    kind: binding.kind,
    endpoint: binding.endpoint,
    source: fieldRef(binding, binding.keyField),
    certificateHash: binding.certificateHash && binding.known.certificateHash ? { value: binding.certificateHash, text: binding.known.certificateHash.value, source: fieldRef(binding, binding.known.certificateHash) } : undefined,
    certificateStoreName: text(binding, 'certificateStoreName'),
    verifyClientCertificateRevocation: flag(binding, 'verifyClientCertificateRevocation'),
    verifyRevocationUsingCachedOnly: flag(binding, 'verifyRevocationUsingCachedClientCertificateOnly'),
    ctlStoreName: ctl ? { value: ctl.isNull ? undefined : ctl.value, text: ctl.value || '(null)', source: fieldRef(binding, ctl) } : undefined,
    dsMapperUsage: flag(binding, 'dsMapperUsage'),
    negotiateClientCertificate: flag(binding, 'negotiateClientCertificate'),
    disableTls13: flag(binding, 'disableTls13'),
    disableHttp2: flag(binding, 'disableHttp2'),
  };
}

function registryRef(value: RegistryValue): SourceRef {
  return { uri: value.key.file.uri, line: value.line + 1 };
}

function dword(value: RegistryValue | undefined): SnapshotValue<number> | undefined {
  const number = dwordOf(value);
  return value && number !== undefined ? { value: number, text: `"${value.name}"=${value.rawData}`, source: registryRef(value) } : undefined;
}

function schannelView(snapshot: ServerSnapshot): SchannelView | undefined {
  const settings = snapshot.schannel;
  if (!settings.key) return undefined;
  const tls13 = settings.protocols['TLS 1.3'];
  const enabled = dword(tls13.enabled);
  const disabledByDefault = dword(tls13.disabledByDefault);
  let tls13ServerEnabled: SnapshotValue<boolean> | undefined;
  if (enabled && enabled.value === 0) tls13ServerEnabled = { ...enabled, value: false };
  else if (disabledByDefault && disabledByDefault.value === 1) tls13ServerEnabled = { ...disabledByDefault, value: false };
  else if (enabled) tls13ServerEnabled = { ...enabled, value: true };
  return {
    source: { uri: settings.key.file.uri, line: settings.key.line + 1 },
    sendTrustedIssuerList: dword(settings.sendTrustedIssuerList),
    clientAuthTrustMode: dword(settings.clientAuthTrustMode),
    tls13ServerEnabled,
  };
}

function storeViews(snapshot: ServerSnapshot): CertificateStoreView[] {
  const views: CertificateStoreView[] = [];
  for (const store of snapshot.stores) {
    const certificates = store.certificates.map((c) => ({ certificate: c.certificate, source: { uri: c.uri } }));
    const same = views.find((v) => sameStoreName(v.name, store.name));
    if (same) same.certificates.push(...certificates);
    else views.push({ name: store.name, source: { uri: store.uri }, certificates });
  }
  return views;
}

export function simulatorSnapshotOf(snapshot: ServerSnapshot): SimulatorSnapshot {
  return {
    httpSys: snapshot.netshDumps.length > 0 ? { sources: snapshot.netshDumps.map((d) => ({ uri: d.file.uri })), bindings: snapshot.httpSysBindings.map(bindingView) } : undefined,
    schannel: schannelView(snapshot),
    stores: storeViews(snapshot),
  };
}
