// The console's live conversation (issue 19) in a real Chromium: an agent signed in with a password account
// accepts a web chat customer's ticket; the customer's messages appear without any refresh (the page's
// timers are frozen, so only the server's event stream can bring them) and the agent's reply reaches the
// customer as "상담원 kim:", a pasted 주민등록번호 masked.
import { REDACTED } from '../../lib/redact.js';
import { wsCustomer } from '../support/agent-conversation.js';
import { consoleSession, openSignedIn } from './agent-console-browser.support.js';

const suite = consoleSession();

test('accept, then the conversation is live both ways and the reply is masked', async () => {
  const customer = await wsCustomer(suite.url());
  await customer.say('상담원 연결해 주세요');
  await customer.hears(/대기 순서 1번째/);
  const ticket = (await suite.app().tickets.findOpenByConversation(customer.conversationId))!;

  const page = await suite.browser().newPage();
  const errors = await openSignedIn(page, `${suite.url()}/agent/?ticket=${ticket.id}`);
  await page.locator('#accept').click();
  await customer.hears(/상담원 kim님이 연결되었어요/);
  await page.locator('#live').waitFor({ timeout: 15_000 });
  // From now on the 10-second refresh cannot run: what appears comes over the event stream.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 60 * 60_000);

  await customer.say('공동인증서가 목록에 없어요');
  await page.locator('#transcript .ag-user', { hasText: '공동인증서가 목록에 없어요' }).waitFor({ timeout: 15_000 });

  await page.locator('#reply-text').fill('주민번호 900101-1234567 는 보내지 마세요');
  await page.locator('#reply-text').press('Enter');
  const heard = await customer.hears(/^상담원 kim: 주민번호/);
  expect(heard.text).toBe(`상담원 kim: 주민번호 ${REDACTED.rrn} 는 보내지 마세요`);
  await page.locator('#transcript .ag-bot', { hasText: `상담원 kim: 주민번호 ${REDACTED.rrn}` }).waitFor({ timeout: 15_000 });
  expect(await page.locator('#reply-text').inputValue()).toBe('');
  expect(await page.locator('#transcript').innerText()).not.toContain('1234567');
  expect(errors).toEqual([]);
  await page.close();
  await customer.leave();
}, 120_000);
