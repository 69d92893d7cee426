import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { MAX_CERTIFICATE_FILE_BYTES, readCertificateInput, type CertificateFile } from '../core/certificate/certificateInput';

export type CertificateArgument =
  | { ok: true; certificate: CertificateFile }
  /** No such file: a usage error. */
  | { ok: false; missing: true; message: string }
  /** The file is there but is not a usable certificate (too large, a key, a CSR …). */
  | { ok: false; missing: false; message: string };

/** Reads the certificate file a subcommand was given; its size is checked before it is read. */
export async function readCertificateArgument(path: string): Promise<CertificateArgument> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch {
    return { ok: false, missing: true, message: `No such file: ${path}` };
  }
  if (stat.size > MAX_CERTIFICATE_FILE_BYTES) {
    return { ok: false, missing: false, message: `'${basename(path)}' is ${(stat.size / (1024 * 1024)).toFixed(1)} MB; a certificate is a few KB, so it was not read (limit 1 MB).` };
  }
  const read = readCertificateInput(new Uint8Array(await fs.readFile(path)), basename(path));
  return read.ok ? { ok: true, certificate: read } : { ok: false, missing: false, message: read.message };
}
