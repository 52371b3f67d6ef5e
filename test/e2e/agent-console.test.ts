// The agent console (web/agent) in a real Chromium. The page runs against a fake agent API with the
// contract of handoff/agent-api.ts (see agent-console.fake-api.ts) until the real API is mounted in the app;
// the app's own routes for the page's files are checked against the real server.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifactsDir, launchChromium } from '../support/browser.js';
import { startTestApp } from '../support/app.js';
import { AGENT, startFakeAgentApi, TEAMS_AGENT, type FakeAgentApi } from './agent-console.fake-api.js';

let browser: Browser;
let api: FakeAgentApi;

beforeAll(async () => {
  api = await startFakeAgentApi();
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function signIn(page: Page, password: string): Promise<void> {
  await page.getByLabel('아이디').fill(AGENT.username);
  await page.getByLabel('비밀번호').fill(password);
  await page.getByRole('button', { name: '로그인' }).click();
}

test('outside Teams: sign in, queue, ticket, transcript (read and downloaded), accept, close', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${api.url}/agent/`);

  await signIn(page, 'not the password');
  await page.locator('#sign-in-error', { hasText: '아이디 또는 비밀번호가 맞지 않아요' }).waitFor({ timeout: 5_000 });
  expect(await page.locator('#console').isHidden()).toBe(true);

  await signIn(page, AGENT.password);
  const waiting = page.locator('#waiting-list');
  await waiting.getByText('t-1001').waitFor({ timeout: 5_000 });
  expect(await page.locator('#who-name').textContent()).toBe(AGENT.name);
  // Queue rows: position, waiting time, Korean labels, locale.
  const first = await waiting.locator('li').first().textContent();
  expect(first).toContain('1번째');
  expect(first).toMatch(/7분 대기/);
  expect(first).toContain('만료');
  expect(first).toContain('우리은행');
  expect(first).toContain('공동인증서');
  expect(await waiting.locator('li').nth(1).textContent()).toContain('영어 / English');
  expect(await page.locator('#closed-list').textContent()).toContain('t-0990');
  expect(await page.locator('#closed-list').textContent()).toContain('t-0980');
  expect(await page.locator('#callback-list').textContent()).toContain('010-****-5678');

  // A ticket whose transcript was not kept still opens, and says so.
  await page.locator('#closed-list .ag-open', { hasText: 't-0980' }).click();
  await page.locator('#transcript', { hasText: '저장된 대화 기록이 없어요' }).waitFor({ timeout: 5_000 });
  expect(await page.locator('#detail-facts').textContent()).toContain('상담원 없음 / No agent');
  expect(await page.locator('#download').isHidden()).toBe(true);

  // Ticket detail: summary, certificate check verdict, readable transcript with the card as text.
  await waiting.locator('.ag-open', { hasText: 't-1001' }).click();
  const detail = page.locator('#detail');
  await detail.getByText('인증서가 만료됐다고 나와요').waitFor({ timeout: 5_000 });
  const check = await page.locator('#detail-check').textContent();
  expect(check).toContain('문제 있음');
  expect(check).toContain('만료됨 / Expired (EXPIRED)');
  expect(check).toContain('만료 후 3일 지남');
  expect(await page.locator('#detail-steps-list').textContent()).toContain('만료 확인');
  const card = page.locator('.ag-card');
  expect(await card.locator('.ag-card-title').textContent()).toBe('인증서 확인 결과');
  expect(await card.textContent()).toContain('소유자: 홍*동');
  expect(await card.textContent()).toContain('[갱신 방법 보기] [상담원 연결]');
  expect(await page.locator('.ag-bubble.ag-user').count()).toBe(2);

  // The .transcript download goes through fetch with the Authorization header, then a Blob.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5_000 }), page.locator('#download').click()]);
  expect(download.suggestedFilename()).toBe('t-1001.transcript');
  const activities = JSON.parse(await readFile((await download.path())!, 'utf8'));
  expect(Array.isArray(activities)).toBe(true);
  expect(activities.some((a: { text?: string }) => a.text === '상담원 연결해 주세요')).toBe(true);

  await page.locator('#accept').click();
  await page.locator('#mine-list').getByText('t-1001').waitFor({ timeout: 5_000 });
  expect(api.status('t-1001')).toBe('assigned');
  expect(await page.locator('#detail-facts').textContent()).toContain('상담 중 / Assigned');
  await page.screenshot({ path: path.join(artifactsDir, 'agent-console.png'), fullPage: true });

  // Someone else is faster on t-1002: the console says so instead of pretending.
  api.takeByOtherAgent('t-1002');
  await waiting.getByRole('button', { name: 't-1002 수락 / Accept' }).click();
  await page.locator('#alert', { hasText: '다른 상담원이 이미 맡았어요' }).waitFor({ timeout: 5_000 });
  expect(await waiting.getByText('t-1002').count()).toBe(0);

  await page.locator('#mine-list .ag-open', { hasText: 't-1001' }).click();
  await page.locator('#close').waitFor({ state: 'visible', timeout: 5_000 });
  await page.locator('#close').click();
  await page.locator('#closed-list').getByText('t-1001').waitFor({ timeout: 5_000 });
  expect(api.status('t-1001')).toBe('closed');
  expect(await page.locator('#close').isHidden()).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('under a Teams host that cannot sign in, the page falls back to the sign-in form with a message', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const notice = 'Teams 로그인을 할 수 없어요';

  // 1) Claimed Teams, but no parent frame at all: teams-js initialization fails at once.
  await page.goto(`${api.url}/agent/?inTeams=1`);
  await page.locator('#sign-in-notice', { hasText: notice }).waitFor({ timeout: 8_000 });
  expect(await page.getByLabel('아이디').isVisible()).toBe(true);

  // 2) Framed like a Teams tab by a host that never answers the handshake: the page gives up after ~5 s.
  const startedAt = Date.now();
  await page.goto(`${api.url}/teams-host.html`);
  const tab = page.frameLocator('#tab');
  await tab.locator('#sign-in-notice', { hasText: notice }).waitFor({ timeout: 10_000 });
  expect(Date.now() - startedAt).toBeLessThan(10_000);
  expect(await tab.getByText('상담원 로그인').isVisible()).toBe(true);

  // The fallback form really works inside the frame.
  await tab.getByLabel('아이디').fill(AGENT.username);
  await tab.getByLabel('비밀번호').fill(AGENT.password);
  await tab.getByRole('button', { name: '로그인' }).click();
  await tab.locator('#waiting-list li').first().waitFor({ timeout: 5_000 });
  expect(errors).toEqual([]);
  await context.close();
}, 30_000);

/**
 * A Teams web client stand-in on a real Teams origin (https://teams.microsoft.com, routed inside the browser, no
 * network): it frames the tab like Teams does and answers teams-js's `initialize` and `authentication.getAuthToken`.
 */
function teamsHostPage(tabUrl: string, ssoToken: string | null): string {
  const answer = ssoToken === null ? [false, 'resourceDisabled'] : [true, ssoToken];
  return `<!doctype html><html><head><meta charset="utf-8"><title>Teams</title></head><body style="margin:0">
<iframe name="embedded-page-container" title="상담 콘솔" src="${tabUrl}" style="width:100%;height:95vh;border:0"></iframe>
<script>
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message.func !== 'string') return;
    const reply = (args) => event.source.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, event.origin);
    // A legacy Teams answer: frame context, client type, then SDK versions instead of a runtime config.
    if (message.func === 'initialize') reply(['content', 'web', '2.0.0', '2.0.0']);
    if (message.func === 'authentication.getAuthToken') reply(${JSON.stringify(answer)});
  });
</script></body></html>`;
}

async function openInTeamsHost(ssoToken: string | null): Promise<{ page: Page; tab: ReturnType<Page['frameLocator']>; bearers: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const bearers: string[] = [];
  const appOrigin = 'https://cert-helper.bank.test';
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === 'https://teams.microsoft.com') {
      return route.fulfill({ contentType: 'text/html; charset=utf-8', body: teamsHostPage(`${appOrigin}/agent/`, ssoToken) });
    }
    if (url.origin === appOrigin) {
      const authorization = route.request().headers().authorization;
      if (authorization) bearers.push(authorization);
      return route.fulfill({ response: await route.fetch({ url: api.url + url.pathname + url.search }) });
    }
    return route.abort(); // nothing leaves the machine
  });
  const page = await context.newPage();
  await page.goto('https://teams.microsoft.com/_#/apps/cert-helper/sections/console');
  return { page, tab: page.frameLocator('iframe'), bearers, close: () => context.close() };
}

test('inside Teams: the SSO token from teams-js is the Bearer token, no sign-in form', async () => {
  const { page, tab, bearers, close } = await openInTeamsHost(TEAMS_AGENT.token);
  const errors = watchErrors(page);
  await tab.locator('#who-name', { hasText: TEAMS_AGENT.name }).waitFor({ timeout: 8_000 });
  await tab.locator('#waiting-list li').first().waitFor({ timeout: 5_000 });
  expect(await tab.locator('#sign-in').isHidden()).toBe(true);
  expect(await tab.locator('#sign-out').isHidden()).toBe(true); // the Teams account is the sign-in
  expect(bearers.length).toBeGreaterThan(0);
  expect(new Set(bearers)).toEqual(new Set([`Bearer ${TEAMS_AGENT.token}`]));
  expect(errors).toEqual([]);
  await close();
}, 30_000);

test('inside Teams with SSO refused, the sign-in form comes with the message', async () => {
  const { tab, close } = await openInTeamsHost(null);
  await tab.locator('#sign-in-notice', { hasText: 'Teams 로그인을 할 수 없어요' }).waitFor({ timeout: 8_000 });
  expect(await tab.getByLabel('비밀번호').isVisible()).toBe(true);
  await close();
}, 30_000);

test('tokens are never put in localStorage', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${api.url}/agent/`);
  const session = page.waitForResponse((response) => response.url().endsWith('/api/agent/session'));
  await signIn(page, AGENT.password);
  const { token } = (await (await session).json()) as { token: string };
  expect(token.length).toBeGreaterThan(10);
  await page.locator('#waiting-list li').first().waitFor({ timeout: 5_000 });

  // A reload keeps the session for this tab only (sessionStorage), and nothing lands in localStorage.
  await page.reload();
  await page.locator('#console').waitFor({ state: 'visible', timeout: 5_000 });
  const storage = await page.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) }));
  expect(storage.local).toBe('{}');
  expect(storage.session).toContain(token);

  // Signing out forgets it.
  await page.getByRole('button', { name: /로그아웃/ }).click();
  await page.getByLabel('아이디').waitFor({ timeout: 5_000 });
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain(token);
  await context.close();
}, 30_000);

test('the queue refreshes itself every 10 seconds and announces new waiting tickets', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${api.url}/agent/`);
  await signIn(page, AGENT.password);
  await page.locator('#waiting-list li').first().waitFor({ timeout: 5_000 });

  api.addWaitingTicket('t-2001');
  await page.clock.runFor(9_000);
  expect(await page.locator('#waiting-list').getByText('t-2001').count()).toBe(0);
  await page.clock.runFor(1_500);
  await page.locator('#waiting-list').getByText('t-2001').waitFor({ timeout: 5_000 });
  await page.clock.runFor(100); // the live region is cleared first, then filled, so screen readers read it again
  await page.locator('#announce', { hasText: /대기 \d+건/ }).waitFor({ state: 'attached', timeout: 5_000 });
  await context.close();
}, 30_000);

test('the app serves the console page, its script and style, and the teams-js bundle', async () => {
  const { app, url } = await startTestApp();
  try {
    const expectations: Array<[string, string, string]> = [
      ['/agent', 'text/html', 'id="sign-in-form"'],
      ['/agent/', 'text/html', 'id="sign-in-form"'],
      ['/agent/agent.js', 'text/javascript', 'function agentConsole'],
      ['/agent/agent.css', 'text/css', '.ag-console'],
      ['/vendor/teams-js.js', 'text/javascript', 'microsoftTeams'],
    ];
    for (const [route, type, marker] of expectations) {
      const response = await fetch(url + route);
      expect({ route, status: response.status }).toEqual({ route, status: 200 });
      expect(response.headers.get('content-type')).toContain(type);
      expect(await response.text()).toContain(marker);
    }
  } finally {
    await app.close();
  }
}, 60_000);
