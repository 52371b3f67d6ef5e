// The console's live conversation (issue 19) through the real server: a web chat customer on a
// WebSocket stream, an agent signed in with a password account, the SSE stream and the reply box
// over HTTP. Bounded polls only, no timing assertions.
import { hashPassword } from '../../handoff/agent-accounts.js';
import { waitFor } from '../../directline/test-support.js';
import { REDACTED } from '../../lib/redact.js';
import { startTestApp } from '../support/app.js';
import { openEvents, reply, signIn, wsCustomer } from '../support/agent-conversation.js';
import type { App } from '../../server/index.js';

const KIM = { username: 'kim', password: 'correct horse battery' };
const LEE = { username: 'lee', password: 'another long passphrase' };
const RRN = '900101-1234567';

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

/** A customer queued and accepted by kim through the console API. */
async function acceptedCustomer() {
  const customer = await wsCustomer(url);
  await customer.say('상담원 연결해 주세요');
  await customer.hears(/대기 순서 \d+번째/);
  const ticket = (await app.tickets.findOpenByConversation(customer.conversationId))!;
  const accepted = await fetch(`${url}/api/agent/tickets/${ticket.id}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${kim}` } });
  expect(accepted.status).toBe(200);
  await customer.hears(/상담원 kim님이 연결되었어요/);
  return { customer, ticket };
}

test("the accepted ticket streams the conversation; the customer's message arrives at once, the agent's reply reaches the customer as the agent, masked", async () => {
  const { customer, ticket } = await acceptedCustomer();
  const events = await openEvents(url, ticket.id, kim);
  expect(events.response.status).toBe(200);
  expect(events.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  // The backlog first: the request and the connection notice are there.
  await events.sees(/상담원 kim님이 연결되었어요/, 'bot');

  await customer.say('인증서가 안 보여요');
  const fromCustomer = await events.sees(/인증서가 안 보여요/, 'user');
  expect(fromCustomer.from.role).toBe('user');

  const sent = await reply(url, ticket.id, kim, { text: `고객님 주민번호 ${RRN} 확인했습니다` });
  expect(sent.status).toBe(200);
  expect(sent.body.text).toBe(`상담원 kim: 고객님 주민번호 ${REDACTED.rrn} 확인했습니다`);
  const heard = await customer.hears(/^상담원 kim: 고객님 주민번호/);
  expect(heard.text).toContain(REDACTED.rrn);
  expect(JSON.stringify(customer.seen)).not.toContain('1234567');
  // The console sees its own message on the stream too, masked the same.
  await events.sees(/^상담원 kim: 고객님 주민번호 \[redacted:rrn\]/, 'bot');
  expect(JSON.stringify(events.activities())).not.toContain('1234567');

  // The redacted transcript has the agent's message, masked.
  await app.transcripts!.flush();
  const transcript = JSON.stringify(await app.transcripts!.exportTranscript(customer.conversationId));
  expect(transcript).toContain(`상담원 kim: 고객님 주민번호 ${REDACTED.rrn}`);
  expect(transcript).not.toContain('1234567');

  // Event ids are watermarks, increasing.
  const ids = events.events.filter((e) => e.id).map((e) => Number(e.id));
  expect(ids).toEqual([...ids].sort((a, b) => a - b));

  // The agent closes: the stream gets the satisfaction card, then an end event, and closes.
  const closed = await fetch(`${url}/api/agent/tickets/${ticket.id}/close`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${kim}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(closed.status).toBe(200);
  await waitFor(() => events.events.find((e) => e.event === 'end'), 20_000);
  await waitFor(() => (events.ended() ? true : undefined), 10_000);
  events.close();
  // A closed ticket takes no more messages.
  expect((await reply(url, ticket.id, kim, { text: '아직 계세요?' })).status).toBe(403);
  await customer.leave();
}, 120_000);

test('Last-Event-ID resumes after what was seen; a bad one is a clear 400', async () => {
  const { customer, ticket } = await acceptedCustomer();
  const first = await openEvents(url, ticket.id, kim);
  await first.sees(/연결되었어요/, 'bot');
  const seenUpTo = first.lastId()!;
  first.close();
  await customer.say('다시 연결했어요');
  const resumed = await openEvents(url, ticket.id, kim, { 'Last-Event-ID': seenUpTo });
  await resumed.sees(/다시 연결했어요/, 'user');
  // Nothing from before the resume point comes again.
  expect(resumed.activities().some((a) => /연결되었어요/.test(a.text ?? ''))).toBe(false);
  resumed.close();

  for (const bad of ['abc', '-1', '1e3', '99999999999', '1; DROP']) {
    const refused = await fetch(`${url}/api/agent/tickets/${ticket.id}/events`, { headers: { Authorization: `Bearer ${kim}`, 'Last-Event-ID': bad } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('BadLastEventId');
  }
  // The server is still fine.
  expect(
    await fetch(`${url}/api/agent/tickets/${ticket.id}/events`, {
      method: 'GET',
      headers: { Authorization: `Bearer ${kim}` },
      signal: AbortSignal.timeout(200),
    })
      .then((r) => r.status)
      .catch(() => 'aborted'),
  ).toBe(200);
  await customer.leave();
}, 120_000);

test("another agent, a customer's Direct Line token, a forged or missing token are refused on both routes; bad bodies are 400", async () => {
  const { customer, ticket } = await acceptedCustomer();
  const events = `${url}/api/agent/tickets/${ticket.id}/events`;
  const messages = `${url}/api/agent/tickets/${ticket.id}/messages`;
  const post = (authorization: string | undefined, body: string) =>
    fetch(messages, { method: 'POST', headers: { ...(authorization ? { Authorization: authorization } : {}), 'Content-Type': 'application/json' }, body });
  const ok = JSON.stringify({ text: '안녕하세요' });

  // Another agent of the same tenant sees the ticket but may not talk: 403.
  expect((await fetch(events, { headers: { Authorization: `Bearer ${lee}` } })).status).toBe(403);
  expect((await post(`Bearer ${lee}`, ok)).status).toBe(403);
  // The customer's own Direct Line token is no agent session.
  for (const authorization of [`Bearer ${customer.token}`, `Bearer ${kim.slice(0, -4)}AAAA`, undefined]) {
    const read = await fetch(events, { headers: authorization ? { Authorization: authorization } : {} });
    expect(read.status).toBe(401);
    expect((await post(authorization, ok)).status).toBe(401);
  }
  // Nothing of theirs reached the customer.
  expect(customer.seen.some((a) => /안녕하세요/.test(a.text ?? ''))).toBe(false);

  for (const body of [
    '{}',
    JSON.stringify({ text: '' }),
    JSON.stringify({ text: '   ' }),
    JSON.stringify({ text: 42 }),
    JSON.stringify({ text: 'x'.repeat(2001) }),
    'not json',
  ]) {
    const refused = await post(`Bearer ${kim}`, body);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).not.toMatch(/at \w+ \(/);
  }
  // An unknown ticket is 404, a malformed id too.
  expect((await fetch(`${url}/api/agent/tickets/nope/events`, { headers: { Authorization: `Bearer ${kim}` } })).status).toBe(404);
  expect(
    (
      await fetch(`${url}/api/agent/tickets/${'%00'.repeat(3)}/messages`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${kim}`, 'Content-Type': 'application/json' },
        body: ok,
      })
    ).status,
  ).toBe(404);
  await customer.leave();
}, 120_000);

// Last: it drains the app.
test('a drain ends open console streams (the console reconnects elsewhere with Last-Event-ID) instead of waiting on them', async () => {
  const { customer, ticket } = await acceptedCustomer();
  const events = await openEvents(url, ticket.id, kim);
  await events.sees(/연결되었어요/, 'bot');
  await customer.leave();
  const { unfinished } = await app.drain({ timeoutMs: 10_000, noticeMs: 0 });
  expect(unfinished).toBe(0);
  await waitFor(() => (events.ended() ? true : undefined), 10_000);
}, 120_000);
