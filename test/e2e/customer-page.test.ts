// Issue 14 as a customer meets it, in the real page and Chromium, at PC (1280×900) and phone (390×844)
// size, in Korean and English: greeting language, the local check panel, uploads, private keys stopped in
// the page, masked secrets, identity, accessibility (axe-core) and how the page is served.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { FIXTURE_NOW, generateFixtures } from '../../cert-core/fixtures/generate.js';
import { seriousViolations } from '../support/axe.js';
import { artifactsDir } from '../support/browser.js';
import { attach, chatSession, CHIP, click, see, send } from '../support/webchat-page.js';

const SIZES = { pc: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof SIZES;
const fixtures = generateFixtures().fixtures;

const session = chatSession();
const browser = { newContext: (...args: Parameters<ReturnType<typeof session.browser>['newContext']>) => session.browser().newContext(...args) };
let baseUrl: string;
beforeAll(() => {
  baseUrl = session.baseUrl();
});

async function open(size: Size, language: 'ko' | 'en'): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const context = await browser.newContext({ viewport: SIZES[size], locale: language === 'en' ? 'en-US' : 'ko-KR' });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
  await page.clock.install({ time: FIXTURE_NOW });
  await page.goto(`${baseUrl}/${language === 'en' ? '?lang=en' : ''}`);
  await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: 30_000 });
  return { page, errors, requests };
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifactsDir, `${name}.png`) });

for (const language of ['ko', 'en'] as const) {
  for (const size of ['pc', 'phone'] as const) {
    test(`${language} ${size}: greeted in the page's language before typing anything; logo, avatar, favicon; axe-clean`, async () => {
      const { page, errors, requests } = await open(size, language);
      // No message sent: the welcome card must already be in the page's language.
      const welcome = language === 'en' ? 'What can I help you with?' : '무엇을 도와드릴까요?';
      await page.locator('.ac-adaptiveCard', { hasText: welcome }).first().waitFor({ timeout: 20_000 });
      const cardText = await page.locator('.ac-adaptiveCard').first().innerText();
      if (language === 'en') expect(cardText).not.toContain('무엇을 도와드릴까요');
      else expect(cardText).not.toContain('What can I help you with');
      // Our own identity: the logo in the header, the drawn avatar beside the bot, the favicon.
      expect(await page.locator('header img[src^="/assets/logo-"]').count()).toBe(1);
      await page.locator('.webchat__defaultAvatar img, .webchat__image-avatar').first().waitFor({ timeout: 10_000 });
      const favicon = await page.evaluate(async () => {
        const response = await fetch(document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href);
        return { status: response.status, type: response.headers.get('content-type') };
      });
      expect(favicon).toEqual({ status: 200, type: 'image/svg+xml' });
      expect((await page.request.get(`${baseUrl}/favicon.ico`)).status()).toBe(200);
      // The local check's code is not part of the first load.
      expect(requests.filter((r) => /\/assets\/chunks\/(panel|cert-core)-/.test(r))).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, `page-welcome-${language}-${size}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }, 90_000);
  }
}

for (const language of ['ko', 'en'] as const) {
  for (const size of ['pc', 'phone'] as const) {
    test(`${language} ${size}: the local check stays open when the picker is cancelled, fits the screen, says the right device; axe-clean`, async () => {
      const { page, errors, requests } = await open(size, language);
      await page.locator('#open-local-check').click();
      await page.locator('#local-check').waitFor({ state: 'visible', timeout: 10_000 });
      expect(requests.some((r) => r.includes('/assets/chunks/panel-'))).toBe(true); // loaded on opening
      // What Chromium does when the file picker is dismissed (or the same files chosen again).
      await page.locator('#lc-files').dispatchEvent('cancel', { bubbles: true });
      await page.locator('#lc-folder').dispatchEvent('cancel', { bubbles: true });
      expect(await page.locator('#local-check').isVisible()).toBe(true);
      const dialog = (await page.locator('#local-check').boundingBox())!;
      const fieldset = (await page.locator('#local-check fieldset').boundingBox())!;
      expect(fieldset.x + fieldset.width).toBeLessThanOrEqual(dialog.x + dialog.width);
      expect(dialog.x + dialog.width).toBeLessThanOrEqual(SIZES[size].width);
      const title = await page.locator('#lc-title').innerText();
      expect(title).toContain(size === 'phone' ? '이 기기에서' : '내 PC에서');
      expect(title).not.toContain(size === 'phone' ? '내 PC에서' : '이 기기에서');
      expect(await seriousViolations(page, '#local-check')).toEqual([]);
      await shot(page, `page-local-check-${language}-${size}`);
      // Esc still closes it, and focus goes back to the button that opened it.
      await page.keyboard.press('Escape');
      await page.locator('#local-check').waitFor({ state: 'hidden', timeout: 10_000 });
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('open-local-check');
      expect(errors).toEqual([]);
      await page.context().close();
    }, 90_000);
  }
}

test.each(['ko', 'en'] as const)(
  '%s: a certificate is sent as soon as it is chosen; a private key (by name or by content) never leaves the page',
  async (language) => {
    const { page, errors, requests } = await open('phone', language);
    const files = fixtures['valid-yessign'].files;
    const bytesOf = (name: string) => files.find((f) => f.name.endsWith(name))!.bytes;
    await attach(page, 'signCert.der', bytesOf('signCert.der')); // no send button pressed
    await see(page, '홍*동');
    const uploads = () => requests.filter((r) => /^POST .*\/upload$/.test(r)).length;
    expect(uploads()).toBe(1);
    const stopped = language === 'en' ? 'contains a private key, so it was not uploaded' : '개인키가 들어 있어서 올리지 않았어요';
    // By name…
    await attach(page, 'signPri.key', bytesOf('signPri.key'));
    await page.locator('#local-check .lc-notice', { hasText: stopped }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#lc-picked').innerText()).toContain('signPri.key');
    await shot(page, `page-key-stopped-${language}-phone`);
    await page.keyboard.press('Escape');
    // …and by content: the same key renamed.
    await attach(page, 'notes.txt', bytesOf('signPri.key'));
    await page.locator('#local-check .lc-notice', { hasText: 'notes.txt' }).waitFor({ timeout: 20_000 });
    expect(uploads()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  },
  120_000,
);

test.each(['ko', 'en'] as const)(
  "%s: a typed password shows as a mask in the customer's own words, with one kind notice",
  async (language) => {
    const { page, errors } = await open('pc', language);
    await send(page, '비밀번호는 abc123!@# 이에요');
    const mask = language === 'en' ? '(password hidden)' : '(비밀번호 가림)';
    await page.locator('.webchat__bubble--from-user', { hasText: mask }).first().waitFor({ timeout: 20_000 });
    const notice = language === 'en' ? 'please never type them here' : '비밀번호나 주민등록번호를 입력하지 마세요';
    await see(page, notice);
    await send(page, '제 비밀번호 qwer1234!! 맞나요');
    await page.locator('.webchat__bubble--from-user', { hasText: mask }).nth(1).waitFor({ timeout: 20_000 });
    const transcript = await page.locator('[role="log"], .webchat__basic-transcript').first().innerText();
    expect(transcript).not.toContain('[redacted:');
    expect(transcript).not.toContain('abc123!@#');
    expect(await page.getByText(notice).count()).toBe(1);
    await shot(page, `page-masked-${language}-pc`);
    expect(errors).toEqual([]);
    await page.context().close();
  },
  90_000,
);

test("keyboard only: Tab reaches a choice (a chip under the message) with a visible focus ring, Enter chooses it, and the header's 처음으로 brings the menu back", async () => {
  const { page, errors } = await open('pc', 'ko');
  await page.locator(CHIP, { hasText: '문제 해결' }).waitFor({ timeout: 20_000 });
  // Tab reaches the chips (after the header and the transcript); they are one toolbar, so the arrow
  // keys move between them. Web Chat draws a chip's focus ring as its own element
  // (keyboard-focus-indicator) rather than as the button's outline.
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return null;
      const indicator = element.querySelector<HTMLElement>('.webchat__suggested-action__keyboard-focus-indicator');
      const style = indicator ? getComputedStyle(indicator) : getComputedStyle(element);
      return {
        chip: element.classList.contains('webchat__suggested-action'),
        text: element.innerText?.trim(),
        ring: indicator ? style.borderStyle : style.outlineStyle,
      };
    });
  for (let i = 0; i < 30 && !(await focused())?.chip; i += 1) await page.keyboard.press('Tab');
  let ring = '';
  for (let i = 0; i < 6; i += 1) {
    const now = await focused();
    if (now?.chip && now.text === '문제 해결') {
      ring = now.ring;
      break;
    }
    await page.keyboard.press('ArrowRight');
  }
  expect(ring).not.toBe('');
  expect(ring).not.toBe('none');
  await page.keyboard.press('Enter');
  await see(page, '어떤 문제가 있나요?');
  await page.locator('#go-home').click();
  await page.locator('.ac-adaptiveCard', { hasText: '무엇을 도와드릴까요?' }).nth(1).waitFor({ timeout: 20_000 });
  await click(page, '문제 해결');
  expect(errors).toEqual([]);
  await page.context().close();
}, 90_000);

test('served for slow connections: compressed, validated, versioned files cached for a year', async () => {
  const html = await fetch(`${baseUrl}/`, { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(html.headers.get('cache-control')).toBe('no-cache');
  const page = await html.text();
  const webchat = /src="(\/vendor\/webchat-[^"]+\.js)"/.exec(page)![1];
  const app = /src="(\/assets\/app-[^"]+\.js)"/.exec(page)![1];
  for (const url of [webchat, app]) {
    const response = await fetch(`${baseUrl}${url}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+-gzip"$/);
    await response.arrayBuffer();
    const again = await fetch(`${baseUrl}${url}`, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  }
  const plain = await fetch(`${baseUrl}/vendor/webchat.js`, { headers: { 'Accept-Encoding': 'identity' } });
  expect(plain.headers.get('content-encoding')).toBeNull();
  expect(plain.headers.get('cache-control')).toBe('no-cache');
  expect(Number(plain.headers.get('content-length'))).toBeGreaterThan(3_000_000);
  await plain.arrayBuffer();
});

/**
 * First load at about 1.6 Mbps (200 kB/s down, 150 ms latency; Chromium's network emulation), a cold
 * cache. Measured on this 2-core machine: greeting after 6.4–7.6 s alone, 12.2 s while the rest of this
 * file ran (it was 22 s uncompressed). The budget fails if Web Chat is sent uncompressed again.
 */
const THROTTLED_GREETING_BUDGET_MS = 15_000;

test.each(['ko', 'en'] as const)(
  '%s: at 1.6 Mbps the loading state shows at once and the greeting within the budget',
  async (language) => {
    const context = await browser.newContext({ viewport: SIZES.phone });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 100_000 });
    const started = Date.now();
    await page.goto(`${baseUrl}/${language === 'en' ? '?lang=en' : ''}`, { waitUntil: 'commit' });
    await page.locator('#loading').waitFor({ state: 'visible', timeout: 5_000 });
    const loadingAfter = Date.now() - started;
    await page.screenshot({ path: path.join(artifactsDir, `page-loading-${language}-phone.png`) });
    const welcome = language === 'en' ? 'What can I help you with?' : '무엇을 도와드릴까요?';
    await page.locator('.ac-adaptiveCard', { hasText: welcome }).first().waitFor({ timeout: 60_000 });
    const greetingAfter = Date.now() - started;
    console.log(
      `throttled 1.6 Mbps (${language}): loading state after ${loadingAfter} ms, greeting after ${greetingAfter} ms (budget ${THROTTLED_GREETING_BUDGET_MS} ms)`,
    );
    expect(greetingAfter).toBeLessThan(THROTTLED_GREETING_BUDGET_MS);
    await context.close();
  },
  90_000,
);
