// Live handoff through the real server, two channels at once: a web chat customer on the embedded
// Direct Line channel and call-center agents in Microsoft Teams (Bot Framework activities on
// /api/messages with channel tokens verified against a local key set, as in production JWT mode;
// the bot's replies to Teams land on a local stand-in for the Bot Connector service).
import type { Activity } from 'botbuilder';
import { waitFor } from '../../directline/test-support.js';
import { startTestApp } from '../support/app.js';
import { cardView } from '../support/bot.js';
import { OUTBOUND_TOKEN, startLocalBotFramework, type LocalBotFramework } from '../support/bot-framework.js';
import { startFakeConnector, type ConnectorCall } from '../support/fake-connector.js';
import type { App } from '../../server/index.js';

const AGENTS_CHANNEL = '19:agents@thread.tacv2';
const TENANT = 'tenant-1';
let app: App;
let url: string;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let bf: LocalBotFramework;

beforeAll(async () => {
  connector = await startFakeConnector();
  bf = await startLocalBotFramework();
  const started = await startTestApp({ ...bf.env, HANDOFF_HOURS: 'always', HANDOFF_TENANT_ID: TENANT }, { botFramework: bf.endpoints });
  app = started.app;
  url = started.url;
  // The app is installed in the agents' team: that channel gets the new requests.
  await teams({
    type: 'conversationUpdate',
    membersAdded: [{ id: 'bot' }],
    conversation: { id: AGENTS_CHANNEL, conversationType: 'channel', tenantId: TENANT },
  });
}, 60_000);
afterAll(async () => {
  await app.close();
  await connector.close();
  await bf.close();
});

/** An activity from Teams to the bot, as the Bot Connector posts it (with its signed token). */
async function teams(activity: Record<string, unknown>) {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await bf.channelToken(connector.url)}` },
    body: JSON.stringify({
      channelId: 'msteams',
      serviceUrl: connector.url,
      recipient: { id: 'bot', name: '인증서 도우미' },
      from: { id: 'agent-x', name: 'Agent', aadObjectId: 'aad-x' },
      locale: 'ko-KR',
      ...activity,
    }),
  });
  return { status: response.status, body: response.status === 200 ? await response.json().catch(() => undefined) : undefined };
}

const agent = (n: number) => ({ id: `29:agent-${n}`, name: `상담원${n}`, aadObjectId: `aad-${n}` });

async function clickInTeams(n: number, conversationId: string, data: unknown) {
  return teams({
    type: 'invoke',
    name: 'adaptiveCard/action',
    from: agent(n),
    conversation: { id: conversationId, tenantId: TENANT, conversationType: 'channel' },
    value: { action: { type: 'Action.Execute', verb: 'cardAction', data } },
  });
}

async function customer() {
  const { token, conversationId } = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const auth = { Authorization: `Bearer ${token}` };
  const base = `${url}/v3/directline/conversations/${conversationId}`;
  await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: auth });
  let watermark = '';
  const seen: { id?: string; from: { role?: string }; text?: string; attachments?: { content?: unknown }[] }[] = [];
  /** Everything new in the conversation's log. */
  const read = async () => {
    const page = (await (await fetch(`${base}/activities?watermark=${watermark}`, { headers: auth })).json()) as { activities: typeof seen; watermark: string };
    watermark = page.watermark;
    seen.push(...page.activities);
  };
  return {
    conversationId,
    seen,
    /** Posts an activity; resolves with its id once the channel answered, which it does after the bot's turn on it. */
    async say(activity: object): Promise<string> {
      const response = await fetch(`${base}/activities`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'u' }, locale: 'ko-KR', ...activity }),
      });
      return ((await response.json()) as { id: string }).id;
    },
    async expect(pattern: RegExp) {
      return waitFor(async () => {
        await read();
        return seen.find((a) => a.from.role === 'bot' && pattern.test(`${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`));
      }, 15_000);
    },
    /** Reads the log up to the activity `id` (the bot's replies to it are recorded before it was acknowledged). */
    async readThrough(id: string) {
      return waitFor(async () => {
        await read();
        return seen.some((a) => a.id === id);
      }, 15_000);
    },
  };
}

const cardText = (card: unknown) => JSON.stringify(card);
/**
 * The data a button titled `title` sends, as the test support's cardView reads it (card buttons, then
 * the chips under the message: in Web Chat a card's choices are suggested actions). Takes a customer's
 * activity or a bare card (an agent's card in Teams).
 */
const buttonData = (cardOrActivity: unknown, title: string): unknown => {
  const isCard = (cardOrActivity as { type?: string }).type === 'AdaptiveCard';
  const activity = (
    isCard ? { attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: cardOrActivity }] } : cardOrActivity
  ) as Partial<Activity>;
  return cardView(activity)?.actions.find((action) => action.title === title)?.data;
};

test('request → notify → accept (exactly one of two agents) → relay both ways → close → satisfaction', async () => {
  const chat = await customer();
  await chat.say({ text: '인증서가 만료됐대요' });
  await chat.expect(/만료일/);
  await chat.say({ text: '상담원 연결해 주세요' });
  await chat.expect(/대기 순서 1번째/);

  // Agents are notified in their channel with a card whose 수락 is a Universal Action.
  const notification = await waitFor(() => connector.calls.find((c) => c.conversationId === AGENTS_CHANNEL && /새 상담 요청/.test(cardText(c.activity))));
  const card = notification.activity.attachments?.[0]?.content;
  expect(cardText(card)).toMatch(/Action\.Execute/);
  expect(cardText(card)).toMatch(/trouble_expired/); // the summary: what the customer tried
  expect(cardText(card)).toMatch(/"type":"Action\.OpenUrl","title":"대화 기록","url":"http:[^"]+\/agent\/\?ticket=[\w-]+"/); // the redacted transcript in the console
  const accept = buttonData(card, '수락');
  const thread = `${AGENTS_CHANNEL};messageid=msg-1`;

  // Two agents press 수락 at the same moment: exactly one gets the ticket.
  const [first, second] = await Promise.all([clickInTeams(1, thread, accept), clickInTeams(2, thread, accept)]);
  const cards = [first, second].map((r) => cardText((r.body as { value?: unknown })?.value));
  const winner = cards.findIndex((c) => /상담 종료/.test(c));
  expect(winner).toBeGreaterThanOrEqual(0);
  expect(cards[1 - winner]).toMatch(/맡았어요/);
  expect(cards[1 - winner]).not.toMatch(/상담 종료/);
  const agentName = `상담원${winner + 1}`;
  await chat.expect(new RegExp(`상담원 ${agentName}님이 연결되었어요`));

  // Customer → agent: relayed into the ticket's thread; the bot itself says nothing to the customer.
  const before = chat.seen.length;
  const said = await chat.say({ text: '인증서 목록에 아예 안 보여요' });
  const relayed: ConnectorCall = await waitFor(() =>
    connector.calls.find((c) => c.conversationId === thread && /고객: 인증서 목록에 아예 안 보여요/.test(c.activity.text ?? '')),
  );
  expect(relayed.activity.text).toContain('인증서 목록에 아예 안 보여요');
  // The channel acknowledged the message after the bot's turn on it: whatever the bot said is in the log by then.
  await chat.readThrough(said);
  expect(chat.seen.slice(before).filter((a) => a.from.role === 'bot')).toEqual([]);

  // Agent → customer: the @mention is removed, the text arrives with the agent's name.
  await teams({
    type: 'message',
    text: '<at>인증서 도우미</at> USB를 먼저 꽂고 새로 고쳐 보세요',
    entities: [{ type: 'mention', mentioned: { id: 'bot', name: '인증서 도우미' }, text: '<at>인증서 도우미</at>' }],
    from: agent(winner + 1),
    conversation: { id: thread, tenantId: TENANT, conversationType: 'channel' },
  });
  await chat.expect(new RegExp(`상담원 ${agentName}: USB를 먼저 꽂고 새로 고쳐 보세요`));

  // Only the assignee can close; then the customer rates.
  const closeData = buttonData(((winner === 0 ? first : second).body as { value?: unknown }).value, '상담 종료');
  const notMine = await clickInTeams(2 - winner, thread, closeData);
  expect(cardText((notMine.body as { value?: unknown }).value)).toMatch(/다른 상담원이 이미 맡았어요/);
  await clickInTeams(winner + 1, thread, closeData);
  const satisfaction = await chat.expect(/상담이 끝났어요/);
  const five = buttonData(satisfaction, '★★★★★');
  await chat.say({ value: five });
  await chat.expect(/평가해 주셔서 고마워요/);
  const [ticket] = await app.tickets.list(['closed']);
  expect(ticket).toMatchObject({ status: 'closed', closeReason: 'resolved', satisfaction: 5, agent: { name: agentName } });
  // Every call the bot made to the Bot Connector carried its own token.
  expect(new Set(connector.calls.map((c) => c.authorization))).toEqual(new Set([`Bearer ${OUTBOUND_TOKEN}`]));
}, 90_000);

test('대기열 in Teams lists the waiting requests with their 수락 buttons', async () => {
  const chat = await customer();
  await chat.say({ text: '상담원 불러 주세요' });
  await chat.expect(/대기 순서/);
  const personal = { id: 'a:personal-chat', conversationType: 'personal', tenantId: TENANT };
  const before = connector.calls.length;
  await teams({ type: 'message', text: '대기열', from: agent(3), conversation: personal });
  const listed = await waitFor(() => connector.calls.slice(before).find((c) => c.conversationId === personal.id && /수락/.test(cardText(c.activity))));
  expect(cardText(listed.activity)).toMatch(/새 상담 요청/);
  await chat.say({ text: '취소' });
  await chat.expect(/상담 요청을 취소했어요/);
}, 60_000);

test('nobody accepts in time: the ticket expires and the customer is told', async () => {
  const chat = await customer();
  await chat.say({ text: '상담원이랑 얘기하고 싶어요' });
  await chat.expect(/대기 순서/);
  const expired = await app.tickets.expireStale(new Date(Date.now() + 60 * 60 * 1000));
  expect(expired.map((t) => t.conversationId)).toContain(chat.conversationId);
  for (const ticket of expired) await app.handoff.customerExpired(ticket);
  // Not a dead end: the callback form, with its phone field and 보내기.
  const offer = await chat.expect(/연결 가능한 상담원이 없었어요/);
  expect(cardText(offer.attachments)).toMatch(/"id":"phone".*연락 요청 보내기|"id":"phone"/);
}, 60_000);

test('with nobody on shift the customer is offered a callback at once, never a queue place', async () => {
  const empty = await startTestApp({ HANDOFF_HOURS: 'always', HANDOFF_TENANT_ID: TENANT }, { agentOnShift: false });
  try {
    const { token, conversationId } = (await (await fetch(`${empty.url}/api/webchat/token`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
    };
    const auth = { Authorization: `Bearer ${token}` };
    await fetch(`${empty.url}/v3/directline/conversations`, { method: 'POST', headers: auth });
    const base = `${empty.url}/v3/directline/conversations/${conversationId}`;
    await fetch(`${base}/activities`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: 'u' }, locale: 'ko-KR', text: '상담원 연결해 주세요' }),
    });
    const reply = await waitFor(async () => {
      const page = (await (await fetch(`${base}/activities`, { headers: auth })).json()) as {
        activities: { from: { role?: string }; attachments?: unknown[] }[];
      };
      return page.activities.find((a) => a.from.role === 'bot' && /지금은 상담원이 없어요/.test(JSON.stringify(a.attachments ?? [])));
    }, 15_000);
    expect(JSON.stringify(reply.attachments)).toMatch(/"id":"phone"/);
    expect(JSON.stringify(reply.attachments)).not.toMatch(/대기 순서/);
    expect(await empty.app.tickets.findOpenByConversation(conversationId)).toBeUndefined();
  } finally {
    await empty.app.close();
  }
}, 60_000);

test('a waiting customer can ask for the status in words or by button, and stop waiting by button', async () => {
  const chat = await customer();
  await chat.say({ text: '상담원 연결해 주세요' });
  const queued = await chat.expect(/대기 순서/);
  expect(cardText(queued)).toMatch(/대기 취소/);
  await chat.say({ text: '아직 기다려야 하나요?' });
  await chat.expect(/아직 상담원을 기다리고 계세요/);
  expect(chat.seen.some((a) => /이해했는지 모르겠어요/.test(a.text ?? ''))).toBe(false);
  await chat.say({ value: buttonData(queued, '대기 취소') });
  await chat.expect(/상담 요청을 취소했어요/);
  expect(await app.tickets.findOpenByConversation(chat.conversationId)).toBeUndefined();
}, 60_000);

test('a customer who goes silent after an agent joined is taken to have left; the agent is told', async () => {
  const chat = await customer();
  await chat.say({ text: '상담원 부탁해요' });
  await chat.expect(/대기 순서/);
  const notification = await waitFor(() =>
    [...connector.calls].reverse().find((c) => c.conversationId === AGENTS_CHANNEL && /새 상담 요청/.test(cardText(c.activity))),
  );
  const thread = `${AGENTS_CHANNEL};messageid=idle-thread`;
  await clickInTeams(4, thread, buttonData(notification.activity.attachments?.[0]?.content, '수락'));
  await chat.expect(/상담원4님이 연결되었어요/);
  expect(await app.handoff.closeIdle(new Date(Date.now() + 5 * 60_000))).toEqual([]); // not yet
  const [closed] = await app.handoff.closeIdle(new Date(Date.now() + 16 * 60_000));
  expect(closed).toMatchObject({ conversationId: chat.conversationId, status: 'closed', closeReason: 'customer_left' });
  await waitFor(() => connector.calls.find((c) => c.conversationId === thread && /15분 동안 응답이 없어/.test(c.activity.text ?? '')));
}, 60_000);

test('a customer who cancels while waiting leaves the queue', async () => {
  const chat = await customer();
  await chat.say({ text: '상담원 연결' });
  await chat.expect(/대기 순서/);
  await chat.say({ text: '취소' });
  await chat.expect(/상담 요청을 취소했어요/);
  expect(await app.tickets.findOpenByConversation(chat.conversationId)).toBeUndefined();
}, 60_000);

test('outside business hours the customer can leave a callback number: stored sealed, shown masked', async () => {
  const closed = await startTestApp({ HANDOFF_HOURS: 'mon 09:00-09:01', HANDOFF_TENANT_ID: TENANT }, { now: () => new Date('2026-11-28T12:00:00+09:00') });
  try {
    const token = (await (await fetch(`${closed.url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    const auth = { Authorization: `Bearer ${token.token}`, 'Content-Type': 'application/json' };
    const base = `${closed.url}/v3/directline/conversations/${token.conversationId}`;
    await fetch(`${closed.url}/v3/directline/conversations`, { method: 'POST', headers: auth });
    const say = (activity: object) =>
      fetch(`${base}/activities`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ type: 'message', from: { id: 'u' }, locale: 'ko-KR', ...activity }),
      });
    const replies = async (pattern: RegExp) =>
      waitFor(async () => {
        const page = (await (await fetch(`${base}/activities`, { headers: auth })).json()) as {
          activities: { from: { role?: string }; text?: string; attachments?: unknown[] }[];
        };
        return page.activities.find((a) => a.from.role === 'bot' && pattern.test(`${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`));
      }, 15_000);
    await say({ text: '상담원 연결해 주세요' });
    await replies(/지금은 상담 시간이 아니에요/);
    await say({ value: { action: 'callback', phone: '010-1234-5678', time: '오후' } });
    await replies(/연락 요청을 받았어요 \(010-\*\*\*\*-5678\)/);
    const [ticket] = await closed.app.tickets.list(['callback']);
    expect(ticket.callback?.phoneMasked).toBe('010-****-5678');
    expect(JSON.stringify(ticket)).not.toContain('1234');
    expect(await closed.app.tickets.revealCallbackPhone(ticket)).toMatch(/010-?1234-?5678/);
  } finally {
    await closed.app.close();
  }
}, 60_000);

test('with HANDOFF_TEAMS_CHANNEL_ID only that channel is notified, whichever team installed the app last', async () => {
  const configured = await startTestApp(
    { ...bf.env, HANDOFF_HOURS: 'always', HANDOFF_TENANT_ID: TENANT, HANDOFF_TEAMS_CHANNEL_ID: '19:configured@thread.tacv2' },
    { botFramework: bf.endpoints },
  );
  try {
    const post = async (conversationId: string, activity: Record<string, unknown>) =>
      fetch(`${configured.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await bf.channelToken(connector.url)}` },
        body: JSON.stringify({
          channelId: 'msteams',
          serviceUrl: connector.url,
          recipient: { id: 'bot' },
          from: agent(5),
          locale: 'ko-KR',
          conversation: { id: conversationId, conversationType: 'channel', tenantId: TENANT },
          ...activity,
        }),
      });
    await post('19:configured@thread.tacv2;messageid=1', { type: 'message', text: '대기열' });
    await post('19:other-team@thread.tacv2', { type: 'conversationUpdate', membersAdded: [{ id: 'bot' }] });
    const token = (await (await fetch(`${configured.url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
    const auth = { Authorization: `Bearer ${token.token}`, 'Content-Type': 'application/json' };
    await fetch(`${configured.url}/v3/directline/conversations`, { method: 'POST', headers: auth });
    await fetch(`${configured.url}/v3/directline/conversations/${token.conversationId}/activities`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'message', from: { id: 'u' }, text: '상담원 연결해 주세요', locale: 'ko-KR' }),
    });
    const notified = await waitFor(() =>
      connector.calls.find((c) => /새 상담 요청/.test(cardText(c.activity)) && c.conversationId.startsWith('19:configured')),
    );
    expect(notified.conversationId).toBe('19:configured@thread.tacv2');
    expect(connector.calls.some((c) => c.conversationId === '19:other-team@thread.tacv2' && /새 상담 요청/.test(cardText(c.activity)))).toBe(false);
  } finally {
    await configured.app.close();
  }
}, 60_000);
