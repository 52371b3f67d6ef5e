// Issue 16's story in a real browser: conversations made through the real bot over Direct Line (some
// start a procedure and leave at a step, some the assistant does not understand); then a QA engineer
// signs in, sees the funnel of that procedure (#funnel), opens two of those conversations as
// they looked, labels three misunderstood messages and downloads the labelled set (the misunderstood panel) and a
// replay script. axe-core clean, keyboard tabs, screenshots at desktop and phone size, Korean and English.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../handoff/agent-accounts.js';
import { parseYamlScript } from '../../qa/replay/parse-yaml.js';
import { MAX_PERIOD_DAYS, seoulDay } from '../../qa/workbench/period.js';
import type { App } from '../../server/index.js';
import { startTestApp } from '../support/app.js';
import { seriousViolations } from '../support/axe.js';
import { artifactsDir, launchChromium } from '../support/browser.js';
import { AGENT, consoleAppEnv, webChatCustomer, type WebChatCustomer } from './agent-console.support.js';

jest.setTimeout(180_000);

const QA = { username: 'park', password: 'qa engineer passphrase' };
const BOTH = { username: 'choi', password: 'agent and qa passphrase' };
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

let browser: Browser;
let app: App;
let appUrl: string;
const left: WebChatCustomer[] = [];
let confused: WebChatCustomer;

/** A customer who starts 우리은행's 공동인증서 procedure and leaves after `steps` steps. */
async function leaveAtStep(steps: number): Promise<WebChatCustomer> {
  const customer = await webChatCustomer(appUrl);
  await customer.say('우리은행 앱에서 공동인증서 발급받고 싶어요');
  await customer.expectBot(/공동인증서 발급하기/);
  await customer.say('시작하기');
  await customer.expectBot(/앱을 열어요/);
  if (steps >= 2) {
    await customer.say('다음');
    await customer.expectBot(/인증센터로 가요/);
  }
  return customer;
}

beforeAll(async () => {
  const env = await consoleAppEnv();
  const cheap = { N: 1024, r: 8, p: 1 };
  const extra = await Promise.all([QA, BOTH].map(async (user) => `${user.username}:${await hashPassword(user.password, cheap)}`));
  const started = await startTestApp({
    ...env,
    AGENT_ACCOUNTS: [env.AGENT_ACCOUNTS, ...extra].join(','),
    CONSOLE_ROLES: `${QA.username}:qa,${BOTH.username}:agent+qa`,
  });
  app = started.app;
  appUrl = started.url;
  browser = await launchChromium();
  left.push(await leaveAtStep(2), await leaveAtStep(1));
  confused = await webChatCustomer(appUrl);
  for (const text of ['대출 금리 얼마예요', '바나나 우주선 날씨', '아니요, 다른 거요', '오늘 환율 좀 알려 주세요']) {
    await confused.say(text);
    await confused.expectBot(/인증서|고객센터|다시|무엇을/);
  }
  await app.transcripts!.flush();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signIn(page: Page, user: { username: string; password: string }, lang: 'ko' | 'en' = 'ko'): Promise<void> {
  await page.goto(`${appUrl}/agent/${lang === 'en' ? '?lang=en' : ''}`);
  await page.locator('#sign-in-form').waitFor({ timeout: 10_000 });
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.press('#password', 'Enter');
}

const axeClean = async (page: Page) =>
  expect((await seriousViolations(page)).map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);

describe.each([
  ['ko', 'desktop'],
  ['en', 'phone'],
] as const)('the QA engineer (%s, %s)', (lang, size) => {
  let page: Page;
  const shot = (view: string) => page.screenshot({ path: path.join(artifactsDir, `qa-workbench-${view}-${lang}-${size}.png`), fullPage: true });
  const en = lang === 'en';

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: SIZES[size], locale: en ? 'en-US' : 'ko-KR', acceptDownloads: true });
    page = await context.newPage();
    await signIn(page, QA, lang);
    await page.locator('#workbench').waitFor({ timeout: 10_000 });
  });
  afterAll(async () => {
    await page?.context().close();
  });

  test('signs in to the workbench, not the live queue; the panels are ARIA tabs the keyboard moves through', async () => {
    expect(await page.locator('#console, #waiting-list, #mode-desk').count()).toBe(0);
    const today = await page.inputValue('#period-to');
    const from = await page.inputValue('#period-from');
    expect((Date.parse(today) - Date.parse(from)) / 86_400_000).toBe(6); // the last 7 Seoul days
    await page.focus('#tab-dashboard');
    // Preact renders after the key: wait for the tab (and the focus) to move.
    const selectedBy = async (key: string, tab: string) => {
      await page.keyboard.press(key);
      await page.locator(`#${tab}[aria-selected="true"]`).waitFor({ timeout: 5_000 });
      await page.waitForFunction((id) => document.activeElement?.id === id, tab, { timeout: 5_000 });
      expect(await page.locator(`#tab-panel-${tab.slice(4)}`).isVisible()).toBe(true);
    };
    await selectedBy('ArrowRight', 'tab-misunderstood');
    await selectedBy('End', 'tab-review');
    await selectedBy('ArrowRight', 'tab-dashboard'); // wraps around
    await selectedBy('ArrowLeft', 'tab-review');
    await selectedBy('Home', 'tab-dashboard');
    await axeClean(page);
    await shot('dashboard');
  });

  test('sees the funnel of the procedure where customers leave at a step', async () => {
    await page.click('#tab-dashboard');
    await page.locator('#funnel').waitFor({ timeout: 10_000 });
    const procedure = page.locator('select#funnel-procedure');
    const ids = await procedure.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    const wanted = ids.find((id) => /woori/i.test(id)) ?? ids[0];
    await procedure.selectOption(wanted);
    // Two customers started, both reached step 1, one reached step 2 and left there.
    expect(await page.locator('.funnel-step[data-step="1"]').innerText()).toMatch(/(^|\D)2(\D|$)/);
    expect(await page.locator('.funnel-step[data-step="2"]').innerText()).toMatch(/(^|\D)1(\D|$)/);
    await axeClean(page);
    await shot('funnel');
  });

  test('opens two of those conversations as they looked (cards read-only) and downloads a replay script', async () => {
    await page.click('#tab-review');
    for (const customer of left) await page.locator(`.review-row[data-id="${customer.conversationId}"]`).waitFor({ timeout: 10_000 });
    const conversation = page.locator('#review-conversation');

    await page.locator(`.review-row[data-id="${left[0].conversationId}"]`).click();
    await conversation.getByText('인증센터로 가요').first().waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-conversation-title');
    // The chips and card buttons show as text, not as buttons: nothing in a past conversation can be pressed.
    expect(await conversation.locator('.ag-transcript button, .ag-transcript a, .ag-transcript input').count()).toBe(0);
    expect(await conversation.innerText()).toContain('[다음]');
    // Nothing wider than the screen, at phone size too.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await axeClean(page);
    await shot('review');

    await page.locator(`.review-row[data-id="${left[1].conversationId}"]`).focus();
    await page.keyboard.press('Enter');
    // The row is marked current in the same render that shows its conversation.
    await page.locator(`.review-row[data-id="${left[1].conversationId}"][aria-current="true"]`).waitFor({ timeout: 10_000 });
    await conversation.getByText('앱을 열어요').first().waitFor({ timeout: 10_000 });
    expect(await conversation.innerText()).not.toContain('인증센터로 가요');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button#replay-script')]);
    expect(download.suggestedFilename()).toMatch(/^review-[\w-]+\.test\.yaml$/);
    const file = path.join(artifactsDir, `qa-workbench-${lang}-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const script = parseYamlScript(await readFile(file, 'utf8'), file);
    expect(script.steps.map((step) => step.kind)).toEqual(expect.arrayContaining(['user', 'bot']));
    expect(await readFile(file, 'utf8')).toContain('앱을 열어요');
    await page.locator('#announce', { hasText: en ? 'Replay script downloaded.' : '재생 스크립트를 내려받았어요.' }).waitFor({ timeout: 5_000 });
  });

  test('searches by procedure and outcome: the two customers who left are found, the confused one is not', async () => {
    await page.click('#tab-review');
    await page.selectOption('#review-outcome', 'left');
    await page.click('#review-search');
    for (const customer of left) await page.locator(`.review-row[data-id="${customer.conversationId}"]`).waitFor({ timeout: 10_000 });
    expect(await page.locator(`.review-row[data-id="${confused.conversationId}"]`).count()).toBe(0);
    await page.selectOption('#review-outcome', 'unsure');
    await page.click('#review-search');
    await page.locator(`.review-row[data-id="${confused.conversationId}"]`).waitFor({ timeout: 10_000 });
    await page.selectOption('#review-outcome', '');
    await page.click('#review-search');
  });

  test('filters by date: a period long past lists nothing, and says so; one too long is explained, not sent', async () => {
    await page.fill('#period-from', '2020-01-01');
    // 2020-01-01 to today: more than the 92 days the server reads at once — said beside the dates.
    await expect(page.locator('#period-error').textContent()).resolves.toContain(String(MAX_PERIOD_DAYS));
    await page.fill('#period-to', '2020-01-07');
    expect(await page.locator('#period-error').count()).toBe(0);
    await page.locator('#review-list .ag-empty').waitFor({ timeout: 10_000 });
    expect(await page.locator('.review-row').count()).toBe(0);
    await shot('review-empty');
    const today = seoulDay(Date.now());
    await page.fill('#period-to', today);
    await page.fill('#period-from', today);
    await page.locator(`.review-row[data-id="${confused.conversationId}"]`).waitFor({ timeout: 10_000 });
    // Nothing the server refused is left on screen (the too-long period was never sent).
    expect(await page.locator('.ag-alert').count()).toBe(0);
  });

  test('labels three misunderstood messages and downloads the labelled set', async () => {
    await page.click('#tab-misunderstood');
    await page.locator('.mis-item').first().waitFor({ timeout: 10_000 });
    const labels = page.locator('select.mis-label');
    expect(await labels.count()).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 3; i++) {
      const options = await labels
        .nth(i)
        .locator('option')
        .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      await labels.nth(i).selectOption(options[i % options.length]);
      await page.locator('button.mis-save').nth(i).click();
    }
    const [exported] = await Promise.all([page.waitForEvent('download'), page.click('#mis-export')]);
    const file = path.join(artifactsDir, `qa-workbench-${lang}-${exported.suggestedFilename()}`);
    await exported.saveAs(file);
    expect((await readFile(file, 'utf8')).length).toBeGreaterThan(0);
    await axeClean(page);
    await shot('misunderstood');
  });
});

test('an agent without QA sees no workbench; someone with both roles gets two tabs, 상담 / QA', async () => {
  const context = await browser.newContext({ viewport: SIZES.desktop, locale: 'ko-KR' });
  const page = await context.newPage();
  try {
    await signIn(page, AGENT);
    await page.locator('#waiting-list').waitFor({ timeout: 10_000 });
    expect(await page.locator('#workbench, #tab-review, #mode-qa').count()).toBe(0);

    await page.click('#sign-out');
    await page.locator('#sign-in-form').waitFor({ timeout: 10_000 });
    await page.fill('#username', BOTH.username);
    await page.fill('#password', BOTH.password);
    await page.press('#password', 'Enter');
    await page.locator('#mode-desk[aria-selected="true"]').waitFor({ timeout: 10_000 });
    await page.locator('#waiting-list').waitFor();
    await page.focus('#mode-desk');
    await page.keyboard.press('ArrowRight');
    await page.locator('#workbench').waitFor({ timeout: 10_000 });
    await page.locator('#mode-qa[aria-selected="true"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('#waiting-list').count()).toBe(0);
    await axeClean(page);
    await page.screenshot({ path: path.join(artifactsDir, 'qa-workbench-both-roles-ko-desktop.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
