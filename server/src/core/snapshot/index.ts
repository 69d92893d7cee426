/**
 * The server beyond its configuration files: a snapshot of read-only outputs an administrator saved
 * from the IIS server, as a model with source ranges that rules, hovers and the simulator read.
 *
 * Inputs (any folder layout; files are recognised as follows):
 * - `netsh http show sslcert` output: any text file whose content has the dump's header or an
 *   `IP:port` / `Hostname:port` / `Central Certificate Store` field → `NetshDump` → `HttpSysBinding`s.
 * - `reg export` output: a `.reg` file (or any text starting with the reg.exe header) → `RegistryExport`
 *   → `RegistryKey`s with `RegistryValue`s; `schannel` collects the SCHANNEL values rules read.
 * - `certificates/<StoreName>/<file>`: every file of such a folder is read as certificates
 *   (DER/PEM/base64/.p7b) into the `CertificateStore` of that name.
 *
 * API:
 * - `classifySnapshotFile(uri, text?)`: which of the three a file is, or undefined.
 * - `loadSnapshot(files, options)` → `ServerSnapshot { files, netshDumps, httpSysBindings, registry,
 *   schannel, httpParameters, stores, problems }`. Text files come as `text` (open editor documents) or
 *   `bytes` (decoded here: UTF-8, UTF-16 with BOM, or the console's OEM code page); store files as `bytes`.
 * - `parseNetshSslCert(file)`, `parseRegistryExport(file)`, `readStoreFile(uri, store, bytes)` for one file;
 *   `snapshotTextFile(uri, text)` wraps a string for them.
 * - Lookups: `bindingValue` / `bindingFlag` (netsh fields by `NetshFieldKey`), `findRegistryValue`,
 *   `dwordOf`, `storeNamed`, `findCertificateByThumbprint`.
 * - Joined with the configuration: `siteHttpsBindings(workspace)` (the https `<binding>`s of every
 *   applicationHost.config) and `httpSysBindingFor(snapshot, siteBinding)` (the entry HTTP.sys serves
 *   it with: Hostname:port for SNI, the CCS entry for `sslFlags` bit 2, else IP:port with the 0.0.0.0
 *   fallback); `netshUpdateCommand(binding, changes)` builds the `netsh http update sslcert` that keeps
 *   the binding's other values. `Workspace.snapshot()` gives the snapshot of the files a workspace holds.
 *
 * Every span (`Span`, offsets into `SnapshotTextFile.text`) converts with `file.lines.rangeOf(span)`;
 * `line` fields are 0-based. Nothing here throws on bad input: what cannot be used becomes a
 * `SnapshotProblem` on its file, and the other files are still read. Problems never quote key material.
 */
import { LineIndex } from '../text/lineIndex';
import { isNetshSslCertText, parseNetshSslCert, type HttpSysBinding, type NetshDump } from './netsh';
import { hasRegistryKey, isRegistryExportText, parseRegistryExport, type RegistryExport, type RegistryKey } from './registry';
import { HTTP_PARAMETERS_KEY, readSchannelSettings, type SchannelSettings } from './schannel';
import { readStoreFile, sameStoreName, storeOfUri, type CertificateStore, type StoreCertificate } from './stores';
import { decodeSnapshotText, type ConsoleCodePage, type SnapshotTextEncoding } from './text';
import type { SnapshotProblem, SnapshotTextFile } from './types';

export * from './chain';
export * from './netsh';
export * from './netshCommand';
export * from './netshFields';
export * from './registry';
export * from './registryValues';
export * from './schannel';
export * from './siteBindings';
export * from './stores';
export * from './text';
export * from './types';

export type SnapshotFileKind = 'netsh' | 'registry' | 'store';

export interface SnapshotFileInput {
  uri: string;
  /** Decoded text (an open editor document). Takes precedence over `bytes` for netsh and .reg files. */
  text?: string;
  bytes?: Uint8Array;
}

export interface SnapshotOptions {
  /** The OEM code page of the console that wrote netsh output without BOM and not in UTF-8. Default 437. */
  consoleCodePage?: ConsoleCodePage;
}

export interface ServerSnapshot {
  /** The netsh and registry text files, decoded. */
  files: SnapshotTextFile[];
  netshDumps: NetshDump[];
  /** Every HTTP.sys binding of every dump, in file order. */
  httpSysBindings: HttpSysBinding[];
  registry: RegistryExport[];
  schannel: SchannelSettings;
  /** `HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters`, when an export holds it. */
  httpParameters?: RegistryKey;
  stores: CertificateStore[];
  /** Problems of every file (dumps, exports, store files), in input order. */
  problems: SnapshotProblem[];
}

/** Store files are recognised by their folder; text files by their content (netsh) or extension and header (.reg). */
export function classifySnapshotFile(uri: string, text?: string): SnapshotFileKind | undefined {
  if (storeOfUri(uri)) return 'store';
  const lower = uri.toLowerCase().replace(/[?#].*$/, '');
  if (lower.endsWith('.reg')) return 'registry';
  if (text === undefined) return undefined;
  if (isRegistryExportText(text)) return 'registry';
  if (isNetshSslCertText(text)) return 'netsh';
  return undefined;
}

/** Whether a file name could hold netsh output or a registry export (the content decides for .txt). */
export function mayBeSnapshotText(uri: string): boolean {
  return /\.(txt|reg)$/i.test(uri.replace(/[?#].*$/, ''));
}

export function snapshotTextFile(uri: string, text: string, encoding: SnapshotTextEncoding = 'utf-8'): SnapshotTextFile {
  return { uri, text, lines: new LineIndex(text), encoding };
}

export function loadSnapshot(inputs: readonly SnapshotFileInput[], options: SnapshotOptions = {}): ServerSnapshot {
  const files: SnapshotTextFile[] = [];
  const netshDumps: NetshDump[] = [];
  const registry: RegistryExport[] = [];
  const stores = new Map<string, CertificateStore>();
  const problems: SnapshotProblem[] = [];

  for (const input of inputs) {
    const store = storeOfUri(input.uri);
    if (store) {
      const key = `${store.folderUri.toLowerCase()}`;
      let target = stores.get(key);
      if (!target) {
        target = { name: store.store, uri: store.folderUri, certificates: [], fileCount: 0 };
        stores.set(key, target);
      }
      target.fileCount++;
      const bytes = input.bytes ?? (input.text !== undefined ? new TextEncoder().encode(input.text) : new Uint8Array());
      const read = readStoreFile(input.uri, store.store, bytes);
      target.certificates.push(...read.certificates);
      problems.push(...read.problems);
      continue;
    }
    const decoded = input.text !== undefined ? { text: input.text, encoding: 'utf-8' as const } : input.bytes ? decodeSnapshotText(input.bytes, options.consoleCodePage) : undefined;
    if (!decoded) continue;
    const kind = classifySnapshotFile(input.uri, decoded.text);
    if (kind === 'netsh') {
      const file = snapshotTextFile(input.uri, decoded.text, decoded.encoding);
      files.push(file);
      const dump = parseNetshSslCert(file);
      netshDumps.push(dump);
      problems.push(...dump.problems);
    } else if (kind === 'registry') {
      const file = snapshotTextFile(input.uri, decoded.text, decoded.encoding);
      files.push(file);
      const exported = parseRegistryExport(file);
      registry.push(exported);
      problems.push(...exported.problems);
    }
  }

  return {
    files,
    netshDumps,
    httpSysBindings: netshDumps.flatMap((dump) => dump.bindings),
    registry,
    schannel: readSchannelSettings(registry),
    httpParameters: hasRegistryKey(registry, HTTP_PARAMETERS_KEY),
    stores: [...stores.values()],
    problems,
  };
}

/** Whether the snapshot has anything in it (a workspace without snapshot files gets no snapshot rules). */
export function isEmptySnapshot(snapshot: ServerSnapshot): boolean {
  return snapshot.files.length === 0 && snapshot.stores.length === 0;
}

/** The store of that Windows name (case-insensitive), merged across folders of the same name. */
export function storeNamed(snapshot: ServerSnapshot, name: string): CertificateStore | undefined {
  const matching = snapshot.stores.filter((store) => sameStoreName(store.name, name));
  if (matching.length <= 1) return matching[0];
  return {
    name: matching[0].name,
    uri: matching[0].uri,
    certificates: matching.flatMap((store) => store.certificates),
    fileCount: matching.reduce((sum, store) => sum + store.fileCount, 0),
  };
}

/** A certificate by SHA-1 thumbprint (any case, spaces ignored), in one store or in all of them. */
export function findCertificateByThumbprint(snapshot: ServerSnapshot, thumbprint: string, storeName?: string): StoreCertificate | undefined {
  const wanted = thumbprint.replace(/\s+/g, '').toLowerCase();
  const pool = storeName ? storeNamed(snapshot, storeName)?.certificates ?? [] : snapshot.stores.flatMap((store) => store.certificates);
  return pool.find((certificate) => certificate.thumbprint === wanted);
}
