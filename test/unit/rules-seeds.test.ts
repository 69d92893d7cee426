// Seed 001 as published: the two applicationHost.config excerpts of the blog post, read from
// ../shared/seeds at test time (never copied here) and checked by every rule. The excerpts have no
// <sites> and shortened certificates, which is exactly what a user pastes into an editor to ask
// "why 401.2?". The renamed, complete variants live in rules-effective.test.ts and run everywhere.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serviceWith } from '../support/fixtures';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import type { Finding } from '../../server/src/core/types';

const seeds = resolve(__dirname, '../../../../shared/seeds');
const seed001 = existsSync(seeds) ? readdirSync(seeds).find((n) => n.startsWith('001_')) : undefined;
const HOST = 'file:///srv/iis/inetsrv/config/applicationHost.config';

function configurations(): string[] {
  const text = readFileSync(resolve(seeds, seed001!), 'utf8');
  return [...text.matchAll(/<configuration>[\s\S]*?<\/configuration>/g)].map((m) => m[0]);
}

const serious = (findings: Finding[]) => findings.filter((f) => f.severity === 'error' || f.severity === 'warning');

/** Range of the n-th occurrence of `needle` in the text. */
function rangeOf(text: string, needle: string, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in the seed`);
  return new LineIndex(text).rangeOf({ start: at, end: at + needle.length });
}

describe('seed 001 as published', { skip: seed001 ? false : `no seed 001 under ${seeds}` }, () => {
  test('the blog post shows two configurations', () => {
    assert.equal(configurations().length, 2);
  });

  test('first configuration: IIS-AUTH-001 on the mapping element, IIS-AUTH-005 on the sub-application\'s anonymous switch', () => {
    const [before] = configurations();
    const findings = serious(serviceWith({ [HOST]: before }).validate(HOST));
    assert.deepEqual(
      findings.map((f) => f.code).sort(),
      ['IIS-AUTH-001', 'IIS-AUTH-005'],
      findings.map((f) => `${f.code} ${f.message}`).join('\n'),
    );
    const belowSite = findings.find((f) => f.code === 'IIS-AUTH-001')!;
    const noUser = findings.find((f) => f.code === 'IIS-AUTH-005')!;

    assert.deepEqual(belowSite.range, rangeOf(before, 'iisClientCertificateMappingAuthentication'));
    assert.equal(belowSite.severity, 'error');
    assert.match(belowSite.message, /"Client-Cert-Mapping-IIS-App\/Sub-Application"/);
    // Without <sites> the excerpt cannot say whether Sub-Application is an application or a folder.
    assert.match(belowSite.message, /an application or folder below site "Client-Cert-Mapping-IIS-App"/);
    assert.match(belowSite.message, /401\.2/);
    assert.deepEqual(belowSite.related!.map((r) => r.range.start.line), [rangeOf(before, '<location path="Client-Cert-Mapping-IIS-App">').start.line]);

    const anonymousValue = rangeOf(before, 'false', 1);
    assert.deepEqual(noUser.range, anonymousValue);
    assert.equal(noUser.severity, 'error');
    assert.match(noUser.message, /"Client-Cert-Mapping-IIS-App\/Sub-Application"/);
    assert.match(noUser.message, /401\.2/);
  });

  test('second configuration: no error or warning from any rule; the shortened certificates are information', () => {
    const [, after] = configurations();
    const findings = serviceWith({ [HOST]: after }).validate(HOST);
    assert.deepEqual(serious(findings).map((f) => `${f.code} ${f.message}`), []);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, f.data?.status]),
      [
        ['IIS-AUTH-008', 'information', 'elided'],
        ['IIS-AUTH-008', 'information', 'elided'],
        // Without the server's netsh output, SslNegotiateCert gets the TLS 1.3 renegotiation note.
        ['IIS-AUTH-106', 'information', undefined],
      ],
    );
  });
});
