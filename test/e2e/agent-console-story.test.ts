// Issue 19's story, start to finish, in a real Chromium with two pages: a customer in the official Web
// Chat and an agent in the console, signed in with a password account (no Teams). The customer asks for a
// person → the open console alerts (tab title count, chime, desktop notification after the agent turned
// alerts on) → the agent accepts → messages both ways, each visible within a second of being sent
// (measured by the browser: Enter pressed → text on the other page) → the agent sends a guide with one
// click, the customer walks it and the console shows where they are → the agent hands the customer back to
// the assistant → the customer has the menu and the satisfaction card. Run on one instance, then with the
// customer's page served by instance A and the console by instance B (PostgreSQL, LISTEN/NOTIFY fan-out).
import path from 'node:path';
import { loadContent } from '../../content/load.js';
import { describePostgres } from '../../storage/postgres/test-support.js';
import { artifactsDir } from '../support/browser.js';
import { twoInstances } from '../support/postgres-env.js';
import { click, openChat, see, send } from '../support/webchat-page.js';
import { consoleAppEnv } from './agent-console.support.js';
import { consoleSession, enterAt, openSignedIn, spyOnAlerts, stampEnter, whenShown } from './agent-console-browser.support.js';

const PROCEDURE = loadContent().procedures.find((p) => p.id === 'epost-joint-reissue-web')!;
const BASE_TITLE = '상담 콘솔 — 인증서 도우미';
/** The bar for "live": from the sender's Enter to the text on the other page. */
const LIVE_MS = 1_000;

/** The browser for both runs, and the app of the one-instance run. */
const suite = consoleSession();

/** The whole story; `customerUrl` serves the Web Chat page, `consoleUrl` the console. Returns what was measured. */
async function story(customerUrl: string, consoleUrl: string, name: string): Promise<void> {
  // The agent opens the console first and turns alerts on (the browser asks for permission on that click).
  const context = await suite.browser().newContext();
  await spyOnAlerts(context);
  const agent = await context.newPage();
  const agentErrors = await openSignedIn(agent, `${consoleUrl}/agent/`);
  await agent.locator('#waiting-list').waitFor();
  await agent.locator('#notify-permission').click();
  await agent.locator('#notify-state').getByText('알림 켜짐').waitFor();
  expect(await agent.title()).toBe(BASE_TITLE);

  // The customer asks for a person in Web Chat.
  const { page: customer, errors: customerErrors } = await openChat(suite.browser(), customerUrl);
  await send(customer, '상담원 연결해 주세요');
  await see(customer, '대기 순서 1번째');

  // The console alerts: the count in the tab title, one desktop notification naming the ticket, the chime.
  // (The queue is polled every 10 seconds: the alert comes within that.)
  await agent.waitForFunction((title) => document.title === `(1) ${title}`, BASE_TITLE, { timeout: 30_000 });
  const notifications = await agent.evaluate(() => window.__notifications);
  const ticketId = (await agent.locator('#waiting-list [data-ticket-id]').first().getAttribute('data-ticket-id'))!;
  expect(notifications).toEqual([{ title: '새 상담 요청', body: `${ticketId} · 지금 대기 1건`, tag: `ticket-${ticketId}` }]);
  expect(await agent.evaluate(() => window.__tones)).toBeGreaterThan(0);

  // Clicking the notification opens its ticket; accept: the customer is told, the conversation is live.
  await agent.evaluate(() => window.__shownNotifications[0].onclick?.());
  await agent.locator('#detail-title', { hasText: ticketId }).waitFor();
  await agent.locator('#accept').click();
  await see(customer, '상담원 kim님이 연결되었어요');
  await agent.locator('#live').waitFor({ timeout: 15_000 });
  await agent.waitForFunction((title) => document.title === title, BASE_TITLE, { timeout: 30_000 });

  // Customer → agent, timed.
  await stampEnter(customer);
  await stampEnter(agent);
  const question = '공동인증서가 목록에 안 보여요';
  const shownToAgent = await whenShown(agent, '#transcript', question);
  await send(customer, question);
  const toAgentMs = (await shownToAgent()) - (await enterAt(customer));

  // Agent → customer, timed.
  const answer = '확인해 드릴게요. 어떤 은행에서 쓰시나요?';
  const shownToCustomer = await whenShown(customer, 'body', answer);
  await agent.locator('#reply-text').fill(answer);
  await agent.locator('#reply-text').press('Enter');
  const toCustomerMs = (await shownToCustomer()) - (await enterAt(agent));
  console.log(`${name}: customer→agent ${toAgentMs} ms, agent→customer ${toCustomerMs} ms (Enter → visible on the other page)`);
  expect(toAgentMs).toBeGreaterThanOrEqual(0);
  expect(toCustomerMs).toBeGreaterThanOrEqual(0);
  expect(toAgentMs).toBeLessThan(LIVE_MS);
  expect(toCustomerMs).toBeLessThan(LIVE_MS);

  // One-click help: the agent sends a guide; the customer walks into it; the console shows where they are.
  await agent.locator('select#help-procedure').selectOption(PROCEDURE.id);
  await agent.locator('#send-procedure').click();
  await see(customer, PROCEDURE.title.ko);
  await click(customer, '시작하기');
  await see(customer, `1 / ${PROCEDURE.steps.length}`);
  await click(customer, '다음');
  await see(customer, PROCEDURE.steps[1].title.ko);
  await agent.locator('#customer-progress', { hasText: `2 / ${PROCEDURE.steps.length}` }).waitFor({ timeout: 20_000 });

  // Hand back: the assistant has the customer again (a new menu) and asks how the conversation was.
  const menus = customer.getByText('무엇을 도와드릴까요?');
  const menusBefore = await menus.count();
  await agent.locator('#hand-back').click();
  await see(customer, '상담이 끝났어요');
  await customer.waitForFunction(
    ([before]) =>
      Array.from(document.querySelectorAll('body *')).filter((e) => e.childElementCount === 0 && e.textContent?.includes('무엇을 도와드릴까요?')).length >
      before,
    [menusBefore] as const,
    { timeout: 20_000 },
  );
  await agent.locator('#hand-back').waitFor({ state: 'detached', timeout: 20_000 });

  await agent.screenshot({ path: path.join(artifactsDir, `agent-console-story-${name}.png`), fullPage: true });
  await customer.screenshot({ path: path.join(artifactsDir, `agent-console-story-${name}-customer.png`), fullPage: true });
  expect(agentErrors).toEqual([]);
  expect(customerErrors).toEqual([]);
  await customer.close();
  await context.close();
}

describe('one instance', () => {
  test('request → alert → accept → live both ways → guide → hand back → satisfaction', async () => {
    await story(suite.url(), suite.url(), 'single');
  }, 240_000);
});

describePostgres('two instances on PostgreSQL: the customer on A, the console on B', () => {
  const env: Record<string, string> = {};
  beforeAll(async () => {
    Object.assign(env, await consoleAppEnv());
  });
  const two = twoInstances(env);

  test('the same story across instances', async () => {
    await story(two.a().url, two.b().url, 'two-instances');
  }, 240_000);
});
