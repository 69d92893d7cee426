// What the simulator needs to know about the server beyond its configuration files: the HTTP.sys
// certificate binding that answers the TLS handshake, the SCHANNEL settings that shape the
// certificate request, and the LocalMachine certificate stores. Each part is optional: a snapshot
// that lacks one says so, and the simulator then answers the best case with the risk named.
import type { ParsedCertificate } from '../certificate/derStructure';

/** A file and a 1-based line a step rests on; `line` is absent for whole files (a certificate). */
export interface SourceRef {
  uri: string;
  line?: number;
}

export interface SnapshotValue<T> {
  value: T;
  /** The value as the file prints it (`Enabled`, `(null)`, `0x00000001`). */
  text: string;
  source: SourceRef;
}

export type HttpSysEndpointKind = 'ipport' | 'hostnameport' | 'ccs';

/** One entry of `netsh http show sslcert`, with the fields the request path depends on. */
export interface HttpSysBindingView {
  kind: HttpSysEndpointKind;
  /** As printed: `0.0.0.0:443`, `www.contoso.com:443`, `443` for a Central Certificate Store entry. */
  endpoint: string;
  source: SourceRef;
  certificateHash?: SnapshotValue<string>;
  certificateStoreName?: SnapshotValue<string>;
  /** `Verify Client Certificate Revocation`: HTTP.sys's default is Enabled. */
  verifyClientCertificateRevocation?: SnapshotValue<boolean>;
  verifyRevocationUsingCachedOnly?: SnapshotValue<boolean>;
  /** `Ctl Store Name`; value undefined when the dump prints `(null)`. */
  ctlStoreName?: SnapshotValue<string | undefined>;
  dsMapperUsage?: SnapshotValue<boolean>;
  negotiateClientCertificate?: SnapshotValue<boolean>;
  disableTls13?: SnapshotValue<boolean>;
  disableHttp2?: SnapshotValue<boolean>;
}

export interface HttpSysView {
  /** The dump(s) the bindings come from. */
  sources: SourceRef[];
  bindings: HttpSysBindingView[];
}

/** `HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL` as exported. */
export interface SchannelView {
  source: SourceRef;
  sendTrustedIssuerList?: SnapshotValue<number>;
  clientAuthTrustMode?: SnapshotValue<number>;
  /** `Protocols\TLS 1.3\Server`: false when `Enabled`=0 or `DisabledByDefault`=1 turns it off. */
  tls13ServerEnabled?: SnapshotValue<boolean>;
}

export interface StoreCertificate {
  certificate: ParsedCertificate;
  source: SourceRef;
}

export interface CertificateStoreView {
  /** As the folder spells it: `Root`, `CA`, `My`, `ClientAuthIssuer`, or a CTL store's name. */
  name: string;
  source: SourceRef;
  certificates: StoreCertificate[];
}

export interface SimulatorSnapshot {
  /** Undefined: the snapshot holds no `netsh http show sslcert` output. */
  httpSys?: HttpSysView;
  /** Undefined: no SCHANNEL registry export. */
  schannel?: SchannelView;
  /** Stores by name; a store that is not in the map is not in the snapshot. */
  stores: CertificateStoreView[];
}

export const EMPTY_SNAPSHOT: SimulatorSnapshot = { stores: [] };

export function storeNamed(snapshot: SimulatorSnapshot, name: string): CertificateStoreView | undefined {
  const wanted = name.trim().toLowerCase();
  return snapshot.stores.find((s) => s.name.toLowerCase() === wanted);
}
