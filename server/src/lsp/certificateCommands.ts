// workspace/executeCommand handlers for certificates. The VS Code drop provider, the palette commands
// and any other editor all come through here, so they share one implementation in the core.
import { MAX_CERTIFICATE_FILE_BYTES, readCertificateInput } from '../core/certificate/certificateInput';
import { belowSiteLevelOf, insertMappingFromCertificate, type InsertMappingResult } from '../core/certificate/insertMapping';
import { collectMappingConfiguration, sitesWithMappings } from '../core/certificate/mappingConfiguration';
import { formatMatchReport, matchCertificate, type MatchReport } from '../core/certificate/matchMappings';
import type { MappingKind } from '../core/certificate/mappingSnippets';
import type { LanguageService } from '../core/languageService';
import { formatSimulationMarkdown, formatSimulationText, simulationToJson, type SimulationJson } from '../core/simulator/formatSimulation';
import { simulateRequest } from '../core/simulator/simulateRequest';
import { LineIndex } from '../core/text/lineIndex';
import type { Position, TextEdit } from '../core/types';

export const INSERT_MAPPING_COMMAND = 'iisAuth.insertMappingFromCertificate';
export const TEST_CERTIFICATE_COMMAND = 'iisAuth.testCertificate';

export interface CertificateCommandHost {
  service: LanguageService;
  /** Current text of a document: the open editor's, else the indexed file's. */
  textOf(uri: string): string | undefined;
  /** Applies an edit through the client (workspace/applyEdit). */
  applyEdit(uri: string, edit: TextEdit, label: string): Promise<boolean>;
}

export interface InsertOptions {
  fileName?: string;
  /** Snippet placeholders in the returned edit; ignored when the server applies the edit. */
  snippet?: boolean;
  /** Default true: the server applies the edit. The VS Code client passes false and applies it itself. */
  apply?: boolean;
}

export type InsertCommandResult = InsertMappingResult & { applied?: boolean };

export interface TestOptions {
  /** The document the user is in: a web.config is read as the site's root web.config. */
  uri?: string;
  /** `Site` or `Site/App`; needed when several sites configure mappings. */
  path?: string;
  fileName?: string;
  /** An https URL: the whole request is simulated (site binding, TLS, access check, authentication), not only the mappings. */
  url?: string;
  /** The certificate file's URI, for the steps that rest on it. */
  certificateUri?: string;
}

export type TestCommandResult =
  | { ok: true; report: MatchReport; text: string }
  | { ok: false; message: string; sites?: string[] };

/** The answer when TestOptions has a `url`. */
export type SimulateCommandResult = { ok: true; simulation: SimulationJson; text: string; markdown: string } | { ok: false; message: string };

/** Decodes the base64 argument, refusing oversized input before decoding it. */
export function decodeCertificateArgument(value: unknown): Uint8Array | string {
  if (typeof value !== 'string') return 'The certificate must be passed as a base64 string of the file bytes.';
  if (value.length > Math.ceil((MAX_CERTIFICATE_FILE_BYTES * 4) / 3) + 4) {
    return `The file is larger than ${MAX_CERTIFICATE_FILE_BYTES / (1024 * 1024)} MB; a certificate is a few KB, so it was not read.`;
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

function isPosition(value: unknown): value is Position {
  const p = value as Position | undefined;
  return !!p && typeof p.line === 'number' && typeof p.character === 'number';
}

function isKind(value: unknown): value is MappingKind {
  return value === 'oneToOne' || value === 'manyToOne';
}

export function certificateCommands(host: CertificateCommandHost): Record<string, (args: unknown[]) => Promise<unknown>> {
  return {
    /**
     * Arguments: `[uri, position, base64, kind, options?]`
     * - `uri`: the configuration document; `position`: `{ line, character }` of the drop or cursor (0-based);
     * - `base64`: the certificate FILE's bytes (DER, PEM, bare base64 or .p7b alike), base64-encoded;
     * - `kind`: `'oneToOne'` or `'manyToOne'`;
     * - `options`: `{ fileName?, snippet?, apply? }` (see InsertOptions). `apply: false` is the preview mode a
     *   drop provider uses: the edit comes back unapplied (with snippet placeholders when `snippet: true`).
     * Answers `{ ok: true, edit, title, warnings, notes, subject, thumbprint, applied? }` or `{ ok: false, message }`
     * (one line; the document is left unchanged).
     */
    async [INSERT_MAPPING_COMMAND](args): Promise<InsertCommandResult> {
      const [uri, position, data, kind, rawOptions] = args;
      const options = (rawOptions ?? {}) as InsertOptions;
      if (typeof uri !== 'string' || !isPosition(position) || !isKind(kind)) {
        return { ok: false, message: `${INSERT_MAPPING_COMMAND} expects (uri, position, base64 bytes, 'oneToOne' | 'manyToOne', options?).` };
      }
      const bytes = decodeCertificateArgument(data);
      if (typeof bytes === 'string') return { ok: false, message: bytes };
      const text = host.textOf(uri);
      if (text === undefined) return { ok: false, message: `The document ${uri} is not open or indexed.` };
      const apply = options.apply !== false;
      const result = insertMappingFromCertificate({
        uri,
        text,
        offset: new LineIndex(text).offsetAt(position),
        bytes,
        fileName: options.fileName,
        kind,
        snippet: options.snippet === true && !apply,
        now: host.service.settings.now,
        belowSiteLevel: belowSiteLevelOf(host.service.workspace, uri),
      });
      if (!result.ok || !apply) return result;
      return { ...result, applied: await host.applyEdit(uri, result.edit, result.title) };
    },

    /**
     * Arguments: certificate bytes as base64, options `{ uri?, path?, fileName?, url? }`. Without `url`:
     * which mapping IIS uses for the certificate. With an https `url`: the whole request simulated,
     * answered as `{ ok: true, simulation: { status, steps: [{ step, outcome, detail, source }] }, text, markdown }`.
     */
    async [TEST_CERTIFICATE_COMMAND](args): Promise<TestCommandResult | SimulateCommandResult> {
      const [data, rawOptions] = args;
      const options = (rawOptions ?? {}) as TestOptions;
      const bytes = decodeCertificateArgument(data);
      if (typeof bytes === 'string') return { ok: false, message: bytes };
      const read = readCertificateInput(bytes, options.fileName);
      if (!read.ok) return { ok: false, message: read.message };

      const workspace = host.service.workspace;
      if (typeof options.url === 'string' && options.url.trim() !== '') {
        const simulated = simulateRequest({
          url: options.url,
          certificate: read,
          certificateUri: options.certificateUri ?? options.fileName ?? 'certificate',
          workspace,
          now: host.service.settings.now ?? new Date(),
        });
        if (!simulated.ok) return { ok: false, message: simulated.message };
        const { simulation } = simulated;
        return { ok: true, simulation: simulationToJson(simulation), text: formatSimulationText(simulation), markdown: formatSimulationMarkdown(simulation) };
      }
      const files = workspace.files().filter((f) => f.kind === 'applicationHost');
      const current = options.uri ? workspace.get(options.uri) : undefined;
      if (current && current.kind !== 'applicationHost' && current.configuration) files.push(current);
      if (files.length === 0) {
        return { ok: false, message: 'No applicationHost.config in the workspace and no configuration file open: nothing to test the certificate against.' };
      }
      const collected = collectMappingConfiguration(files, options.path);
      if (!collected.ok) return { ok: false, message: collected.message, sites: sitesWithMappings(files) };
      const report = matchCertificate(read.leaf, collected.configuration, host.service.settings.now ?? new Date());
      const notes = read.notes.length > 0 ? `${read.notes.join(' ')}\n\n` : '';
      return { ok: true, report, text: notes + formatMatchReport(report) };
    },
  };
}
