import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createLanguageService } from '../../server/src/core/languageService';
import { generateHostConfig } from '../support/incrementalEdits';
import { prng } from '../support/fuzz';
import { certificateBase64 } from '../support/ruleFixtures';

// Attribute values are slices of their document's text, and a slice keeps its whole text alive. A
// cache that outlives one analysis (certificates, sslFlags values, path keys, schema lookups) and is
// keyed by such a slice would keep every analysed file in memory: a server editing a 10 MB
// applicationHost.config for a day would hold a copy per version.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterCollection(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function analyse(text: string): number {
  const service = createLanguageService({ settings: { now: new Date('2026-11-23T00:00:00Z') } });
  const uri = 'file:///srv/config/applicationHost.config';
  service.workspace.set(uri, text);
  return service.validate(uri).length;
}

const JANE = certificateBase64('client-auth.cer');

/**
 * A host file of about two megabytes: generated sites, and one site whose mappings hold a real
 * certificate with bytes after it (read with pkijs, so remembered by value), different in every file.
 */
function hostFile(seed: number): string {
  const mappings = [1, 2, 3].map((k) => `<add userName="u${k}" password="[enc:A:b:enc]" certificate="${JANE}${'AAAA'.repeat(seed * 3 + k)}" />`).join('');
  const location = `<location path="Pinned"><system.webServer><security><authentication><iisClientCertificateMappingAuthentication enabled="true"><oneToOneMappings>${mappings}</oneToOneMappings></iisClientCertificateMappingAuthentication></authentication></security></system.webServer></location>`;
  return generateHostConfig(prng(100 + seed), 40).replace('<configuration>', `<configuration>\n  <!-- ${'padding '.repeat(250_000)} -->\n  ${location}`);
}

describe('memory kept between analyses', () => {
  test('analysing eight different 2 MB host files one after the other keeps none of their texts', () => {
    // Each text is made and dropped in turn: only what the analysis kept can hold it.
    const size = hostFile(0).length;
    assert.ok(size > 1_900_000, `generated files of ${size} characters are too small to see`);
    // The first analysis fills the caches; what the eight after it leave behind is what a leak would
    // add up. The bound allows for what caches keep by design (a parsed certificate per value).
    assert.ok(analyse(hostFile(0)) > 0);
    const before = heapAfterCollection();
    let findings = 0;
    for (let seed = 1; seed <= 8; seed++) findings += analyse(hostFile(seed));
    const grown = heapAfterCollection() - before;
    assert.ok(findings > 0, 'the files were analysed');
    assert.ok(grown < size * 3, `the heap grew by ${(grown / 1e6).toFixed(1)} MB over eight analyses of ${(size / 1e6).toFixed(1)} MB files`);
  });
});
