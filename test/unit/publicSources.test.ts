import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { explainCode, explainErrorCode, explainStatusTriple } from '../../server/src/core/knowledge/explain';
import { STATUS_CODES } from '../../server/src/core/knowledge/statusCodes';
import { ERROR_CODES } from '../../server/src/core/knowledge/win32Codes';
import { SCHEMA_ELEMENTS } from '../../server/src/core/knowledge/schema';
import { ACCESS_SSL_FLAGS, BINDING_SSL_FLAG_BITS } from '../../server/src/core/knowledge/sslFlags';
import { PUBLIC_SOURCES } from '../../server/src/core/knowledge/sources';
import { rules } from '../../server/src/core/rules/index';
import { markdownToText } from '../../server/src/cli/explain';

// What a user reads cites pages they can open: never the project's internal names for its reference
// documents ("seed 004", "(seed 2)"), always a title and an address.

const INTERNAL_LABEL = /(?<!--)\bseeds?[\s_-]*\d{1,3}\b/i;
const root = resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|json)$/.test(name) ? [path] : [];
  });
}

function labelsIn(name: string, text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => INTERNAL_LABEL.test(line))
    .map(({ line, i }) => `${name}:${i + 1}: ${line.trim()}`);
}

describe('public sources in user-facing text', () => {
  test('every knowledge table, explanation and rule title names no internal label', () => {
    const rendered = [
      ...STATUS_CODES.map((e) => explainStatusTriple(e.status, e.subStatus)),
      ...ERROR_CODES.map((e) => explainErrorCode(e.value)),
      markdownToText(explainCode('403.7')),
      JSON.stringify(STATUS_CODES),
      JSON.stringify(ERROR_CODES),
      JSON.stringify(SCHEMA_ELEMENTS),
      JSON.stringify(ACCESS_SSL_FLAGS),
      JSON.stringify(BINDING_SSL_FLAG_BITS),
      ...rules.map((r) => `${r.code} ${r.title} ${r.docUrl}`),
    ];
    assert.ok(rendered.length > 100, 'the tables were read');
    assert.deepEqual(rendered.flatMap((text, i) => labelsIn(`text ${i}`, text)), []);
  });

  test('no internal label in the sources of server and client, in package.json, the README, snippets or walkthrough', () => {
    const userFacing = (dir: string) => readdirSync(join(root, dir)).map((name) => join(root, dir, name)).filter((path) => statSync(path).isFile());
    const files = [
      ...sourceFiles(join(root, 'server/src')),
      ...sourceFiles(join(root, 'client/src')),
      ...userFacing('snippets'),
      ...userFacing('walkthrough'),
      join(root, 'package.json'),
      join(root, 'README.md'),
      join(root, 'CHANGELOG.md'),
    ];
    assert.ok(files.length > 50);
    assert.deepEqual(files.flatMap((path) => labelsIn(path.slice(root.length + 1), readFileSync(path, 'utf8'))), []);
  });

  test('explanations that rest on a public report cite its title and address', () => {
    const text = markdownToText(explainCode('403.7'));
    assert.match(text, /sslctlstorename=ClientAuthIssuer \("HTTP error code 403 when logging on to Internet Information Services \(IIS\) using client certificate after renewing web server certificate", https:\/\/www\.gradenegger\.eu\//);
    for (const source of PUBLIC_SOURCES) {
      assert.match(source.url, /^https:\/\//, source.title);
      assert.ok(STATUS_CODES.some((e) => JSON.stringify(e).includes(source.url)) || ERROR_CODES.some((e) => e.check?.includes(source.url)), `${source.title} is cited somewhere`);
    }
  });
});
