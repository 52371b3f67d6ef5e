// The console's live conversation across instances: two apps on ONE PostgreSQL schema; the customer's
// chat (WebSocket and posts) is on instance A, the agent's console (SSE stream and replies) on B. The
// stream follows the shared Direct Line log, woken by its LISTEN/NOTIFY channel. Bounded polls only.
import { hashPassword } from '../../handoff/agent-accounts.js';
import { waitFor } from '../../directline/test-support.js';
import { REDACTED } from '../../lib/redact.js';
import { describePostgres, dropSchema, testSchemaName } from '../../storage/postgres/test-support.js';
import { startTestApp } from '../support/app.js';
import { openEvents, reply, signIn, wsCustomer } from '../support/agent-conversation.js';
import { sharedPostgresEnv } from '../support/postgres-env.js';
import type { App } from '../../server/index.js';

const KIM = { username: 'kim', password: 'correct horse battery' };
const RRN = '900101-1234567';
const schema = testSchemaName();

describePostgres('the console conversation across two instances', () => {
  let a: { app: App; url: string };
  let b: { app: App; url: string };

  beforeAll(async () => {
    const env = {
      ...sharedPostgresEnv(schema),
      HANDOFF_HOURS: 'always',
      HANDOFF_TENANT_ID: 'tenant-1',
      TRANSCRIPTS: 'on',
      AGENT_ACCOUNTS: `${KIM.username}:${await hashPassword(KIM.password, { N: 1024, r: 8, p: 1 })}`,
    };
    // One after the other (content loading blocks the event loop; see server/postgres.test.ts).
    a = await startTestApp(env);
    b = await startTestApp(env);
  }, 120_000);
  afterAll(async () => {
    await a?.app.close();
    await b?.app.close();
    await dropSchema(schema);
  });

  test('the customer on A, the console on B: messages both ways, masked, resumable on either instance', async () => {
    const customer = await wsCustomer(a.url);
    await customer.say('상담원 연결해 주세요');
    await customer.hears(/대기 순서 \d+번째/);
    const ticket = (await a.app.tickets.findOpenByConversation(customer.conversationId))!;
    const token = await signIn(b.url, KIM.username, KIM.password);
    expect((await fetch(`${b.url}/api/agent/tickets/${ticket.id}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    await customer.hears(/상담원 kim님이 연결되었어요/);

    const events = await openEvents(b.url, ticket.id, token);
    expect(events.response.status).toBe(200);
    await events.sees(/연결되었어요/, 'bot');
    await customer.say('A에서 보낸 메시지예요');
    await events.sees(/A에서 보낸 메시지예요/, 'user');

    expect((await reply(b.url, ticket.id, token, { text: `주민번호 ${RRN} 보내지 마세요` })).status).toBe(200);
    const heard = await customer.hears(/^상담원 kim: 주민번호/);
    expect(heard.text).toBe(`상담원 kim: 주민번호 ${REDACTED.rrn} 보내지 마세요`);

    // The stream moves to instance A and resumes after what B sent.
    const seenUpTo = events.lastId()!;
    events.close();
    await customer.say('계속 기다릴게요');
    const resumed = await openEvents(a.url, ticket.id, token, { 'Last-Event-ID': seenUpTo });
    await resumed.sees(/계속 기다릴게요/, 'user');
    expect(resumed.activities().some((x) => /A에서 보낸 메시지예요/.test(x.text ?? ''))).toBe(false);
    resumed.close();

    await a.app.transcripts!.flush();
    await b.app.transcripts!.flush();
    const transcript = JSON.stringify(await a.app.transcripts!.exportTranscript(customer.conversationId));
    expect(transcript).toContain(`상담원 kim: 주민번호 ${REDACTED.rrn}`);
    expect(transcript).not.toContain('1234567');
    await customer.leave();
  }, 120_000);

  test('typing crosses instances both ways (never stored), and a hand back on B gives the customer on A the menu and the rating', async () => {
    const customer = await wsCustomer(a.url);
    await customer.say('상담원 연결해 주세요');
    await customer.hears(/대기 순서 \d+번째/);
    const ticket = (await a.app.tickets.findOpenByConversation(customer.conversationId))!;
    const token = await signIn(b.url, KIM.username, KIM.password);
    expect((await fetch(`${b.url}/api/agent/tickets/${ticket.id}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    await customer.hears(/상담원 kim님이 연결되었어요/);
    const events = await openEvents(b.url, ticket.id, token);
    await events.sees(/연결되었어요/, 'bot');

    // The customer types on A; the console on B hears it through the database's notices.
    await customer.type(a.url);
    await waitFor(() => events.events.find((e) => e.event === 'typing'), 20_000);
    // The agent types on B; the customer's stream on A gets Web Chat's typing activity, with the agent's name.
    const typed = await fetch(`${b.url}/api/agent/tickets/${ticket.id}/typing`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(typed.status).toBe(202);
    const typing = await waitFor(() => customer.seen.find((x) => x.type === 'typing'), 20_000);
    expect(typing.from).toMatchObject({ role: 'bot' });
    expect((typing as { channelData?: unknown }).channelData).toEqual({ handoff: 'agent', agent: { name: 'kim' } });
    // Only the agent's typing reached the customer: their own is not echoed back to them.
    expect(customer.seen.filter((x) => x.type === 'typing')).toHaveLength(1);

    const handedBack = await fetch(`${b.url}/api/agent/tickets/${ticket.id}/handback`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(handedBack.status).toBe(200);
    await customer.hears(/"action":"menu"/);
    await waitFor(() => customer.seen.find((x) => JSON.stringify(x).includes('"action":"rate"')), 20_000);
    await waitFor(() => events.events.find((e) => e.event === 'end'), 20_000);
    events.close();
    expect((await a.app.tickets.get(ticket.id))!.closeReason).toBe('handed_back');
    await a.app.transcripts!.flush();
    await b.app.transcripts!.flush();
    const transcript = (await a.app.transcripts!.exportTranscript(customer.conversationId)) as { type: string }[];
    expect(transcript.some((x) => x.type === 'typing')).toBe(false);
    await customer.leave();
  }, 120_000);
});
