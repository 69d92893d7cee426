import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  computeLogSemanticTokens,
  GRAMMAR_DEFAULT_FIELDS_DIRECTIVE,
  GRAMMAR_DEFAULT_LAYOUT_LINE,
  GRAMMAR_IIS_NATIVE_LINE,
  LOG_SEMANTIC_TOKENS_LEGEND,
  type LogSemanticTokensOptions,
} from '../../server/src/core/logs/semanticTokens';
import { SEED_000_W3C_LOG } from '../support/iisLogSamples';
import { decodeSemanticTokens, tokenSummary, type DecodedToken } from '../support/semanticTokens';

const SOFTWARE = '#Software: Microsoft Internet Information Services 10.0';
const DEFAULT_FIELDS =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
const DEFAULT_LINE = '2026-11-23 08:00:07 10.0.0.5 GET /Claims/api/status - 443 - 10.0.0.21 claims-agent/1.4 - 401 2 5 31';

function tokensOf(text: string, options?: LogSemanticTokensOptions, fileName = 'u_ex261123.log'): DecodedToken[] {
  const result = computeLogSemanticTokens(fileName, text, options);
  assert.ok(result, 'an answer within the token limit');
  return decodeSemanticTokens(result.data, LOG_SEMANTIC_TOKENS_LEGEND, text);
}

function onLine(tokens: DecodedToken[], line: number): string[] {
  return tokenSummary(tokens.filter((t) => t.line === line));
}

describe('semantic tokens for IIS logs', () => {
  test('a log in the IIS default layout gets none: the grammar already scopes every column', () => {
    assert.deepEqual(tokensOf(SEED_000_W3C_LOG), []);
    // without any #Fields:, IIS readers (and the grammar) assume the default layout
    assert.deepEqual(tokensOf(`${SOFTWARE}\n${DEFAULT_LINE}\n`), []);
  });

  test('a reordered layout: the triple is found by the header, not by its shape', () => {
    const text = [SOFTWARE, '#Fields: date time cs-uri-stem sc-win32-status sc-substatus sc-status c-ip', '2026-11-23 09:00:00 /Claims 5 2 401 10.0.0.2'].join('\n');
    assert.deepEqual(onLine(tokensOf(text), 2), [
      '2026-11-23:iisDate',
      '09:00:00:iisTime',
      '/Claims:iisUri',
      '5:iisWin32Status.clientError',
      '2:iisSubStatus.clientError',
      '401:iisStatus.clientError',
      '10.0.0.2:iisIpAddress.client',
    ]);
    const status = tokensOf(text).find((t) => t.type === 'iisStatus')!;
    assert.deepEqual([status.line, status.character, status.length], [2, text.split('\n')[2].indexOf(' 401 ') + 1, 3]);
  });

  test('a layout without sc-substatus: numbers after sc-status are not mistaken for a triple', () => {
    // The grammar's shape rule would read "403 5 1234" as status 403, sub-status 5, win32 1234.
    const text = [SOFTWARE, '#Fields: date time c-ip cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes time-taken', '2026-11-23 09:00:00 10.0.0.9 /report id=200 403 5 1234 7'].join('\r\n');
    assert.deepEqual(onLine(tokensOf(text), 2), [
      '2026-11-23:iisDate',
      '09:00:00:iisTime',
      '10.0.0.9:iisIpAddress.client',
      '/report:iisUri',
      'id=200:iisUri.query',
      '403:iisStatus.clientError',
      '5:iisWin32Status.clientError',
      '1234:iisNumber',
      '7:iisNumber',
    ]);
  });

  test('status classes: 1xx, 2xx, 3xx, 4xx and 5xx get distinct modifiers; `-` gets no token', () => {
    const text = [
      '#Fields: time sc-status sc-substatus sc-win32-status cs-method',
      '08:00:00 101 0 0 GET',
      '08:00:01 200 0 0 GET',
      '08:00:02 302 0 0 POST',
      '08:00:03 401 1 -1073741715 GET',
      '08:00:04 503 - 64 GET',
      '08:00:05 abc 0 0 GET',
    ].join('\n');
    const tokens = tokensOf(text, undefined, 'u_ex.log');
    const statuses = tokens.filter((t) => t.type === 'iisStatus');
    assert.deepEqual(tokenSummary(statuses), [
      '101:iisStatus.informational',
      '200:iisStatus.success',
      '302:iisStatus.redirect',
      '401:iisStatus.clientError',
      '503:iisStatus.serverError',
      'abc:iisStatus',
    ]);
    assert.deepEqual(onLine(tokens, 4), ['08:00:03:iisTime', '401:iisStatus.clientError', '1:iisSubStatus.clientError', '-1073741715:iisWin32Status.clientError', 'GET:iisMethod']);
    assert.deepEqual(onLine(tokens, 5), ['08:00:04:iisTime', '503:iisStatus.serverError', '64:iisWin32Status.serverError', 'GET:iisMethod']);
  });

  test('the header changing mid-file: tokens follow the layout in effect at each line', () => {
    const text = [
      SOFTWARE,
      DEFAULT_FIELDS,
      DEFAULT_LINE, // 2: default layout, the grammar's
      SOFTWARE,
      '#Fields: time c-ip sc-status sc-substatus sc-win32-status',
      '08:10:00 10.0.0.3 500 19 13', // 5
      '#Date: 2026-11-23 09:00:00', // a directive inside a custom layout keeps the layout
      '09:00:00 10.0.0.4 401 2 5', // 7
      SOFTWARE,
      DEFAULT_FIELDS,
      DEFAULT_LINE, // 10: default again
    ].join('\r\n');
    const tokens = tokensOf(text);
    assert.deepEqual([...new Set(tokens.map((t) => t.line))], [5, 7]);
    assert.deepEqual(onLine(tokens, 5), ['08:10:00:iisTime', '10.0.0.3:iisIpAddress.client', '500:iisStatus.serverError', '19:iisSubStatus.serverError', '13:iisWin32Status.serverError']);
    assert.deepEqual(onLine(tokens, 7), ['09:00:00:iisTime', '10.0.0.4:iisIpAddress.client', '401:iisStatus.clientError', '2:iisSubStatus.clientError', '5:iisWin32Status.clientError']);
  });

  test('default layout written in a way the grammar does not follow still gets tokens', () => {
    // double space after the colon: the parser reads the default layout, the grammar does not
    const looseHeader = DEFAULT_FIELDS.replace('#Fields: ', '#Fields:  ');
    const text = [SOFTWARE, looseHeader, DEFAULT_LINE, DEFAULT_FIELDS, DEFAULT_LINE.replace(' 401 ', '\t401 ')].join('\n');
    const tokens = tokensOf(text);
    assert.deepEqual([...new Set(tokens.map((t) => t.line))], [2, 4]);
    assert.ok(onLine(tokens, 2).includes('401:iisStatus.clientError'));
    const tabbed = tokens.filter((t) => t.line === 4 && t.type === 'iisStatus');
    assert.deepEqual(tokenSummary(tabbed), ['401:iisStatus.clientError']);
  });

  test('malformed lines, NUL padding and junk directives get no tokens and do not stop the rest', () => {
    const text = [
      '#Fields: time sc-status sc-substatus sc-win32-status',
      '08:00:00 401 2', // truncated
      '\0\0\0\0',
      '#garbage',
      '08:00:01 403 7 64 extra',
      '',
      '08:00:02 500 0 64',
    ].join('\n');
    const tokens = tokensOf(text, undefined, 'u_ex.log');
    assert.deepEqual([...new Set(tokens.map((t) => t.line))], [6]);
    assert.deepEqual(onLine(tokens, 6), ['08:00:02:iisTime', '500:iisStatus.serverError', '0:iisSubStatus.serverError', '64:iisWin32Status.serverError']);
  });

  test('lone CR and CRLF line breaks keep line numbers and characters right', () => {
    const text = '#Fields: c-ip sc-status\r10.0.0.1 404\r\n10.0.0.2 200\n10.0.0.3 301';
    assert.deepEqual(
      tokensOf(text, undefined, 'u_ex.log').map((t) => `${t.line}:${t.character}:${t.text}`),
      ['1:0:10.0.0.1', '1:9:404', '2:0:10.0.0.2', '2:9:200', '3:0:10.0.0.3', '3:9:301'],
    );
  });

  test('a range gets only its lines, read with the header declared above it', () => {
    const lines = [SOFTWARE, '#Fields: time sc-status sc-substatus sc-win32-status'];
    for (let i = 0; i < 50; i++) lines.push(`08:00:${String(i).padStart(2, '0')} 401 2 5`);
    lines.push('#Fields: sc-status time');
    for (let i = 0; i < 10; i++) lines.push(`403 09:00:0${i}`);
    const text = lines.join('\n');
    const full = tokensOf(text);
    const ranged = tokensOf(text, { range: { startLine: 50, endLine: 54 } });
    assert.deepEqual([...new Set(ranged.map((t) => t.line))], [50, 51, 53, 54]);
    assert.deepEqual(onLine(ranged, 51), ['08:00:49:iisTime', '401:iisStatus.clientError', '2:iisSubStatus.clientError', '5:iisWin32Status.clientError']);
    assert.deepEqual(onLine(ranged, 53), ['403:iisStatus.clientError', '09:00:00:iisTime']);
    // the same tokens as the full answer for those lines
    assert.deepEqual(ranged, full.filter((t) => t.line >= 50 && t.line <= 54));
  });

  test('a full answer beyond maxTokens gives up (undefined) so the editor asks for ranges instead', () => {
    const lines = ['#Fields: time sc-status'];
    for (let i = 0; i < 100; i++) lines.push(`08:00:00 200`);
    const text = lines.join('\n');
    assert.equal(computeLogSemanticTokens('u_ex.log', text, { maxTokens: 199 }), undefined);
    assert.equal(computeLogSemanticTokens('u_ex.log', text, { maxTokens: 200 })?.data.length, 200 * 5);
  });

  test('the fixed IIS format is the grammar\'s, except lines it cannot match', () => {
    const good = '192.0.2.1, -, 11/23/26, 7:55:20, W3SVC1, WEB01, 10.0.0.5, 31, 420, 1500, 401, 5, GET, /Claims, -,';
    assert.deepEqual(tokensOf(`${good}\n${good}`, undefined, 'u_in261123.log'), []);
    const spaced = good.replace(', 401,', ',  401,');
    const tokens = tokensOf(`${good}\n${spaced}`, undefined, 'u_in261123.log');
    assert.ok(tokens.length > 0 && tokens.every((t) => t.line === 1));
  });

  test('documents that are not IIS logs get an empty answer', () => {
    assert.deepEqual(computeLogSemanticTokens('web.config', '<configuration />'), { data: [] });
    assert.deepEqual(computeLogSemanticTokens('notes.log', 'time sc-status\n08:00:00 401'), { data: [] });
  });

  test('the grammar patterns mirrored here are still the grammar\'s own', () => {
    const grammar = JSON.parse(readFileSync(resolve(__dirname, '../../../syntaxes/iis-w3c-log.tmLanguage.json'), 'utf8'));
    const repo = grammar.repository;
    // JSON keeps the TextMate (Oniguruma) source; these patterns use no syntax that differs in JavaScript.
    assert.equal(repo['default-layout-region'].begin, GRAMMAR_DEFAULT_FIELDS_DIRECTIVE.source);
    assert.equal(repo['default-layout-line'].match, GRAMMAR_DEFAULT_LAYOUT_LINE.source.replaceAll('\\/', '/'));
    assert.equal(repo['iis-native-line'].match, GRAMMAR_IIS_NATIVE_LINE.source.replaceAll('\\/', '/'));
    assert.equal(repo['default-layout-region'].end, '^(?=#)');
    assert.equal(repo['other-layout-region'].end, '^(?=#)');
  });

  test('the package.json contribution declares the legend and maps the status classes to the grammar\'s scopes', () => {
    const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8'));
    const contributes = manifest.contributes ?? {};
    // Without it VS Code colours the server's tokens with no theme scope at all.
    for (const key of ['semanticTokenTypes', 'semanticTokenModifiers', 'semanticTokenScopes']) {
      assert.ok(Array.isArray(contributes[key]), `package.json contributes no ${key}`);
    }
    checkContribution(contributes);
  });
});

/** What VS Code needs to colour the tokens with the grammar's scopes, so themes treat both alike. */
function checkContribution(contributes: {
  semanticTokenTypes: Array<{ id: string; superType?: string }>;
  semanticTokenModifiers: Array<{ id: string }>;
  semanticTokenScopes: Array<{ language?: string; scopes: Record<string, string[]> }>;
}): void {
  assert.deepEqual(new Set(contributes.semanticTokenTypes.map((c) => c.id)), new Set(LOG_SEMANTIC_TOKENS_LEGEND.tokenTypes));
  assert.deepEqual(new Set(contributes.semanticTokenModifiers.map((c) => c.id)), new Set(LOG_SEMANTIC_TOKENS_LEGEND.tokenModifiers));
  const scopes = contributes.semanticTokenScopes.find((s) => s.language === 'iis-w3c-log')?.scopes;
  assert.ok(scopes, 'scopes for the iis-w3c-log language');
  for (const type of LOG_SEMANTIC_TOKENS_LEGEND.tokenTypes) assert.ok(scopes[type]?.length, `a scope for ${type}`);
  const grammar = JSON.parse(readFileSync(resolve(__dirname, '../../../syntaxes/iis-w3c-log.tmLanguage.json'), 'utf8'));
  const statusPatterns: Array<{ match: string; name: string }> = grammar.repository['default-layout-line'].captures['12'].patterns;
  const classes: Record<string, string> = { '1': 'informational', '2': 'success', '3': 'redirect', '4': 'clientError', '5': 'serverError' };
  for (const pattern of statusPatterns) {
    const digit = /\\b(\d)/.exec(pattern.match)![1];
    assert.deepEqual(scopes[`iisStatus.${classes[digit]}`], [pattern.name], `${digit}xx`);
  }
}

