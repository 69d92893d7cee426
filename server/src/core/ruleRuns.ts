import type { Finding } from './types';
import type { RuleFailureHandler } from './validation';

/**
 * Runs each rule in its own try/catch, `run` handing it the list its reports go to. A rule that
 * throws is reported to `onRuleFailure` and what it had reported is dropped; the others still run.
 * Shared by the file rules (validation.ts) and the snapshot rules (snapshotValidation.ts). True when
 * one of them threw.
 */
export function collectEachRule<R extends { code: string }>(
  rules: readonly R[],
  run: (rule: R, collected: Finding[]) => void,
  into: Finding[],
  onRuleFailure?: RuleFailureHandler,
): boolean {
  let failed = false;
  for (const rule of rules) {
    const collected: Finding[] = [];
    try {
      run(rule, collected);
    } catch (error) {
      failed = true;
      onRuleFailure?.({ code: rule.code, error });
      continue;
    }
    into.push(...collected);
  }
  return failed;
}
