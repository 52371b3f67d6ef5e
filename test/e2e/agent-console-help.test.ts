// One-click help (issue 19) in a real Chromium, two pages: a customer in the official Web Chat and an
// agent in the console (password account). The agent sends a guide's step from the help panel; the
// customer presses 다음 in Web Chat and the assistant answers with the next step while the ticket stays
// assigned; the console's #customer-progress follows over the event stream (the console's timers are
// frozen, so no refresh can bring it). Then an FAQ answer and the local-check invitation, with the keyboard.
import { loadContent } from '../../content/load.js';
import { loadTexts } from '../../content/texts.js';
import { seriousViolations } from '../support/axe.js';
import { click, openChat, see, send } from '../support/webchat-page.js';
import { consoleSession, openSignedIn } from './agent-console-browser.support.js';

const content = loadContent();
const guide = content.procedures.find((p) => p.id === 'woori-joint-issue-app')!;
const faq = content.faq.find((f) => f.id === 'call-center')!;
// A phrase of the local-check invitation's own text (its title is also the page's panel heading).
const texts = loadTexts();
const localCheckPhrase = texts.get('check.local.text', 'ko-KR').split('창에서 ')[1].slice(0, 20);

const suite = consoleSession();

test('the agent sends a step, the customer presses 다음 in Web Chat, the console shows where the customer is', async () => {
  const { page: chat, errors: chatErrors } = await openChat(suite.browser(), suite.url());
  await send(chat, '상담원 연결해 주세요');
  await see(chat, '대기 순서');
  const conversationId = await waitForTicketConversation();
  const ticket = (await suite.app().tickets.findOpenByConversation(conversationId))!;

  const agent = await suite.browser().newPage();
  const errors = await openSignedIn(agent, `${suite.url()}/agent/?ticket=${ticket.id}`);
  await agent.locator('#accept').click();
  await see(chat, '상담원 kim님이 연결되었어요');
  await agent.locator('#live').waitFor({ timeout: 15_000 });
  await agent.locator('#help-procedure option').first().waitFor({ state: 'attached', timeout: 15_000 });
  // From now on the console's 10-second refresh cannot run: the progress can only come over the event stream.
  await agent.clock.pauseAt((await agent.evaluate(() => Date.now())) + 60 * 60_000);
  await agent.locator('#customer-progress').getByText('아직 절차 안내를 보고 있지 않아요.').waitFor();

  // The lists are labelled controls; the guide's steps are named as the content names them.
  await agent.getByLabel('절차 안내').selectOption(guide.id);
  await agent.getByLabel('보낼 카드').selectOption('2');
  expect(await agent.locator('#help-step option:checked').innerText()).toBe(`2단계. ${guide.steps[1].title.ko}`);
  await agent.locator('#send-procedure').click();

  // The customer gets the assistant's own step card, with its chips.
  await see(chat, guide.steps[1].title.ko);
  await see(chat, `2 / ${guide.steps.length}`);
  const progress = agent.locator('#customer-progress');
  const title = await agent.locator('#help-procedure option:checked').innerText();
  await progress.getByText(`2 / ${guide.steps.length}단계 · ${title}`).waitFor({ timeout: 15_000 });

  // 다음 in Web Chat: the assistant answers with step 3 while the agent is still connected.
  await click(chat, '다음');
  await see(chat, guide.steps[2].title.ko);
  await progress.getByText(`3 / ${guide.steps.length}단계 · ${title}`).waitFor({ timeout: 15_000 });
  // The agent sees the click and the card in the live transcript.
  await agent.locator('#transcript .ag-user', { hasText: '다음' }).waitFor({ timeout: 15_000 });
  expect((await suite.app().tickets.get(ticket.id))?.status).toBe('assigned');

  // An FAQ answer and the local-check invitation, sent with the keyboard only.
  await agent.locator('#help-faq').focus();
  await agent.locator('#help-faq').selectOption(faq.id);
  await agent.keyboard.press('Tab');
  expect(await agent.evaluate(() => document.activeElement?.id)).toBe('send-faq');
  await agent.keyboard.press('Enter');
  await see(chat, faq.question.ko);
  await agent.keyboard.press('Tab');
  expect(await agent.evaluate(() => document.activeElement?.id)).toBe('send-local-check');
  await agent.keyboard.press('Enter');
  await see(chat, localCheckPhrase);
  await agent.getByText('점검 안내를 보냈어요.').waitFor();

  // The progress was proven over the stream; axe needs the page's timers again.
  await agent.clock.resume();
  expect(await seriousViolations(agent, '#help')).toEqual([]);

  // In English: the panel's words, the lists and where the customer is, in the agent's language.
  await agent.locator('#language').click();
  await agent.getByLabel('Guide', { exact: true }).waitFor();
  const enTitle = `${guide.title.en} · ${texts.get(`channel.${guide.channel}`, 'en-US')}`;
  await progress.getByText(`Step 3 / ${guide.steps.length} · ${enTitle}`).waitFor({ timeout: 15_000 });
  expect(await agent.locator('#send-local-check').innerText()).toBe('Send the on-device certificate check');

  // At phone size the panel still fits: nothing wider than the screen.
  await agent.setViewportSize({ width: 375, height: 740 });
  const overflow = await agent.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll('#help, #help *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .map((el) => el.id || el.tagName);
  });
  expect(overflow).toEqual([]);

  expect(errors).toEqual([]);
  expect(chatErrors).toEqual([]);
  await agent.close();
  await chat.close();
}, 180_000);

/** The conversation of the one waiting ticket (the Web Chat page made it). */
async function waitForTicketConversation(): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const waiting = await suite.app().tickets.list(['waiting']);
    if (waiting[0]) return waiting[0].conversationId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no waiting ticket');
}
