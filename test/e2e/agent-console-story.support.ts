// What the console story test watches inside the two pages: the console's desktop notifications and
// chime (spies installed before the page's own scripts), and when a text becomes visible, timed by the
// browser itself (both pages run in one Chromium on one machine: their Date.now() is one clock).
import type { BrowserContext, Page } from 'playwright-core';

declare global {
  interface Window {
    __notifications: Array<{ title: string; body?: string; tag?: string }>;
    /** The notifications themselves, so a test can click one (call its onclick as the desktop would). */
    __shownNotifications: Array<{ onclick: (() => void) | null }>;
    __tones: number;
    __enterAt?: number;
  }
}

/**
 * A Notification that records what the console shows (the headless browser has no desktop to show it
 * on), starting with permission not yet asked, so the console's own button asks for it; and a count of
 * the chime's tones (the real Web Audio oscillators still run).
 */
export async function spyOnAlerts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__notifications = [];
    window.__shownNotifications = [];
    window.__tones = 0;
    let permission: NotificationPermission = 'default';
    class SpyNotification {
      static get permission() {
        return permission;
      }
      static async requestPermission() {
        permission = 'granted';
        return permission;
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions = {}) {
        window.__notifications.push({ title, body: options.body, tag: options.tag });
        window.__shownNotifications.push(this);
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: SpyNotification, configurable: true, writable: true });
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args: Parameters<OscillatorNode['start']>) {
      window.__tones += 1;
      return start.apply(this, args);
    };
  });
}

/** Records, in the page, when Enter was last pressed (the moment a message is sent). */
export async function stampEnter(page: Page): Promise<void> {
  await page.evaluate(() => window.addEventListener('keydown', (event) => event.key === 'Enter' && !event.shiftKey && (window.__enterAt = Date.now()), true));
}

/**
 * Starts watching `selector` for `text`; the returned promise gives the page's Date.now() at the DOM
 * change that made it appear. Start it before the text is sent.
 */
export async function whenShown(page: Page, selector: string, text: string): Promise<() => Promise<number>> {
  await page.evaluate(
    ([selector, text]) => {
      const key = `__shown:${text}`;
      const store = window as unknown as Record<string, number | undefined>;
      store[key] = undefined;
      const check = () => {
        if (store[key] !== undefined) return;
        if (document.querySelector(selector)?.textContent?.includes(text)) {
          store[key] = Date.now();
          observer.disconnect();
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      check();
    },
    [selector, text] as const,
  );
  return async () => {
    const handle = await page.waitForFunction((text) => (window as unknown as Record<string, number | undefined>)[`__shown:${text}`], text, {
      timeout: 20_000,
    });
    return (await handle.jsonValue()) as number;
  };
}

/** The page's time of its last Enter press. */
export const enterAt = (page: Page): Promise<number> => page.evaluate(() => window.__enterAt ?? Number.NaN);
