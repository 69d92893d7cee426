import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLanguageService } from '../../server/src/core/languageService';
import type { RuleFailure } from '../../server/src/core/validation';
import type { Finding } from '../../server/src/core/types';

// The 45 public configuration files that set authentication (../shared/corpus/real-auth, origins in
// its SOURCES.md), each under the path it has in its repository (so `Http.config` is `Http.config`),
// checked alone and together with the other files of its repository. Read in place, never copied;
// without ../shared the test is skipped. An error or a warning here is a false alarm unless it is one
// of the true findings judged below.

const corpus = resolve(__dirname, '../../..', '../shared/corpus/real-auth');

interface CorpusFile {
  /** The corpus number, `001`…`045`. */
  id: string;
  name: string;
  repository: string;
  uri: string;
}

function corpusFiles(): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const line of readFileSync(resolve(corpus, 'SOURCES.md'), 'utf8').split(/\r?\n/)) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || !/^\d{3}-/.test(cells[1])) continue;
    files.push({ id: cells[1].slice(0, 3), name: cells[1], repository: cells[2], uri: `file:///corpus/${cells[2]}/${cells[3]}` });
  }
  return files;
}

function check(files: CorpusFile[]) {
  const failures: RuleFailure[] = [];
  const service = createLanguageService({ settings: { now: new Date('2026-11-23T12:00:00Z') }, onRuleFailure: (f) => failures.push(f) });
  for (const file of files) service.workspace.set(file.uri, readFileSync(resolve(corpus, file.name), 'utf8'));
  const findings = new Map<string, Finding[]>(files.map((file) => [file.id, service.validate(file.uri)]));
  return { service, findings, failures };
}

// JexusManager's three test configurations (034-036) give a <caching><profiles> entry
// duration="00:00:00"; IIS_schema.xml validates that attribute as timeSpanRange 1..4294967 seconds, and
// IIS validates attributes when it reads the XML, so IIS refuses the section (500.19). True findings.
const JEXUS_DURATION = ['034 IIS-AUTH-014:297 error', '035 IIS-AUTH-014:284 error', '036 IIS-AUTH-014:310 error'];

const loud = (f: Finding) => f.severity === 'error' || f.severity === 'warning';
const brief = (id: string, f: Finding) => `${id} ${f.code}:${f.range.start.line + 1} ${f.severity}${f.data?.issue ? ` ${String(f.data.issue)}` : ''}`;

describe('checker over the real-auth corpus', { skip: existsSync(corpus) ? false : `no corpus at ${corpus}` }, () => {
  const files = existsSync(corpus) ? corpusFiles() : [];
  const repositories = new Map<string, CorpusFile[]>();
  for (const file of files) repositories.set(file.repository, [...(repositories.get(file.repository) ?? []), file]);

  test('SOURCES.md lists the 45 files', () => {
    assert.equal(files.length, 45);
  });

  test('every file alone: no exception, and only the true errors and warnings', () => {
    const reported: string[] = [];
    const failures: string[] = [];
    for (const file of files) {
      const run = check([file]);
      failures.push(...run.failures.map((f) => `${file.id} ${f.code}: ${String(f.error)}`));
      reported.push(...run.findings.get(file.id)!.filter(loud).filter((f) => !f.code.startsWith('XML-')).map((f) => brief(file.id, f)));
    }
    assert.deepEqual(failures, []);
    // File 001's one-to-one certificate really expired on 2018-12-30 and, issued by a CA, has no CRL
    // distribution point: IIS answers 403.17, and could not check its revocation (403.13).
    assert.deepEqual(reported.sort(), ['001 IIS-AUTH-008:17 error expired', '001 IIS-AUTH-008:17 warning no-crl-distribution-point', ...JEXUS_DURATION]);
  });

  test('every repository together: no exception, and only the true errors and warnings', () => {
    const reported: string[] = [];
    const failures: string[] = [];
    for (const group of repositories.values()) {
      const run = check(group);
      failures.push(...run.failures.map((f) => `${group[0].repository} ${f.code}: ${String(f.error)}`));
      for (const file of group) reported.push(...run.findings.get(file.id)!.filter(loud).filter((f) => !f.code.startsWith('XML-')).map((f) => brief(file.id, f)));
    }
    assert.deepEqual(failures, []);
    // With its repository, 007 (WebApplication1/Web.config) is governed by 008, the solution's
    // .vs/config/applicationhost.config, whose site WebApplication1 serves that folder: 008 declares
    // windowsAuthentication and anonymousAuthentication overrideModeDefault="Deny" (lines 84, 89) and
    // unlocks neither (its only <location overrideMode="Allow"> holds modules and handlers), so IIS
    // Express answers 500.19 for both sections the web.config sets. True findings, not noise.
    assert.deepEqual(reported.sort(), [
      '001 IIS-AUTH-008:17 error expired',
      '001 IIS-AUTH-008:17 warning no-crl-distribution-point',
      '007 IIS-AUTH-002:52 error',
      '007 IIS-AUTH-002:59 error',
      ...JEXUS_DURATION,
    ]);
  });

  test('file 035 (a root element never closed) gets an XML error, alone and with its repository', () => {
    const file = files.find((f) => f.id === '035')!;
    for (const group of [[file], repositories.get(file.repository)!]) {
      assert.ok(check(group).findings.get('035')!.some((f) => f.code.startsWith('XML-') && f.severity === 'error'));
    }
    const others = files.filter((f) => f.id !== '035');
    assert.deepEqual(others.flatMap((f) => check([f]).findings.get(f.id)!.filter((x) => x.code.startsWith('XML-')).map((x) => brief(f.id, x))), []);
  });

  test('roles by content: host configuration under any name, XDT transforms, web.config files', () => {
    const { service } = check(files);
    const roles = new Map(files.map((f) => [f.id, service.workspace.get(f.uri)!.kind]));
    for (const id of ['030', '031', '032', '033', '034', '036']) assert.equal(roles.get(id), 'applicationHost', `${id} is applicationHost.config format under another name`);
    for (const id of ['005', '006', '038']) assert.equal(roles.get(id), 'transform', id);
    for (const id of ['001', '003', '004', '007', '009', '011', '016', '017', '018', '019', '020', '021', '022', '023', '042', '043']) assert.equal(roles.get(id), 'web', id);
  });

  test('XDT transforms produce nothing once classified as transforms, alone and with their repository', () => {
    for (const id of ['005', '006', '038']) {
      const file = files.find((f) => f.id === id)!;
      assert.deepEqual(check([file]).findings.get(id), [], id);
      assert.deepEqual(check(repositories.get(file.repository)!).findings.get(id), [], id);
    }
  });

  test('a web.config no host file governs: at most one note per file, saying it depends on the server', () => {
    for (const file of files) {
      const notes = check([file]).findings.get(file.id)!.filter((f) => f.code === 'IIS-AUTH-002');
      assert.ok(notes.length <= 1, `${file.id}: ${notes.length} IIS-AUTH-002 findings`);
      for (const note of notes) {
        assert.equal(note.severity, 'information', file.id);
        assert.match(note.message, /^Depends on the server/, file.id);
      }
    }
  });
});
