// The launcher on a stand-in bank site (another origin, its own strict CSP) in the real Chromium:
// it opens the assistant in a panel, keeps the conversation across the site's pages, is refused on
// an origin not listed, fills a phone's screen, closes by button and Escape, and passes axe-core.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadContent } from '../../content/load.js';
import { artifactsDir } from '../support/browser.js';
import { CHIP } from '../support/webchat-page.js';
import {
  closeButton,
  cspViolations,
  embedSite,
  launcherHasFocus,
  until,
  keptConversation,
  launcherButton,
  panel,
  panelFrame,
  seeIn,
  sendIn,
  watchedPage,
} from './embed.support.js';

const site = embedSite();
const procedure = loadContent().procedures.find((p) => p.id === 'woori-joint-reissue-app')!;

test('a bank page embeds the assistant: chat, go to another page, the same conversation goes on', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = await watchedPage(context);
  const tokenRequests: string[] = [];
  context.on('request', (request) => {
    if (request.url().includes('/api/webchat/token') || request.url().includes('/tokens/refresh')) tokenRequests.push(request.url());
  });
  await page.goto(`${site.bank}/`);
  expect(await launcherButton(page).getAttribute('aria-expanded')).toBe('false');
  expect(page.frames()).toHaveLength(1); // no conversation until the visitor opens the chat

  await launcherButton(page).click();
  const frame = await panelFrame(page, site.assistant);
  expect(await launcherButton(page).getAttribute('aria-expanded')).toBe('true');
  // data-institution="woori" reached the bot: it does not ask which bank.
  await sendIn(frame, '공동인증서 재발급 방법 알려주세요');
  await seeIn(frame, procedure.title.ko);
  expect(await frame.getByText('어느 은행이나 기관').count()).toBe(0);
  const conversation = await keptConversation(frame);
  expect(conversation).toMatch(/^[A-Za-z0-9_-]{8,}$/);
  // The host page's URL and storage never hold a token.
  expect(page.url()).not.toMatch(/token/i);
  expect(await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage))).not.toMatch(/ey[A-Za-z0-9_-]{10,}/);

  // Another page of the bank's site: the panel is open again, with the same conversation.
  await page.locator('#to-page2').click();
  await page.waitForURL(`${site.bank}/page2.html`);
  const next = await panelFrame(page, site.assistant);
  await seeIn(next, procedure.title.ko); // what was said is there
  expect(await keptConversation(next)).toBe(conversation);
  // 시작하기 is a chip under the overview card (Web Chat shows a question's choices as suggested actions).
  await next
    .locator(`${CHIP}, .ac-pushButton`, { hasText: /^\s*시작하기\s*$/ })
    .last()
    .click();
  await seeIn(next, procedure.steps[0].title.ko); // and the guide goes on where it was
  expect(tokenRequests.filter((url) => url.endsWith('/api/webchat/token'))).toHaveLength(1);
  expect(tokenRequests.filter((url) => url.endsWith('/tokens/refresh'))).toHaveLength(1);

  // The host page's API: send(text) types into the same conversation.
  await page.evaluate(() => (window as unknown as { CertHelper: { send(text: string): void } }).CertHelper.send('인증서 비밀번호를 잊어버렸어요'));
  await seeIn(next, '인증서 비밀번호를 잊어버렸어요');

  await page.screenshot({ path: path.join(artifactsDir, 'embed-desktop.png') });
  expect(await cspViolations(page)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test('a site not in EMBED_ALLOWED_ORIGINS can neither frame the page nor get a token', async () => {
  const context = await site.browser.newContext();
  const { page } = await watchedPage(context);
  await page.goto(`${site.stranger}/`);
  await launcherButton(page).click();
  // frame-ancestors: Chromium replaces the refused document by its error page.
  await until(() => page.frames().some((frame) => frame.url() === 'chrome-error://chromewebdata/'));
  expect(page.frames().some((frame) => frame.url().startsWith(site.assistant))).toBe(false);
  // CORS: the browser refuses the answer, and the server refused the request (nothing was started).
  const outcome = await page.evaluate(async (assistant) => {
    try {
      const response = await fetch(`${assistant}/api/webchat/token`, { method: 'POST' });
      return `answered ${response.status}`;
    } catch (error) {
      return `refused: ${(error as Error).name}`;
    }
  }, site.assistant);
  expect(outcome).toBe('refused: TypeError');
  const direct = await fetch(`${site.assistant}/api/webchat/token`, { method: 'POST', headers: { Origin: site.stranger } });
  expect(direct.status).toBe(403);
  await context.close();
}, 60_000);

test('at phone size the panel fills the screen and closes with its button and with Escape', async () => {
  const context = await site.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const { page } = await watchedPage(context);
  await page.goto(`${site.bank}/?lang=en`);
  await launcherButton(page).click();
  const frame = await panelFrame(page, site.assistant);
  expect(await panel(page).boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  expect(await panel(page).getAttribute('aria-modal')).toBe('true');
  expect(await closeButton(page).isVisible()).toBe(true);
  expect(await closeButton(page).getAttribute('aria-label')).toBe('Close the chat');
  const box = (await closeButton(page).boundingBox())!;
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
  await page.screenshot({ path: path.join(artifactsDir, 'embed-phone.png') });

  await closeButton(page).click();
  await panel(page).waitFor({ state: 'hidden' });
  expect(await launcherHasFocus(page)).toBe(true);

  // Keyboard only: Enter on the button opens, Escape in Web Chat's send box (inside the frame) closes.
  await page.keyboard.press('Enter');
  await panel(page).waitFor({ state: 'visible' });
  await until(() => frame.evaluate(() => document.activeElement?.getAttribute('data-id') === 'webchat-sendbox-input'));
  await page.keyboard.press('Escape');
  await panel(page).waitFor({ state: 'hidden' });
  expect(await launcherHasFocus(page)).toBe(true);
  await context.close();
}, 60_000);

test('axe-core finds nothing serious on the bank page with the panel open, nor in the panel', async () => {
  const require = createRequire(import.meta.url);
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // axe is injected by the test (not by the pages), so the CSPs are bypassed for this test only.
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${site.bank}/`);
  await launcherButton(page).click();
  const frame = await panelFrame(page, site.assistant);
  await sendIn(frame, '안녕하세요');
  await seeIn(frame, '인증서 도우미');
  const serious = [];
  for (const target of [page.mainFrame(), frame]) {
    await target.evaluate(axeSource);
    const violations = await target.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }
      ).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.length }));
    });
    serious.push(
      ...violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((v) => ({ ...v, frame: target.url() })),
    );
  }
  expect(serious).toEqual([]);
  await context.close();
}, 90_000);
