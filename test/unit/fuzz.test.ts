import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../server/src/core/languageService';
import { exerciseCore, loadRegressions, loadSeeds, runCoreFuzz } from '../support/fuzz';

describe('fuzzing', () => {
  test('a 2,000-case smoke run with a fixed seed finds no crash', () => {
    assert.ok(loadSeeds().length >= 3, 'the examples must be there to mutate');
    const report = runCoreFuzz({ cases: 2000, seed: 20261123, save: false });
    console.log(`fuzz smoke: ${report.cases} cases in ${report.seconds.toFixed(1)} s, ${report.crashes} crashes, ${report.hangs} over 2 s`);
    assert.equal(report.crashes, 0);
  });

  test('every input that once crashed or hung is replayed without an exception', () => {
    for (const regression of loadRegressions()) {
      const service = createLanguageService();
      assert.doesNotThrow(() => exerciseCore(service, regression), regression.name);
    }
  });
});
