import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runIncrementalProperty } from '../support/incrementalEdits';

describe('incremental analysis', () => {
  test('after every random edit of a generated applicationHost.config, the findings equal a fresh full analysis (seeded short run; npm run fuzz runs a long one)', () => {
    const report = runIncrementalProperty({ seed: 16, edits: 160, sites: 25 });
    assert.deepEqual(report.mismatches, []);
    // Most edits stay inside one <location>: if they all fell back to a full analysis, nothing incremental was tested.
    assert.ok(report.incremental >= report.edits / 8, `only ${report.incremental} of ${report.edits} edits were analysed incrementally`);
    assert.ok(report.full > 0, 'edits that cross elements or break the XML must fall back to a full analysis');
    // Edits inside one element are read by re-scanning it alone: if none were, the splice was not tested.
    assert.ok(report.spliced >= report.edits / 4, `only ${report.spliced} of ${report.edits} edits were spliced`);
  });
});
