// The registry values the snapshot rules read, found by key path across every .reg file of the snapshot.
import { findRegistryValue, hasRegistryKey, type RegistryExport, type RegistryKey, type RegistryValue } from './registry';

export const SCHANNEL_KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
export const HTTP_PARAMETERS_KEY = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters';

export type TlsProtocolName = 'SSL 3.0' | 'TLS 1.0' | 'TLS 1.1' | 'TLS 1.2' | 'TLS 1.3';
export const TLS_PROTOCOLS: readonly TlsProtocolName[] = ['SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3'];

export interface TlsServerProtocol {
  /** `…\SCHANNEL\Protocols\<protocol>\Server` when an export holds it. */
  key?: RegistryKey;
  enabled?: RegistryValue;
  disabledByDefault?: RegistryValue;
}

export interface SchannelSettings {
  /** The SCHANNEL key itself, when an export holds it: values absent from it are then known to be unset. */
  key?: RegistryKey;
  sendTrustedIssuerList?: RegistryValue;
  clientAuthTrustMode?: RegistryValue;
  protocols: Record<TlsProtocolName, TlsServerProtocol>;
}

export function protocolServerKey(protocol: TlsProtocolName): string {
  return `${SCHANNEL_KEY}\\Protocols\\${protocol}\\Server`;
}

export function readSchannelSettings(registryExports: readonly RegistryExport[]): SchannelSettings {
  const protocols = {} as Record<TlsProtocolName, TlsServerProtocol>;
  for (const protocol of TLS_PROTOCOLS) {
    const path = protocolServerKey(protocol);
    protocols[protocol] = {
      key: hasRegistryKey(registryExports, path),
      enabled: findRegistryValue(registryExports, path, 'Enabled'),
      disabledByDefault: findRegistryValue(registryExports, path, 'DisabledByDefault'),
    };
  }
  return {
    key: hasRegistryKey(registryExports, SCHANNEL_KEY),
    sendTrustedIssuerList: findRegistryValue(registryExports, SCHANNEL_KEY, 'SendTrustedIssuerList'),
    clientAuthTrustMode: findRegistryValue(registryExports, SCHANNEL_KEY, 'ClientAuthTrustMode'),
    protocols,
  };
}

/** A DWORD's number; undefined when the value is absent or not a number. */
export function dwordOf(value: RegistryValue | undefined): number | undefined {
  return value && typeof value.data === 'number' ? value.data : undefined;
}
