import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, type LspSession } from '../support/lspClient';
import { decodeSemanticTokens, tokenSummary } from '../support/semanticTokens';
import { writeIisLog } from '../support/iisLogGenerator';
import { SEED_000_W3C_LOG } from '../support/iisLogSamples';

// IIS logs over stdio against the bundled server: semantic tokens and the summary's progress.

interface Legend {
  tokenTypes: string[];
  tokenModifiers: string[];
}

const NON_DEFAULT_LOG = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Version: 1.0',
  '#Date: 2026-11-23 08:00:00',
  '#Fields: date time c-ip cs-uri-stem sc-win32-status sc-status time-taken',
  '2026-11-23 08:00:01 192.0.2.7 /Claims 5 401 15',
  '2026-11-23 08:00:02 192.0.2.7 /Claims 0 200 31',
  '2026-11-23 08:00:03 192.0.2.8 /Claims 64 500',
  '2026-11-23 08:00:04 192.0.2.9 /Claims 0 302 2',
  '',
].join('\r\n');

let session: LspSession;
before(async () => {
  session = await startServer();
});
after(async () => {
  await session.close();
});

function open(uri: string, text: string, languageId = 'iis-w3c-log'): void {
  void session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}

describe('IIS logs over LSP', () => {
  test('semanticTokensProvider: legend with the status types and class modifiers, full and range', () => {
    const provider = session.initializeResult.capabilities.semanticTokensProvider as { legend: Legend; full: unknown; range: unknown };
    assert.ok(provider, 'semanticTokensProvider advertised');
    assert.equal(provider.full, true);
    assert.equal(provider.range, true);
    for (const type of ['iisStatus', 'iisSubStatus', 'iisWin32Status']) assert.ok(provider.legend.tokenTypes.includes(type), type);
    for (const modifier of ['success', 'redirect', 'clientError', 'serverError']) assert.ok(provider.legend.tokenModifiers.includes(modifier), modifier);
  });

  test('textDocument/semanticTokens/full on a non-default layout follows its #Fields:', async () => {
    const legend = (session.initializeResult.capabilities.semanticTokensProvider as { legend: Legend }).legend;
    const uri = 'file:///logs/W3SVC2/u_ex261123.log';
    open(uri, NON_DEFAULT_LOG);
    const result = (await session.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as { data: number[] };
    const tokens = decodeSemanticTokens(result.data, legend, NON_DEFAULT_LOG);
    assert.deepEqual(tokenSummary(tokens.filter((t) => t.line === 4)), [
      '2026-11-23:iisDate',
      '08:00:01:iisTime',
      '192.0.2.7:iisIpAddress.client',
      '/Claims:iisUri',
      '5:iisWin32Status.clientError',
      '401:iisStatus.clientError',
      '15:iisNumber',
    ]);
    assert.deepEqual(
      tokenSummary(tokens.filter((t) => t.type === 'iisStatus')),
      ['401:iisStatus.clientError', '200:iisStatus.success', '302:iisStatus.redirect'],
      'the short line 6 (six fields for seven) is malformed and gets none',
    );
    const status = tokens.find((t) => t.line === 4 && t.type === 'iisStatus')!;
    assert.equal(status.character, NON_DEFAULT_LOG.split('\r\n')[4].indexOf(' 401 ') + 1);
  });

  test('textDocument/semanticTokens/range answers only the requested lines', async () => {
    const legend = (session.initializeResult.capabilities.semanticTokensProvider as { legend: Legend }).legend;
    const uri = 'file:///logs/W3SVC2/u_ex261124.log';
    open(uri, NON_DEFAULT_LOG);
    const result = (await session.connection.sendRequest('textDocument/semanticTokens/range', {
      textDocument: { uri },
      range: { start: { line: 7, character: 0 }, end: { line: 7, character: 40 } },
    })) as { data: number[] };
    const tokens = decodeSemanticTokens(result.data, legend, NON_DEFAULT_LOG);
    assert.deepEqual([...new Set(tokens.map((t) => t.line))], [7]);
    assert.ok(tokenSummary(tokens).includes('302:iisStatus.redirect'));
  });

  test('the default layout and configuration files get no tokens (the grammars already do them)', async () => {
    const log = 'file:///logs/W3SVC1/u_ex000101.log';
    open(log, SEED_000_W3C_LOG);
    assert.deepEqual(await session.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: log } }), { data: [] });
    const config = 'file:///site/web.config';
    open(config, '<configuration><system.webServer /></configuration>', 'xml');
    assert.deepEqual(await session.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: config } }), { data: [] });
  });

  test('iisAuth.summarizeLog streams a file from disk and reports workDoneProgress begin, reports, end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iis-auth-lsp-logs-'));
    try {
      const path = join(dir, 'u_ex261125.log');
      const tally = writeIisLog(path, { targetBytes: 5 * 1024 * 1024, seed: 11 });
      const token = 'summary-progress-1';
      const progress: Array<{ kind: string; percentage?: number; message?: string }> = [];
      const listener = session.connection.onNotification('$/progress', (params: { token: string; value: { kind: string; percentage?: number; message?: string } }) => {
        if (params.token === token) progress.push(params.value);
      });
      try {
        const answer = (await session.connection.sendRequest('workspace/executeCommand', {
          command: 'iisAuth.summarizeLog',
          arguments: [{ uris: [pathToFileURL(path).toString()] }],
          workDoneToken: token,
        })) as { markdown: string; summary: { entries: number; malformed: number; files: Array<{ fieldSets: number; entriesWithAssumedFields: number }> } };
        assert.equal(answer.summary.entries, tally.entries);
        assert.equal(answer.summary.malformed, tally.malformed);
        assert.equal(answer.summary.files[0].fieldSets, 2);
        assert.equal(answer.summary.files[0].entriesWithAssumedFields, 5);
        assert.match(answer.markdown, /401\.2/);
        // $/progress notifications may trail the response by a tick
        for (let i = 0; i < 50 && progress.at(-1)?.kind !== 'end'; i++) await new Promise((r) => setTimeout(r, 20));
      } finally {
        listener.dispose();
      }
      assert.equal(progress[0]?.kind, 'begin');
      assert.equal(progress.at(-1)?.kind, 'end');
      const reports = progress.filter((p) => p.kind === 'report');
      assert.ok(reports.length >= 3, `a 5 MB file read in 1 MB chunks reports several times (got ${reports.length})`);
      const percentages = reports.map((p) => p.percentage!);
      assert.deepEqual(percentages, [...percentages].sort((a, b) => a - b), 'percentages only grow');
      assert.equal(percentages.at(-1), 100);
      assert.match(reports.at(-1)!.message!, /^u_ex261125\.log: [\d,]+ lines$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
