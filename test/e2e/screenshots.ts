import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { copyFixture, ensureVsix, findChromium, findCodeServer, installExtension, prepareProfile, repoRoot, resultsDir, startCodeServer } from './hosts';
import { chromiumArgs, focusEditorAt, quickOpen, waitForText } from './workbench';

// `npm run screenshots`: the README's pictures, taken from the current build installed from its
// .vsix into a real VS Code (code-server) and driven as a user would. Each picture is saved only
// once the workbench shows what it is meant to show, so a broken feature stops the script
// instead of leaving a stale or empty picture in images/.

const imagesDir = join(repoRoot, 'images');
const applicationHostConfig = 'inetsrv/config/applicationHost.config';
const siteWebConfig = 'inetpub/NorthwindExtranet/web.config';
const logFile = 'logs/LogFiles/W3SVC3/u_ex261123.log';

// A 1160 × 740 workbench drawn at twice the pixels: 2320 px wide pictures that stay sharp when
// the README scales them down, and a layout small enough that its text stays readable there.
const viewport = { width: 1160, height: 740 };

const editorSettings = {
  'editor.minimap.enabled': false,
  'editor.fontSize': 15,
  'editor.wordWrap': 'off',
  'breadcrumbs.enabled': false,
  'workbench.statusBar.visible': true,
  'workbench.activityBar.location': 'hidden',
  'workbench.layoutControl.enabled': false,
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
};

interface Shot {
  file: string;
  caption: string;
}

async function main(): Promise<number> {
  const codeServer = findCodeServer();
  const chromiumPath = findChromium();
  if (!codeServer.ok || !chromiumPath.ok) {
    console.error(`screenshots: ${!codeServer.ok ? codeServer.reason : !chromiumPath.ok ? chromiumPath.reason : ''}`);
    return 1;
  }
  const started = Date.now();
  const vsix = await ensureVsix();
  if (!vsix.ok) {
    console.error(`screenshots: ${vsix.reason}`);
    return 1;
  }
  const profile = prepareProfile();
  const settingsFile = join(profile.userDataDir, 'User', 'settings.json');
  const settings = { ...(JSON.parse(readFileSync(settingsFile, 'utf8')) as object), ...editorSettings };
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  const installed = installExtension(codeServer.value, vsix.value, profile.userDataDir, profile.extensionsDir);
  if (!installed.ok) {
    console.error(`screenshots: ${installed.reason}`);
    return 1;
  }
  const workspace = copyFixture('iis-screenshots-');
  const host = await startCodeServer(codeServer.value, workspace, profile);
  let browser: Browser | undefined;
  let page: Page | undefined;
  const shots: Shot[] = [];
  try {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath.value, args: chromiumArgs });
    const workbench = await browser.newPage({ viewport, deviceScaleFactor: 2 });
    page = workbench;
    await workbench.goto(`${host.url}/?folder=${encodeURIComponent(workspace)}`);
    await workbench.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await workbench.waitForSelector('.explorer-folders-view', { timeout: 60_000 });
    mkdirSync(imagesDir, { recursive: true });
    const save = async (file: string, caption: string) => {
      await workbench.waitForTimeout(400); // let hovers and widgets finish their fade-in
      await workbench.screenshot({ path: join(imagesDir, file) });
      shots.push({ file: `images/${file}`, caption });
      console.log(`  ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  images/${file}: ${caption}`);
    };

    // 1. The Problems panel: the mapping IIS never reads, with its related site-level location.
    await quickOpen(workbench, applicationHostConfig);
    await workbench.keyboard.press('Control+Shift+M');
    const problems = workbench.locator('.markers-panel');
    await waitForText(problems, 'IIS-AUTH-001', 90_000);
    await waitForText(problems, 'IIS-AUTH-005', 30_000);
    await focusEditorAt(workbench, lineOf(workspace, applicationHostConfig, '<iisClientCertificateMappingAuthentication enabled="true"'), 30);
    await save('problems.png', 'A certificate mapping below site level: IIS never reads it, and requests there end in 401.2.');

    // 2. The <access sslFlags> hover: each flag, and what the combination makes IIS do.
    const accessLine = lineOf(workspace, applicationHostConfig, '<access sslFlags="Ssl, SslNegotiateCert, SslRequireCert"');
    await workbench.keyboard.press('Control+J'); // the panel away: room for the hover
    await focusEditorAt(workbench, accessLine, 45);
    await showHover(workbench, 'SslRequireCert');
    await save('hover-sslflags.png', 'Hover on <access sslFlags>: every flag and what IIS does with the combination.');
    await workbench.keyboard.press('Escape');

    // 3. The effective-settings lens above each <location>.
    const claimsLocation = lineOf(workspace, applicationHostConfig, '<location path="Northwind-Extranet/Claims">');
    await focusEditorAt(workbench, claimsLocation - 8, 1);
    const lens = workbench.locator('.codelens-decoration').first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    await save('effective-settings.png', 'The effective settings above each <location>: what IIS applies there, merged across levels.');

    // 4. The log summary, while the mapping is still below site level: each path carries the finding that explains it: failures grouped by status, sub-status and Win32 code, explained.
    await quickOpen(workbench, logFile);
    await workbench.keyboard.press('Control+B'); // the explorer away: the summary gets the width
    await runCommand(workbench, 'IIS Auth: Summarize authentication failures in this log');
    await workbench.locator('.tabs-container .tab.active', { hasText: 'Summary' }).waitFor({ timeout: 60_000 });
    await workbench.waitForTimeout(2_000); // the webview paints after its tab appears
    await save('log-summary.png', 'The failures of an IIS log, grouped and explained.');

    // 5. The request simulator: what IIS answers this certificate at this URL, and why.
    await closePreview(workbench); // the log summary
    await quickOpen(workbench, applicationHostConfig);
    await runCommand(workbench, 'IIS Auth: Test a certificate against the mappings');
    await pickFile(workbench, join(workspace, 'certs', 'client-auth.cer'));
    await waitForText(workbench.locator('.quick-input-widget'), 'URL to request', 15_000);
    await workbench.locator('.quick-input-widget input').fill('https://extranet.northwind.test/Claims/');
    await workbench.keyboard.press('Enter');
    await workbench.locator('.tabs-container .tab.active', { hasText: 'extranet.northwind.test' }).waitFor({ timeout: 60_000 });
    await workbench.waitForTimeout(2_000);
    await save('simulator.png', 'Test a certificate at a URL: each step of the request, the file and line it rests on, and the status IIS logs.');

    await closePreview(workbench); // the simulation
    await workbench.keyboard.press('Control+B'); // the explorer back

    // 6. The quick fix menu on the mapping, and the file after the move.
    await focusEditorAt(workbench, lineOf(workspace, applicationHostConfig, '<iisClientCertificateMappingAuthentication enabled="true"'), 30);
    await workbench.keyboard.press('Control+.');
    const fix = workbench.locator('.action-widget .monaco-list-row', { hasText: 'Move the certificate mappings to site level' }).first();
    await fix.waitFor({ state: 'visible', timeout: 30_000 });
    await save('quick-fix-menu.png', 'Quick fixes for the mapping below site level.');
    const focused = workbench.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 10 && !((await focused.getAttribute('aria-label')) ?? '').startsWith('Move the certificate mappings'); i++) {
      await workbench.keyboard.press('ArrowDown');
    }
    await workbench.keyboard.press('Enter');
    await workbench.keyboard.press('Control+Shift+M');
    await waitForNoFinding(workbench, 'IIS-AUTH-001');
    await workbench.keyboard.press('Control+S');
    await workbench.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 });
    await focusEditorAt(workbench, lineOf(workspace, applicationHostConfig, '<location path="Northwind-Extranet">') + 1, 1);
    await save('quick-fix-after.png', 'After the fix: the mapping sits in the site\'s <location>, where IIS reads it.');
    await workbench.keyboard.press('Control+J');

    // 7. A mapping from a certificate file, with the warnings a careful administrator checks.
    await quickOpen(workbench, siteWebConfig);
    await focusEditorAt(workbench, 2, 1);
    await runCommand(workbench, 'IIS Auth: Insert mapping from certificate file');
    await pickFile(workbench, join(workspace, 'certs', 'expired.cer'));
    await workbench.locator('.quick-input-list .monaco-list-row', { hasText: /one-to-one/i }).first().waitFor({ timeout: 15_000 });
    await workbench.keyboard.press('Enter');
    const dialog = workbench.locator('.monaco-dialog-box');
    await waitForText(dialog, 'expired', 30_000);
    await save('certificate-insert.png', 'Inserting a mapping from an expired certificate: the warnings come first.');
    await workbench.keyboard.press('Escape');

    writeFileSync(join(repoRoot, 'out', 'screenshots.json'), JSON.stringify(shots, null, 2));
    console.log(`${shots.length} screenshots in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return 0;
  } catch (error) {
    mkdirSync(resultsDir, { recursive: true });
    await page?.screenshot({ path: join(resultsDir, 'screenshots-failure.png') }).catch(() => undefined);
    console.error(`screenshots (what the workbench showed: test-results/screenshots-failure.png): ${error instanceof Error ? error.stack : String(error)}\n--- code-server log (tail) ---\n${host.log().slice(-1500)}`);
    return 1;
  } finally {
    await browser?.close();
    await host.stop();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(join(profile.userDataDir, '..'), { recursive: true, force: true });
  }
}

/** 1-based line of the first line containing `needle`, read from the workspace copy on disk. */
function lineOf(workspace: string, relativePath: string, needle: string): number {
  const lines = readFileSync(join(workspace, relativePath), 'utf8').split(/\r?\n/);
  const index = lines.findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${relativePath} no longer contains ${needle}`);
  return index + 1;
}

async function showHover(page: Page, expected: string): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await waitForText(page.locator('.monaco-hover:not(.hidden)').first(), expected, 20_000);
}

/**
 * Answers the workbench's own open dialog (a quick input with a path field): the path typed, then
 * its button once the list has caught up with the path, or Enter is taken by the list's old state.
 */
async function pickFile(page: Page, path: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  const title = (await widget.locator('.quick-input-title').innerText().catch(() => '')) ?? '';
  // The dialog fills in its starting folder a moment after it opens: typing before that is lost.
  const deadline0 = Date.now() + 10_000;
  while ((await input.inputValue()) === '' && Date.now() < deadline0) await page.waitForTimeout(100);
  const name = path.split('/').pop()!;
  for (let attempt = 0; attempt < 5; attempt++) {
    await input.fill(path);
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    if ((await input.inputValue()) === path) break;
  }
  await widget.locator('.quick-input-action .monaco-button, .quick-input-header .monaco-button').first().click();
  // The dialog is done when its title is gone: the next question or no quick input at all.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const visible = await widget.isVisible();
    const now = visible ? ((await widget.locator('.quick-input-title').innerText().catch(() => '')) ?? '') : '';
    if (!visible || now !== title) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`the open dialog did not take ${path}`);
}

/** Closes the Markdown preview beside the editor (the active tab of the second group). */
async function closePreview(page: Page): Promise<void> {
  const tab = page.locator('.editor-group-container').nth(1).locator('.tab.active .codicon-close');
  if ((await tab.count()) > 0) await tab.first().click();
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

async function waitForNoFinding(page: Page, code: string): Promise<void> {
  const problems = page.locator('.markers-panel');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!((await problems.innerText().catch(() => '')) ?? '').includes(code)) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`${code} still in the Problems panel after the quick fix`);
}

void main().then((code) => {
  process.exitCode = code;
});
