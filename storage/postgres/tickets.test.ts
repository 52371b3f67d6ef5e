import { createPool } from './pool.js';
import { PostgresStorage } from './postgres-storage.js';
import { postgresRateLimiter, purgeExpiredRateLimits } from './rate-limits.js';
import { PostgresTicketRows, type TicketRow } from './tickets.js';
import { describePostgres, usePostgresSchema } from './test-support.js';

interface Ticket extends TicketRow {
  locale: string;
}
const accepting = { statuses: ['waiting'] };
const acceptBy = (agentId: string) => ({ set: { status: 'assigned' as const, agent: { id: agentId } } });
const expiring = (cutoff: Date) => ({ statuses: ['waiting'], createdAtOrBefore: cutoff.toISOString() });
const expired = { set: { status: 'expired' as const, closeReason: 'no_agent', closedAt: new Date().toISOString() } as Partial<Ticket> };
const waiting = (id: string, conversationId: string, createdAt: string): Ticket => ({ id, conversationId, status: 'waiting', createdAt, locale: 'ko' });

describePostgres('tickets and rate limits shared by instances (real PostgreSQL)', () => {
  const db = usePostgresSchema();

  test('agents on two instances accept the same ticket at the same moment: exactly one wins', async () => {
    const other = createPool(db.settings);
    try {
      const instances = [new PostgresTicketRows<Ticket>(db.pool), new PostgresTicketRows<Ticket>(other)];
      for (let round = 0; round < 5; round++) {
        await instances[0].open(waiting(`t-${round}`, `c-${round}`, new Date().toISOString()));
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) => instances[i % 2].update(`t-${round}`, accepting, acceptBy(`agent-${i}`))));
        const winners = results.filter((ticket) => ticket !== undefined);
        expect(winners).toHaveLength(1);
        const stored = await instances[1].get(`t-${round}`);
        expect(stored).toMatchObject({ status: 'assigned', agent: winners[0]!.agent, locale: 'ko' });
      }
    } finally {
      await other.end();
    }
  });

  test('one open ticket per conversation; expiry takes each waiting ticket once, whoever runs it', async () => {
    const rows = new PostgresTicketRows<Ticket>(db.pool);
    const first = await rows.open(waiting('e-1', 'c-exp', '2026-01-01T00:00:00.000Z'));
    const again = await rows.open(waiting('e-2', 'c-exp', '2026-01-01T00:01:00.000Z'));
    expect([first.created, again.created, again.ticket.id]).toEqual([true, false, 'e-1']);
    await rows.open(waiting('e-3', 'c-exp-young', '2026-01-01T00:30:00.000Z'));
    const cutoff = new Date('2026-01-01T00:10:00.000Z');
    const runs = await Promise.all([rows.updateAll(expiring(cutoff), expired), new PostgresTicketRows<Ticket>(db.pool).updateAll(expiring(cutoff), expired)]);
    expect(runs.flat().map((ticket) => ticket.id)).toEqual(['e-1']);
    expect(await rows.get('e-1')).toMatchObject({ status: 'expired', closeReason: 'no_agent' });
    expect((await rows.get('e-3'))?.status).toBe('waiting');
    // Once expired the conversation may open a new ticket.
    expect((await rows.open(waiting('e-4', 'c-exp', new Date().toISOString()))).created).toBe(true);
  });

  test("the turn's open ticket comes with its state in one query, answered once; a ticket write in the turn drops it", async () => {
    let statements = 0;
    const counted = { query: (text: string, values?: unknown[]) => (statements++, db.pool.query(text, values)) } as never;
    const storage = new PostgresStorage(counted);
    const rows = new PostgresTicketRows<Ticket>(counted, storage);
    await rows.open(waiting('turn-1', 'c-turn', new Date().toISOString()));
    await storage.write({ 'emulator/conversations/c-turn/': { dialog: 1 } });
    statements = 0;
    await storage.withTurnReads(
      ['emulator/conversations/c-turn/'],
      async () => {
        expect(await storage.read(['emulator/conversations/c-turn/'])).toMatchObject({ 'emulator/conversations/c-turn/': { dialog: 1 } });
        expect(await rows.openByConversation('c-turn')).toMatchObject({ id: 'turn-1', status: 'waiting' });
        expect(statements).toBe(1);
        expect(await rows.update('turn-1', accepting, acceptBy('kim'))).toMatchObject({ status: 'assigned' });
        expect(await rows.openByConversation('c-turn')).toMatchObject({ status: 'assigned' }); // from the database
        expect(statements).toBe(3);
      },
      'c-turn',
    );
    statements = 0;
    // A conversation without an open ticket is answered too ("none"), still in the one query.
    await storage.withTurnReads(
      [],
      async () => {
        expect(await rows.openByConversation('c-none')).toBeUndefined();
        expect(statements).toBe(1);
      },
      'c-none',
    );
  });

  test('a client is limited across instances, not per instance; expired counters are purged', async () => {
    const other = createPool(db.settings);
    try {
      const limit = { keyPrefix: 'uploads', points: 3, duration: 60 };
      const limiters = [postgresRateLimiter(db.pool, db.settings.schema, limit), postgresRateLimiter(other, db.settings.schema, limit)];
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => limiters[i % 2].consume('10.0.0.7')));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
      // Another client and another limit are counted apart.
      await expect(limiters[1].consume('10.0.0.8')).resolves.toMatchObject({ remainingPoints: 2 });
      await expect(postgresRateLimiter(db.pool, db.settings.schema, { ...limit, keyPrefix: 'tickets' }).consume('10.0.0.7')).resolves.toMatchObject({
        remainingPoints: 2,
      });
      expect(await purgeExpiredRateLimits(db.pool)).toBe(0);
      expect(await purgeExpiredRateLimits(db.pool, Date.now() + 61_000)).toBe(3);
    } finally {
      await other.end();
    }
  });
});
