// Customers who left the queue, with two instances on ONE PostgreSQL schema: a customer's stream
// sits on one instance, their requests reach the other, and the drop runs once per period on
// whichever instance claims it (storage/postgres/run-once.ts). Short grace period, bounded polls.
import pg from 'pg';
import { WebSocket } from 'ws';
import { waitFor } from '../../directline/test-support.js';
import { describePostgres, TEST_DATABASE_URL } from '../../storage/postgres/test-support.js';
import { twoInstances, type Instance } from '../support/postgres-env.js';

const GRACE_SECONDS = 3;
const ENV = { HANDOFF_HOURS: 'always', HANDOFF_TENANT_ID: 'tenant-1', HANDOFF_CUSTOMER_LEFT_SECONDS: String(GRACE_SECONDS) };

interface Seen {
  from: { role?: string };
  text?: string;
  attachments?: unknown[];
}

describePostgres('customers who left, two instances on one database', () => {
  const two = twoInstances(ENV);
  const schema = two.schema;
  let a: Instance;
  let b: Instance;
  beforeAll(() => {
    a = two.a();
    b = two.b();
  });

  /** A customer whose conversation was started on `home`; the stream is opened wherever the test says. */
  async function customer(home: { url: string }) {
    const { token, conversationId } = (await (await fetch(`${home.url}/api/webchat/token`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
    };
    const auth = { Authorization: `Bearer ${token}` };
    await fetch(`${home.url}/v3/directline/conversations`, { method: 'POST', headers: auth });
    const seen: Seen[] = [];
    let socket: WebSocket | undefined;
    return {
      conversationId,
      async streamOn(instance: { url: string }) {
        socket = new WebSocket(`${instance.url.replace(/^http/, 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}`);
        socket.on('message', (data) => {
          const text = String(data);
          if (text) seen.push(...(JSON.parse(text) as { activities: Seen[] }).activities);
        });
        await new Promise<void>((resolve, reject) => socket!.once('open', () => resolve()).once('error', reject));
      },
      async leave() {
        const closed = new Promise<void>((resolve) => socket!.once('close', () => resolve()));
        socket!.close(1000);
        await closed;
      },
      async say(via: { url: string }, text: string) {
        await fetch(`${via.url}/v3/directline/conversations/${conversationId}/activities`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 'message', from: { id: 'u' }, locale: 'ko-KR', text }),
        });
      },
      hears(pattern: RegExp) {
        return waitFor(() => seen.find((x) => x.from.role === 'bot' && pattern.test(`${x.text ?? ''} ${JSON.stringify(x.attachments ?? [])}`)), 20_000);
      },
      async log(via: { url: string }): Promise<Seen[]> {
        return (
          (await (await fetch(`${via.url}/v3/directline/conversations/${conversationId}/activities`, { headers: auth })).json()) as { activities: Seen[] }
        ).activities;
      },
    };
  }

  test('stream on one instance keeps the place; closed, the ticket is dropped once; a reconnect to the other instance keeps its place', async () => {
    // x: conversation and requests on A, stream on B. y: stream on A. z: stream on A, reconnects to B.
    const x = await customer(a);
    await x.streamOn(b);
    await x.say(a, '상담원 연결해 주세요');
    await x.hears(/대기 순서 1번째/);
    const y = await customer(b);
    await y.streamOn(a);
    await y.say(b, '상담원 연결해 주세요');
    await y.hears(/대기 순서 2번째/);
    const z = await customer(a);
    await z.streamOn(a);
    await z.say(a, '상담원 연결해 주세요');
    await z.hears(/대기 순서 3번째/);
    const xTicket = (await a.app.tickets.findOpenByConversation(x.conversationId))!;
    const zTicket = (await a.app.tickets.findOpenByConversation(z.conversationId))!;

    // x stays past the grace period with no request at all: only B's stream keeps the place, and the stamp is seen by both.
    await waitFor(async () => {
      const current = await a.app.tickets.get(xTicket.id);
      return current && Date.parse(current.customerSeenAt ?? current.createdAt) > Date.parse(current.createdAt) + GRACE_SECONDS * 1000 ? current : undefined;
    }, 20_000);
    expect((await b.app.tickets.get(xTicket.id))?.status).toBe('waiting');

    // z navigates: its stream on A closes, the next page reopens it on B within the grace period.
    await z.leave();
    const zLeftAt = Date.now();
    await z.streamOn(b);
    expect(Date.now() - zLeftAt).toBeLessThan(GRACE_SECONDS * 1000);

    // x closes the tab.
    await x.leave();
    const closed = await waitFor(async () => {
      const current = await b.app.tickets.get(xTicket.id);
      return current?.status === 'closed' ? current : undefined;
    }, 20_000);
    expect(closed.closeReason).toBe('customer_left');
    await y.say(b, '아직 기다려야 하나요?');
    await y.hears(/지금 대기 순서는 1번째/);

    // z is stamped after its grace period since the close has run out, and still waits.
    const zLater = await waitFor(async () => {
      const current = await b.app.tickets.get(zTicket.id);
      return current && (current.status !== 'waiting' || Date.parse(current.customerSeenAt ?? current.createdAt) > zLeftAt + GRACE_SECONDS * 1000)
        ? current
        : undefined;
    }, 20_000);
    expect(zLater.status).toBe('waiting');

    // Dropped once: one message in x's conversation, whichever instance dropped it.
    const told = (await x.log(a)).filter((activity) => activity.from.role === 'bot' && /상담 대기를 취소했어요/.test(activity.text ?? ''));
    expect(told).toHaveLength(1);
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT last_run_by FROM ${schema}.timer_claims WHERE name = 'customers-left'`);
      expect(rows).toHaveLength(1);
    } finally {
      await db.end();
    }
    await Promise.all([y.leave(), z.leave()]);
  }, 120_000);
});
