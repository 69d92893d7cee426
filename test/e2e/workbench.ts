import type { Page } from 'playwright-core';

// Driving the VS Code workbench (code-server in Debian's chromium) the way a user does: shared by
// the UI test (codeServer.test.ts) and the README screenshots (scripts/screenshots.mjs).

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The little of the DOM that page functions use; the project compiles without the DOM lib. */
interface BrowserGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

export async function quickOpen(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(relativePath);
  // Until the file search answers, the list may still show recently opened files.
  const name = relativePath.split('/').pop()!;
  const folder = relativePath.split('/').slice(-2, -1)[0] ?? '';
  const firstRow = page.locator('.quick-input-list .monaco-list-row').first();
  await page.waitForFunction(
    ([n, f]) => {
      const row = (globalThis as unknown as BrowserGlobals).document.querySelector('.quick-input-list .monaco-list-row');
      const text = row?.textContent ?? '';
      return text.includes(n) && text.includes(f);
    },
    [name, folder] as const,
    // The first file search of a cold host can take a while on a loaded 2-core machine.
    { timeout: 90_000 },
  );
  await firstRow.click();
  await page.locator(`.tabs-container .tab.active:has-text("${name}")`).waitFor({ timeout: 30_000 });
}

/** Puts the cursor at a 1-based line and column through Go to Line. */
export async function focusEditorAt(page: Page, line: number, column: number): Promise<void> {
  await page.locator('.editor-instance .monaco-editor').first().click({ position: { x: 400, y: 10 } });
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  // Go to Line is Quick Open with a leading colon; fill() replaces that colon.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 10_000 });
}

export async function waitForNoText(locator: ReturnType<Page['locator']>, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.innerText().catch(() => '')) ?? '';
    if (!last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`"${text}" still shown after ${timeoutMs} ms: ${last.slice(0, 500)}`);
}

export async function waitForText(locator: ReturnType<Page['locator']>, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.innerText().catch(() => '')) ?? '';
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`"${text}" did not appear within ${timeoutMs} ms; saw: ${last.slice(0, 500)}`);
}
