// Issue 14, items 8 and 10, as a customer meets them in the real page and Chromium, at PC (1280×900)
// and phone (390×844) size, in Korean and English: a question's choices are chips under the message,
// step cards are compact and link to the institution's own site, 처음으로 is the page's header button,
// and the callback form names the call centers. Screenshots go to test/artifacts; axe-core runs on each.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { FIXTURE_NOW } from '../../cert-core/fixtures/generate.js';
import { loadContent } from '../../content/load.js';
import { loadTexts, type Locale, type TextKey } from '../../content/texts.js';
import { seriousViolations } from '../support/axe.js';
import { artifactsDir } from '../support/browser.js';
import { CHIP, chatSession, click, see } from '../support/webchat-page.js';

const SIZES = { pc: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
/**
 * A step card's height in px (the card, not its chips), guide 우체국 공동인증서 재발급, on this machine.
 * Before (branch point 897af83, the step's buttons a row of pills on the card), step 2 (no link):
 * ko/en 189/224 at 1280×900, 240/316 at 390×844. After: 145/180 and 196/230. Step 1 keeps a row for
 * its link to the institution's site: 160/160 and 194/236 (before 160/160 and 194/278).
 * The step-2 budget sits below every "before" value, so buttons back on the card fail this test.
 */
const STEP_CARD_BUDGET_PX = { pc: 200, phone: 260 } as const;
const STEP2_CARD_BUDGET_PX = { pc: 186, phone: 238 } as const;

const content = loadContent();
const texts = loadTexts();
const procedure = content.procedures.find((p) => p.id === 'epost-joint-reissue-web')!;
const session = chatSession();
const heights: Record<string, number> = {};

afterAll(async () => {
  await writeFile(path.join(artifactsDir, 'step-card-heights.json'), `${JSON.stringify(heights, null, 2)}\n`);
});

async function open(size: keyof typeof SIZES, language: 'ko' | 'en'): Promise<{ page: Page; context: BrowserContext; errors: string[]; outside: string[] }> {
  const context = await session.browser().newContext({ viewport: SIZES[size], locale: language === 'en' ? 'en-US' : 'ko-KR' });
  // Links leave the page for the institution's site: answered here, so the test never reaches the internet.
  const outside: string[] = [];
  await context.route(/^https:\/\/(?!127\.0\.0\.1)/, (route) => {
    outside.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/plain', body: 'outside' });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.clock.install({ time: FIXTURE_NOW });
  await page.goto(`${session.baseUrl()}/${language === 'en' ? '?lang=en' : ''}`);
  await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: 30_000 });
  return { page, context, errors, outside };
}

const chipTitles = async (page: Page) => (await page.locator(CHIP).allInnerTexts()).map((t) => t.trim());
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifactsDir, `${name}.png`) });

for (const language of ['ko', 'en'] as const) {
  const locale: Locale = language === 'en' ? 'en-US' : 'ko-KR';
  const say = (key: TextKey) => texts.get(key, locale);
  const pick = (text: { ko: string; en: string }) => text[language];

  for (const size of ['pc', 'phone'] as const) {
    test(`${language} ${size}: choices are chips, the step card is compact and links to the institution, 처음으로 is the header's, the callback form names the call centers`, async () => {
      const { page, context, errors, outside } = await open(size, language);

      // The welcome: the five topics as chips under the message, none as a card button, no 처음으로 chip.
      await page.locator(CHIP, { hasText: say('menu.issue') }).waitFor({ timeout: 20_000 });
      expect(await chipTitles(page)).toEqual(['issue', 'register', 'trouble', 'check_file', 'agent'].map((t) => say(`menu.${t}` as TextKey)));
      expect(await page.locator('.ac-adaptiveCard .ac-pushButton').count()).toBe(0);
      await shot(page, `quick-replies-welcome-${language}-${size}`);
      expect(await seriousViolations(page)).toEqual([]);

      // To the first step of 우체국 공동인증서 재발급 by chips only; each question's choices replace the last.
      await click(page, say('menu.issue'));
      await click(page, say('kind.reissue'));
      await click(page, say('cert_type.joint'));
      await click(page, say('institution.epost'));
      const overview = page.locator('.ac-adaptiveCard', { hasText: pick(procedure.title) });
      const channel = page.locator(CHIP, { hasText: say('channel.internet_banking') });
      await overview.or(channel).first().waitFor({ timeout: 20_000 });
      if (await channel.isVisible()) await click(page, say('channel.internet_banking'));
      await click(page, say('nav.start'));
      const step = procedure.steps[0];
      const card = page.locator('.ac-adaptiveCard', { hasText: pick(step.title) }).last();
      await card.waitFor({ timeout: 20_000 });
      expect(await chipTitles(page)).toEqual([say('nav.next'), say('nav.trouble')]);

      // Compact: only the step and its link on the card.
      const link = pick(content.institutions.epost.site.label);
      expect((await card.locator('.ac-pushButton').allInnerTexts()).map((t) => t.trim())).toEqual([link]);
      const height = (await card.boundingBox())!.height;
      heights[`${language}-${size}`] = Math.round(height);
      expect(height).toBeLessThan(STEP_CARD_BUDGET_PX[size]);
      await shot(page, `quick-replies-step-${language}-${size}`);
      expect(await seriousViolations(page)).toEqual([]);

      // The link opens the institution's official site (allow-listed https), in a new window.
      const [popup] = await Promise.all([context.waitForEvent('page'), card.locator('.ac-pushButton', { hasText: link }).click()]);
      await popup.waitForLoadState();
      expect(popup.url()).toBe(`${content.institutions.epost.site.url}/`);
      expect(outside).toEqual([`${content.institutions.epost.site.url}/`]);
      await popup.close();

      // A chip is the customer's answer: its title shows as their bubble, the next step follows.
      await click(page, say('nav.next'));
      const second = page.locator('.ac-adaptiveCard', { hasText: pick(procedure.steps[1].title) }).last();
      await second.waitFor({ timeout: 20_000 });
      const secondHeight = (await second.boundingBox())!.height;
      heights[`${language}-${size}-step2`] = Math.round(secondHeight);
      expect(secondHeight).toBeLessThan(STEP2_CARD_BUDGET_PX[size]);
      await see(page, pick(procedure.steps[1].title));
      expect(await chipTitles(page)).toEqual([texts.get('nav.prev', locale), say('nav.next'), say('nav.trouble')]);

      // The header's 처음으로 brings the menu back (no card repeats it).
      await page.locator('#go-home').click();
      await page.locator(CHIP, { hasText: say('menu.agent') }).waitFor({ timeout: 20_000 });

      // No agent signed in: the callback form at once, naming the call centers from the content.
      await click(page, say('menu.agent'));
      const form = page.locator('.ac-adaptiveCard', { hasText: content.institutions.epost.callCenter.number }).last();
      await form.waitFor({ timeout: 20_000 });
      for (const { name, callCenter } of Object.values(content.institutions)) {
        await expect(form.getByText(pick(name), { exact: true }).count()).resolves.toBeGreaterThan(0);
        await expect(form.getByText(callCenter.number, { exact: false }).count()).resolves.toBeGreaterThan(0);
      }
      await expect(form.locator('.ac-pushButton', { hasText: say('handoff.callback.submit') }).count()).resolves.toBe(1);
      await form.scrollIntoViewIfNeeded();
      await shot(page, `quick-replies-callback-${language}-${size}`);
      // Web Chat announces a new card through an off-screen copy in its live region for about a second
      // (fadeAfter 1000 ms); that copy's inputs lose their labels. axe checks the card the customer uses.
      await page.waitForFunction(() => !document.querySelector('.webchat__live-region-transcript input'), undefined, { timeout: 10_000 });
      expect(await seriousViolations(page)).toEqual([]);

      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
}
