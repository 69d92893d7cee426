import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { copyFixture, ensureVsix, findChromium, findCodeServer, installExtension, prepareProfile, repoRoot, startCodeServer } from './hosts';
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
  const shots: Shot[] = [];
  try {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath.value, args: chromiumArgs });
    const page = await browser.newPage({ viewport, deviceScaleFactor: 2 });
    await page.goto(`${host.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await page.waitForSelector('.explorer-folders-view', { timeout: 60_000 });
    mkdirSync(imagesDir, { recursive: true });
    const save = async (file: string, caption: string) => {
      await page.waitForTimeout(400); // let hovers and widgets finish their fade-in
      await page.screenshot({ path: join(imagesDir, file) });
      shots.push({ file: `images/${file}`, caption });
      console.log(`  ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  images/${file}: ${caption}`);
    };

    // 1. The Problems panel: the mapping IIS never reads, with its related site-level location.
    await quickOpen(page, applicationHostConfig);
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await waitForText(problems, 'IIS-AUTH-001', 90_000);
    await waitForText(problems, 'IIS-AUTH-005', 30_000);
    await focusEditorAt(page, lineOf(workspace, applicationHostConfig, '<iisClientCertificateMappingAuthentication enabled="true"'), 30);
    await save('problems.png', 'A certificate mapping below site level: IIS never reads it, and requests there end in 401.2.');

    // 2. The <access sslFlags> hover: each flag, and what the combination makes IIS do.
    const accessLine = lineOf(workspace, applicationHostConfig, '<access sslFlags="Ssl, SslNegotiateCert, SslRequireCert"');
    await page.keyboard.press('Control+J'); // the panel away: room for the hover
    await focusEditorAt(page, accessLine, 45);
    await showHover(page, 'SslRequireCert');
    await save('hover-sslflags.png', 'Hover on <access sslFlags>: every flag and what IIS does with the combination.');
    await page.keyboard.press('Escape');

    // 3. The effective-settings lens above each <location>.
    const claimsLocation = lineOf(workspace, applicationHostConfig, '<location path="Northwind-Extranet/Claims">');
    await focusEditorAt(page, claimsLocation - 8, 1);
    const lens = page.locator('.codelens-decoration').first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    await save('effective-settings.png', 'The effective settings above each <location>: what IIS applies there, merged across levels.');

    // 4. The quick fix menu on the mapping, and the file after the move.
    await focusEditorAt(page, lineOf(workspace, applicationHostConfig, '<iisClientCertificateMappingAuthentication enabled="true"'), 30);
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Move the certificate mappings to site level' }).first();
    await fix.waitFor({ state: 'visible', timeout: 30_000 });
    await save('quick-fix-menu.png', 'Quick fixes for the mapping below site level.');
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 10 && !((await focused.getAttribute('aria-label')) ?? '').startsWith('Move the certificate mappings'); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Shift+M');
    await waitForNoFinding(page, 'IIS-AUTH-001');
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 });
    await focusEditorAt(page, lineOf(workspace, applicationHostConfig, '<location path="Northwind-Extranet">') + 1, 1);
    await save('quick-fix-after.png', 'After the fix: the mapping sits in the site\'s <location>, where IIS reads it.');
    await page.keyboard.press('Control+J');

    // 5. A mapping from a certificate file, with the warnings a careful administrator checks.
    await quickOpen(page, siteWebConfig);
    await focusEditorAt(page, 2, 1);
    await runCommand(page, 'IIS Auth: Insert mapping from certificate file');
    const fileInput = page.locator('.quick-input-widget input');
    await fileInput.waitFor({ state: 'visible', timeout: 15_000 });
    await fileInput.fill(join(workspace, 'certs', 'expired.cer'));
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /one-to-one/i }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await waitForText(dialog, 'expired', 30_000);
    await save('certificate-insert.png', 'Inserting a mapping from an expired certificate: the warnings come first.');
    await page.keyboard.press('Escape');

    // 6. The log summary: failures grouped by status, sub-status and Win32 code, explained.
    await quickOpen(page, logFile);
    await page.keyboard.press('Control+B'); // the explorer away: the summary gets the width
    await runCommand(page, 'IIS Auth: Summarize authentication failures in this log');
    await page.locator('.tabs-container .tab.active', { hasText: 'Summary' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(2_000); // the webview paints after its tab appears
    await save('log-summary.png', 'The failures of an IIS log, grouped and explained.');

    writeFileSync(join(repoRoot, 'out', 'screenshots.json'), JSON.stringify(shots, null, 2));
    console.log(`${shots.length} screenshots in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return 0;
  } catch (error) {
    console.error(`screenshots: ${error instanceof Error ? error.stack : String(error)}\n--- code-server log (tail) ---\n${host.log().slice(-1500)}`);
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
