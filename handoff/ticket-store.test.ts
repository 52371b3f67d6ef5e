import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, test } from '@jest/globals';
import { MemoryStorage, type Storage } from 'botbuilder';
import { LowdbStorage } from '../storage/lowdb-storage.js';
import { PostgresTicketRows } from '../storage/postgres/tickets.js';
import { describePostgres, usePostgresSchema } from '../storage/postgres/test-support.js';
import { PhoneNumberError, PhoneSealer } from './phone.js';
import { DocumentTicketRecords } from './ticket-records-documents.js';
import { PostgresTicketRecords } from './ticket-records-postgres.js';
import type { TicketRecords } from './ticket-records.js';
import { TicketStore, type NewTicket } from './ticket-store.js';
import type { Ticket } from './tickets.js';

/**
 * The contract of the ticket store, run against every engine behind it: documents in memory and in
 * lowdb (one process) and rows in PostgreSQL (several instances).
 */
interface Engine {
  /** Records over the same backing every call (two calls = two processes on one store). */
  records(now: () => Date): TicketRecords;
  /** Everything stored about a ticket, as text (for the no-secret scan). */
  dump(ticket: Ticket): Promise<string>;
  /** Document engines: the storage, for checks of their index documents. */
  storage?: Storage;
}

function documents(storage: Storage): Engine {
  return {
    records: (now) => new DocumentTicketRecords(storage, now),
    dump: async (ticket) => JSON.stringify(await storage.read([`handoff/ticket/${ticket.id}`, `handoff/open`])),
    storage,
  };
}

class Clock {
  constructor(public time = Date.parse('2026-11-25T01:00:00.000Z')) {}
  now = () => new Date(this.time);
  advanceMinutes(minutes: number): void {
    this.time += minutes * 60_000;
  }
}

function newStore(engine: Engine, clock = new Clock(), sealer = new PhoneSealer(randomBytes(32)), idPrefix = 't') {
  let counter = 0;
  const store = new TicketStore({
    records: engine.records(clock.now),
    sealer,
    acceptTimeoutMinutes: 10,
    averageHandlingMinutes: 5,
    closedListDays: 7,
    retentionDays: 30,
    now: clock.now,
    newId: () => `${idPrefix}${(counter += 1)}`,
  });
  return { store, clock, engine, sealer };
}

const request = (conversationId: string, extra: Partial<NewTicket> = {}): NewTicket => ({
  conversationId,
  channelId: 'directline',
  locale: 'ko-KR',
  summary: { intent: 'issue', institution: 'kb', certType: 'joint', stepsDone: ['issue.start'] },
  ...extra,
});

const agent = (id: string, conversationId?: string) => ({
  id,
  name: `Agent ${id}`,
  ...(conversationId ? { conversation: { conversation: { id: conversationId } as never, serviceUrl: 'https://smba.example/' } } : {}),
});

function contract(engineOf: () => Promise<Engine>): void {
  test('creates a waiting ticket, and a second request of the same conversation gets the same ticket', async () => {
    const { store } = newStore(await engineOf());
    const first = await store.create(request('conv-1'));
    expect(first).toMatchObject({ created: true, ticket: { id: 't1', status: 'waiting', createdAt: '2026-11-25T01:00:00.000Z' } });
    const again = await store.create(request('conv-1'));
    expect(again).toMatchObject({ created: false, ticket: { id: 't1' } });
    expect((await store.findOpenByConversation('conv-1'))?.id).toBe('t1');
    expect(await store.findOpenByConversation('conv-2')).toBeUndefined();
  });

  test('a callback ticket stores the number masked and sealed, never in clear', async () => {
    const { store, engine } = newStore(await engineOf());
    const { ticket } = await store.create(request('conv-cb', { callback: { phone: '010-1234-5678', preferredTime: '오후 2시' } }));
    expect(ticket.status).toBe('callback');
    expect(ticket.callback?.phoneMasked).toBe('010-****-5678');
    const stored = await engine.dump(ticket);
    expect(stored).toContain('010-****-5678');
    expect(stored).not.toMatch(/1234|01012345678/);
    expect(store.revealCallbackPhone(ticket)).toBe('010-1234-5678');
    await expect(store.create(request('conv-bad', { callback: { phone: '12345' } }))).rejects.toThrow(PhoneNumberError);
  });

  test('after a restart with another key the callback number cannot be recovered', async () => {
    const engine = await engineOf();
    const { store } = newStore(engine);
    const { ticket } = await store.create(request('conv-cb', { callback: { phone: '01012345678' } }));
    const restarted = newStore(engine).store;
    expect(restarted.revealCallbackPhone((await restarted.get(ticket.id))!)).toBeUndefined();
  });

  test('of 10 concurrent accepts exactly one wins', async () => {
    const { store } = newStore(await engineOf());
    const { ticket } = await store.create(request('conv-race'));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.accept(ticket.id, agent(`a${i}`))));
    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    const winner = (await store.get(ticket.id))!.agent!;
    for (const loser of results.filter((result) => !result.ok)) {
      expect(loser).toMatchObject({ ok: false, reason: 'taken', by: { id: winner.id, name: winner.name } });
    }
    expect((await store.list(['assigned'])).map((t) => t.id)).toEqual([ticket.id]);
    expect(await store.list(['waiting'])).toEqual([]);
  });

  test('10 concurrent requests of one conversation open exactly one ticket', async () => {
    const { store } = newStore(await engineOf());
    const results = await Promise.all(Array.from({ length: 10 }, () => store.create(request('conv-burst'))));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.ticket.id)).size).toBe(1);
    expect((await store.list(['waiting'])).map((ticket) => ticket.conversationId)).toEqual(['conv-burst']);
    // Once it is closed, the conversation may ask again — once.
    await store.close(results[0]!.ticket.id, 'customer_left');
    const again = await Promise.all(Array.from({ length: 10 }, () => store.create(request('conv-burst'))));
    expect(again.filter((result) => result.created)).toHaveLength(1);
    expect(await store.list(['waiting'])).toHaveLength(1);
  });

  test('two stores over one storage (two processes) still open one ticket for a conversation that had one before', async () => {
    const engine = await engineOf();
    const sealer = new PhoneSealer(randomBytes(32));
    const [first, second] = [newStore(engine, new Clock(), sealer, 'a').store, newStore(engine, new Clock(), sealer, 'b').store];
    await first.close((await first.create(request('conv-shared'))).ticket.id, 'customer_left');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).create(request('conv-shared'))));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await first.list(['waiting'])).toHaveLength(1);
  });

  test('accept: same agent again is fine, unknown ticket, closed ticket, busy agent chat', async () => {
    const { store } = newStore(await engineOf());
    const { ticket } = await store.create(request('conv-1'));
    expect((await store.accept(ticket.id, agent('a1', 'agent-chat'))).ok).toBe(true);
    expect((await store.accept(ticket.id, agent('a1', 'agent-chat'))).ok).toBe(true);
    expect(await store.accept('nope', agent('a1'))).toEqual({ ok: false, reason: 'not_found' });
    expect((await store.findByAgentConversation('agent-chat'))?.id).toBe(ticket.id);
    const second = (await store.create(request('conv-2'))).ticket;
    expect(await store.accept(second.id, agent('a1', 'agent-chat'))).toEqual({ ok: false, reason: 'agent_busy', ticketId: ticket.id });
    await store.close(ticket.id, 'resolved', 'a1');
    expect(await store.findByAgentConversation('agent-chat')).toBeUndefined();
    expect(await store.accept(ticket.id, agent('a2'))).toMatchObject({ ok: false, reason: 'not_waiting' });
    expect((await store.accept(second.id, agent('a1', 'agent-chat'))).ok).toBe(true);
  });

  test('the agent conversation can be attached after a console accept', async () => {
    const { store } = newStore(await engineOf());
    const { ticket } = await store.create(request('conv-1'));
    await store.accept(ticket.id, agent('a1'));
    expect(await store.setAgentConversation(ticket.id, 'a2', { conversation: { id: 'x' } as never })).toBeUndefined();
    await store.setAgentConversation(ticket.id, 'a1', { conversation: { id: 'teams-chat' } as never });
    expect((await store.findByAgentConversation('teams-chat'))?.id).toBe(ticket.id);
  });

  test('close: only the assignee, once; then rate once', async () => {
    const { store, clock } = newStore(await engineOf());
    const { ticket } = await store.create(request('conv-1'));
    await store.accept(ticket.id, agent('a1'));
    expect(await store.close(ticket.id, 'resolved', 'a2')).toMatchObject({ ok: false, reason: 'not_assignee' });
    expect(await store.rate(ticket.id, 5)).toMatchObject({ ok: false, reason: 'not_closed' });
    clock.advanceMinutes(4);
    const closed = await store.close(ticket.id, 'resolved', 'a1');
    expect(closed).toMatchObject({ ok: true, ticket: { status: 'closed', closeReason: 'resolved', closedAt: '2026-11-25T01:04:00.000Z' } });
    expect(await store.close(ticket.id, 'resolved', 'a1')).toMatchObject({ ok: false, reason: 'not_open' });
    expect(await store.findOpenByConversation('conv-1')).toBeUndefined();
    expect(await store.rate(ticket.id, 4)).toMatchObject({ ok: true, ticket: { satisfaction: 4 } });
    expect(await store.rate(ticket.id, 1)).toMatchObject({ ok: false, reason: 'already_rated' });
    await expect(store.rate(ticket.id, 7 as never)).rejects.toThrow(RangeError);
    expect((await store.list(['closed'])).map((t) => t.id)).toEqual([ticket.id]);
    expect(await store.list(['waiting', 'assigned'])).toEqual([]);
  });

  test('a customer who leaves closes a waiting ticket without an agent', async () => {
    const { store } = newStore(await engineOf());
    const { ticket } = await store.create(request('conv-1'));
    expect(await store.close(ticket.id, 'customer_left')).toMatchObject({ ok: true, ticket: { status: 'closed', closeReason: 'customer_left' } });
    expect(await store.queueInfo(ticket.id)).toBeUndefined();
  });

  test('dropIfQuiet drops a waiting customer quiet since the given time, never one heard from after it', async () => {
    const { store, clock } = newStore(await engineOf());
    const quiet = (await store.create(request('conv-quiet'))).ticket;
    const back = (await store.create(request('conv-back'))).ticket;
    clock.advanceMinutes(2);
    const since = new Date(clock.now().getTime() - 60_000);
    // The customer of `back` reconnects between the presence check and the drop: the write refuses.
    await store.heardFrom(back.id);
    expect(await store.dropIfQuiet(back.id, since)).toBeUndefined();
    expect(await store.dropIfQuiet(quiet.id, since)).toMatchObject({ status: 'closed', closeReason: 'customer_left' });
    expect(await store.dropIfQuiet(quiet.id, since)).toBeUndefined();
    expect((await store.list(['waiting'])).map((t) => t.id)).toEqual([back.id]);
  });

  test('expireStale expires only tickets waiting longer than the time-out, once', async () => {
    const { store, clock } = newStore(await engineOf());
    const old = (await store.create(request('conv-old'))).ticket;
    clock.advanceMinutes(6);
    const young = (await store.create(request('conv-young'))).ticket;
    const taken = (await store.create(request('conv-taken'))).ticket;
    await store.accept(taken.id, agent('a1'));
    clock.advanceMinutes(4); // old: 10 minutes, young: 4 minutes
    const expired = await store.expireStale(clock.now());
    expect(expired.map((t) => t.id)).toEqual([old.id]);
    expect(expired[0]).toMatchObject({ status: 'expired', closeReason: 'no_agent' });
    expect(await store.expireStale(clock.now())).toEqual([]);
    expect((await store.list(['waiting'])).map((t) => t.id)).toEqual([young.id]);
    expect((await store.list(['expired'])).map((t) => t.id)).toEqual([old.id]);
  });

  test('queue position and wait follow the configured estimate, then measured handling times', async () => {
    const { store, clock } = newStore(await engineOf());
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await store.create(request(`conv-${i}`))).ticket.id);
      clock.advanceMinutes(1);
    }
    const otherTenant = (await store.create(request('conv-other', { tenantId: 'tenant-b' }))).ticket;
    expect(await store.queueInfo(ids[2])).toEqual({ position: 3, expectedWaitMinutes: 15 });
    expect(await store.queueInfo(otherTenant.id)).toEqual({ position: 1, expectedWaitMinutes: 5 });
    // Three handled tickets of 2 minutes each replace the estimate of 5.
    for (const id of ids) {
      await store.accept(id, agent('a1'));
      clock.advanceMinutes(2);
      await store.close(id, 'resolved', 'a1');
    }
    expect(await store.averageHandlingMinutes()).toBe(2);
    const next = (await store.create(request('conv-next'))).ticket;
    expect(await store.queueInfo(next.id)).toEqual({ position: 1, expectedWaitMinutes: 2 });
    expect((await store.queuePositions()).get(next.id)).toBe(1);
  });

  test('list filters by tenant', async () => {
    const { store } = newStore(await engineOf());
    await store.create(request('conv-a', { tenantId: 'tenant-a' }));
    await store.create(request('conv-b', { tenantId: 'tenant-b' }));
    await store.create(request('conv-none'));
    const ofA = await store.list(['waiting'], { filterTenant: true, tenantId: 'tenant-a' });
    expect(ofA.map((t) => t.conversationId)).toEqual(['conv-a']);
    expect(await store.list(['waiting'])).toHaveLength(3);
  });

  test('closed tickets leave the listing after closedListDays and storage after the retention', async () => {
    const { store, clock, engine } = newStore(await engineOf());
    const { ticket } = await store.create(request('conv-1'));
    await store.close(ticket.id, 'customer_left');
    clock.advanceMinutes(8 * 24 * 60);
    expect(await store.list(['closed'])).toEqual([]);
    expect(await store.get(ticket.id)).toBeDefined();
    expect(await store.purgeExpired(clock.now())).toBe(0);
    clock.advanceMinutes(30 * 24 * 60);
    expect(await store.purgeExpired(clock.now())).toBe(1);
    expect(await store.get(ticket.id)).toBeUndefined();
    if (engine.storage) expect(Object.keys(await engine.storage.read(['handoff/closed-days', 'handoff/closed/2026-11-25']))).toEqual(['handoff/closed-days']);
  });
}

describe.each([
  ['MemoryStorage', () => new MemoryStorage()],
  ['LowdbStorage', () => new LowdbStorage(tempDirs.next())],
])('TicketStore on %s', (_name, makeStorage) => {
  contract(async () => documents(makeStorage()));
});

describePostgres('TicketStore on PostgreSQL rows (real PostgreSQL)', () => {
  const db = usePostgresSchema();
  contract(async () => {
    // Every test starts from an empty table, as the document engines start from empty storage.
    await db.pool.query('TRUNCATE tickets');
    return {
      records: () => new PostgresTicketRecords(new PostgresTicketRows<Ticket>(db.pool)),
      dump: async (ticket) => JSON.stringify((await db.pool.query('SELECT * FROM tickets WHERE id = $1', [ticket.id])).rows),
    };
  });
});

const tempDirs = {
  created: [] as string[],
  base: '',
  next(): string {
    const dir = path.join(this.base, String(this.created.length));
    this.created.push(dir);
    return dir;
  },
};
tempDirs.base = await mkdtemp(path.join(tmpdir(), 'handoff-store-'));
afterAll(async () => {
  await rm(tempDirs.base, { recursive: true, force: true });
});
