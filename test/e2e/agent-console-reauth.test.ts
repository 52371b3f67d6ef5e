// Session expiry mid-chat (issue 19) in a real Chromium: the agent's password session runs out while they
// talk with a customer. The console says so in a #reauth dialog in place; the open ticket, its conversation
// and the reply draft stay; what the customer says meanwhile is not streamed to the unattended screen, and
// after signing in again the stream resumes from its Last-Event-ID: every message shows exactly once, and
// the draft is sent once. The short session is a real one: the app's own AgentAuth, same secret and
// accounts, issuing a 30-second token (the app's default is 8 hours).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { AgentAuth, parseAgentAccounts } from '../../handoff/index.js';
import { waitFor } from '../../directline/test-support.js';
import { seriousViolations } from '../support/axe.js';
import { artifactsDir, watchErrors } from '../support/browser.js';
import { wsCustomer } from '../support/agent-conversation.js';
import { AGENT, TENANT } from './agent-console.support.js';
import { consoleSession } from './agent-console-browser.support.js';

const SESSION_SECRET = 'reauth-test-agent-session-secret-0123456789';
const SHORT_TTL_SECONDS = 30;

const suite = consoleSession(() => ({ env: { AGENT_SESSION_SECRET: SESSION_SECRET } }));

/** A genuine session token of the app (same secret, accounts and tenant) that expires soon (or, issued in the past, has expired). */
async function shortSession(issuedAt?: Date) {
  const auth = new AgentAuth({
    accounts: parseAgentAccounts(suite.env().AGENT_ACCOUNTS),
    sessionSecret: Buffer.from(SESSION_SECRET, 'utf8'),
    sessionTtlSeconds: SHORT_TTL_SECONDS,
    passwordTenantId: TENANT,
    ...(issuedAt ? { now: () => issuedAt } : {}),
  });
  const outcome = await auth.login(AGENT.username, AGENT.password, 'reauth-test');
  if (!outcome.ok) throw new Error(`short session refused: ${outcome.code}`);
  return { ...outcome, expiresAtMs: Date.now() + outcome.expiresIn * 1000 };
}

/** The tab's saved session (as the console keeps it after a sign-in), put there once: a reload keeps what the console saved since. */
async function seedSession(page: Page, session: { token: string; agent: unknown }) {
  await page.addInitScript(
    ([value]) => {
      if (sessionStorage.getItem('test-seeded')) return;
      sessionStorage.setItem('test-seeded', '1');
      sessionStorage.setItem('certHelperAgentSession', value);
    },
    // The page thinks it valid for an hour; the server knows better.
    [JSON.stringify({ token: session.token, agent: session.agent, expiresAt: Date.now() + 3_600_000 })],
  );
}

test('an expired session mid-chat: sign in again in place, nothing lost, nothing twice', async () => {
  const customer = await wsCustomer(suite.url());
  await customer.say('상담원 연결해 주세요');
  await customer.hears(/대기 순서 1번째/);
  const ticket = (await suite.app().tickets.findOpenByConversation(customer.conversationId))!;

  const session = await shortSession();
  const page = await suite.browser().newPage();
  const errors = watchErrors(page);
  const streams: Array<string | undefined> = [];
  page.on('request', (request) => {
    if (request.url().endsWith(`/tickets/${ticket.id}/events`)) streams.push(request.headers()['last-event-id']);
  });
  // The console was signed in (this tab's session) with the short token.
  await seedSession(page, session);
  await page.goto(`${suite.url()}/agent/?ticket=${ticket.id}`);
  await page.locator('#accept').click();
  await customer.hears(/상담원 kim님이 연결되었어요/);
  await page.locator('#live').waitFor({ timeout: 15_000 });
  await customer.say('첫 번째 메시지예요');
  const userLine = (text: string) => page.locator('#transcript .ag-user', { hasText: text });
  await userLine('첫 번째 메시지예요').waitFor({ timeout: 15_000 });
  const draft = '확인해 볼게요, 잠시만 기다려 주세요';
  await page.locator('#reply-text').fill(draft);
  expect(Date.now()).toBeLessThan(session.expiresAtMs); // the setup ran inside the session

  // The session runs out; the console's next call (the queue refresh, every 10 s) is refused with 401.
  const dialog = page.locator('#reauth');
  await dialog.waitFor({ timeout: SHORT_TTL_SECONDS * 1000 + 20_000 });
  expect(Date.now()).toBeGreaterThanOrEqual(session.expiresAtMs - 1000);
  await expect(dialog.locator('#reauth-title').innerText()).resolves.toBe('다시 로그인해 주세요');
  await expect(dialog.locator('#reauth-username').inputValue()).resolves.toBe(AGENT.username);
  expect(await seriousViolations(page, '#reauth')).toEqual([]);
  // Everything stays under the dialog: the ticket, its conversation, the draft.
  await expect(page.locator('#detail-title').innerText()).resolves.toContain(ticket.id);
  expect(await userLine('첫 번째 메시지예요').count()).toBe(1);
  expect(await page.locator('#reply-text').inputValue()).toBe(draft);

  // The customer writes while the agent is signed out: not shown before the agent is back.
  await customer.say('로그인 만료 중에 보낸 메시지');
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(await userLine('로그인 만료 중에 보낸 메시지').count()).toBe(0);
  const streamsBefore = streams.length;

  // A wrong password is refused in the dialog; the right one closes it.
  await dialog.locator('#reauth-password').fill('wrong password entirely');
  await dialog.locator('#reauth-submit').click();
  await dialog.locator('#reauth-error').waitFor();
  await dialog.locator('#reauth-password').fill(AGENT.password);
  await dialog.locator('#reauth-submit').click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });

  await userLine('로그인 만료 중에 보낸 메시지').waitFor({ timeout: 15_000 });
  expect(await userLine('로그인 만료 중에 보낸 메시지').count()).toBe(1);
  expect(await userLine('첫 번째 메시지예요').count()).toBe(1);
  // The stream was reopened from where it was (its Last-Event-ID), not from the start.
  const resumed = streams.slice(streamsBefore).filter((id) => id !== undefined);
  expect(resumed.length).toBeGreaterThan(0);
  expect(Number(resumed.at(-1))).toBeGreaterThan(0);

  // The draft goes out once, as the agent.
  expect(await page.locator('#reply-text').inputValue()).toBe(draft);
  await page.locator('#reply-text').press('Enter');
  await customer.hears(new RegExp(`^상담원 kim: ${draft}`));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(customer.seen.filter((a) => a.text === `상담원 kim: ${draft}`)).toHaveLength(1);
  await waitFor(async () => (await page.locator('#reply-text').inputValue()) === '');
  expect(errors).toEqual([]);
  await page.close();
  await customer.leave();
}, 150_000);

test('in English at phone size: a tab whose session ran out while it was closed asks in place, then carries on', async () => {
  const session = await shortSession(new Date(Date.now() - 3_600_000));
  const context = await suite.browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await seedSession(page, session);
  await page.goto(`${suite.url()}/agent/?lang=en`);
  const dialog = page.locator('#reauth');
  await dialog.waitFor({ timeout: 20_000 });
  await expect(dialog.locator('#reauth-title').innerText()).resolves.toBe('Please sign in again');
  await expect(dialog.locator('#reauth-intro').innerText()).resolves.toContain('Your session has expired');
  await expect(dialog.getByLabel('Password').isVisible()).resolves.toBe(true);
  // The dialog fits the phone's width.
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await seriousViolations(page, '#reauth')).toEqual([]);
  await page.screenshot({ path: path.join(artifactsDir, 'agent-console-reauth-phone-en.png') });

  await dialog.getByLabel('Password').fill(AGENT.password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 15_000 });
  await page.locator('#queue-title').waitFor();
  await expect(page.locator('#who-name').innerText()).resolves.toBe(AGENT.username);
  // The new session is the tab's now: a reload stays signed in.
  await page.reload();
  await page.locator('#queue-title').waitFor();
  expect(await page.locator('#reauth').count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);
