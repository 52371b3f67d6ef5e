// The agent console (web/agent) in a real Chromium against the real app: the agent API mounted by
// server/index.ts, tickets made by real web chat customers (Direct Line over HTTP), password accounts from
// AGENT_ACCOUNTS and Teams SSO tokens signed by a local key set the app is configured to trust.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { artifactsDir, watchErrors } from '../support/browser.js';
import { startTestApp } from '../support/app.js';
import {
  AGENT,
  agentAccounts,
  localTeamsIdentityProvider,
  OTHER_AGENT,
  TENANT,
  teamsStandInHost,
  webChatCustomer,
  type TeamsIdentityProvider,
  type WebChatCustomer,
} from './agent-console.support.js';
import { consoleSession, signIn } from './agent-console-browser.support.js';

let teamsIdp: TeamsIdentityProvider;
/** A Teams host stand-in on another port, listed in TEAMS_EXTRA_FRAME_ORIGINS (the only non-Teams origin that may frame the console). */
let teamsHost: { url: string; close(): Promise<void> };

const suite = consoleSession(async () => {
  teamsIdp = await localTeamsIdentityProvider();
  teamsHost = await teamsStandInHost(() => silentHostPage(`${suite.url()}/agent/?inTeams=1`));
  return { env: { TEAMS_EXTRA_FRAME_ORIGINS: teamsHost.url }, app: { jwks: teamsIdp.jwks } };
});

afterAll(async () => {
  await teamsHost?.close();
});

/** A customer asks for an agent; returns the customer and the id of the ticket the app opened. */
async function customerWaitingForAgent(customer: WebChatCustomer, position: number): Promise<string> {
  await customer.say('상담원 연결해 주세요');
  await customer.expectBot(new RegExp(`대기 순서 ${position}번째`));
  const ticket = await suite.app().tickets.findOpenByConversation(customer.conversationId);
  if (!ticket) throw new Error('the app opened no ticket for the customer');
  return ticket.id;
}

/** Another agent's hand, through the API itself: sign in and accept. */
async function acceptAsOtherAgent(ticketId: string): Promise<void> {
  const session = await fetch(`${suite.url()}/api/agent/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: OTHER_AGENT.username, password: OTHER_AGENT.password }),
  });
  const { token } = (await session.json()) as { token: string };
  const accepted = await fetch(`${suite.url()}/api/agent/tickets/${ticketId}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  expect(accepted.status).toBe(200);
}

/**
 * Stops the page's clock (its 10-second queue refresh) right after loading, before signing in, so what the
 * page shows changes only through what the test does: a refresh between two steps cannot make a row vanish
 * under a click. The pause lies a little ahead (the page's clock keeps running until then; a busy machine
 * may take a while between the two calls); before sign-in the page has no timers the jump could fire.
 */
async function freezePageTimers(page: Page): Promise<void> {
  const pageNow = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(pageNow + 5_000);
}

test('outside Teams: sign in, queue, transcript (read and downloaded), accept and close reach the customer', async () => {
  // Two real customers: the first talks to the bot (with a secret in it) before asking for an agent.
  const first = await webChatCustomer(suite.url());
  await first.say('인증서가 만료됐대요. 인증서 비밀번호는 Qwer1234! 이에요');
  await first.expectBot(/만료/);
  const firstId = await customerWaitingForAgent(first, 1);
  const second = await webChatCustomer(suite.url());
  const secondId = await customerWaitingForAgent(second, 2);

  const context = await suite.browser().newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.clock.install();
  await page.goto(`${suite.url()}/agent/`);
  await freezePageTimers(page);

  await signIn(page, { password: 'not the password' });
  await page.locator('#sign-in-error', { hasText: '아이디 또는 비밀번호가 맞지 않아요' }).waitFor({ timeout: 5_000 });
  expect(await page.locator('#console').isHidden()).toBe(true);

  await signIn(page);
  const waiting = page.locator('#waiting-list');
  await waiting.getByText(secondId).waitFor({ timeout: 5_000 });
  expect(await page.locator('#who-name').textContent()).toBe(AGENT.username);
  const rows = waiting.locator('li');
  expect(await rows.count()).toBe(2);
  const firstRow = await rows.nth(0).textContent();
  expect(firstRow).toContain(firstId);
  expect(firstRow).toContain('1번째');
  expect(firstRow).toMatch(/\d+분 대기/);
  expect(firstRow).toContain('비밀번호가 틀렸거나 잊었어요'); // what the bot made of the conversation before
  expect(await rows.nth(1).textContent()).toContain('2번째');

  // The ticket: facts and the real transcript, customer and bot, with the typed password masked.
  await waiting.locator('.ag-open', { hasText: firstId }).click();
  const transcript = page.locator('#transcript');
  await transcript.getByText('인증서가 만료됐대요', { exact: false }).waitFor({ timeout: 5_000 });
  expect(await page.locator('#detail-facts').textContent()).toContain('대기 중');
  expect(await transcript.locator('.ag-bubble.ag-user').count()).toBe(2);
  expect(await transcript.locator('.ag-bubble.ag-bot').count()).toBeGreaterThanOrEqual(2);
  const shown = (await transcript.textContent()) ?? '';
  expect(shown).toContain('[redacted:password]');
  expect(shown).not.toContain('Qwer1234');
  // The bot's cards read as text: title first, buttons in brackets.
  const queued = transcript.locator('.ag-card', { hasText: '대기 순서 1번째' });
  expect(await queued.locator('.ag-card-title').textContent()).toBe('상담원에게 연결하고 있어요');
  expect(await transcript.locator('.ag-card-buttons').first().textContent()).toContain('[상담원 연결]');
  expect(await page.locator('#detail-title').textContent()).toContain(firstId);

  // The .transcript download goes through fetch with the Authorization header, then a Blob.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5_000 }), page.locator('#download').click()]);
  expect(download.suggestedFilename()).toBe(`${firstId}.transcript`);
  const file = await readFile((await download.path())!, 'utf8');
  const activities = JSON.parse(file) as Array<{ text?: string; from?: { role?: string } }>;
  expect(Array.isArray(activities)).toBe(true);
  expect(activities.some((a) => a.from?.role === 'user' && a.text === '상담원 연결해 주세요')).toBe(true);
  expect(file).not.toContain('Qwer1234');

  // Accept: the ticket is mine, and the customer hears who joined.
  await page.locator('#accept').click();
  await page.locator('#mine-list').getByText(firstId).waitFor({ timeout: 5_000 });
  await page.locator('#detail-facts', { hasText: '상담 중' }).waitFor({ timeout: 5_000 });
  expect((await suite.app().tickets.get(firstId))?.status).toBe('assigned');
  await first.expectBot(new RegExp(`상담원 ${AGENT.username}님이 연결되었어요`));
  await page.screenshot({ path: path.join(artifactsDir, 'agent-console.png'), fullPage: true });

  // Someone else is faster on the second ticket: the console says so instead of pretending.
  await acceptAsOtherAgent(secondId);
  await waiting.getByRole('button', { name: `${secondId} 수락` }).click();
  await page.locator('#alert', { hasText: '다른 상담원이 이미 맡았어요' }).waitFor({ timeout: 5_000 });
  await waiting.getByText(secondId).waitFor({ state: 'detached', timeout: 5_000 }); // the queue is refreshed at once
  expect((await suite.app().tickets.get(secondId))?.agent?.name).toBe(OTHER_AGENT.username);

  // Close: finished in the console, and the customer is asked to rate.
  await page.locator('#mine-list .ag-open', { hasText: firstId }).click();
  await page.locator('#close').waitFor({ state: 'visible', timeout: 5_000 });
  await page.locator('#close').click();
  await page.locator('#closed-list').getByText(firstId).waitFor({ timeout: 5_000 });
  expect((await suite.app().tickets.get(firstId))?.status).toBe('closed');
  // The list and the open ticket's pane are redrawn separately: the close button goes with the pane.
  await page.locator('#close').waitFor({ state: 'hidden', timeout: 5_000 });
  await first.expectBot(/상담이 끝났어요/);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('the link on the Teams ticket card (…/agent/?ticket=ID) opens that ticket after sign-in', async () => {
  const customer = await webChatCustomer(suite.url());
  await customer.say('공동인증서 재발급은 어떻게 해요');
  await customer.expectBot(/재발급|어떤 인증서|기관/);
  const id = await customerWaitingForAgent(customer, (await suite.app().tickets.list(['waiting'])).length + 1);
  const page = await suite.browser().newPage();
  const errors = watchErrors(page);
  await page.goto(`${suite.url()}/agent/?ticket=${encodeURIComponent(id)}`);
  await signIn(page);
  // The ticket's transcript is shown without picking it from the queue.
  await page.getByText('공동인증서 재발급은 어떻게 해요').first().waitFor({ timeout: 20_000 });
  expect(errors).toEqual([]);
  await page.close();
  await suite.app().tickets.close(id, 'customer_left');
}, 90_000);

test('a ticket that expired unanswered, from an app that keeps no transcripts, opens and says so', async () => {
  // A one-minute accept timeout keeps the simulated expiry a minute ahead, not an hour: the console lists the
  // closed-day indexes up to today (UTC), and an expiry stamped an hour ahead lands in tomorrow's index
  // whenever the test runs after 23:00 UTC.
  const bare = await startTestApp({ HANDOFF_HOURS: 'always', TRANSCRIPTS: 'off', HANDOFF_ACCEPT_TIMEOUT_MINUTES: '1', AGENT_ACCOUNTS: await agentAccounts() });
  const context = await suite.browser().newContext();
  try {
    const customer = await webChatCustomer(bare.url);
    await customer.say('상담원 연결해 주세요');
    await customer.expectBot(/대기 순서 1번째/);
    const [waiting] = await bare.app.tickets.list(['waiting']);
    const [expired] = await bare.app.tickets.expireStale(new Date(Date.parse(waiting.createdAt) + 61_000));
    await bare.app.handoff.customerExpired(expired);

    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${bare.url}/agent/`);
    await signIn(page);
    const closed = page.locator('#closed-list');
    await closed.getByText(expired.id).waitFor({ timeout: 5_000 });
    expect(await closed.textContent()).toContain('응답 없이 끝남');
    expect(await page.locator('#waiting-list').textContent()).toContain('대기 중인 상담이 없어요');

    await closed.locator('.ag-open', { hasText: expired.id }).click();
    await page.locator('#transcript', { hasText: '저장된 대화 기록이 없어요' }).waitFor({ timeout: 5_000 });
    expect(await page.locator('#detail-facts').textContent()).toContain('상담원 없음');
    expect(await page.locator('#download').isHidden()).toBe(true);
    expect(await page.locator('#accept').isHidden()).toBe(true);
    expect(await page.locator('#close').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await bare.app.close();
  }
}, 60_000);

/** A page that frames the console like a Teams tab but never answers teams-js. */
const silentHostPage = (tabUrl: string) => `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>host</title></head>
<body style="margin:0"><iframe id="tab" title="상담 콘솔" src="${tabUrl}" style="width:100%;height:95vh;border:0"></iframe></body></html>`;

test('under a Teams host that cannot sign in, the page falls back to the sign-in form with a message', async () => {
  const context = await suite.browser().newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const notice = 'Teams 로그인을 할 수 없어요';

  // 1) Claimed Teams, but no parent frame at all: teams-js initialization fails at once.
  await page.goto(`${suite.url()}/agent/?inTeams=1`);
  await page.locator('#sign-in-notice', { hasText: notice }).waitFor({ timeout: 8_000 });
  expect(await page.getByLabel('아이디').isVisible()).toBe(true);

  // 2) Framed like a Teams tab by a host that never answers the handshake: the page gives up after ~5 s.
  const startedAt = Date.now();
  await page.goto(`${teamsHost.url}/`);
  const tab = page.frameLocator('#tab');
  await tab.locator('#sign-in-notice', { hasText: notice }).waitFor({ timeout: 10_000 });
  expect(Date.now() - startedAt).toBeLessThan(10_000);
  expect(await tab.getByText('상담원 로그인').isVisible()).toBe(true);

  // The fallback form really works inside the frame.
  await signIn(tab);
  await tab.locator('#who-name', { hasText: AGENT.username }).waitFor({ timeout: 5_000 });
  expect(await tab.locator('#console').isVisible()).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
}, 30_000);

test('only Teams may frame the console: not this site itself, not a host missing from TEAMS_EXTRA_FRAME_ORIGINS', async () => {
  const response = await fetch(`${suite.url()}/agent/`);
  expect(response.headers.get('content-security-policy')).toMatch(
    new RegExp(
      `(^|; )frame-ancestors https://teams\\.microsoft\\.com https://\\*\\.teams\\.microsoft\\.com https://teams\\.cloud\\.microsoft ${teamsHost.url.replace(/\./g, '\\.')}(;|$)`,
    ),
  );
  const context = await suite.browser().newContext();
  // The same host page served by the app's own origin, and by the listed host under a name it was not listed by.
  await context.route(`${suite.url()}/teams-host.html`, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: silentHostPage('/agent/?inTeams=1') }),
  );
  const page = await context.newPage();
  for (const host of [`${suite.url()}/teams-host.html`, `${teamsHost.url.replace('127.0.0.1', 'localhost')}/`]) {
    await page.goto(host);
    // frame-ancestors: Chromium puts its error page in the frame instead of the console.
    const deadline = Date.now() + 10_000;
    while (!page.frames().some((frame) => frame.url() === 'chrome-error://chromewebdata/') && Date.now() < deadline) await page.waitForTimeout(100);
    expect(page.frames().map((frame) => frame.url())).toContain('chrome-error://chromewebdata/');
    expect(page.frames().some((frame) => frame.url().includes('/agent/'))).toBe(false);
  }
  // The listed stand-in host gets the console.
  await page.goto(`${teamsHost.url}/`);
  await page.frameLocator('#tab').getByText('상담원 로그인').waitFor({ timeout: 10_000 });
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

/** The console at the app's public address (the bank's host name) inside the Teams stand-in; requests go to the real app. */
async function openInTeamsHost(
  ssoToken: string | null,
): Promise<{ page: Page; tab: ReturnType<Page['frameLocator']>; bearers: string[]; close: () => Promise<void> }> {
  const context = await suite.browser().newContext();
  const bearers: string[] = [];
  const appOrigin = 'https://cert-helper.bank.test';
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    try {
      if (url.origin === 'https://teams.microsoft.com') {
        return await route.fulfill({ contentType: 'text/html; charset=utf-8', body: teamsHostPage(`${appOrigin}/agent/`, ssoToken) });
      }
      if (url.origin === appOrigin) {
        const authorization = route.request().headers().authorization;
        if (authorization) bearers.push(authorization);
        return await route.fulfill({ response: await route.fetch({ url: suite.url() + url.pathname + url.search }) });
      }
      return await route.abort(); // nothing leaves the machine
    } catch (error) {
      // The page's own timers keep requesting while a test closes its context: a request caught
      // mid-way is simply dropped, not an error of the test.
      if (!/disposed|closed/i.test((error as Error).message)) throw error;
    }
  });
  const page = await context.newPage();
  await page.goto('https://teams.microsoft.com/_#/apps/cert-helper/sections/console');
  return { page, tab: page.frameLocator('iframe'), bearers, close: () => context.close() };
}

test('inside Teams: the SSO token from teams-js is the Bearer token, no sign-in form, the tenant queue shows', async () => {
  const customer = await webChatCustomer(suite.url());
  await customer.say('상담원 연결해 주세요');
  await customer.expectBot(/대기 순서 \d+번째/);
  const ticketId = (await suite.app().tickets.findOpenByConversation(customer.conversationId))!.id;

  const agent = { oid: 'aad-oid-park', name: '박팀즈' };
  const token = await teamsIdp.token(agent);
  const { page, tab, bearers, close } = await openInTeamsHost(token);
  const errors = watchErrors(page);
  await tab.locator('#who-name', { hasText: agent.name }).waitFor({ timeout: 8_000 });
  await tab.locator('#waiting-list').getByText(ticketId).waitFor({ timeout: 5_000 });
  expect(await tab.locator('#sign-in').isHidden()).toBe(true);
  expect(await tab.locator('#sign-out').isHidden()).toBe(true); // the Teams account is the sign-in
  expect(bearers.length).toBeGreaterThan(0);
  expect(new Set(bearers)).toEqual(new Set([`Bearer ${token}`]));

  // The agent id is the token's oid, so the ticket names the Teams user who accepted it.
  await tab.getByRole('button', { name: `${ticketId} 수락` }).click();
  await tab.locator('#mine-list').getByText(ticketId).waitFor({ timeout: 5_000 });
  expect((await suite.app().tickets.get(ticketId))?.agent).toMatchObject({ id: agent.oid, name: agent.name, tenantId: TENANT });
  await customer.expectBot(new RegExp(`상담원 ${agent.name}님이 연결되었어요`));
  expect(errors).toEqual([]);
  await close();
}, 45_000);

test('inside Teams with SSO refused, or a token of a tenant not allowed, the sign-in form comes with the message', async () => {
  for (const token of [null, await teamsIdp.token({ oid: 'aad-oid-stranger', name: '외부인', tenantId: 'tenant-elsewhere' })]) {
    const { tab, close } = await openInTeamsHost(token);
    await tab.locator('#sign-in-notice', { hasText: 'Teams 로그인을 할 수 없어요' }).waitFor({ timeout: 8_000 });
    expect(await tab.getByLabel('비밀번호').isVisible()).toBe(true);
    expect(await tab.locator('#console').isHidden()).toBe(true);
    await close();
  }
}, 30_000);

test('tokens are never put in localStorage', async () => {
  const context = await suite.browser().newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${suite.url()}/agent/`);
  const session = page.waitForResponse((response) => response.url().endsWith('/api/agent/session'));
  await signIn(page);
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
  const context = await suite.browser().newContext();
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${suite.url()}/agent/`);
  await freezePageTimers(page); // the 10 s start when the console opens, on the page's clock
  await signIn(page);
  await page.locator('#waiting-list li').first().waitFor({ timeout: 5_000 });

  const customer = await webChatCustomer(suite.url());
  await customer.say('상담원 연결해 주세요');
  await customer.expectBot(/대기 순서 \d+번째/);
  const ticketId = (await suite.app().tickets.findOpenByConversation(customer.conversationId))!.id;

  await page.clock.runFor(9_000);
  expect(await page.locator('#waiting-list').getByText(ticketId).count()).toBe(0);
  await page.clock.runFor(1_500);
  await page.locator('#waiting-list').getByText(ticketId).waitFor({ timeout: 5_000 });
  await page.clock.runFor(100); // the live region is cleared first, then filled, so screen readers read it again
  await page.locator('#announce', { hasText: /대기 \d+건/ }).waitFor({ state: 'attached', timeout: 5_000 });
  await context.close();
}, 30_000);

test('the app serves the console page, its script and style, and the teams-js bundle', async () => {
  const expectations: Array<[string, string, string]> = [
    ['/agent', 'text/html', 'src="/agent/agent.js"'],
    ['/agent/', 'text/html', 'src="/agent/agent.js"'],
    ['/agent/agent.js', 'text/javascript', 'certHelperAgentSession'],
    ['/agent/agent.css', 'text/css', '.ag-console'],
    ['/vendor/teams-js.js', 'text/javascript', 'microsoftTeams'],
  ];
  for (const [route, type, marker] of expectations) {
    const response = await fetch(suite.url() + route);
    expect({ route, status: response.status }).toEqual({ route, status: 200 });
    expect(response.headers.get('content-type')).toContain(type);
    expect(await response.text()).toContain(marker);
  }
});
