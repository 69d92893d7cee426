import {
  createConnection,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Range,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../core/languageService';
import { finishStdioSetup, stdioTransport, usesStdio } from './stdioTransport';
import { isForeignFile } from '../core/model/fileRole';
import { explainCode } from '../core/knowledge/explain';
import type { Finding } from '../core/types';
import type { SeveritySetting } from '../core/validation';
import { homedir } from 'node:os';
import { describeLeftOut, indexWorkspaceFolders, readConfigFile, readServerFiles } from '../configFiles';
import { indexSnapshotFolders, readSnapshotFile } from '../snapshotFiles';
import { mayBeSnapshotText, storeOfUri } from '../core/snapshot/index';
import { isIisLogDocument, SUMMARIZE_LOG_COMMAND, summarizeLogCommand } from './logSummaryCommand';
import { EXPLAIN_TRACE_COMMAND, explainTraceCommand } from './frebCommand';
import { certificateCommands } from './certificateCommands';
import { COMPLETION_TRIGGER_CHARACTERS } from '../core/completion';
import { EFFECTIVE_DISPLAY_VALUES, EFFECTIVE_MARKDOWN_COMMAND, type EffectiveDisplay } from '../core/effectiveLens';
import { computeLogSemanticTokens, DEFAULT_MAX_FULL_TOKENS, LOG_SEMANTIC_TOKENS_LEGEND } from '../core/logs/semanticTokens';

// Transport only: document sync, scheduling, publishing. Every answer comes from the core.

const stdio = usesStdio(process.argv) ? stdioTransport() : undefined;
const connection = stdio ? createConnection(ProposedFeatures.all, stdio.reader, stdio.writer) : createConnection(ProposedFeatures.all);
if (stdio) finishStdioSetup(connection);
/**
 * What a document's latest version changed when it came as ranges (a keystroke, several cursors):
 * [start, oldEnd) of the version before became [start, newEnd). The workspace then re-reads only the
 * element that holds it.
 */
const lastEdits = new Map<string, { version: number; start: number; oldEnd: number; newEnd: number }>();
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update(document, changes, version) {
    const before = document.getText().length;
    // Unchanged before `prefix` and in the last `suffix` characters, over the changes in their order.
    let prefix = Infinity;
    let suffix = Infinity;
    let ranged = changes.length > 0;
    let updated = document;
    for (const change of changes as Array<{ range?: Range; text: string }>) {
      if (change.range) {
        let start = updated.offsetAt(change.range.start);
        let end = updated.offsetAt(change.range.end);
        if (end < start) [start, end] = [end, start];
        prefix = Math.min(prefix, start);
        suffix = Math.min(suffix, updated.getText().length - end);
      } else ranged = false;
      updated = TextDocument.update(updated, [change], version);
    }
    const after = updated.getText().length;
    if (ranged) lastEdits.set(updated.uri, { version, start: prefix, oldEnd: before - suffix, newEnd: after - suffix });
    else lastEdits.delete(updated.uri);
    return updated;
  },
});
const reportedRuleFailures = new Set<string>();
const service = createLanguageService({
  onRuleFailure: ({ code, error }) => {
    if (reportedRuleFailures.has(code)) return;
    reportedRuleFailures.add(code);
    const detail = error instanceof Error ? error.stack ?? error.message : String(error);
    connection.console.error(`Rule ${code} failed and was skipped; the other rules' findings are still shown.\n${detail}`);
  },
});

/** Server-side commands (workspace/executeCommand), registered by feature. */
/**
 * `workDone`: progress reported under the client's workDoneToken (a no-op when it sent none). The
 * library removes `workDoneToken` from the params before the handler runs, so this is the only way to it.
 */
type CommandHandler = (
  args: unknown[],
  context: { workDone: WorkDoneProgressReporter; isCancelled: () => boolean },
) => unknown | Promise<unknown>;
const commands = new Map<string, CommandHandler>();

let hasConfigurationCapability = false;
let workspaceFolders: string[] = [];

connection.onInitialize((params: InitializeParams): InitializeResult => {
  hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
  lensRefreshSupport.codeLens = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  lensRefreshSupport.inlayHint = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
  if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorMove] },
      definitionProvider: true,
      referencesProvider: true,
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: true,
      executeCommandProvider: { commands: [...commands.keys()] },
      semanticTokensProvider: { legend: LOG_SEMANTIC_TOKENS_LEGEND, full: true, range: true },
    },
    serverInfo: { name: 'iis-auth-language-server', version: '0.2.0' },
  };
});

connection.onInitialized(async () => {
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    await refreshSettings();
  }
  await loadServerFiles(configuredHostFiles);
  const indexed = await indexWorkspaceFolders(workspaceFolders, (uri, text) => {
    // An open editor's text is newer than the disk's.
    if (!documents.get(uri)) service.workspace.set(uri, text);
  });
  const leftOut = describeLeftOut(indexed);
  if (leftOut) connection.console.info(leftOut);
  await indexSnapshotFolders(workspaceFolders, (input) => {
    if (!documents.get(input.uri)) service.workspace.setSnapshotFile(input);
  });
  await refreshEffectiveDisplay();
  scheduleAll();
});

interface IisAuthSettings {
  diagnostics?: { severity?: Record<string, SeveritySetting> };
  applicationHostConfig?: string | string[];
}

/** `iisAuth.applicationHostConfig` as last read: the server's host files outside the workspace. */
let configuredHostFiles: string[] = [];

function applySettings(config: IisAuthSettings | null | undefined): void {
  service.configure({ ...service.settings, severity: config?.diagnostics?.severity ?? {} });
  const hostFiles = config?.applicationHostConfig;
  configuredHostFiles = (Array.isArray(hostFiles) ? hostFiles : hostFiles ? [hostFiles] : []).filter((p): p is string => typeof p === 'string');
}

async function refreshSettings(): Promise<void> {
  if (!hasConfigurationCapability) return;
  try {
    applySettings((await connection.workspace.getConfiguration('iisAuth')) as IisAuthSettings | null);
  } catch {
    // A client without settings keeps the defaults.
  }
}

/**
 * Reads the server's applicationHost.config files (the setting's, and IIS's and IIS Express's own on
 * Windows): only those files, read only, replacing the ones read before.
 */
async function loadServerFiles(configured: string[]): Promise<void> {
  const read = await readServerFiles({ configured, env: process.env, platform: process.platform, home: homedir() });
  for (const uri of [...service.workspace.serverFileUris()]) {
    if (!read.files.some((f) => f.uri === uri)) service.workspace.delete(uri);
  }
  for (const file of read.files) service.workspace.setServerFile(file.uri, file.text);
  if (read.problems.length > 0) connection.console.warn(`iisAuth.applicationHostConfig: cannot read ${read.problems.join(', ')}.`);
  if (read.files.length > 0) connection.console.info(`Server configuration for web.config files no workspace applicationHost.config governs: ${read.files.map((f) => f.path).join(', ')}.`);
}

connection.onDidChangeConfiguration(async (change) => {
  if (hasConfigurationCapability) await refreshSettings();
  else applySettings((change.settings as { iisAuth?: IisAuthSettings } | undefined)?.iisAuth);
  await loadServerFiles(configuredHostFiles);
  await refreshEffectiveDisplay(change.settings);
  scheduleAll();
});

documents.onDidOpen((event) => {
  service.workspace.set(event.document.uri, event.document.getText());
  scheduleAll();
});

documents.onDidChangeContent((event) => {
  const uri = event.document.uri;
  const edit = lastEdits.get(uri);
  lastEdits.delete(uri);
  if (edit && edit.version === event.document.version) service.workspace.setEdited(uri, event.document.getText(), edit);
  else service.workspace.set(uri, event.document.getText());
  schedule(event.document);
  // This file may lock, unlock or map for the other open ones: re-check them once typing pauses.
  for (const other of documents.all()) if (other.uri !== event.document.uri) schedule(other, DEPENDENT_DELAY_MS);
});

documents.onDidClose(async (event) => {
  const uri = event.document.uri;
  connection.sendDiagnostics({ uri, diagnostics: [] });
  lastPublished.delete(uri);
  lastEdits.delete(uri);
  pending.get(uri)?.cancel();
  pending.delete(uri);
  // Fall back to the file on disk so it keeps informing the other files' analysis.
  await refreshFromDisk(uri);
  scheduleAll();
});

/** The file's content on disk into the workspace: bytes for snapshot files (the core decodes them), text for configuration. */
async function refreshFromDisk(uri: string): Promise<void> {
  if (storeOfUri(uri) || mayBeSnapshotText(uri)) {
    const input = await readSnapshotFile(uri);
    if (input) service.workspace.setSnapshotFile(input);
    else service.workspace.delete(uri);
    return;
  }
  const onDisk = await readConfigFile(uri);
  if (onDisk === undefined) service.workspace.delete(uri);
  else service.workspace.set(uri, onDisk);
}

connection.onDidChangeWatchedFiles(async (change) => {
  for (const event of change.changes) {
    if (documents.get(event.uri)) continue;
    if (event.type === 3 /* Deleted */) service.workspace.delete(event.uri);
    else await refreshFromDisk(event.uri);
  }
  scheduleLensRefresh();
  scheduleAll();
});

connection.onHover((params) => {
  try {
    const document = documents.get(params.textDocument.uri);
    if (document) service.workspace.set(document.uri, document.getText());
    const hover = service.hover(params.textDocument.uri, params.position);
    return hover ? { contents: { kind: 'markdown', value: hover.contents }, range: hover.range } : null;
  } catch (error) {
    connection.console.error(`Hover failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
});

/** Runs a feature on the open document's current text; a failure is logged, never thrown at the editor. */
function withDocument<T>(uri: string, feature: string, fallback: T, run: () => T): T {
  try {
    const document = documents.get(uri);
    if (document) service.workspace.set(uri, document.getText());
    return run();
  } catch (error) {
    connection.console.error(`${feature} failed: ${error instanceof Error ? error.message : String(error)}`);
    return fallback;
  }
}

connection.onCompletion((params) =>
  withDocument(params.textDocument.uri, 'Completion', null, () =>
    service.complete(params.textDocument.uri, params.position, { triggerCharacter: params.context?.triggerCharacter }),
  ),
);

// Only the findings the editor shows are repaired; the core re-checks them against the current text.
connection.onCodeAction((params) =>
  withDocument(params.textDocument.uri, 'Code actions', [], () => {
    const uri = params.textDocument.uri;
    const shown = params.context.diagnostics
      .filter((d) => d.source === 'iis-auth' && typeof d.code === 'string')
      .map((d): Finding => ({ code: d.code as string, range: d.range, message: typeof d.message === 'string' ? d.message : d.message.value, severity: 'error', uri }));
    if (params.context.diagnostics.length > 0 && shown.length === 0) return [];
    return service.codeActions(uri, params.range, shown).map(
      (action): CodeAction => ({
        title: action.title,
        kind: action.kind,
        diagnostics: action.diagnostics.map(toDiagnostic),
        isPreferred: action.isPreferred,
        edit: action.edit,
        command: action.command,
        disabled: action.disabled,
      }),
    );
  }),
);

connection.onDocumentSymbol((params) => withDocument(params.textDocument.uri, 'Outline', [], () => service.documentSymbols(params.textDocument.uri)));

connection.onDefinition((params) =>
  withDocument(params.textDocument.uri, 'Go to definition', [], () => service.definition(params.textDocument.uri, params.position)),
);

connection.onReferences((params) =>
  withDocument(params.textDocument.uri, 'References', [], () =>
    service.references(params.textDocument.uri, params.position, params.context.includeDeclaration),
  ),
);

// --- Effective settings above each <location> and web.config, as `iisAuth.effectiveSettings.display` says.

let effectiveDisplay: EffectiveDisplay = 'codeLens';
const lensRefreshSupport = { codeLens: false, inlayHint: false };

async function refreshEffectiveDisplay(pushed?: unknown): Promise<void> {
  let value: unknown;
  try {
    if (hasConfigurationCapability) value = await connection.workspace.getConfiguration('iisAuth.effectiveSettings.display');
    else value = (pushed as { iisAuth?: { effectiveSettings?: { display?: unknown } } } | undefined)?.iisAuth?.effectiveSettings?.display;
  } catch {
    value = undefined;
  }
  const next = EFFECTIVE_DISPLAY_VALUES.includes(value as EffectiveDisplay) ? (value as EffectiveDisplay) : 'codeLens';
  if (next !== effectiveDisplay) {
    effectiveDisplay = next;
    scheduleLensRefresh();
  }
}

let lensRefreshTimer: ReturnType<typeof setTimeout> | undefined;
/** Effective settings depend on every file: after a change, ask the editor to re-query the visible ones. */
function scheduleLensRefresh(): void {
  if (lensRefreshTimer) clearTimeout(lensRefreshTimer);
  lensRefreshTimer = setTimeout(() => {
    lensRefreshTimer = undefined;
    if (lensRefreshSupport.codeLens) connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (lensRefreshSupport.inlayHint) connection.languages.inlayHint.refresh().catch(() => undefined);
  }, 400);
}
documents.onDidChangeContent(() => scheduleLensRefresh());

connection.onCodeLens((params) =>
  effectiveDisplay !== 'codeLens' ? [] : withDocument(params.textDocument.uri, 'Effective settings lens', [], () => service.effectiveCodeLenses(params.textDocument.uri)),
);

connection.languages.inlayHint.on((params) =>
  effectiveDisplay !== 'inlayHint'
    ? []
    : withDocument(params.textDocument.uri, 'Effective settings hint', [], () => service.effectiveInlayHints(params.textDocument.uri, params.range)),
);

// --- Semantic tokens: IIS log columns where the grammar cannot follow #Fields: (other documents get none).

connection.languages.semanticTokens.on((params) =>
  withDocument(params.textDocument.uri, 'Semantic tokens', { data: [] }, () => {
    const document = documents.get(params.textDocument.uri);
    // Beyond the cap the answer is null, and the editor asks for the visible range instead.
    return document ? computeLogSemanticTokens(document.uri, document.getText(), { maxTokens: DEFAULT_MAX_FULL_TOKENS }) ?? null : { data: [] };
  }),
);

connection.languages.semanticTokens.onRange((params) =>
  withDocument(params.textDocument.uri, 'Semantic tokens', { data: [] }, () => {
    const document = documents.get(params.textDocument.uri);
    const range = { startLine: params.range.start.line, endLine: params.range.end.line };
    return document ? computeLogSemanticTokens(document.uri, document.getText(), { range }) ?? { data: [] } : { data: [] };
  }),
);

connection.onExecuteCommand(async (params, cancellation, workDone) => {
  const handler = commands.get(params.command);
  if (!handler) throw new Error(`Unknown command ${params.command}`);
  return handler(params.arguments ?? [], { workDone, isCancelled: () => cancellation.isCancellationRequested });
});

// --- Validation scheduling -------------------------------------------------------------------

interface PendingRun {
  cancel(): void;
}
const pending = new Map<string, PendingRun>();
/** Delay before re-checking open files that another file's edit may affect. */
const DEPENDENT_DELAY_MS = 250;
const lastDurationMs = new Map<string, number>();

function scheduleAll(): void {
  for (const document of documents.all()) schedule(document);
}

/**
 * Debounce in proportion to what the last run cost: files that analyse in a few milliseconds
 * answer at once, a large one is not re-analysed on every keystroke. A newer version cancels the
 * older run, and the version check in validate() drops a result the editor has moved past.
 */
function schedule(document: TextDocument, minimumDelayMs = 0): void {
  pending.get(document.uri)?.cancel();
  const lastCost = lastDurationMs.get(document.uri) ?? 0;
  // After an incremental run the next edit most likely costs as little: no wait that grows with the file.
  // So does an edit inside one <location>, read without parsing the whole text: the first keystroke after opening a large file too.
  const cheap = lastCost < 20 || service.lastAnalysisWasIncremental(document.uri) || service.nextAnalysisLooksIncremental(document.uri);
  const delay = Math.max(minimumDelayMs, cheap ? 0 : Math.min(300, Math.round(lastCost * 2)));
  const version = document.version;
  const run = () => {
    pending.delete(document.uri);
    validate(document.uri, version);
  };
  // No wait: after the messages already queued (a newer keystroke cancels this one), without a timer's millisecond.
  if (delay === 0) {
    const immediate = setImmediate(run);
    pending.set(document.uri, { cancel: () => clearImmediate(immediate) });
  } else {
    const timer = setTimeout(run, delay);
    pending.set(document.uri, { cancel: () => clearTimeout(timer) });
  }
}

/** What each document's last publish was computed from: the same inputs give the same findings, never sent twice. */
const lastPublished = new Map<string, { version: number; generation: number; settings: unknown }>();

function validate(uri: string, version: number): void {
  const document = documents.get(uri);
  if (!document || document.version !== version) return;
  const started = performance.now();
  let findings: Finding[];
  try {
    service.workspace.set(uri, document.getText());
    const last = lastPublished.get(uri);
    if (last && last.version === version && last.generation === service.workspace.generation && last.settings === service.settings) return;
    const file = service.workspace.get(uri);
    // Only files that are IIS configuration: a `*.config` with another root is someone else's.
    if (isIisLogDocument(uri, document.getText())) findings = [];
    else if (file && isForeignFile(file) && file.xml.errors.length === 0) findings = [];
    else findings = service.validate(uri);
  } catch (error) {
    connection.console.error(`Analysis of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    findings = [];
  }
  lastDurationMs.set(uri, performance.now() - started);
  // Never publish results for a version the editor has already moved past.
  if (documents.get(uri)?.version !== version) return;
  lastPublished.set(uri, { version, generation: service.workspace.generation, settings: service.settings });
  connection.sendDiagnostics({ uri, version, diagnostics: findings.map(toDiagnostic) });
}

const severities: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Findings an incremental analysis kept are the same objects: their diagnostics are made once. */
const diagnosticOf = new WeakMap<Finding, Diagnostic>();

function toDiagnostic(finding: Finding): Diagnostic {
  let diagnostic = diagnosticOf.get(finding);
  if (!diagnostic) diagnosticOf.set(finding, (diagnostic = makeDiagnostic(finding)));
  return diagnostic;
}

function makeDiagnostic(finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: severities[finding.severity],
    code: finding.code,
    source: 'iis-auth',
    message: finding.message,
  };
  if (finding.docUrl) diagnostic.codeDescription = { href: finding.docUrl };
  if (finding.related) {
    diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message }));
  }
  if (finding.tags) {
    diagnostic.tags = finding.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  if (finding.data) diagnostic.data = finding.data;
  return diagnostic;
}

function registerCommand(name: string, handler: CommandHandler): void {
  commands.set(name, handler);
}

// --- Commands: each feature registers its workspace/executeCommand handlers here. ---------------

// Explains `401.2`, `401 2 5`, `-1073741715`, `0x80070021`...: arguments[0] is the code as typed; answers Markdown.
registerCommand('iisAuth.explainCode', (args) => explainCode(typeof args[0] === 'string' ? args[0] : String(args[0] ?? '')));

// The effective-settings page behind a lens: arguments[0] is `{ uri, path }` (path as in `<location path>`, '' for the file level); answers Markdown.
registerCommand(EFFECTIVE_MARKDOWN_COMMAND, (args) => {
  const given = (args[0] ?? {}) as { uri?: unknown; path?: unknown };
  const uri = typeof given.uri === 'string' ? given.uri : '';
  const document = documents.get(uri);
  if (document) service.workspace.set(uri, document.getText());
  return service.effectiveSettingsMarkdown({ uri, path: typeof given.path === 'string' ? given.path : '' });
});

// Certificates: insert a mapping from a certificate file's bytes; test a certificate against the mappings.
const certificateHandlers = certificateCommands({
  service,
  textOf: (uri) => documents.get(uri)?.getText() ?? service.workspace.text(uri),
  applyEdit: async (uri, edit, label) => (await connection.workspace.applyEdit({ label, edit: { changes: { [uri]: [edit] } } })).applied,
});
for (const [name, handler] of Object.entries(certificateHandlers)) registerCommand(name, handler);

/** A file URI relative to the workspace folder that holds it (the whole URI's path when none does). */
function workspaceRelative(uri: string): string {
  const folder = workspaceFolders.find((f) => uri.startsWith(f.endsWith('/') ? f : `${f}/`));
  const rest = folder ? uri.slice(folder.length).replace(/^\//, '') : uri.replace(/^file:\/\//, '');
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

// Summarises IIS logs by status triple: arguments[0] is `{ uris?, paths?, all? }`; answers `{ markdown, summary }`.
registerCommand(SUMMARIZE_LOG_COMMAND, async (args, { workDone, isCancelled }) => {
  workDone.begin('Summarizing IIS logs', 0, undefined, true);
  try {
    return await summarizeLogCommand(args, {
      documentText: (uri) => documents.get(uri)?.getText(),
      onProgress: (percentage, message) => workDone.report(percentage, message),
      isCancelled,
      predictor: service.predictor,
      fileLabel: workspaceRelative,
    });
  } finally {
    workDone.done();
  }
});

// "Explain this trace" for a Failed Request Tracing file: arguments[0] is `{ uri }` or `{ path }`; answers `{ markdown }`.
registerCommand(EXPLAIN_TRACE_COMMAND, (args) =>
  explainTraceCommand(args, { documentText: (uri) => documents.get(uri)?.getText(), predictor: service.predictor, fileLabel: workspaceRelative }),
);

documents.listen(connection);
connection.listen();
