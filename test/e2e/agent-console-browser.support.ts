// What the console's browser tests share: the app and Chromium around a test file (consoleSession),
// the agent's sign-in through the console's form, and, for the story test, what it watches inside the
// two pages: the console's desktop notifications and chime (spies installed before the page's own
// scripts), and when a text becomes visible, timed by the browser itself (both pages run in one
// Chromium on one machine: their Date.now() is one clock).
import { afterAll, beforeAll } from '@jest/globals';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import type { App } from '../../server/index.js';
import { startTestApp } from '../support/app.js';
import { launchChromium, watchErrors } from '../support/browser.js';
import { AGENT, consoleAppEnv } from './agent-console.support.js';

/** What a test file adds to the app it starts: environment on top of consoleAppEnv(), startTestApp's options. */
export interface ConsoleAppExtras {
  env?: Record<string, string>;
  app?: Parameters<typeof startTestApp>[1];
}

export interface ConsoleSession {
  browser(): Browser;
  app(): App;
  /** The app's address (http://127.0.0.1:PORT). */
  url(): string;
  /** The environment the app was started with. */
  env(): Record<string, string>;
}

/**
 * For a console browser test file: the app (consoleAppEnv() and the file's extras) and Chromium,
 * started before its tests and stopped after them. `extras` runs first, in the same beforeAll, for
 * what the app's start depends on (a Teams stand-in host, a local identity provider).
 */
export function consoleSession(extras: () => ConsoleAppExtras | Promise<ConsoleAppExtras> = () => ({})): ConsoleSession {
  let browser: Browser | undefined;
  let app: App | undefined;
  let url = '';
  let env: Record<string, string> = {};
  beforeAll(async () => {
    const added = await extras();
    env = { ...(await consoleAppEnv()), ...added.env };
    ({ app, url } = await startTestApp(env, added.app));
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return { browser: () => browser!, app: () => app!, url: () => url, env: () => env };
}

/** The console's sign-in form, by its labels in each language. */
const SIGN_IN_FORM = {
  ko: { username: '아이디', password: '비밀번호', submit: '로그인' },
  en: { username: 'Username', password: 'Password', submit: 'Sign in' },
} as const;

/** Signs AGENT in with the console's form (in a page, or in the frame a Teams host shows it in). */
export async function signIn(
  where: Page | FrameLocator,
  { password = AGENT.password, lang = 'ko' }: { password?: string; lang?: keyof typeof SIGN_IN_FORM } = {},
): Promise<void> {
  const form = SIGN_IN_FORM[lang];
  await where.getByLabel(form.username).fill(AGENT.username);
  await where.getByLabel(form.password).fill(password);
  await where.getByRole('button', { name: form.submit }).click();
}

/** Opens the console at `url` in `page` and signs AGENT in; returns the page's script errors, watched from before it loads. */
export async function openSignedIn(page: Page, url: string, lang: keyof typeof SIGN_IN_FORM = 'ko'): Promise<string[]> {
  const errors = watchErrors(page);
  await page.goto(url);
  await signIn(page, { lang });
  return errors;
}

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
