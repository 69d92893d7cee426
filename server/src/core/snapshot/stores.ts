// `certificates/<StoreName>/` folders: the public certificates of one LocalMachine store each, read with
// the same code as a dropped certificate file, so a PFX or a key placed there is named, never read out.
import { nodeCrypto } from '../certificate/libraries';
import type * as pkijs from 'pkijs';
import { readCertificateInput, type ParsedCertificate } from '../certificate/certificateInput';
import { readDistinguishedName, type DistinguishedName } from '../certificate/distinguishedName';
import type { SnapshotProblem } from './types';

export interface StoreCertificate {
  /** The store folder's name as written (`Root`, `CA`, `My`, `ClientAuthIssuer`, …). */
  store: string;
  uri: string;
  certificate: ParsedCertificate;
  /** SHA-1 of the DER, lower-case hex: what netsh prints as Certificate Hash. */
  thumbprint: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Subject and issuer encode the same name (a root, or a self-issued CA certificate). */
  selfIssued: boolean;
  /** `nameKey` of the subject and of the issuer, for chain building without re-encoding names. */
  subjectKey: string;
  issuerKey: string;
}

/**
 * A distinguished name as its DER bytes: Windows matches an issuer to a subject by their encoded
 * names, and comparing bytes is far cheaper than pkijs's string-prepared comparison.
 */
export function nameKey(name: pkijs.RelativeDistinguishedNames): string {
  const encoded = name.valueBeforeDecode;
  const bytes = encoded && encoded.byteLength > 0 ? encoded : name.toSchema().toBER(false);
  return Buffer.from(bytes).toString('latin1');
}

export interface CertificateStore {
  /** As the folder is named. Compare with `sameStoreName`: Windows store names ignore case. */
  name: string;
  /** The folder's uri, without a trailing slash. */
  uri: string;
  certificates: StoreCertificate[];
  /** How many files the folder had (certificates or not). */
  fileCount: number;
}

export function sameStoreName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

const STORE_FOLDER = 'certificates';

/** `…/certificates/<Store>/<file>` → the store folder's name and uri; undefined for any other path. */
export function storeOfUri(uri: string): { store: string; folderUri: string } | undefined {
  const path = uri.replace(/[?#].*$/, '');
  const segments = path.split('/');
  if (segments.length < 3) return undefined;
  const fileName = segments[segments.length - 1];
  if (fileName === '' || fileName.startsWith('.')) return undefined;
  if (segments[segments.length - 3].toLowerCase() !== STORE_FOLDER) return undefined;
  let store: string;
  try {
    store = decodeURIComponent(segments[segments.length - 2]);
  } catch {
    return undefined;
  }
  if (store === '') return undefined;
  return { store, folderUri: segments.slice(0, -1).join('/') };
}

function fileNameOf(uri: string): string {
  const last = uri.split('/').pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Reads one store file; anything that is not a certificate becomes a problem on that file. */
export function readStoreFile(uri: string, store: string, bytes: Uint8Array): { certificates: StoreCertificate[]; problems: SnapshotProblem[] } {
  const name = fileNameOf(uri);
  const result = readCertificateInput(bytes, name);
  if (!result.ok) {
    const secret = result.kind === 'private-key' || result.kind === 'encrypted-private-key' || result.kind === 'pkcs12';
    return {
      certificates: [],
      problems: [
        {
          uri,
          code: secret ? 'SNAPSHOT-STORE-SECRET' : 'SNAPSHOT-STORE-NOT-CERTIFICATE',
          severity: 'warning',
          message: `${result.message}${secret ? ' A snapshot holds public certificates only: delete this file from the snapshot.' : ''} It is not part of the ${store} store here.`,
        },
      ],
    };
  }
  const problems: SnapshotProblem[] = [];
  if (result.notes.some((note) => note.includes('private key'))) {
    problems.push({
      uri,
      code: 'SNAPSHOT-STORE-SECRET',
      severity: 'warning',
      message: `'${name}' also holds a private key; only its certificates were read. A snapshot holds public certificates only: export them again without the key.`,
    });
  }
  const certificates = result.certificates.map((certificate) => {
    const subjectKey = nameKey(certificate.cert.subject);
    const issuerKey = nameKey(certificate.cert.issuer);
    return {
      store,
      uri,
      certificate,
      thumbprint: nodeCrypto().createHash('sha1').update(certificate.der).digest('hex'),
      subject: readDistinguishedName(certificate.cert.subject),
      issuer: readDistinguishedName(certificate.cert.issuer),
      selfIssued: subjectKey === issuerKey,
      subjectKey,
      issuerKey,
    };
  });
  return { certificates, problems };
}
