import {
  commands,
  Position,
  Range,
  SnippetString,
  SnippetTextEdit,
  Uri,
  window,
  workspace,
  WorkspaceEdit,
  type Disposable,
  type QuickPickItem,
  type TextDocument,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { InsertCommandResult, InsertOptions, SimulateCommandResult, TestCommandResult, TestOptions } from '../../server/src/lsp/certificateCommands';
import type { MappingKind } from '../../server/src/core/certificate/mappingSnippets';
import type { TextEdit } from '../../server/src/core/types';
import { pickCertificateFile, readCertificateFile, type CertificateBytes } from './certificateFiles';
import { showMarkdown } from './markdownPreview';
import { executeOnServer, messageOf } from './serverCommand';

// "Insert mapping from certificate file…" and "Test a certificate against the mappings…": the
// client picks the file and shows the answer; reading the certificate, placing the mapping and
// matching it like IIS are the server's (server/src/lsp/certificateCommands.ts).

export const INSERT_MAPPING_FROM_FILE_COMMAND = 'iisAuth.insertMappingFromCertificateFile';
export const TEST_CERTIFICATE_FILE_COMMAND = 'iisAuth.testCertificateFile';
const SERVER_INSERT_COMMAND = 'iisAuth.insertMappingFromCertificate';
const SERVER_TEST_COMMAND = 'iisAuth.testCertificate';

export const MAPPING_KINDS: ReadonlyArray<{ kind: MappingKind; label: string; detail: string }> = [
  { kind: 'oneToOne', label: 'One-to-one mapping', detail: 'Maps exactly this certificate to one account; a renewed certificate needs a new entry.' },
  { kind: 'manyToOne', label: 'Many-to-one mapping', detail: 'Rules on the subject and issuer: every certificate that matches them maps to the account.' },
];

/** The server's mapping for a certificate at `position`, as a snippet edit the client applies. */
export async function requestMapping(
  client: LanguageClient,
  document: TextDocument,
  position: Position,
  certificate: Extract<CertificateBytes, { ok: true }>,
  kind: MappingKind,
): Promise<InsertCommandResult> {
  const options: InsertOptions = { fileName: certificate.fileName, snippet: true, apply: false };
  const at = { line: position.line, character: position.character };
  return executeOnServer<InsertCommandResult>(client, SERVER_INSERT_COMMAND, [document.uri.toString(), at, certificate.base64, kind, options]);
}

export function mappingEdit(uri: Uri, edit: TextEdit, snippet: boolean): WorkspaceEdit {
  const range = new Range(edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character);
  const workspaceEdit = new WorkspaceEdit();
  if (!snippet) {
    workspaceEdit.replace(uri, range, edit.newText);
    return workspaceEdit;
  }
  const snippetEdit = new SnippetTextEdit(range, new SnippetString(edit.newText));
  // The server already indented every line for its place in the file.
  snippetEdit.keepWhitespace = true;
  workspaceEdit.set(uri, [snippetEdit]);
  return workspaceEdit;
}

export function registerCertificateCommands(client: LanguageClient): Disposable[] {
  return [
    commands.registerCommand(INSERT_MAPPING_FROM_FILE_COMMAND, (certificate?: unknown, kind?: unknown) =>
      insertMappingFromCertificateFile(client, certificate instanceof Uri ? certificate : undefined, kind === 'oneToOne' || kind === 'manyToOne' ? kind : undefined),
    ),
    commands.registerCommand(TEST_CERTIFICATE_FILE_COMMAND, (certificate?: unknown, options?: unknown) =>
      testCertificateFile(client, certificate instanceof Uri ? certificate : undefined, (options ?? {}) as { path?: string; url?: string }),
    ),
  ];
}

export type InsertFromFileResult = InsertCommandResult & { applied?: boolean };

/**
 * Arguments (all optional, for keybindings and tests): the certificate file's Uri and the mapping
 * kind. Inserts at the cursor of the active configuration editor, or where the server says IIS
 * reads the mapping; asks before inserting when the server has warnings about the certificate.
 */
async function insertMappingFromCertificateFile(client: LanguageClient, given?: Uri, givenKind?: MappingKind): Promise<InsertFromFileResult | undefined> {
  const editor = window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'xml') {
    void window.showInformationMessage('Open the web.config or applicationHost.config that should get the mapping, then run the command again.');
    return undefined;
  }
  const file = given ?? (await pickCertificateFile('Certificate to map'));
  if (!file) return undefined;
  const kind = givenKind ?? (await pickMappingKind());
  if (!kind) return undefined;
  const certificate = await readCertificateFile(file);
  if (!certificate.ok) {
    void window.showWarningMessage(certificate.message);
    return undefined;
  }
  const document = editor.document;
  const version = document.version;
  let result: InsertCommandResult;
  try {
    result = await requestMapping(client, document, editor.selection.active, certificate, kind);
  } catch (error) {
    void window.showErrorMessage(`IIS Auth: ${messageOf(error)}`);
    return undefined;
  }
  if (!result.ok) {
    void window.showWarningMessage(result.message);
    return result;
  }
  if (result.warnings.length > 0) {
    const accept = 'Insert anyway';
    const answer = await window.showWarningMessage(
      `${result.title}: ${result.subject}`,
      { modal: true, detail: result.warnings.map((w) => `• ${w}`).join('\n') },
      accept,
    );
    if (answer !== accept) return { ...result, applied: false };
  }
  if (document.version !== version) {
    void window.showWarningMessage('The document changed while the mapping was prepared; nothing was inserted. Run the command again.');
    return { ...result, applied: false };
  }
  const applied = await workspace.applyEdit(mappingEdit(document.uri, result.edit, result.snippet));
  if (applied && result.notes.length > 0) void window.showInformationMessage(result.notes.join(' '));
  return { ...result, applied };
}

async function pickMappingKind(): Promise<MappingKind | undefined> {
  const picked = await window.showQuickPick(
    MAPPING_KINDS.map((k) => ({ label: k.label, detail: k.detail, mappingKind: k.kind })),
    { title: 'Kind of certificate mapping', placeHolder: 'How IIS should recognise the certificate' },
  );
  return picked?.mappingKind;
}

/**
 * Arguments (optional): the certificate file's Uri, and `{ path: 'Site' | 'Site/App', url }`: `path`
 * when several sites configure mappings, `url` to skip the question. With a URL the whole request
 * is simulated (site binding, TLS, access check, authentication); without one, only the mappings are
 * tested. Shows the server's answer and returns its text.
 */
async function testCertificateFile(client: LanguageClient, given?: Uri, options: { path?: string; url?: string } = {}): Promise<string | undefined> {
  const file = given ?? (await pickCertificateFile('Certificate to test against the mappings'));
  if (!file) return undefined;
  const certificate = await readCertificateFile(file);
  if (!certificate.ok) {
    void window.showWarningMessage(certificate.message);
    return undefined;
  }
  const url = typeof options.url === 'string' ? options.url : await askUrl();
  if (url === undefined) return undefined;
  if (url.trim() !== '') return simulateWithCertificate(client, file, certificate, url.trim());
  const active = window.activeTextEditor?.document;
  const ask = (path?: string) => {
    const testOptions: TestOptions = { fileName: certificate.fileName, path, uri: active?.languageId === 'xml' ? active.uri.toString() : undefined };
    return executeOnServer<TestCommandResult>(client, SERVER_TEST_COMMAND, [certificate.base64, testOptions]);
  };
  try {
    let result = await ask(typeof options.path === 'string' ? options.path : undefined);
    if (!result.ok && result.sites && result.sites.length > 1) {
      const path = await pickSitePath(result.sites);
      if (path === undefined) return undefined;
      result = await ask(path);
    }
    if (!result.ok) {
      void window.showWarningMessage(result.message);
      return undefined;
    }
    const markdown = `# Certificate test: ${certificate.fileName}\n\n${fenced(result.text)}\n`;
    await showMarkdown('iisAuth.certificateTest', `Certificate test: ${certificate.fileName}`, markdown);
    return result.text;
  } catch (error) {
    void window.showErrorMessage(`IIS Auth: ${messageOf(error)}`);
    return undefined;
  }
}

function askUrl(): Thenable<string | undefined> {
  return window.showInputBox({
    title: 'URL to request with this certificate',
    prompt: 'An https URL: IIS\'s answer is simulated step by step. Leave empty to test the mappings only.',
    placeHolder: 'https://www.contoso.com/payroll/',
    validateInput: (value) => (value.trim() === '' || /^https:\/\//i.test(value.trim()) ? undefined : 'Client certificates are only asked for over https://'),
  });
}

async function simulateWithCertificate(client: LanguageClient, file: Uri, certificate: Extract<CertificateBytes, { ok: true }>, url: string): Promise<string | undefined> {
  const testOptions: TestOptions = { fileName: certificate.fileName, url, certificateUri: file.toString() };
  try {
    const result = await executeOnServer<SimulateCommandResult>(client, SERVER_TEST_COMMAND, [certificate.base64, testOptions]);
    if (!result.ok) {
      void window.showWarningMessage(result.message);
      return undefined;
    }
    const title = `${result.simulation.status}: ${certificate.fileName} at ${url}`;
    await showMarkdown('iisAuth.certificateTest', title, `# ${title}\n\n${result.markdown}\n`);
    return result.text;
  } catch (error) {
    void window.showErrorMessage(`IIS Auth: ${messageOf(error)}`);
    return undefined;
  }
}

async function pickSitePath(sites: string[]): Promise<string | undefined> {
  const other = 'Another site or application path…';
  const items: QuickPickItem[] = [...sites.map((site) => ({ label: site, description: 'site with certificate mappings' })), { label: other }];
  const picked = await window.showQuickPick(items, { title: 'Several sites configure certificate mappings', placeHolder: 'Test against the mappings of' });
  if (!picked) return undefined;
  if (picked.label !== other) return picked.label;
  return window.showInputBox({ title: 'Site or application path', prompt: 'As in <location path>: Site or Site/App', placeHolder: sites[0] });
}

/** The server's report is plain text with aligned columns: a code block keeps it as written. */
function fenced(text: string): string {
  const longestRun = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}text\n${text}\n${fence}`;
}
