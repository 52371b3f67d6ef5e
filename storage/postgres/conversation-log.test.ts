import type { Activity } from 'botbuilder';
import { PostgresConversationLog } from './conversation-log.js';
import { createPool } from './pool.js';
import { describePostgres, usePostgresSchema } from './test-support.js';

const message = (text: string): Activity => ({ type: 'message', text }) as Activity;

describePostgres('PostgresConversationLog on a real PostgreSQL', () => {
  const db = usePostgresSchema();

  test('50 concurrent appends from two instances: numbers 1..50, no hole, no duplicate, each activity once', async () => {
    const other = createPool(db.settings);
    try {
      const logs = [new PostgresConversationLog(db.pool), new PostgresConversationLog(other)];
      await logs[0].create('c-race', { createdAt: new Date().toISOString() });
      const numbers = await Promise.all(Array.from({ length: 50 }, (_, i) => logs[i % 2].append('c-race', message(`m${i}`))));
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const page = await logs[1].readFrom('c-race', 0, 1000);
      expect(page.watermark).toBe(50);
      expect(page.activities.map((a) => a.id)).toEqual(Array.from({ length: 50 }, (_, i) => `c-race|${String(i + 1).padStart(7, '0')}`));
      // Each appended text is there exactly once, under the number its append returned.
      numbers.forEach((n, i) => expect(page.activities[n - 1].text).toBe(`m${i}`));
      expect((await logs[0].get('c-race'))?.count).toBe(50);
    } finally {
      await other.end();
    }
  });

  test('reads resume exactly from a watermark, in pages; ids given by the caller are kept', async () => {
    const log = new PostgresConversationLog(db.pool);
    await log.create('c-read', { createdAt: 'x', userId: 'u1' });
    expect(await log.readFrom('c-read', 0)).toEqual({ activities: [], watermark: 0 });
    for (let i = 1; i <= 5; i++) await log.append('c-read', i === 3 ? ({ ...message('t3'), id: 'own-id' } as Activity) : message(`t${i}`));
    const first = await log.readFrom('c-read', 1, 2);
    expect(first.activities.map((a) => a.text)).toEqual(['t2', 't3']);
    expect(first.activities[1].id).toBe('own-id');
    expect(first.watermark).toBe(3);
    const rest = await log.readFrom('c-read', first.watermark);
    expect(rest.activities.map((a) => a.text)).toEqual(['t4', 't5']);
    // A watermark beyond the end (forged or from before a reset) comes back to the end.
    expect(await log.readFrom('c-read', 99)).toEqual({ activities: [], watermark: 5 });
    expect((await log.get('c-read'))?.meta).toEqual({ createdAt: 'x', userId: 'u1' });
  });

  test('missing and duplicate conversations are clear errors; delete removes the activities too', async () => {
    const log = new PostgresConversationLog(db.pool);
    await expect(log.append('nobody', message('x'))).rejects.toThrow('Conversation nobody does not exist');
    await log.create('c-del', {});
    await expect(log.create('c-del', {})).rejects.toThrow('Conversation c-del already exists');
    await log.append('c-del', message('x'));
    await log.delete('c-del');
    expect(await log.get('c-del')).toBeUndefined();
    expect(await log.readFrom('c-del', 0)).toEqual({ activities: [], watermark: 0 });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM dl_activities WHERE conversation_id = 'c-del'`);
    expect(rows[0].n).toBe(0);
  });
});
