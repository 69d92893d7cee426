// `netsh http update sslcert` rewrites the whole binding: a parameter left out goes back to its
// default, which is how a renewal loses `Ctl Store Name` and `DS Mapper Usage` (Certificate binding
// settings reset on renewal, win-acme issue 1768, https://github.com/win-acme/win-acme/issues/1768).
// So the command repeats every value of the binding that differs from the default, then the change.
import type { HttpSysBinding } from './netsh';
import { netshFieldInfo, type NetshFieldKey } from './netshFields';

interface CarriedField {
  key: NetshFieldKey;
  /** The value netsh prints when the field is at its default. */
  defaultValue: string;
  kind: 'flag' | 'number' | 'text';
}

const CARRIED: CarriedField[] = [
  { key: 'verifyClientCertificateRevocation', defaultValue: 'enabled', kind: 'flag' },
  { key: 'verifyRevocationUsingCachedClientCertificateOnly', defaultValue: 'disabled', kind: 'flag' },
  { key: 'usageCheck', defaultValue: 'enabled', kind: 'flag' },
  { key: 'revocationFreshnessTime', defaultValue: '0', kind: 'number' },
  { key: 'urlRetrievalTimeout', defaultValue: '0', kind: 'number' },
  { key: 'ctlIdentifier', defaultValue: '(null)', kind: 'text' },
  { key: 'ctlStoreName', defaultValue: '(null)', kind: 'text' },
  { key: 'dsMapperUsage', defaultValue: 'disabled', kind: 'flag' },
  { key: 'negotiateClientCertificate', defaultValue: 'disabled', kind: 'flag' },
  { key: 'disableHttp2', defaultValue: 'not set', kind: 'flag' },
  { key: 'disableQuic', defaultValue: 'not set', kind: 'flag' },
  { key: 'disableTls12', defaultValue: 'not set', kind: 'flag' },
  { key: 'disableTls13', defaultValue: 'not set', kind: 'flag' },
  { key: 'disableOcspStapling', defaultValue: 'not set', kind: 'flag' },
  { key: 'disableLegacyTlsVersions', defaultValue: 'not set', kind: 'flag' },
];

function quoteIfNeeded(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
}

/**
 * The exact `netsh http update sslcert …` that applies `changes` (parameter → value, e.g.
 * `{ sslctlstorename: 'ClientAuthIssuer' }`) to the binding while keeping everything else it has.
 * Undefined when the binding lacks what the command needs (a certificate hash or application ID).
 */
export function netshUpdateCommand(binding: HttpSysBinding, changes: Record<string, string>): string | undefined {
  const appId = binding.known.applicationId;
  if (!appId || appId.isNull) return undefined;
  const endpointParameter = binding.kind === 'ccs' ? 'ccs' : binding.kind === 'hostnameport' ? 'hostnameport' : 'ipport';
  const parts = ['netsh', 'http', 'update', 'sslcert', `${endpointParameter}=${binding.endpoint}`];
  if (binding.kind !== 'ccs') {
    if (!binding.certificateHash) return undefined;
    parts.push(`certhash=${binding.certificateHash}`);
  }
  parts.push(`appid=${appId.value}`);
  const store = binding.known.certificateStoreName;
  if (store && !store.isNull && binding.kind !== 'ccs') parts.push(`certstorename=${quoteIfNeeded(store.value)}`);
  const changed = new Map(Object.entries(changes).map(([name, value]) => [name.toLowerCase(), value]));
  for (const carried of CARRIED) {
    const parameter = netshFieldInfo(carried.key).parameter;
    if (!parameter || changed.has(parameter)) continue;
    const field = binding.known[carried.key];
    if (!field) continue;
    const value = field.value.toLowerCase();
    if (value === carried.defaultValue || (carried.kind === 'text' && field.isNull)) continue;
    if (carried.kind === 'flag') {
      if (field.flag === undefined) continue;
      parts.push(`${parameter}=${field.flag ? 'enable' : 'disable'}`);
    } else parts.push(`${parameter}=${quoteIfNeeded(field.value)}`);
  }
  for (const [parameter, value] of changed) parts.push(`${parameter}=${quoteIfNeeded(value)}`);
  return parts.join(' ');
}
