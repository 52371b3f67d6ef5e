// The live conversation's extras (issue 19) through the real server: typing both ways (relayed, never
// stored, thinned), the agent's name on their messages, hand back to the assistant, canned answers —
// and who may do each. Bounded polls only; the one count that depends on time is bounded by the time
// measured, never asserted as a duration.
import { hashPassword } from '../../handoff/agent-accounts.js';
import { waitFor } from '../../directline/test-support.js';
import { startTestApp } from '../support/app.js';
import { openEvents, reply, signIn, wsCustomer } from '../support/agent-conversation.js';
import type { App } from '../../server/index.js';

const KIM = { username: 'kim', password: 'correct horse battery' };
const LEE = { username: 'lee', password: 'another long passphrase' };

let app: App;
let url: string;
let kim: string;
let lee: string;

beforeAll(async () => {
  const accounts = await Promise.all([KIM, LEE].map(async (a) => `${a.username}:${await hashPassword(a.password, { N: 1024, r: 8, p: 1 })}`));
  ({ app, url } = await startTestApp({ HANDOFF_HOURS: 'always', HANDOFF_TENANT_ID: 'tenant-1', TRANSCRIPTS: 'on', AGENT_ACCOUNTS: accounts.join(',') }));
  kim = await signIn(url, KIM.username, KIM.password);
  lee = await signIn(url, LEE.username, LEE.password);
}, 60_000);
afterAll(async () => {
  await app.close();
});

const post = (path: string, token: string | undefined, body?: string, contentType = 'application/json') =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { ...(token ? { Authorization: token } : {}), ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
    ...(body !== undefined ? { body } : {}),
  });

async function queuedCustomer(locale = 'ko-KR') {
  const customer = await wsCustomer(url);
  await customer.say(locale === 'en-US' ? 'talk to a human' : '상담원 연결해 주세요', url, locale);
  await customer.hears(locale === 'en-US' ? /number \d+ in the queue/ : /대기 순서 \d+번째/);
  const ticket = (await app.tickets.findOpenByConversation(customer.conversationId))!;
  return { customer, ticket };
}

async function acceptedCustomer(locale = 'ko-KR') {
  const { customer, ticket } = await queuedCustomer(locale);
  expect((await post(`/api/agent/tickets/${ticket.id}/accept`, `Bearer ${kim}`)).status).toBe(200);
  await customer.hears(locale === 'en-US' ? /kim from our team has joined/ : /상담원 kim님이 연결되었어요/);
  return { customer, ticket };
}

test("the customer's typing reaches the console at once and is never stored; the agent's typing reaches Web Chat as a typing activity, thinned", async () => {
  const { customer, ticket } = await acceptedCustomer();
  const events = await openEvents(url, ticket.id, kim);
  await events.sees(/연결되었어요/, 'bot');

  await customer.type();
  await waitFor(() => events.events.find((e) => e.event === 'typing'), 20_000);
  expect(JSON.parse(events.events.find((e) => e.event === 'typing')!.data)).toEqual({ from: 'customer' });

  const started = Date.now();
  const answers = [];
  for (let i = 0; i < 30; i++) answers.push(await post(`/api/agent/tickets/${ticket.id}/typing`, `Bearer ${kim}`));
  const elapsed = Date.now() - started;
  expect(answers.map((a) => a.status)).toEqual(Array(30).fill(202));
  const relayed = (await Promise.all(answers.map((a) => a.json() as Promise<{ relayed: boolean }>))).filter((a) => a.relayed).length;
  // One per 2 s per ticket: thirty posts in a burst relay one (or a few, if the burst itself took seconds).
  expect(relayed).toBeGreaterThanOrEqual(1);
  expect(relayed).toBeLessThanOrEqual(Math.floor(elapsed / 2_000) + 1);
  const typing = await waitFor(() => customer.seen.find((a) => a.type === 'typing'), 20_000);
  expect(typing.from).toMatchObject({ role: 'bot' });
  expect((typing as { channelData?: unknown }).channelData).toEqual({ handoff: 'agent', agent: { name: 'kim' } });
  await waitFor(() => (customer.seen.filter((a) => a.type === 'typing').length === relayed ? true : undefined), 10_000);

  // Neither side's typing is in the log (what a reconnecting client reads) or the transcript.
  const log = (await (
    await fetch(`${url}/v3/directline/conversations/${customer.conversationId}/activities`, { headers: { Authorization: `Bearer ${customer.token}` } })
  ).json()) as { activities: { type: string }[] };
  expect(log.activities.some((a) => a.type === 'typing')).toBe(false);
  await app.transcripts!.flush();
  const transcript = (await app.transcripts!.exportTranscript(customer.conversationId)) as { type: string }[];
  expect(transcript.some((a) => a.type === 'typing')).toBe(false);
  events.close();
  await customer.leave();
}, 120_000);

test("the agent's message names them: the page's marker (channelData) beside the text's own prefix, the text still masked", async () => {
  const { customer, ticket } = await acceptedCustomer();
  expect((await reply(url, ticket.id, kim, { text: '카드번호 1234-5678-9012-3456 는 보내지 마세요' })).status).toBe(200);
  const heard = await customer.hears(/^상담원 kim: 카드번호/);
  expect(heard.from).toMatchObject({ id: 'bot', role: 'bot' });
  expect((heard as { channelData?: unknown }).channelData).toEqual({ handoff: 'agent', agent: { name: 'kim' } });
  expect(JSON.stringify(customer.seen)).not.toContain('9012-3456');
  // The connection notice marks the start (the page starts sending typing), in the customer's log too.
  const connected = customer.seen.find((a) => /연결되었어요/.test(a.text ?? '')) as { channelData?: { handoff?: string } };
  expect(connected.channelData?.handoff).toBe('connected');
  await customer.leave();
}, 120_000);

test.each([
  ['ko-KR', /상담원과의 상담이 끝났어요/, /상담이 끝났어요/, '인증서 발급'],
  ['en-US', /conversation with the agent has ended/, /conversation with the agent has ended/, 'issue a certificate'],
])(
  'hand back (%s): the ticket closes as handed_back, the customer gets the menu and the rating, and talks to the assistant again',
  async (locale, said, rating) => {
    const { customer, ticket } = await acceptedCustomer(locale);
    const events = await openEvents(url, ticket.id, kim);
    await events.sees(locale === 'en-US' ? /joined/ : /연결되었어요/, 'bot');

    const answer = await post(`/api/agent/tickets/${ticket.id}/handback`, `Bearer ${kim}`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ ticket: { id: ticket.id, status: 'closed', closeReason: 'handed_back' } });
    expect((await app.tickets.get(ticket.id))!.closeReason).toBe('handed_back');

    await customer.hears(said);
    // The menu: the welcome card with its topic buttons kept on the card.
    const menu = await customer.hears(/"action":"menu"/);
    expect(JSON.stringify(menu.attachments)).toContain('"topic":"issue"');
    // The rating, last, with its stars as chips.
    const stars = await waitFor(() => customer.seen.find((a) => JSON.stringify(a).includes('"action":"rate"')), 20_000);
    expect(JSON.stringify(stars)).toMatch(rating);
    expect(customer.seen.indexOf(stars)).toBeGreaterThan(customer.seen.indexOf(menu));
    // The console's stream ends; the agent can no longer write.
    await waitFor(() => events.events.find((e) => e.event === 'end'), 20_000);
    expect((await reply(url, ticket.id, kim, { text: '아직 계세요?' })).status).toBe(403);
    expect((await post(`/api/agent/tickets/${ticket.id}/handback`, `Bearer ${kim}`)).status).toBe(403);

    // The customer's next words go to the assistant, not to the agent: the assistant answers.
    const before = customer.seen.length;
    await customer.say('공동인증서 발급하고 싶어요', url, locale);
    await waitFor(() => (customer.seen.slice(before).some((a) => a.from.role === 'bot' && a.type === 'message') ? true : undefined), 20_000);
    expect(await app.tickets.findOpenByConversation(customer.conversationId)).toBeUndefined();
    events.close();
    await customer.leave();
  },
  120_000,
);

test('canned answers come in the ticket language for any signed-in agent; a bad locale is a clear 400', async () => {
  const ko = (await (await fetch(`${url}/api/agent/canned-answers?locale=ko-KR`, { headers: { Authorization: `Bearer ${kim}` } })).json()) as {
    locale: string;
    answers: { id: string; label: string; text: string }[];
  };
  expect(ko.locale).toBe('ko-KR');
  expect(ko.answers.find((a) => a.id === 'please-wait')!.text).toContain('잠시만 기다려 주세요');
  const en = (await (await fetch(`${url}/api/agent/canned-answers?locale=en-US`, { headers: { Authorization: `Bearer ${lee}` } })).json()) as typeof ko;
  expect(en.locale).toBe('en-US');
  expect(en.answers.map((a) => a.id)).toEqual(ko.answers.map((a) => a.id));
  expect(en.answers.find((a) => a.id === 'greeting')!.text).toMatch(/^Hello/);
  for (const bad of ['x', '<script>', 'ko-KR-extra', '%00']) {
    const refused = await fetch(`${url}/api/agent/canned-answers?locale=${bad}`, { headers: { Authorization: `Bearer ${kim}` } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('BadLocale');
  }
  for (const authorization of [undefined, 'Bearer garbage', `Bearer ${kim.slice(0, -4)}AAAA`]) {
    expect((await fetch(`${url}/api/agent/canned-answers`, { headers: authorization ? { Authorization: authorization } : {} })).status).toBe(401);
  }
});

test("typing and hand back: no token, garbage, a customer's Direct Line token, another agent, another tenant, a ticket not assigned — refused; bad bodies are 400", async () => {
  const { customer, ticket } = await acceptedCustomer();
  const { customer: waitingCustomer, ticket: waiting } = await queuedCustomer();
  // A ticket of another tenant, assigned to an agent of that tenant who is also called kim.
  const foreign = (
    await app.tickets.create({
      conversationId: waitingCustomer.conversationId + '-t2',
      channelId: 'directline',
      locale: 'ko-KR',
      tenantId: 'tenant-2',
      summary: { stepsDone: [] },
    })
  ).ticket;
  await app.tickets.accept(foreign.id, { id: 'local:kim', name: 'kim', tenantId: 'tenant-2' });

  for (const action of ['typing', 'handback']) {
    const path = `/api/agent/tickets/${ticket.id}/${action}`;
    for (const authorization of [undefined, 'Bearer garbage', `Bearer ${customer.token}`, `Bearer ${kim.slice(0, -4)}AAAA`]) {
      const refused = await post(path, authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await post(path, `Bearer ${lee}`)).status).toBe(403);
    expect((await post(`/api/agent/tickets/${waiting.id}/${action}`, `Bearer ${kim}`)).status).toBe(403);
    expect((await post(`/api/agent/tickets/${foreign.id}/${action}`, `Bearer ${kim}`)).status).toBe(404);
    expect((await post(`/api/agent/tickets/nope/${action}`, `Bearer ${kim}`)).status).toBe(404);
    for (const [body, type, status] of [
      ['not json', 'application/json', 400],
      ['{"a":'.repeat(100), 'application/json', 400],
      ['x'.repeat(10_000), 'application/json', 413],
      ['{}', 'text/plain', 415],
    ] as const) {
      const refused = await post(path, `Bearer ${kim}`, body, type);
      expect(refused.status).toBe(status);
      expect(JSON.stringify(await refused.json())).not.toMatch(/at \w+ \(/);
    }
  }
  // Nothing of it reached either customer, and both tickets are as they were.
  expect(customer.seen.some((a) => a.type === 'typing')).toBe(false);
  expect((await app.tickets.get(ticket.id))!.status).toBe('assigned');
  expect((await app.tickets.get(waiting.id))!.status).toBe('waiting');
  expect((await app.tickets.get(foreign.id))!.status).toBe('assigned');
  // A close cannot pretend to be a hand back (which also gives the customer the menu).
  const pretended = await post(`/api/agent/tickets/${ticket.id}/close`, `Bearer ${kim}`, JSON.stringify({ reason: 'handed_back' }));
  expect(pretended.status).toBe(400);
  // Still kim's to hand back.
  expect((await post(`/api/agent/tickets/${ticket.id}/handback`, `Bearer ${kim}`, '{}')).status).toBe(200);
  await customer.leave();
  await waitingCustomer.leave();
}, 120_000);
