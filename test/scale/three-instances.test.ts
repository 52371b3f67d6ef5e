import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { ConnectionStatus, DirectLine } from 'botframework-directlinejs';
import { installBrowserGlobals, waitFor } from '../../directline/test-support.js';
import { describePostgres } from '../../storage/postgres/test-support.js';
import { agentAccounts, AGENT, OTHER_AGENT, webChatCustomer } from '../e2e/agent-console.support.js';
import { startCluster, type Cluster } from './cluster.js';

/**
 * Issue 12, "three instances, one database": three real server processes on one PostgreSQL
 * schema. A customer's token, stream and posts each go to a different instance; an instance dies
 * with SIGKILL under the stream; agents on different instances race for one ticket; a ticket
 * expires once; retention on one instance purges what all of them made.
 */
jest.setTimeout(300_000);

type Seen = { id?: string; text?: string; from: { role?: string }; replyToId?: string };

describePostgres('three instances on one PostgreSQL', () => {
  let cluster: Cluster;
  let restoreGlobals: () => void;

  beforeAll(async () => {
    restoreGlobals = installBrowserGlobals();
    cluster = await startCluster(3, {
      env: { HANDOFF_HOURS: 'always', AGENT_ACCOUNTS: await agentAccounts(), HANDOFF_ACCEPT_TIMEOUT_MINUTES: '1' },
    });
  }, 240_000);

  afterAll(async () => {
    await cluster?.stop();
    restoreGlobals?.();
  });

  const domain = (i: number) => `${cluster.url(i)}/v3/directline`;

  function official(token: string, i: number, extra: Record<string, unknown> = {}) {
    const client = new DirectLine({ token, domain: domain(i), webSocket: true, pollingInterval: 500, ...extra } as any);
    const received: Seen[] = [];
    const subscription = client.activity$.subscribe((activity: any) => received.push(activity));
    return {
      client,
      received,
      online: () => waitFor(() => client.connectionStatus$.getValue() === ConnectionStatus.Online || undefined, 60_000),
      end() {
        subscription.unsubscribe();
        client.end();
      },
    };
  }

  const post = (client: DirectLine, text: string) =>
    new Promise<string>((resolve, reject) =>
      client.postActivity({ type: 'message', from: { id: 'dl_customer' }, text, locale: 'ko-KR' } as any).subscribe(resolve, reject),
    );

  /** Every activity id the database holds for the conversation, in order (via instance i's REST API). */
  async function everything(i: number, token: string, conversationId: string): Promise<Seen[]> {
    const all: Seen[] = [];
    let watermark = 0;
    for (;;) {
      const response = await fetch(`${domain(i)}/conversations/${conversationId}/activities?watermark=${watermark}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const page = (await response.json()) as { activities: Seen[]; watermark: string };
      all.push(...page.activities);
      if (Number(page.watermark) === watermark) return all;
      watermark = Number(page.watermark);
    }
  }

  const ids = (list: Seen[]) => list.map((activity) => activity.id!);

  test('token from A, stream from B, posts to C; B is SIGKILLed and the stream resumes on A from its watermark: every reply once, in order', async () => {
    const { token, conversationId } = (await (await fetch(`${cluster.url(0)}/api/webchat/token`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
    };
    const streamer = official(token, 1);
    await streamer.online();
    // The poster is a second official client on C (polling), sharing the conversation and token.
    const poster = official(token, 2, { webSocket: false, conversationId });
    await poster.online();

    const sent: string[] = [];
    for (const text of ['안녕하세요', '인증서 갱신은 어떻게 하나요', '처음으로']) {
      const id = await post(poster.client, text);
      sent.push(id);
      // The reply written by C's turn reaches the WebSocket held by B (LISTEN/NOTIFY fan-out).
      await waitFor(() => streamer.received.find((activity) => activity.replyToId === id && activity.from.role === 'bot'), 30_000);
    }

    // B dies under the stream. The official client then reconnects to A with its watermark.
    const watermark = (streamer.client as any).watermark as string;
    expect(watermark).toMatch(/^\d+$/);
    await cluster.kill(1, 'SIGKILL');
    streamer.end();
    const duringOutage = await post(poster.client, '공동인증서가 뭐예요');
    sent.push(duringOutage);
    const resumed = official(token, 0, { conversationId, watermark });
    await resumed.online();
    await waitFor(() => resumed.received.find((activity) => activity.replyToId === duringOutage && activity.from.role === 'bot'), 30_000);
    const last = await post(poster.client, '고맙습니다');
    sent.push(last);
    await waitFor(() => resumed.received.find((activity) => activity.replyToId === last && activity.from.role === 'bot'), 30_000);

    const stored = await everything(2, token, conversationId);
    const seenByCustomer = [...streamer.received, ...resumed.received];
    // Once: nothing twice across the two streams. In order: exactly the database's order. Nothing lost.
    expect(new Set(ids(seenByCustomer)).size).toBe(seenByCustomer.length);
    expect(ids(seenByCustomer)).toEqual(ids(stored).slice(0, seenByCustomer.length));
    expect(ids(stored).slice(seenByCustomer.length)).toEqual([]);
    for (const id of sent) expect(ids(stored)).toContain(id);
    resumed.end();
    poster.end();
    await cluster.start(1);
  });

  async function signIn(i: number, agent: { username: string; password: string }): Promise<string> {
    const response = await fetch(`${cluster.url(i)}/api/agent/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(agent),
    });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    // The console's first queue poll: the agent is now on shift (presence is shared through the database).
    expect((await fetch(`${cluster.url(i)}/api/agent/tickets?status=all`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    return token;
  }

  /** The customer asks for an agent and is given a queue place; the one waiting ticket, as instance i lists it. */
  async function waitingTicket(i: number, agentToken: string, customer: Awaited<ReturnType<typeof webChatCustomer>>): Promise<{ id: string }> {
    await customer.say('상담원 연결해 주세요');
    await customer.expectBot(/대기 순서/, 30_000);
    const response = await fetch(`${cluster.url(i)}/api/agent/tickets?status=all`, { headers: { Authorization: `Bearer ${agentToken}` } });
    const { tickets } = (await response.json()) as { tickets: { id: string; status: string }[] };
    const waiting = tickets.filter((ticket) => ticket.status === 'waiting');
    expect(waiting).toHaveLength(1);
    return waiting[0];
  }

  test('two agents on two instances accept the same ticket at the same moment: exactly one wins', async () => {
    const [kim, lee] = await Promise.all([signIn(0, AGENT), signIn(1, OTHER_AGENT)]);
    const customer = await webChatCustomer(cluster.url(2));
    const ticket = await waitingTicket(0, kim, customer);
    const accept = (i: number, token: string) =>
      fetch(`${cluster.url(i)}/api/agent/tickets/${encodeURIComponent(ticket.id)}/accept`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      }).then((r) => r.status);
    const statuses = await Promise.all([accept(0, kim), accept(1, lee)]);
    expect([...statuses].sort()).toEqual([200, 409]);
    // The customer is told once that an agent joined, not twice.
    const winner = statuses[0] === 200 ? 'kim' : 'lee';
    // Both instances read the same single winner.
    for (const [i, token] of [
      [0, kim],
      [1, lee],
    ] as const) {
      const response = await fetch(`${cluster.url(i)}/api/agent/tickets/${encodeURIComponent(ticket.id)}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(JSON.stringify(await response.json())).toContain(winner);
    }
    // Tickets are rows of their own table on PostgreSQL: one row, the winner's; no ticket or index document in bot_state.
    const { rows } = await cluster.pool.query(`SELECT status, agent_id FROM tickets WHERE id = $1`, [ticket.id]);
    expect(rows).toEqual([{ status: 'assigned', agent_id: expect.stringContaining(winner) }]);
    expect((await cluster.pool.query(`SELECT count(*)::int AS n FROM bot_state WHERE key ~ '^handoff/(ticket/|open$|closed|by-|stats/)'`)).rows[0].n).toBe(0);
  });

  test('a ticket expires once, although three instances run the expiry timer', async () => {
    const kim = await signIn(2, AGENT);
    const customer = await webChatCustomer(cluster.url(0));
    const ticket = await waitingTicket(2, kim, customer);
    // Nobody accepts within HANDOFF_ACCEPT_TIMEOUT_MINUTES (1): the shared timer, claimed by one instance, expires it.
    await waitFor(async () => {
      const response = await fetch(`${cluster.url(1)}/api/agent/tickets/${encodeURIComponent(ticket.id)}`, { headers: { Authorization: `Bearer ${kim}` } });
      return ((await response.json()) as { ticket?: { status?: string } }).ticket?.status === 'expired' || undefined;
    }, 180_000);
    // Let every instance's timer run again: the customer still has exactly one expiry message.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const { rows } = await cluster.pool.query(
      `SELECT count(*)::int AS n FROM dl_activities WHERE conversation_id = $1 AND activity::text ~ '(늦어지고 있어요|연결 가능한 상담원이 없었어요)'`,
      [customer.conversationId],
    );
    expect(rows[0].n).toBe(1);
    expect((await cluster.pool.query(`SELECT status, document->>'closeReason' AS reason FROM tickets WHERE id = $1`, [ticket.id])).rows).toEqual([
      { status: 'expired', reason: 'no_agent' },
    ]);
  });

  test('retention on one instance purges conversations made on all of them', async () => {
    const customers = await Promise.all([0, 1, 2].map((i) => webChatCustomer(cluster.url(i))));
    for (const customer of customers) {
      await customer.say('안녕하세요');
      await customer.expectBot(/./);
    }
    const made = customers.map((customer) => customer.conversationId);
    const remaining = async () =>
      (await cluster.pool.query(`SELECT count(*)::int AS n FROM dl_conversations WHERE id = ANY($1)`, [made])).rows[0].n +
      (await cluster.pool.query(`SELECT count(*)::int AS n FROM bot_state WHERE key = ANY($1)`, [made.map((id) => `directline/conversations/${id}/`)])).rows[0]
        .n;
    expect(await remaining()).toBe(6);
    // Forty days pass: the day markers and last-seen records of retention (server/retention.ts) move back.
    const today = new Date().toISOString().slice(0, 10);
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    await cluster.pool.query(
      `UPDATE bot_state SET key = replace(key, 'retention/' || $1 || '/', 'retention/' || $2 || '/') WHERE key LIKE 'retention/' || $1 || '/%'`,
      [today, old],
    );
    await cluster.pool.query(`UPDATE bot_state SET key = 'retention/days/' || $2 WHERE key = 'retention/days/' || $1`, [today, old]);
    await cluster.pool.query(`UPDATE bot_state SET document = jsonb_set(document, '{lastDay}', to_jsonb($1::text)) WHERE key LIKE 'retention/subject/%'`, [
      old,
    ]);
    // The purge is due now; the first instance to tick claims it (a shared timer ticks at start: A restarts), the others skip it.
    await cluster.pool.query(`UPDATE timer_claims SET next_due_at = now() WHERE name = 'retention-purge'`);
    await cluster.kill(0, 'SIGTERM');
    await cluster.start(0);
    // Erased, and the run claimed (its commit moves the next purge hours away for every instance).
    const claimed = async () =>
      (await cluster.pool.query(`SELECT next_due_at > now() + interval '1 hour' AS later FROM timer_claims WHERE name = 'retention-purge'`)).rows[0]
        .later as boolean;
    await waitFor(async () => ((await remaining()) === 0 && (await claimed()) ? true : undefined), 60_000);
  });
});
