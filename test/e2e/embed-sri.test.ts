// Subresource integrity for the modules the customer page imports at run time (the local check's
// chunks), through the page's import map, in the real Chromium: a chunk changed on its way (a proxy,
// a poisoned cache) is refused and never runs; without the import map the same change would run.
import type { Page, Route } from 'playwright-core';
import { chatSession } from '../support/webchat-page.js';

const session = chatSession();

/** Serves the real chunk with one line added in front that would mark the page if it ran. */
async function tampered(route: Route): Promise<void> {
  const real = await route.fetch();
  await route.fulfill({ response: real, body: `window.__tampered=true;${await real.text()}` });
}

const ranTamperedCode = (page: Page) => page.evaluate(() => (window as unknown as { __tampered?: boolean }).__tampered === true);

/** The console errors of the page that say a resource failed its integrity check. */
function integrityErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /integrity/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('the untouched chunks load: the local check opens', async () => {
  const { page, errors } = await session.open();
  const chunks: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/assets/chunks/')) chunks.push(new URL(request.url()).pathname);
  });
  await page.locator('#open-local-check').click();
  await page.locator('#local-check').waitFor({ state: 'visible', timeout: 20_000 });
  expect(chunks.some((path) => path.startsWith('/assets/chunks/panel-'))).toBe(true);
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);

test('a tampered local-check chunk is refused: it never runs and the panel does not open', async () => {
  const context = await session.browser().newContext();
  await context.route('**/assets/chunks/panel-*.js', tampered);
  const page = await context.newPage();
  const refused = integrityErrors(page);
  await page.goto(`${session.baseUrl()}/`);
  await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: 30_000 });
  await page.locator('#open-local-check').click();
  await waitUntil(() => refused.some((text) => text.includes('/assets/chunks/panel-')), 'Chromium reporting the panel chunk failing its integrity check');
  expect(await ranTamperedCode(page)).toBe(false);
  expect(await page.locator('#local-check').count()).toBe(0);
  await context.close();
}, 60_000);

test('a tampered shared chunk (cert-core code the panel imports) is refused too', async () => {
  const context = await session.browser().newContext();
  // Only after the page has started: the chunks the page needs at once are pinned the same way.
  const page = await context.newPage();
  const refused = integrityErrors(page);
  await page.goto(`${session.baseUrl()}/`);
  await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: 30_000 });
  await context.route('**/assets/chunks/chunk-*.js', tampered);
  await page.locator('#open-local-check').click();
  await waitUntil(() => refused.some((text) => text.includes('/assets/chunks/chunk-')), 'Chromium reporting a shared chunk failing its integrity check');
  expect(await ranTamperedCode(page)).toBe(false);
  expect(await page.locator('#local-check').count()).toBe(0);
  await context.close();
}, 60_000);

test('control: with the import map taken out of the page, the same tampered chunk runs', async () => {
  const context = await session.browser().newContext();
  await context.route('**/assets/chunks/panel-*.js', tampered);
  await context.route(`${session.baseUrl()}/`, async (route) => {
    const real = await route.fetch();
    await route.fulfill({ response: real, body: (await real.text()).replace(/<script type="importmap">[^<]*<\/script>/, '') });
  });
  const page = await context.newPage();
  await page.goto(`${session.baseUrl()}/`);
  await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: 30_000 });
  await page.locator('#open-local-check').click();
  await page.locator('#local-check').waitFor({ state: 'visible', timeout: 20_000 });
  expect(await ranTamperedCode(page)).toBe(true);
  await context.close();
}, 60_000);
