// Issue 19 in two real pages: a customer in the official Web Chat and an agent in the console, signed in
// with a password account. Typing shows both ways (the console's #customer-typing, Web Chat's own typing
// indicator), a canned answer fills the reply box and is edited before it is sent, the agent's message
// shows their name and role in Web Chat, and a hand back gives the customer the assistant's menu and the
// satisfaction rating — after which the assistant answers again. In Korean, and in English at phone size.
import path from 'node:path';
import { artifactsDir } from '../support/browser.js';
import { CHIP, openChat, see, send } from '../support/webchat-page.js';
import { consoleSession, openSignedIn } from './agent-console-browser.support.js';
import { waitFor } from '../../directline/test-support.js';

const suite = consoleSession();

const CASES = [
  {
    lang: 'ko',
    query: '',
    consoleQuery: '',
    ask: '상담원 연결해 주세요',
    queued: '대기 순서 1번째',
    joined: '상담원 kim님이 연결되었어요',
    cannedText: '잠시만 기다려 주세요',
    label: 'kim · 상담원',
    handedBack: '다시 인증서 도우미가 도와드릴게요',
    menuButton: '발급·재발급·갱신',
    menuChoice: '새로 발급',
    thanks: '평가해 주셔서 고마워요',
    closeReason: '도우미에게 넘김',
    viewport: undefined,
  },
  {
    lang: 'en',
    query: '?lang=en',
    consoleQuery: '&lang=en',
    ask: 'talk to a human',
    queued: 'You are number 1 in the queue',
    joined: 'kim from our team has joined',
    cannedText: 'Please wait a moment',
    label: 'kim · Agent',
    handedBack: 'The certificate assistant is back to help',
    menuButton: 'Issue, reissue, renew',
    menuChoice: 'Get a new certificate',
    thanks: 'Thank you for your rating',
    closeReason: 'Handed back to the assistant',
    viewport: { width: 390, height: 844 },
  },
] as const;

test.each(CASES)(
  'typing both ways, a canned answer, the agent named in Web Chat, hand back → menu and rating ($lang)',
  async (c) => {
    const { page: chat, errors: chatErrors } = await openChat(suite.browser(), suite.url(), { query: c.query });
    if (c.viewport) await chat.setViewportSize(c.viewport);
    await send(chat, c.ask);
    await see(chat, c.queued);
    const ticket = await waitFor(async () => (await suite.app().tickets.list(['waiting']))[0]);

    const agent = await suite.browser().newPage();
    const agentErrors = await openSignedIn(agent, `${suite.url()}/agent/?ticket=${ticket.id}${c.consoleQuery}`, c.lang);
    await agent.locator('#accept').click();
    await see(chat, c.joined);
    await agent.locator('#live').waitFor({ timeout: 15_000 });

    // The customer types (not sent yet): the console shows it.
    await chat.locator('[data-id="webchat-sendbox-input"]').pressSequentially('잠깐만요', { delay: 30 });
    await agent.locator('#customer-typing').waitFor({ state: 'visible', timeout: 15_000 });

    // A canned answer in the ticket's language fills the box; the agent adds to it (typing: Web Chat shows the indicator), then sends.
    await agent.locator('button.canned[data-canned="please-wait"]').click();
    expect(await agent.locator('#reply-text').inputValue()).toContain(c.cannedText);
    await agent.locator('#reply-text').pressSequentially(' :)', { delay: 30 });
    await chat.locator('.webchat__typing-indicator').first().waitFor({ state: 'visible', timeout: 15_000 });
    await agent.locator('#reply-text').press('Enter');
    await see(chat, `${c.cannedText}`);
    const label = chat.locator('.agent-message .agent-label').last();
    await label.waitFor({ timeout: 15_000 });
    expect((await label.innerText()).trim()).toBe(c.label);
    await chat.screenshot({ path: path.join(artifactsDir, `agent-message-webchat-${c.lang}.png`) });
    await agent.screenshot({ path: path.join(artifactsDir, `agent-console-live-${c.lang}.png`), fullPage: true });
    expect(await chat.locator('.agent-message').last().innerText()).toContain(`${c.cannedText}`);

    // The customer's message ends their typing in the console.
    await chat.locator('[data-id="webchat-sendbox-input"]').press('Enter');
    await agent.locator('#transcript .ag-user', { hasText: '잠깐만요' }).waitFor({ timeout: 15_000 });
    await agent.locator('#customer-typing').waitFor({ state: 'hidden', timeout: 15_000 });

    // Hand back: the customer hears it, gets the menu (buttons on the card) and the rating (chips).
    await agent.locator('#hand-back').click();
    await see(chat, c.handedBack);
    await chat.locator('.ac-pushButton').last().waitFor({ timeout: 15_000 });
    const stars = chat.locator(CHIP, { hasText: '★★★★★' });
    await stars.waitFor({ timeout: 15_000 });
    await stars.click();
    await see(chat, c.thanks);
    // The console shows the ticket closed, handed back.
    await agent.getByText(c.closeReason).first().waitFor({ timeout: 20_000 });
    expect(await agent.locator('#reply-text').count()).toBe(0);

    // The assistant has the customer again: the menu card's button opens the topic's choices.
    await chat.locator('.ac-pushButton', { hasText: c.menuButton }).last().click();
    await chat.locator(CHIP, { hasText: c.menuChoice }).last().waitFor({ timeout: 20_000 });
    expect(await suite.app().tickets.findOpenByConversation(ticket.conversationId)).toBeUndefined();

    expect(chatErrors).toEqual([]);
    expect(agentErrors).toEqual([]);
    await chat.close();
    await agent.close();
  },
  180_000,
);
