// The simulator's answer as JSON (CLI --format json), plain text (CLI) and Markdown (the editor).
import { baseName, type Simulation, type StepOutcome } from './simulateRequest';
import type { SourceRef } from './snapshotView';

export interface SimulationJson {
  url: string;
  status: string;
  bestCase: boolean;
  summary: string;
  risks: string[];
  steps: Array<{ step: string; outcome: StepOutcome; detail: string; source: { file: string; line?: number } | null }>;
}

/** `displayPath` turns a file URI into what the reader knows (a path relative to the folder given, say). */
export function simulationToJson(simulation: Simulation, displayPath: (uri: string) => string = baseName): SimulationJson {
  return {
    url: simulation.url,
    status: simulation.status,
    bestCase: simulation.bestCase,
    summary: simulation.summary,
    risks: simulation.risks,
    steps: simulation.steps.map((s) => ({
      step: s.step,
      outcome: s.outcome,
      detail: s.detail,
      source: s.source ? { file: displayPath(s.source.uri), ...(s.source.line ? { line: s.source.line } : {}) } : null,
    })),
  };
}

const MARKS: Record<StepOutcome, string> = { pass: 'ok  ', fail: 'FAIL', risk: 'RISK', unknown: '??  ', info: '--  ' };

function sourceText(source: SourceRef | undefined, displayPath: (uri: string) => string): string {
  return source ? ` [${displayPath(source.uri)}${source.line ? `:${source.line}` : ''}]` : '';
}

export function formatSimulationText(simulation: Simulation, displayPath: (uri: string) => string = baseName): string {
  const lines = [`${simulation.url} -> ${simulation.status}${simulation.bestCase ? ' (best case)' : ''}`, ''];
  const width = Math.max(...simulation.steps.map((s) => s.step.length));
  for (const step of simulation.steps) {
    lines.push(`${MARKS[step.outcome]} ${step.step.padEnd(width)}  ${step.detail}${sourceText(step.source, displayPath)}`);
  }
  if (simulation.risks.length > 0) {
    lines.push('', 'Risks (what the workspace does not show):');
    for (const risk of simulation.risks) lines.push(`  - ${risk}`);
  }
  return lines.join('\n');
}

const ICONS: Record<StepOutcome, string> = { pass: '✅', fail: '❌', risk: '⚠️', unknown: '❔', info: 'ℹ️' };

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** `link` makes a source clickable in the editor (file URI with a line fragment). */
export function formatSimulationMarkdown(simulation: Simulation, displayPath: (uri: string) => string = baseName): string {
  const lines = [
    `**${escapeMarkdown(simulation.url)}** → **${simulation.status}**${simulation.bestCase ? ' (best case)' : ''}`,
    '',
    escapeMarkdown(simulation.summary),
    '',
    '| | step | what happens | source |',
    '| --- | --- | --- | --- |',
  ];
  for (const step of simulation.steps) {
    const source = step.source ? `[${escapeMarkdown(`${displayPath(step.source.uri)}${step.source.line ? `:${step.source.line}` : ''}`)}](${step.source.uri}${step.source.line ? `#L${step.source.line}` : ''})` : '';
    lines.push(`| ${ICONS[step.outcome]} | ${escapeMarkdown(step.step)} | ${escapeMarkdown(step.detail).replace(/\n/g, ' ')} | ${source} |`);
  }
  if (simulation.risks.length > 0) {
    lines.push('', '**Risks** (what the workspace does not show):', '');
    for (const risk of simulation.risks) lines.push(`- ${escapeMarkdown(risk)}`);
  }
  return lines.join('\n');
}
