import { lastAnalysisWasIncremental, nextAnalysisLooksIncremental } from './incremental';
import { validateFile, validateSnapshotFile, type RuleFailureHandler, type ValidationSettings } from './validation';
import type { Finding, Hover, Position, Range } from './types';
import { computeCodeActions, type CodeAction } from './actions/index';
import { Workspace } from './workspace';
import { complete, type CompletionList, type CompletionRequestContext } from './completion';
import { documentSymbols, type DocumentSymbol } from './documentSymbols';
import { definition, references, type Location } from './definition';
import {
  effectiveCodeLenses,
  effectiveInlayHints,
  effectiveSettingsMarkdown,
  type CodeLens,
  type EffectiveSettingsArguments,
  type InlayHint,
} from './effectiveLens';
import { hoverAt } from './hover';
import { ConfigurationPredictor } from './logs/predict';

/**
 * The analysis core's single entry point, shaped like vscode-json-languageservice: an object of
 * feature functions over a Workspace, with no transport. The server, the CLI and the tests all use it.
 * A feature lives in its own file and is added here as one bound function.
 */
export interface LanguageServiceOptions {
  settings?: ValidationSettings;
  onRuleFailure?: RuleFailureHandler;
}

export function createLanguageService(options: LanguageServiceOptions = {}) {
  const workspace = new Workspace();
  let settings: ValidationSettings = options.settings ?? {};
  const validateUri = (uri: string): Finding[] => {
    const file = workspace.get(uri);
    return file ? validateFile(file, workspace, settings, options.onRuleFailure) : [];
  };
  // Predictions memoise the findings they read: one predictor per workspace generation and settings.
  let predictorCache: { generation: number; settings: ValidationSettings; predictor: ConfigurationPredictor } | undefined;
  const predictor = (): ConfigurationPredictor => {
    if (!predictorCache || predictorCache.generation !== workspace.generation || predictorCache.settings !== settings) {
      predictorCache = { generation: workspace.generation, settings, predictor: new ConfigurationPredictor(workspace, validateUri) };
    }
    return predictorCache.predictor;
  };

  return {
    workspace,
    configure(next: ValidationSettings): void {
      settings = next;
    },
    get settings(): ValidationSettings {
      return settings;
    },
    /** Findings for one known file; [] when the workspace does not know it. */
    validate(uri: string): Finding[] {
      if (workspace.isSnapshotFile(uri)) return validateSnapshotFile(uri, workspace, settings, options.onRuleFailure);
      const file = workspace.get(uri);
      return file ? validateFile(file, workspace, settings, options.onRuleFailure) : [];
    },
    /** The last validate(uri) re-checked only what an edit could change: schedulers need not wait for more edits. */
    lastAnalysisWasIncremental(uri: string): boolean {
      return lastAnalysisWasIncremental(workspace, uri);
    },
    /** The pending edit lies inside one `<location>` and was read without a parse of the whole text: validate(uri) will likely re-check that location alone. */
    nextAnalysisLooksIncremental(uri: string): boolean {
      return nextAnalysisLooksIncremental(workspace, uri);
    },
    hover(uri: string, position: Position): Hover | undefined {
      return hoverAt(workspace, uri, position, { predictor });
    },
    /** What the configuration predicts for failed requests (log summary, log hover, FREB explanation). */
    predictor,
    /** Repairs for the findings the editor shows in a range (all findings in range when none are given). */
    codeActions(uri: string, range: Range, findings: Finding[] = []): CodeAction[] {
      return computeCodeActions({
        workspace,
        uri,
        range,
        findings,
        validate: (target) => {
          const file = workspace.get(target);
          return file ? validateFile(file, workspace, settings, options.onRuleFailure) : [];
        },
      });
    },
    complete(uri: string, position: Position, context: CompletionRequestContext = {}): CompletionList {
      return complete(workspace, uri, position, context);
    },
    documentSymbols(uri: string): DocumentSymbol[] {
      return documentSymbols(workspace, uri);
    },
    /** From a section to the location or declaration that unlocks or locks it (and, below a site, the mapping IIS reads); from a diagnostic to the mappings it is about. */
    definition(uri: string, position: Position): Location[] {
      const validate = (target: string) => {
        const file = workspace.get(target);
        return file ? validateFile(file, workspace, settings, options.onRuleFailure) : [];
      };
      return definition(workspace, uri, position, { validate });
    },
    references(uri: string, position: Position, includeDeclaration = true): Location[] {
      const validate = (target: string) => {
        const file = workspace.get(target);
        return file ? validateFile(file, workspace, settings, options.onRuleFailure) : [];
      };
      return references(workspace, uri, position, { includeDeclaration, validate });
    },
    effectiveCodeLenses(uri: string): CodeLens[] {
      return effectiveCodeLenses(workspace, uri);
    },
    effectiveInlayHints(uri: string, range?: Range): InlayHint[] {
      return effectiveInlayHints(workspace, uri, range);
    },
    effectiveSettingsMarkdown(args: EffectiveSettingsArguments): string {
      return effectiveSettingsMarkdown(workspace, args);
    },
  };
}

export type LanguageService = ReturnType<typeof createLanguageService>;
