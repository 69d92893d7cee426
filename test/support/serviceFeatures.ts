import type { LanguageService } from '../../server/src/core/languageService';
import type { Finding, Position, Range } from '../../server/src/core/types';

/**
 * Calls every function of the language service the way an editor would, for the harnesses that must
 * cover all of them (the secrets test, the fuzzer). The functions are enumerated from the object
 * `createLanguageService()` returns, never listed by hand, so a feature added tomorrow is covered
 * the day it lands; one whose arguments cannot be derived from its parameter names (uri, position,
 * range) must be given a call in SPECIAL_CALLS, and until it is, planning fails with its name.
 */

export interface FeatureInput {
  uri: string;
  text: string;
  positions: Position[];
}

export interface FeatureOutput {
  feature: string;
  result: unknown;
}

interface CallContext {
  uri: string;
  text: string;
  /** What `validate` returned for the document, so code actions can be asked about real findings. */
  findings: Finding[];
  /** Every lens, hint and page argument seen so far, for the features that take one back. */
  outputs: FeatureOutput[];
}

type SpecialCall = (service: LanguageService, context: CallContext) => unknown[];

/** Functions that take arguments other than (uri, position, range), and how the editor calls them. */
const SPECIAL_CALLS: Record<string, SpecialCall> = {
  // The editor asks at each finding's own range with that finding, and (below, through the
  // per-position plan) at any cursor with no findings, which means every finding in range.
  codeActions: (service, { uri, findings }) => findings.map((finding) => service.codeActions(uri, finding.range, [finding])),
  // The page opened from a lens or an inlay hint: asked with each argument they carry, and for the
  // file's own level.
  effectiveSettingsMarkdown: (service, { uri, outputs }) => {
    const asked = new Map<string, { uri: string; path: string }>([[`${uri}\n`, { uri, path: '' }]]);
    for (const argument of commandArguments(outputs)) asked.set(`${argument.uri}\n${argument.path}`, argument);
    return [...asked.values()].map((argument) => service.effectiveSettingsMarkdown(argument));
  },
  // What the log summary, the log hover and "Explain this trace" ask for a failed request: the
  // statuses the rules predict, at the site root and below it, for the only site or none.
  predictor: (service) =>
    ['/', '/Payroll/default.aspx'].flatMap((path) =>
      [
        [401, 2],
        [401, 1],
        [403, 7],
        [500, 19],
      ].map(([status, subStatus]) => service.predictor().predict({ site: { from: 'none' }, path, status, subStatus })),
    ),
};

/** Functions that are no document feature, with the reason they are not called. */
const NOT_FEATURES: Record<string, string> = {
  configure: 'replaces the settings the other features read; the harness keeps the ones it was given',
};

const KNOWN_PARAMETERS = new Set(['uri', 'position', 'range']);

interface Parameter {
  name: string;
  optional: boolean;
}

interface DerivedCall {
  name: string;
  parameters: Parameter[];
  /** Called at every position (and, when it takes a range, once over the whole document). */
  perPosition: boolean;
}

export interface FeaturePlan {
  /** Called once per document, in this order, before the per-position features. */
  perDocument: DerivedCall[];
  perPosition: DerivedCall[];
  special: string[];
  /** Every function name the plan calls, for the harnesses' coverage assertions. */
  names: string[];
}

/** Reads a compiled method's parameter list: names, and whether each has a default. */
export function parametersOf(fn: Function): Parameter[] {
  const source = fn.toString();
  const open = source.indexOf('(');
  let depth = 0;
  let current = '';
  const raw: string[] = [];
  for (let i = open; i < source.length; i++) {
    const char = source[i];
    if ('([{'.includes(char)) depth++;
    if (')]}'.includes(char)) depth--;
    if (depth === 0) break;
    if (depth === 1 && char === ',') {
      raw.push(current);
      current = '';
    } else if (i > open) current += char;
  }
  if (current.trim()) raw.push(current);
  return raw.map((text) => {
    const [name, ...rest] = text.split('=');
    return { name: name.trim(), optional: rest.length > 0 };
  });
}

function functionsOf(service: LanguageService): Array<[string, Function]> {
  const functions: Array<[string, Function]> = [];
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(service))) {
    // Getters (settings) and data (the workspace) are state, not features.
    if (typeof descriptor.value === 'function') functions.push([name, descriptor.value]);
  }
  return functions;
}

/** Throws, naming the function, when the service has one the harness does not know how to call. */
export function planFeatures(service: LanguageService): FeaturePlan {
  const plan: FeaturePlan = { perDocument: [], perPosition: [], special: [], names: [] };
  const unknown: string[] = [];
  for (const [name, fn] of functionsOf(service)) {
    if (name in NOT_FEATURES) continue;
    plan.names.push(name);
    if (name in SPECIAL_CALLS) {
      plan.special.push(name);
      if (name !== 'codeActions') continue;
    }
    const parameters = parametersOf(fn);
    const required = parameters.filter((p) => !p.optional);
    if (required.some((p) => !KNOWN_PARAMETERS.has(p.name)) || !parameters.some((p) => p.name === 'uri')) {
      if (!(name in SPECIAL_CALLS)) unknown.push(`${name}(${parameters.map((p) => p.name).join(', ')})`);
      continue;
    }
    const call = { name, parameters, perPosition: parameters.some((p) => p.name === 'position' || p.name === 'range') };
    (call.perPosition ? plan.perPosition : plan.perDocument).push(call);
  }
  // A renamed feature must not leave its old call behind as a silent no-op.
  const present = new Set(functionsOf(service).map(([name]) => name));
  for (const name of [...Object.keys(SPECIAL_CALLS), ...Object.keys(NOT_FEATURES)]) {
    if (!present.has(name)) unknown.push(`${name} (listed in test/support/serviceFeatures.ts but gone from the language service)`);
  }
  if (unknown.length > 0) {
    throw new Error(
      `The harness cannot call these language service functions: ${unknown.join('; ')}. ` +
        'Give each a call in SPECIAL_CALLS (or a reason in NOT_FEATURES) in test/support/serviceFeatures.ts.',
    );
  }
  // validate first: code actions are asked about its findings.
  plan.perDocument.sort((a, b) => Number(b.name === 'validate') - Number(a.name === 'validate'));
  return plan;
}

function argumentsFor(call: DerivedCall, uri: string, range: Range): unknown[] {
  const args: unknown[] = [];
  for (const parameter of call.parameters) {
    if (parameter.name === 'uri') args.push(uri);
    else if (parameter.name === 'position') args.push(range.start);
    else if (parameter.name === 'range') args.push(range);
    else break; // an optional parameter the harness leaves to its default, with all after it
  }
  return args;
}

function documentRange(text: string): Range {
  const lines = text.split(/\r\n|\r|\n/);
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}

/** Every command (a lens's, a hint label's, an action's) anywhere in the results, with its arguments. */
export function commandsIn(results: unknown[]): Array<{ command: string; arguments: unknown[] }> {
  const found: Array<{ command: string; arguments: unknown[] }> = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.command === 'string' && Array.isArray(record.arguments)) found.push({ command: record.command, arguments: record.arguments });
      Object.values(record).forEach(visit);
    }
  };
  results.forEach(visit);
  return found;
}

/** The `{ uri, path }` arguments of the effective-settings commands the lenses and hints carry. */
function commandArguments(outputs: FeatureOutput[]): Array<{ uri: string; path: string }> {
  return commandsIn(outputs.map((output) => output.result))
    .flatMap((command) => command.arguments)
    .filter((argument): argument is { uri: string; path: string } => {
      const candidate = argument as Record<string, unknown> | null;
      return !!candidate && typeof candidate.uri === 'string' && typeof candidate.path === 'string';
    });
}

/**
 * Sets the document in the service's workspace and calls every feature on it: the per-document ones
 * once, the position ones at each position given (and range ones also over the whole document), then
 * the special ones. Returns every result, named by feature, so a caller can inspect them.
 */
export function exerciseEveryFeature(service: LanguageService, input: FeatureInput, plan = planFeatures(service)): FeatureOutput[] {
  service.workspace.set(input.uri, input.text);
  const features = service as unknown as Record<string, (...args: unknown[]) => unknown>;
  const outputs: FeatureOutput[] = [];
  const call = (name: string, args: unknown[]) => outputs.push({ feature: name, result: features[name](...args) });
  const whole = documentRange(input.text);
  for (const feature of plan.perDocument) call(feature.name, argumentsFor(feature, input.uri, whole));
  for (const feature of plan.perPosition) {
    if (feature.parameters.some((p) => p.name === 'range')) call(feature.name, argumentsFor(feature, input.uri, whole));
  }
  for (const position of input.positions) {
    for (const feature of plan.perPosition) call(feature.name, argumentsFor(feature, input.uri, { start: position, end: position }));
  }
  const validated = outputs.find((output) => output.feature === 'validate');
  const context: CallContext = { uri: input.uri, text: input.text, findings: (validated?.result as Finding[] | undefined) ?? [], outputs };
  for (const name of plan.special) {
    for (const result of SPECIAL_CALLS[name](service, context)) outputs.push({ feature: name, result });
  }
  return outputs;
}

/** True when a feature's result carries something a user would see (not undefined, null, [], '' or an object of those). */
export function isNonEmpty(result: unknown): boolean {
  if (result === undefined || result === null || result === '') return false;
  if (Array.isArray(result)) return result.length > 0;
  // A completion list with no items or semantic tokens with no data are as empty as [].
  if (typeof result === 'object') return Object.values(result).some(isNonEmpty);
  return true;
}
