import { afterAll, beforeAll } from '@jest/globals';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { FIXTURE_NOW } from '../../cert-core/fixtures/generate.js';
import { startEmbedDemo } from '../../server/embed-demo.js';
import { startTestApp } from '../support/app.js';
import { launchChromium } from '../support/browser.js';

export interface EmbedSite {
  browser: Browser;
  /** The assistant, e.g. http://127.0.0.1:41000. */
  assistant: string;
  /** The demo bank site on another port, listed in EMBED_ALLOWED_ORIGINS. */
  bank: string;
  /** The same demo site under another origin (localhost instead of 127.0.0.1): not listed. */
  stranger: string;
}

/** The assistant (listing the demo's 127.0.0.1 origin only), the demo bank site and Chromium, for one test file. */
export function embedSite(env: Record<string, string> = {}): EmbedSite {
  const site = {} as EmbedSite;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const demo = await startEmbedDemo({ port: 0, host: '127.0.0.1', assistantUrl: () => site.assistant });
    const started = await startTestApp({ EMBED_ALLOWED_ORIGINS: demo.url, ...env }, { now: () => FIXTURE_NOW });
    site.assistant = started.url;
    site.bank = demo.url;
    site.stranger = demo.url.replace('127.0.0.1', 'localhost');
    site.browser = await launchChromium();
    stop = async () => {
      await started.app.close();
      await demo.close();
    };
  }, 60_000);
  afterAll(async () => {
    await site.browser?.close();
    await stop?.();
  });
  return site;
}

/** A page whose frames record every CSP violation (in window.__cspViolations of each frame) and every script error. */
export async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${location.origin}: ${event.effectiveDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`),
    );
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/** Every CSP violation recorded so far, in the page and all its frames. */
export async function cspViolations(page: Page): Promise<string[]> {
  const lists = await Promise.all(
    page.frames().map((frame) => frame.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).catch(() => [])),
  );
  return lists.flat();
}

export const launcherButton = (page: Page) => page.locator('#cert-helper-launcher button.button');
export const panel = (page: Page) => page.locator('#cert-helper-panel');
export const closeButton = (page: Page) => page.locator('#cert-helper-panel button.close');

/** The panel's frame (our page), once Web Chat's send box is there. */
export async function panelFrame(page: Page, assistant: string): Promise<Frame> {
  const ours = () => page.frames().find((candidate) => candidate.url().startsWith(`${assistant}/`));
  await until(() => ours() !== undefined);
  const frame = ours()!;
  await frame.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: 30_000 });
  return frame;
}

export async function sendIn(frame: Frame, text: string): Promise<void> {
  const box = frame.locator('[data-id="webchat-sendbox-input"]');
  await box.fill(text);
  await box.press('Enter');
}

export async function seeIn(frame: Frame, text: string): Promise<void> {
  await frame.getByText(text, { exact: false }).last().waitFor({ timeout: 20_000 });
}

/** The conversation the panel keeps for the next page (in our origin's sessionStorage, inside the frame). */
export async function keptConversation(frame: Frame): Promise<string | undefined> {
  return frame.evaluate(() => (JSON.parse(sessionStorage.getItem('cert-helper:conversation') ?? 'null') as { conversationId?: string } | null)?.conversationId);
}

/** Whether the launcher button (inside its shadow root) has the keyboard focus. */
export async function launcherHasFocus(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const host = document.getElementById('cert-helper-launcher');
    return document.activeElement === host && host?.shadowRoot?.activeElement?.classList.contains('button') === true;
  });
}

/** Waits until the condition holds (bounded; the message says what never happened). */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not met within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
