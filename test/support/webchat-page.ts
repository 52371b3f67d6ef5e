import { afterAll, beforeAll } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { FIXTURE_NOW } from '../../cert-core/fixtures/generate.js';
import type { Procedure } from '../../content/schema.js';
import { startTestApp } from './app.js';
import { launchChromium, watchErrors } from './browser.js';

/** Opens the chat page and waits for the official Web Chat's send box. */
export async function openChat(browser: Browser, baseUrl: string, options: { query?: string; clock?: Date } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  // The page's local check uses the browser clock: tests may stand it where generated certificates are valid.
  if (options.clock) await page.clock.install({ time: options.clock });
  await page.goto(`${baseUrl}/${options.query ?? ''}`);
  await page.waitForFunction(() => typeof (window as unknown as { WebChat?: unknown }).WebChat === 'object');
  await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: 30_000 });
  return { page, errors };
}

export async function send(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-id="webchat-sendbox-input"]');
  await box.fill(text);
  await box.press('Enter');
}

/**
 * Clicks the newest button with exactly this title ("공동인증서" ≠ "공동인증서와 …"): a chip under the
 * message (a suggested action: a question's choices) or an Adaptive Card button (links, forms).
 */
export async function click(page: Page, title: string): Promise<void> {
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const button = page.locator(`${CHIP}, .ac-pushButton`, { hasText: exact }).last();
  await button.waitFor({ timeout: 20_000 });
  await button.click();
}

/** A suggested action (chip) of Web Chat. */
export const CHIP = 'button.webchat__suggested-action';

/**
 * Walks a procedure from its overview card to the end: waits for each step's own card (title and
 * "n / N") before pressing its button, because the previous card's 다음 stays on screen until the
 * reply arrives and pressing it twice skips a step. Ends when the success text is shown.
 */
export async function walkProcedure(page: Page, procedure: Procedure): Promise<void> {
  await see(page, procedure.title.ko);
  await click(page, '시작하기');
  for (const [index, step] of procedure.steps.entries()) {
    await see(page, step.title.ko);
    await see(page, `${index + 1} / ${procedure.steps.length}`);
    await click(page, index === procedure.steps.length - 1 ? '완료' : '다음');
  }
  await see(page, procedure.success.ko);
}

/** Waits until some text containing `text` is visible. */
export async function see(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: false }).last().waitFor({ timeout: 20_000 });
}

/** Attaches a file with Web Chat's 📎 button: the page sends it at once (styleOptions.sendAttachmentOn). */
export async function attach(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.locator('.webchat__upload-button input[type="file"]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
}

/**
 * For a browser test file: the whole app (its clock where the generated certificates are valid) and
 * Chromium, started before the tests and stopped after them; `open` gives a fresh chat page.
 */
export function chatSession(): {
  open(options?: { query?: string; clock?: Date }): Promise<{ page: Page; errors: string[] }>;
  /** The running browser and app, for tests that need their own contexts (viewport, network). */
  browser(): Browser;
  baseUrl(): string;
} {
  let browser: Browser;
  let baseUrl: string;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const started = await startTestApp({}, { now: () => FIXTURE_NOW });
    baseUrl = started.url;
    stop = () => started.app.close();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stop?.();
  });
  return { open: (options) => openChat(browser, baseUrl, options), browser: () => browser, baseUrl: () => baseUrl };
}
