import { wrapDocSample } from '../support/docSamples';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLanguageService } from '../../server/src/core/languageService';
import type { RuleFailure } from '../../server/src/core/validation';
import type { Finding } from '../../server/src/core/types';

// The checker over the real configuration files in ../shared/corpus/real (public repositories, see
// SOURCES.md there), each under its original repository path so that applicationhost.config and
// Web.config are recognised and placed as in the repository: once alone and once with the other
// files of its repository. Every error or warning is printed for review; the effective-configuration
// rules were judged to have nothing to say about these files (IIS Express defaults: anonymous on,
// modules/handlers unlocked by <location path="" overrideMode="Allow">), so any finding of theirs
// here is a false alarm.

const corpus = resolve(__dirname, '../../..', '../shared/corpus/real');
const docSamples = resolve(__dirname, '../../..', '../shared/corpus/iis-docs-samples');
const EFFECTIVE_RULES = new Set(['IIS-AUTH-001', 'IIS-AUTH-002', 'IIS-AUTH-004', 'IIS-AUTH-005', 'IIS-AUTH-006']);

interface CorpusFile {
  name: string;
  repository: string;
  uri: string;
}

function corpusFiles(): CorpusFile[] {
  const sources = readFileSync(resolve(corpus, 'SOURCES.md'), 'utf8');
  const origin = new Map<string, { repository: string; path: string }>();
  for (const line of sources.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length >= 4 && /\.config$/i.test(cells[1]) && cells[2].includes('/')) origin.set(cells[1], { repository: cells[2], path: cells[3] });
  }
  return readdirSync(corpus)
    .filter((name) => name !== 'SOURCES.md')
    .sort()
    .map((name) => {
      const from = origin.get(name);
      const repository = from?.repository ?? 'unknown';
      return { name, repository, uri: `file:///corpus/${repository}/${from?.path ?? name}` };
    });
}

function check(files: CorpusFile[]): { findings: Finding[]; failures: RuleFailure[] } {
  const failures: RuleFailure[] = [];
  const service = createLanguageService({ settings: { now: new Date('2026-11-23T12:00:00Z') }, onRuleFailure: (f) => failures.push(f) });
  for (const file of files) service.workspace.set(file.uri, readFileSync(resolve(corpus, file.name), 'utf8'));
  return { findings: files.flatMap((file) => service.validate(file.uri)), failures };
}

describe('checker over the real-world corpus', { skip: existsSync(corpus) ? false : `no corpus at ${corpus}` }, () => {
  test('every file alone and with its repository: no exception, no rule failure, no false alarm from the effective rules', () => {
    const files = corpusFiles();
    assert.ok(files.length > 0);
    const repositories = new Map<string, CorpusFile[]>();
    for (const file of files) repositories.set(file.repository, [...(repositories.get(file.repository) ?? []), file]);

    const reported: string[] = [];
    const runs = [...files.map((f) => [f]), ...repositories.values()];
    for (const run of runs) {
      const { findings, failures } = check(run);
      assert.deepEqual(failures.map((f) => `${f.code}: ${String(f.error)}`), [], `rule failures in ${run.map((f) => f.name).join(', ')}`);
      for (const f of findings) {
        if (f.severity !== 'error' && f.severity !== 'warning') continue;
        reported.push(`${run.length === 1 ? 'alone' : 'repo'} ${f.uri.replace('file:///corpus/', '')}:${f.range.start.line + 1} ${f.code} ${f.severity}: ${f.message}`);
      }
    }
    for (const line of [...new Set(reported)]) console.log(line);
    assert.deepEqual(reported.filter((line) => [...EFFECTIVE_RULES].some((code) => line.includes(` ${code} `))), []);
  });
});

// The documentation's samples are what Microsoft calls correct; most are fragments, so each goes inside
// the ancestors IIS reads it in. As an applicationHost.config (where the pages say they belong) the
// effective rules must say nothing. As a lone web.config, every authentication section is locked by
// IIS's default declarations, so IIS-AUTH-002 may warn, saying that the server's file is not here.

describe('effective rules over the IIS documentation samples', { skip: existsSync(docSamples) ? false : `no samples at ${docSamples}` }, () => {
  test('in applicationHost.config: nothing; in a lone web.config: only the default-lock note of IIS-AUTH-002, one per file', () => {
    const names = readdirSync(docSamples).filter((n) => n.endsWith('.xml'));
    assert.ok(names.length >= 50);
    const failures: RuleFailure[] = [];
    const asHost: string[] = [];
    const asWeb: Finding[] = [];
    for (const name of names) {
      const sample = wrapDocSample(readFileSync(resolve(docSamples, name), 'utf8'));
      if (!sample) continue;
      const service = createLanguageService({ settings: { now: new Date('2026-11-23T12:00:00Z') }, onRuleFailure: (f) => failures.push(f) });
      const host = `file:///docs/${name}/applicationHost.config`;
      service.workspace.set(host, sample.text);
      for (const f of service.validate(host)) if (EFFECTIVE_RULES.has(f.code)) asHost.push(`${name}:${f.range.start.line + 1} ${f.code} ${f.severity}: ${f.message}`);
      if (sample.root === 'site' || sample.text.includes('<location')) continue;
      const lone = createLanguageService({ settings: { now: new Date('2026-11-23T12:00:00Z') }, onRuleFailure: (f) => failures.push(f) });
      const web = `file:///docs/${name}/web.config`;
      lone.workspace.set(web, sample.text);
      asWeb.push(...lone.validate(web).filter((f) => EFFECTIVE_RULES.has(f.code)));
    }
    assert.deepEqual(failures.map((f) => `${f.code}: ${String(f.error)}`), []);
    assert.deepEqual(asHost, []);
    assert.ok(asWeb.length > 0, 'the authentication samples set locked sections');
    for (const f of asWeb) {
      assert.deepEqual([f.code, f.severity, f.data?.decidedBy], ['IIS-AUTH-002', 'information', 'iisDefault'], f.message);
      assert.match(f.message, /^Depends on the server: no applicationHost\.config governs this web\.config/);
    }
    assert.equal(new Set(asWeb.map((f) => f.uri)).size, asWeb.length, 'one note per file');
  });
});
