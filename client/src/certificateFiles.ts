import { Uri, window, workspace } from 'vscode';

// Certificate files as the client hands them to the server: picked or dropped, read as bytes and
// sent as base64. Judging the bytes is the server's job.

export const CERTIFICATE_EXTENSIONS = ['cer', 'crt', 'der', 'pem', 'p7b'];

/** The server refuses larger input too; not reading it spares the extension host a huge buffer. */
const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;

export function isCertificateFileName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot >= 0 && CERTIFICATE_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

export function fileNameOf(uri: Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

export type CertificateBytes = { ok: true; base64: string; fileName: string } | { ok: false; message: string };

function tooLarge(fileName: string): CertificateBytes {
  return { ok: false, message: `${fileName} is larger than 1 MB; a certificate is a few KB, so it was not read.` };
}

export function certificateFromBytes(bytes: Uint8Array, fileName: string): CertificateBytes {
  if (bytes.byteLength > MAX_CERTIFICATE_FILE_BYTES) return tooLarge(fileName);
  return { ok: true, base64: Buffer.from(bytes).toString('base64'), fileName };
}

export async function readCertificateFile(uri: Uri): Promise<CertificateBytes> {
  const fileName = fileNameOf(uri);
  try {
    const stat = await workspace.fs.stat(uri);
    if (stat.size > MAX_CERTIFICATE_FILE_BYTES) return tooLarge(fileName);
    return certificateFromBytes(await workspace.fs.readFile(uri), fileName);
  } catch (error) {
    return { ok: false, message: `Cannot read ${fileName}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function pickCertificateFile(title: string): Promise<Uri | undefined> {
  const picked = await window.showOpenDialog({
    title,
    canSelectMany: false,
    openLabel: 'Use certificate',
    filters: { Certificates: CERTIFICATE_EXTENSIONS, 'All files': ['*'] },
  });
  return picked?.[0];
}
