import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateHostConfig, runIncrementalProperty } from '../support/incrementalEdits';
import { prng } from '../support/fuzz';
import { createLanguageService } from '../../server/src/core/languageService';
import { incrementalStats } from '../../server/src/core/incremental';

describe('incremental analysis', () => {
  test('after every random edit of a generated applicationHost.config, the findings equal a fresh full analysis (seeded short run; npm run fuzz runs a long one)', () => {
    const report = runIncrementalProperty({ seed: 16, edits: 200, sites: 25 });
    assert.deepEqual(report.mismatches, []);
    // Most edits stay inside one <location>: if they all fell back to a full analysis, nothing incremental was tested.
    assert.ok(report.incremental >= report.edits / 8, `only ${report.incremental} of ${report.edits} edits were analysed incrementally`);
    assert.ok(report.full > 0, 'edits that cross elements or break the XML must fall back to a full analysis');
    // Edits inside one element are read by re-scanning it alone: if none were, the splice was not tested.
    assert.ok(report.spliced >= report.edits / 6, `only ${report.spliced} of ${report.edits} edits were spliced`);
  });
});

describe('one-shot analysis (the CLI)', () => {
  test('gives the findings of a remembered analysis, and an edit after it is analysed in full', () => {
    const uri = 'file:///memory/config/applicationHost.config';
    const now = new Date('2026-11-23T00:00:00Z');
    const text = generateHostConfig(prng(3), 40);
    const remembered = createLanguageService({ settings: { now } });
    remembered.workspace.set(uri, text);
    const oneShot = createLanguageService({ settings: { now, oneShot: true } });
    oneShot.workspace.set(uri, text);
    const expected = remembered.validate(uri);
    assert.ok(expected.length > 0, 'the generated file has findings to compare');
    assert.deepEqual(oneShot.validate(uri), expected);

    // Nothing was kept to start from: the next analysis is a full one, never a reuse of stale findings.
    const at = text.indexOf('<access sslFlags="') + '<access sslFlags="'.length;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    oneShot.workspace.setEdited(uri, edited, { start: at, oldEnd: at, newEnd: at + 1 });
    const before = { ...incrementalStats };
    oneShot.validate(uri);
    assert.equal(incrementalStats.incremental, before.incremental);
    assert.equal(incrementalStats.unchanged, before.unchanged);
  });
});

describe('incremental analysis over a long session', () => {
  test('typing keeps no copy of every earlier text of the file alive', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const uri = 'file:///memory/config/applicationHost.config';
    const service = createLanguageService({ settings: { now: new Date('2026-11-23T00:00:00Z') } });
    let text = generateHostConfig(prng(5), 1500);
    service.workspace.set(uri, text);
    service.validate(uri);
    gc();
    const before = process.memoryUsage().heapUsed;
    const edits = 40;
    for (let i = 0; i < edits; i++) {
      // A character typed in an access value, somewhere else each time: each edit re-reads one location.
      const at = text.indexOf('<access sslFlags="', Math.floor((text.length * (i + 1)) / (edits + 2))) + '<access sslFlags="'.length;
      text = text.slice(0, at) + 'x' + text.slice(at);
      service.workspace.setEdited(uri, text, { start: at, oldEnd: at, newEnd: at + 1 });
      service.validate(uri);
      assert.ok(service.workspace.get(uri)?.splice, `edit ${i} was spliced`);
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // The current text and the previous one are kept; one text per edit would be `edits` times the file.
    assert.ok(grown < 8 * text.length, `the heap grew by ${Math.round(grown / 1e6)} MB over ${edits} edits of a ${Math.round(text.length / 1e6)} MB file`);
  });
});
