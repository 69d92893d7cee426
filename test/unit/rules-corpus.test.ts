// Every real configuration file and every IIS documentation sample in ../shared/corpus goes through the
// whole core: nothing may throw, and the errors and warnings of the file-local rules (003, 007-012) must
// be exactly the ones judged right below. The corpus is read in place, never copied into the repository;
// without ../shared the test is skipped.
import { wrapDocSample } from '../support/docSamples';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLanguageService } from '../../server/src/core/languageService';
import type { RuleFailure } from '../../server/src/core/validation';

const corpus = resolve(__dirname, '../../../../shared/corpus');
const available = existsSync(corpus);
const LOCAL_RULES = new Set(['IIS-AUTH-003', 'IIS-AUTH-007', 'IIS-AUTH-008', 'IIS-AUTH-009', 'IIS-AUTH-010', 'IIS-AUTH-011', 'IIS-AUTH-012']);
const NOW = new Date('2026-11-23T12:00:00Z');

/** Corpus file name → its path in the source repository, from the SOURCES.md table (so web.config is web.config). */
function originalPaths(folder: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(resolve(folder, 'SOURCES.md'), 'utf8').split(/\r?\n/)) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !cells[1] || cells[1] === 'file' || /^-+$/.test(cells[1])) continue;
    const repoPath = cells.length >= 6 ? `${cells[2]}/${cells[3]}` : cells[2];
    map.set(cells[1], repoPath);
  }
  return map;
}

function service(failures: RuleFailure[]) {
  return createLanguageService({ settings: { now: NOW }, onRuleFailure: (f) => failures.push(f) });
}

interface Loud {
  file: string;
  code: string;
  line: number;
  severity: string;
  detail: string;
}

function loud(file: string, findings: ReturnType<ReturnType<typeof service>['validate']>): Loud[] {
  return findings
    .filter((f) => LOCAL_RULES.has(f.code) && (f.severity === 'error' || f.severity === 'warning'))
    .map((f) => ({ file, code: f.code, line: f.range.start.line + 1, severity: f.severity, detail: String(f.data?.status ?? f.data?.issue ?? '') }));
}

describe('corpus: real configuration files and IIS documentation samples', { skip: !available && 'no ../shared/corpus here' }, () => {
  test('real files: no exception, and no error or warning from the file-local rules', () => {
    const folder = resolve(corpus, 'real');
    const paths = originalPaths(folder);
    const failures: RuleFailure[] = [];
    const ls = service(failures);
    const names = readdirSync(folder).filter((n) => n !== 'SOURCES.md');
    assert.ok(names.length >= 10, 'the corpus holds the real files');
    const uris = names.map((name) => {
      const uri = `file:///corpus/real/${encodeURI(paths.get(name) ?? name)}`;
      ls.workspace.set(uri, readFileSync(resolve(folder, name), 'utf8'));
      return [name, uri] as const;
    });
    const reported: Loud[] = [];
    for (const [name, uri] of uris) reported.push(...loud(name, ls.validate(uri)));
    assert.deepEqual(failures.map((f) => `${f.code}: ${String(f.error)}`), []);
    // Judged: the real files hold only default IIS Express sections (anonymous on, the others off,
    // providers Negotiate + NTLM, sslFlags None) and ASP.NET web.config/transform files. Nothing to report.
    assert.deepEqual(reported, []);
  });

  test('documentation samples: no exception as fragments; wrapped in their ancestors, only placeholder certificates are reported', () => {
    const folder = resolve(corpus, 'iis-docs-samples');
    const names = readdirSync(folder).filter((n) => n.endsWith('.xml'));
    assert.ok(names.length >= 50, 'the corpus holds the samples');
    const failures: RuleFailure[] = [];
    const reported: Loud[] = [];
    let fragmentsWithoutRoot = 0;
    for (const name of names) {
      const text = readFileSync(resolve(folder, name), 'utf8');
      const ls = service(failures);
      // As the documentation shows it: a fragment, most without <configuration>; the rules need the
      // <configuration> root, so only XML well-formedness is reported for those.
      const rawUri = `file:///corpus/docs/${name}`;
      ls.workspace.set(rawUri, text);
      const raw = ls.validate(rawUri);
      assert.deepEqual(raw.filter((f) => LOCAL_RULES.has(f.code) && !text.includes('<configuration')), [], name);
      const wrapped = wrapDocSample(text)?.text;
      if (!wrapped) continue;
      fragmentsWithoutRoot++;
      const uri = `file:///corpus/docs/${name.replace(/\.xml$/, '')}/applicationHost.config`;
      ls.workspace.set(uri, wrapped);
      reported.push(...loud(name, ls.validate(uri)));
    }
    assert.deepEqual(failures.map((f) => `${f.code}: ${String(f.error)}`), []);
    assert.ok(fragmentsWithoutRoot > 40, `most samples are fragments (${fragmentsWithoutRoot})`);
    // Judged right: three one-to-one samples write certificate="Base64-Encoded-Certificate-Data", a
    // placeholder the reader must replace; as written IIS would never match it.
    assert.deepEqual(
      reported.map((r) => `${r.file} ${r.code} ${r.severity} ${r.detail}`).sort(),
      [
        'system.webServer-security-authentication-iisClientCertificateMappingAuthentication-oneToOneMappings-add-sample1.xml IIS-AUTH-008 error not-base64',
        'system.webServer-security-authentication-iisClientCertificateMappingAuthentication-oneToOneMappings-sample1.xml IIS-AUTH-008 error not-base64',
        'system.webServer-security-authentication-iisClientCertificateMappingAuthentication-sample2.xml IIS-AUTH-008 error not-base64',
      ],
    );
  });
});
