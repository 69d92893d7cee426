import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../server/src/core/languageService';
import { exerciseCore, loadRegressions, loadSeeds, runCoreFuzz, REGRESSIONS_DIR } from '../support/fuzz';
import { planFeatures } from '../support/serviceFeatures';

describe('fuzzing', () => {
  test('the harness can call every function of the language service', () => {
    // Fails naming a function added without a way to call it, instead of fuzzing around it.
    const plan = planFeatures(createLanguageService());
    for (const name of ['validate', 'hover', 'complete', 'codeActions', 'effectiveCodeLenses', 'effectiveInlayHints', 'effectiveSettingsMarkdown']) {
      assert.ok(plan.names.includes(name), `${name} is not exercised`);
    }
  });

  test('a 2,000-case smoke run with a fixed seed finds no crash and no hang', () => {
    assert.ok(loadSeeds().length >= 3, 'the examples must be there to mutate');
    const report = runCoreFuzz({ cases: 2000, seed: 20261123, save: false });
    console.log(`fuzz smoke: ${report.cases} cases in ${report.seconds.toFixed(1)} s, ${report.crashes} crashes, ${report.hangs} over 2 s of CPU, slowest ${Math.round(report.slowestMs)} ms of CPU`);
    assert.equal(report.cases, 2000);
    assert.equal(report.crashes, 0);
    assert.equal(report.hangs, 0);
  });

  test('every input that once crashed, hung or was the slowest of a run is replayed through every feature', () => {
    const regressions = loadRegressions();
    assert.ok(regressions.length > 0, `no inputs in ${REGRESSIONS_DIR}: the replay would prove nothing`);
    const plan = planFeatures(createLanguageService());
    for (const regression of regressions) {
      const service = createLanguageService();
      let outputs: ReturnType<typeof exerciseCore> = [];
      assert.doesNotThrow(() => (outputs = exerciseCore(service, regression, plan)), `${regression.name} (${regression.reason.split('\n')[0]})`);
      const called = new Set(outputs.map((output) => output.feature));
      assert.deepEqual(plan.names.filter((name) => !called.has(name)), [], `${regression.name}: features not replayed`);
    }
  });
});
