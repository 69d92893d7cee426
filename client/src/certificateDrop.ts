import {
  DocumentDropEdit,
  DocumentDropOrPasteEditKind,
  Uri,
  window,
  type CancellationToken,
  type DataTransfer,
  type DocumentDropEditProvider,
  type DocumentDropEditProviderMetadata,
  type Position,
  type TextDocument,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { InsertCommandResult } from '../../server/src/lsp/certificateCommands';
import { certificateFromBytes, fileNameOf, isCertificateFileName, readCertificateFile, type CertificateBytes } from './certificateFiles';
import { mappingEdit, MAPPING_KINDS, requestMapping } from './certificateCommands';
import { messageOf } from './serverCommand';

// Dropping a certificate file (from the explorer or the operating system) on a configuration file
// offers the mapping the server computes for it, one-to-one first, many-to-one second. The server
// places it where IIS reads mappings, which is not always the drop position; the edit then goes in
// `additionalEdit` and nothing is typed at the drop position itself.

export const CERTIFICATE_MAPPING_DROP_KIND = DocumentDropOrPasteEditKind.Empty.append('xml', 'iisAuth', 'certificateMapping');

export const certificateDropMetadata: DocumentDropEditProviderMetadata = {
  dropMimeTypes: ['text/uri-list', 'files'],
  providedDropEditKinds: [CERTIFICATE_MAPPING_DROP_KIND],
};

interface DroppedFile {
  name: string;
  read(): Promise<CertificateBytes>;
}

export class CertificateDropProvider implements DocumentDropEditProvider {
  /** What to tell the user once an edit is really applied: its certificate warnings. */
  private readonly warningsOf = new WeakMap<DocumentDropEdit, string[]>();

  constructor(private readonly client: LanguageClient) {}

  async provideDocumentDropEdits(document: TextDocument, position: Position, dataTransfer: DataTransfer, token: CancellationToken): Promise<DocumentDropEdit[] | undefined> {
    // Other files are not ours: VS Code's own drop behaviour applies to them.
    const certificates = (await droppedFiles(dataTransfer)).filter((file) => isCertificateFileName(file.name));
    if (certificates.length === 0) return undefined;
    if (certificates.length > 1) {
      void window.showInformationMessage(
        `Drop one certificate at a time (${certificates.map((c) => c.name).join(', ')}): each mapping is placed and checked on its own. Nothing was inserted.`,
      );
      return undefined;
    }
    const certificate = await certificates[0].read();
    if (token.isCancellationRequested) return undefined;
    if (!certificate.ok) {
      void window.showWarningMessage(certificate.message);
      return undefined;
    }

    let results: InsertCommandResult[];
    try {
      results = await Promise.all(MAPPING_KINDS.map(({ kind }) => requestMapping(this.client, document, position, certificate, kind)));
    } catch (error) {
      void window.showErrorMessage(`IIS Auth: ${messageOf(error)}`);
      return undefined;
    }
    if (token.isCancellationRequested) return undefined;

    const edits: DocumentDropEdit[] = [];
    for (const [index, result] of results.entries()) {
      if (!result.ok) continue;
      // The title is all the drop widget shows: the warnings must be readable there.
      const title = result.warnings.length > 0 ? `${result.title}: ${result.warnings.join(' ')}` : result.title;
      const edit = new DocumentDropEdit('', title, CERTIFICATE_MAPPING_DROP_KIND.append(MAPPING_KINDS[index].kind));
      edit.additionalEdit = mappingEdit(document.uri, result.edit, result.snippet);
      this.warningsOf.set(edit, result.warnings);
      edits.push(edit);
    }
    if (edits.length === 0) {
      const messages = [...new Set(results.map((r) => (r.ok ? '' : r.message)).filter((m) => m))];
      void window.showWarningMessage(`${certificate.fileName}: ${messages.join(' ')}`);
      return undefined;
    }
    return edits;
  }

  /** VS Code resolves the edit it is about to apply: the moment to show the warnings in full. */
  resolveDocumentDropEdit(edit: DocumentDropEdit): DocumentDropEdit {
    const warnings = this.warningsOf.get(edit) ?? [];
    if (warnings.length > 0) void window.showWarningMessage(`Certificate mapping inserted with ${warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}: ${warnings.join(' ')}`);
    return edit;
  }
}

async function droppedFiles(dataTransfer: DataTransfer): Promise<DroppedFile[]> {
  const files: DroppedFile[] = [];
  const uriList = await dataTransfer.get('text/uri-list')?.asString();
  for (const line of (uriList ?? '').split(/\r?\n/)) {
    const text = line.trim();
    // RFC 2483: lines starting with '#' are comments.
    if (!text || text.startsWith('#')) continue;
    let uri: Uri;
    try {
      uri = Uri.parse(text, true);
    } catch {
      continue;
    }
    files.push({ name: fileNameOf(uri), read: () => readCertificateFile(uri) });
  }
  // Files from the operating system come as DataTransferFile entries, sometimes beside a uri-list of the same files.
  const listed = new Set(files.map((f) => f.name));
  dataTransfer.forEach((item) => {
    const file = item.asFile();
    if (!file || listed.has(file.name)) return;
    listed.add(file.name);
    files.push({
      name: file.name,
      read: async () => {
        try {
          return certificateFromBytes(await file.data(), file.name);
        } catch (error) {
          return { ok: false, message: `Cannot read ${file.name}: ${messageOf(error)}` };
        }
      },
    });
  });
  return files;
}
