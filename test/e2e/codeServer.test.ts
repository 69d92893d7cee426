import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  compileSuite,
  copyFixture,
  ensureVsix,
  findChromium,
  findCodeServer,
  installExtension,
  missingHost,
  prepareProfile,
  repoRoot,
  resultsDir,
  serverCapabilities,
  startCodeServer,
  type CodeServerInstance,
} from './hosts';
import { chromiumArgs, focusEditorAt, quickOpen, waitForNoText, waitForText } from './workbench';

// The extension in a real VS Code 1.100 host: code-server (installed by scripts/setup-e2e-host.sh)
// serves the workbench, its Node extension host runs the extension and spawns the language
// server, and playwright-core drives Debian's chromium against it. Two routes:
//   1. the mocha suite of test/e2e/suite inside that extension host (the same suite
//      @vscode/test-electron runs on desktop VS Code), handed over through the workbench's
//      `payload` URL parameter (extensionDevelopmentPath + extensionTestsPath);
//   2. the packaged .vsix installed the way a user would, checked through the UI: Problems panel,
//      hover, quick fix, screenshots under test-results/.

const brokenWebConfig = 'inetpub/NorthwindExtranet/Broken/web.config';
const applicationHostConfig = 'inetsrv/config/applicationHost.config';

const codeServer = findCodeServer();
const chromiumPath = findChromium();
const missing = missingHost('e2e (code-server)', !codeServer.ok ? codeServer.reason : !chromiumPath.ok ? chromiumPath.reason : undefined);

describe('extension in code-server (real VS Code host)', { skip: missing, timeout: 600_000 }, () => {
  let browser: Browser;

  before(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath.ok ? chromiumPath.value : undefined, args: chromiumArgs });
    mkdirSync(resultsDir, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  async function withHost<T>(
    options: { vsix?: string; env?: Record<string, string> },
    body: (host: CodeServerInstance, page: Page, workspace: string) => Promise<T>,
  ): Promise<T> {
    assert.ok(codeServer.ok);
    const profile = prepareProfile();
    if (options.vsix) {
      const installed = installExtension(codeServer.value, options.vsix, profile.userDataDir, profile.extensionsDir);
      assert.ok(installed.ok, installed.ok ? '' : installed.reason);
    }
    const workspace = copyFixture('iis-e2e-code-server-');
    const host = await startCodeServer(codeServer.value, workspace, profile, options.env);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      return await body(host, page, workspace);
    } catch (error) {
      await page.screenshot({ path: join(resultsDir, 'code-server-failure.png') }).catch(() => undefined);
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- code-server log (tail) ---\n${host.log().slice(-2000)}`);
    } finally {
      await page.close();
      await host.stop();
      rmSync(workspace, { recursive: true, force: true });
      rmSync(join(profile.userDataDir, '..'), { recursive: true, force: true });
    }
  }

  test('the mocha e2e suite passes inside code-server\'s extension host', async () => {
    const vsix = await ensureVsix(); // also leaves production bundles in dist/ for the dev host
    assert.ok(vsix.ok, vsix.ok ? '' : vsix.reason);
    const suite = compileSuite();
    assert.ok(suite.ok, suite.ok ? '' : suite.reason);
    const resultsFile = join(resultsDir, 'code-server-mocha.json');
    rmSync(resultsFile, { force: true });
    const started = Date.now();
    const summary = await withHost({ env: { IIS_E2E_RESULTS: resultsFile } }, async (host, page, workspace) => {
      // The remote authority is the address the browser uses; paths are the server's own.
      const remote = (path: string) => `vscode-remote://127.0.0.1:${host.port}${path}`;
      const payload = [
        ['extensionDevelopmentPath', remote(repoRoot)],
        ['extensionTestsPath', remote(suite.value.replace(/\.js$/, ''))],
      ];
      await page.goto(`${host.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      const deadline = Date.now() + 240_000;
      while (!existsSync(resultsFile) && Date.now() < deadline) await page.waitForTimeout(500);
      assert.ok(existsSync(resultsFile), 'the suite wrote no results: the extension host did not run it');
      return JSON.parse(readFileSync(resultsFile, 'utf8')) as { failures: number; results: { title: string; state: string; error?: string }[] };
    });
    for (const result of summary.results) console.log(`  [code-server mocha] ${result.state}: ${result.title}${result.error ? `\n${result.error}` : ''}`);
    console.log(`  [code-server mocha] ${summary.results.length} tests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.ok(summary.results.length > 0, 'the suite ran no tests');
    assert.equal(summary.failures, 0, summary.results.filter((r) => r.state === 'failed').map((r) => `${r.title}: ${r.error}`).join('\n'));
  });

  test('the installed .vsix shows its diagnostics, hover and quick fix in the workbench', async (t) => {
    const vsix = await ensureVsix();
    assert.ok(vsix.ok, vsix.ok ? '' : vsix.reason);
    const expected = cliFindings();
    const noCodeActions = (await serverCapabilities()).codeActionProvider ? undefined : 'the language server declares no codeActionProvider';
    if (noCodeActions) console.log(`  [code-server ui] quick fix: skipped, ${noCodeActions}`);
    const started = Date.now();
    await withHost({ vsix: vsix.value }, async (host, page, workspace) => {
      const step = (what: string) => console.log(`  [code-server ui] ${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
      step('code-server up');
      await page.goto(`${host.url}/?folder=${encodeURIComponent(workspace)}`);
      await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
      step('workbench loaded');
      await page.waitForSelector('.explorer-folders-view', { timeout: 60_000 });

      await quickOpen(page, applicationHostConfig);
      step('applicationHost.config open');
      await quickOpen(page, brokenWebConfig);
      step('web.config open');
      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel');
      // Every finding the CLI reports for the opened files must reach the Problems panel, each at its
      // own line and column (two findings with one code are two rows).
      const opened = expected.filter((f) => f.file.endsWith(brokenWebConfig) || f.file.endsWith(applicationHostConfig));
      assert.ok(opened.length >= 4, `the fixture's findings: ${opened.map((f) => f.code).join(', ')}`);
      for (const finding of opened) await waitForText(problems, finding.code, 60_000);
      const problemsText = await problems.innerText();
      for (const finding of opened) {
        const row = new RegExp(`${finding.code}\\)?\\s*\\[Ln ${finding.range.start.line + 1}, Col ${finding.range.start.character + 1}\\]`);
        assert.match(problemsText, row, `${finding.code} at ${finding.file}:${finding.range.start.line + 1} is not in the Problems panel`);
      }
      step('diagnostics in the Problems panel');
      assert.match(problemsText, /XML-InvalidTag/);
      assert.match(problemsText, /Expected <\/access> before <\/security>/);
      assert.match(problemsText, /\[Ln 6, Col 9\]/, 'the diagnostic sits on the </security> tag that reveals the unclosed <access>');
      await page.screenshot({ path: join(resultsDir, 'code-server-problems.png') });

      // Hover on the offending tag: the editor's hover carries the diagnostic (and the server's own
      // hover content once there is one for this spot).
      await focusEditorAt(page, 6, 10);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-hover:not(.hidden)').first();
      await waitForText(hover, 'Expected </access>', 20_000);
      const hoverText = await hover.innerText();
      assert.match(hoverText, /<access> \(line 5\) is not closed/);
      await page.screenshot({ path: join(resultsDir, 'code-server-hover.png') });
      await page.keyboard.press('Escape');
      step('hover read');

      // The server's own hover: the sslFlags keyword under the cursor and the whole value.
      await focusEditorAt(page, 5, 40);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const keywordHover = page.locator('.monaco-hover:not(.hidden)').first();
      await waitForText(keywordHover, 'sslFlags = Ssl, SslNegotiateCert (value 40)', 20_000);
      assert.match(await keywordHover.innerText(), /SslNegotiateCert \(32\)/);
      await page.screenshot({ path: join(resultsDir, 'code-server-hover-sslflags.png') });
      await page.keyboard.press('Escape');
      step('server hover read');

      // Quick fix: the mappings below site level (IIS-AUTH-001) move to the site's <location>.
      await t.test('a quick fix applied from the light bulb menu is saved and clears its finding', { skip: noCodeActions }, async () => {
        await quickOpen(page, applicationHostConfig);
        const mapping = expected.find((f) => f.code === 'IIS-AUTH-001' && f.file.endsWith(applicationHostConfig));
        assert.ok(mapping, 'the fixture must keep its IIS-AUTH-001 finding');
        await focusEditorAt(page, mapping.range.start.line + 1, mapping.range.start.character + 2);
        await page.keyboard.press('Control+.');
        const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Move the certificate mappings to site level' }).first();
        await fix.waitFor({ state: 'visible', timeout: 20_000 });
        await page.screenshot({ path: join(resultsDir, 'code-server-quickfix-menu.png') });
        // Chosen with the keyboard, as a user does: the widget swallows synthetic clicks here.
        const focused = page.locator('.action-widget .monaco-list-row.focused');
        for (let i = 0; i < 10 && !((await focused.getAttribute('aria-label')) ?? '').startsWith('Move the certificate mappings'); i++) {
          await page.keyboard.press('ArrowDown');
        }
        await page.keyboard.press('Enter');
        await waitForNoText(problems, 'IIS-AUTH-001', 30_000);
        // The panel is still there and still lists the web.config's lock finding, which this fix leaves alone.
        assert.match(await problems.innerText(), /IIS-AUTH-002/);
        step('quick fix applied, IIS-AUTH-001 gone from the Problems panel');
        await page.keyboard.press('Control+S');
        await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 });
        await page.screenshot({ path: join(resultsDir, 'code-server-quickfix.png') });
        // What was saved is what IIS would read: the CLI no longer finds the mapping below site level.
        const after = cliFindings(workspace);
        assert.deepEqual(after.filter((f) => f.code === 'IIS-AUTH-001'), []);
        assert.match(readFileSync(join(workspace, applicationHostConfig), 'utf8'), /<location path="Northwind-Extranet">(?:(?!<\/location>)[\s\S])*<iisClientCertificateMappingAuthentication/);
      });
    });
    console.log(`  [code-server ui] flow took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${resultsDir}`);
  });
});

interface CliFinding {
  file: string;
  code: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** What the CLI reports for a workspace: the oracle for what the workbench must show. */
function cliFindings(workspace = join(repoRoot, 'test', 'e2e', 'fixture')): CliFinding[] {
  const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), '--format', 'json', workspace], {
    encoding: 'utf8',
  });
  assert.ok(result.status === 0 || result.status === 1, `iis-auth-check failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as CliFinding[];
}
