// The dashboard panel alone in a test page (the workbench shell that renders it in the console is H4's):
// real conversations with the assistant, the real /api/qa/dashboard, the console's API client, Chart.js
// from the bundle, under a strict CSP (script-src 'self', no inline script or style); the funnel's numbers
// as text, axe-core clean, in Korean and English, on a desktop and a phone; screenshots kept.
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import restify from 'restify';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../../content/load.js';
import { rootDir } from '../../lib/paths.js';
import { mountDashboardApi } from '../../qa/workbench/dashboard-api.js';
import { seoulDay } from '../../qa/workbench/period.js';
import type { App } from '../../server/index.js';
import { browserScript } from '../../web/agent/bundle.js';
import { startTestApp } from '../support/app.js';
import { seriousViolations } from '../support/axe.js';
import { artifactsDir, launchChromium } from '../support/browser.js';
import { expectRepliesCustomer } from '../support/turn-driver.js';

const TOKEN = 'qa-dashboard-test-token';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";
const today = seoulDay(Date.now());
let app: App;
let server: restify.Server;
let pageUrl: string;
let browser: Browser;
let procedureId: string;

beforeAll(async () => {
  let appUrl: string;
  ({ app, url: appUrl } = await startTestApp({ HANDOFF_HOURS: 'always' }));
  // Two customers on the same guide: one leaves at step 2, one presses 잘 안 돼요 at step 1 and asks for a person.
  for (const [id, after] of [
    ['walker', async (c: ReturnType<typeof expectRepliesCustomer>) => c.click('다음')],
    ['stuck', async (c: ReturnType<typeof expectRepliesCustomer>) => (await c.click('잘 안 돼요'), c.say('상담원 연결해 주세요'))],
  ] as const) {
    const c = expectRepliesCustomer(appUrl, `e2e-${id}`);
    await c.say('인증서 발급받고 싶어요');
    for (let i = 0; i < 5 && !c.buttons().some((b) => b.title === '시작하기'); i++) await c.click(c.buttons()[0].title);
    await c.click('시작하기');
    await after(c);
  }
  await app.transcripts!.flush();
  const stored = await app.transcripts!.activities('e2e-walker');
  procedureId = (stored.find((a) => a.type === 'trace' && (a.value as { procedure?: unknown }).procedure)!.value as { procedure: { id: string } }).procedure.id;

  const script = await browserScript(fileURLToPath(new URL('./qa-dashboard.entry.ts', import.meta.url)));
  const css = await readFile(path.join(rootDir, 'web', 'agent', 'agent.css'));
  server = restify.createServer({ handleUncaughtExceptions: false });
  const page = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>QA dashboard</title><link rel="stylesheet" href="/agent.css"></head><body><main><div id="panel"></div><p id="announce" role="status"></p><p id="alert" role="alert"></p><p id="navigated"></p></main><script src="/panel.js"></script></body></html>`;
  const send = (type: string, body: string | Buffer) => async (_req: restify.Request, res: restify.Response) => {
    res.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': CSP });
    res.end(body);
  };
  server.get('/', send('text/html; charset=utf-8', page));
  server.get('/panel.js', send('text/javascript; charset=utf-8', script));
  server.get('/agent.css', send('text/css; charset=utf-8', css));
  server.get('/favicon.ico', async (_req: restify.Request, res: restify.Response) => void res.send(204));
  mountDashboardApi(server, {
    guard: (handler) => async (req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`)
        return void res.send(401, { error: { code: 'Unauthenticated', message: '로그인이 필요합니다. / Sign in first.' } });
      await handler(req, res);
    },
    transcripts: app.transcripts!,
    procedures: loadContent().procedures,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  server?.close();
  await app?.close();
});

async function open(options: { lang?: 'ko' | 'en'; phone?: boolean; token?: string } = {}) {
  const context = await browser.newContext({ viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  const query = new URLSearchParams({ from: today, to: today, lang: options.lang ?? 'ko', token: options.token ?? TOKEN });
  await page.goto(`${pageUrl}?${query}`);
  return { page, problems, close: () => context.close() };
}

const cells = (page: Page, step: number) => page.locator(`.funnel-step[data-step="${step}"] td`).allTextContents();

test('the funnel of the guide: where the two customers left, 잘 안 돼요 at step 1, as text beside the chart; no CSP refusal, axe clean', async () => {
  const { page, problems, close } = await open();
  await page.locator('#funnel .funnel-step').first().waitFor();
  expect(await page.locator('#funnel-procedure').inputValue()).toBe(procedureId);
  const steps = loadContent().procedures.find((p) => p.id === procedureId)!.steps.length;
  expect(await page.locator('#funnel .funnel-step').count()).toBe(steps + 1);
  // reached, left here, 잘 안 돼요, 👎, 👍
  expect(await cells(page, 0)).toEqual(['2', '0', '0', '0', '0']);
  expect(await cells(page, 1)).toEqual(['2', '1', '1', '0', '0']);
  expect(await cells(page, 2)).toEqual(['1', '1', '0', '0', '0']);
  expect(await cells(page, 3)).toEqual(['0', '0', '0', '0', '0']);
  expect(await page.locator('#funnel-summary').textContent()).toBe('시작 2건 · 끝까지 0건');
  expect(await page.locator(`#per-day-table tr[data-day="${today}"] td`).allTextContents()).toEqual(['2', '3', '0', '0%', '0', '0', '1']);
  expect(await page.locator('#handoff-rate').textContent()).toBe('50% (1 / 2)');
  // The chart is drawn (Chart.js from the bundle, nothing from elsewhere).
  const drawn = await page.locator('#funnel-chart').evaluate((canvas: HTMLCanvasElement) => canvas.width > 0 && canvas.toDataURL().length > 2000);
  expect(drawn).toBe(true);
  expect(await page.locator('#announce').textContent()).toContain(today);
  expect(await seriousViolations(page, '#panel')).toEqual([]);
  await page.screenshot({ path: path.join(artifactsDir, 'qa-dashboard-ko-desktop.png'), fullPage: true });
  // From the keyboard: the funnel's button opens the review of those conversations.
  await page.locator('#funnel-open').focus();
  await page.keyboard.press('Enter');
  expect(JSON.parse((await page.locator('#navigated').textContent())!)).toEqual({ panel: 'review', filter: { procedure: procedureId } });
  expect(problems).toEqual([]);
  await close();
}, 60_000);

test('in English on a phone: English words, nothing wider than the screen', async () => {
  const { page, problems, close } = await open({ lang: 'en', phone: true });
  await page.locator('#funnel .funnel-step').first().waitFor();
  expect(await page.locator('#dashboard-title').textContent()).toBe('Where customers fail');
  expect(await page.locator('#funnel-table thead').textContent()).toContain('Left here');
  expect(await page.locator('.funnel-step[data-step="1"] th').textContent()).toMatch(/^Step 1 · /);
  const wide = await page.evaluate(() =>
    Array.from(document.querySelectorAll('#panel *'))
      .filter((e) => !e.closest('.qa-table') && e.getBoundingClientRect().right > window.innerWidth + 1)
      .map((e) => `${e.tagName}#${e.id}.${e.className}`),
  );
  expect(wide).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  expect(await seriousViolations(page, '#panel')).toEqual([]);
  await page.screenshot({ path: path.join(artifactsDir, 'qa-dashboard-en-phone.png'), fullPage: true });
  expect(problems).toEqual([]);
  await close();
}, 60_000);

test('a refused request says why, in the alert', async () => {
  const { page, close } = await open({ token: 'wrong' });
  await page.locator('#alert').filter({ hasText: '로그인' }).waitFor();
  await close();
}, 60_000);
