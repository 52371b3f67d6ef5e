import type { Activity } from 'botbuilder';
import { createPool } from '../../storage/postgres/pool.js';
import { describePostgres, usePostgresSchema } from '../../storage/postgres/test-support.js';
import { PostgresTranscriptRows } from '../../storage/postgres/transcripts.js';
import { PostgresTranscriptStore } from './postgres-store.js';

const DAY = 86_400_000;
const activity = (conversationId: string, n: number, text: string, role = 'user'): Activity =>
  ({
    type: 'message',
    id: `${conversationId}-${n}`,
    channelId: 'directline',
    conversation: { id: conversationId },
    from: { id: role, role },
    recipient: { id: 'bot', role: 'bot' },
    text,
    timestamp: new Date(),
  }) as unknown as Activity;

describePostgres('transcripts as rows on PostgreSQL', () => {
  const db = usePostgresSchema();

  test("a turn's activities are ONE statement; numbering is the log order, also from two instances at once", async () => {
    const other = createPool(db.settings);
    let statements = 0;
    const counted = { query: (text: string, values?: unknown[]) => (statements++, db.pool.query(text, values)) } as unknown as typeof db.pool;
    try {
      const a = new PostgresTranscriptStore(new PostgresTranscriptRows(counted));
      const b = new PostgresTranscriptStore(new PostgresTranscriptRows(other));
      // One turn: what TranscriptLoggerMiddleware does when the turn ends (a synchronous loop).
      for (let n = 1; n <= 3; n++) void a.logActivity(activity('conv-1', n, `a${n}`, n === 1 ? 'user' : 'bot'));
      await a.flush();
      expect(statements).toBe(1);
      // Two instances append to one conversation at the same time: no number lost or given twice.
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).logActivity(activity('conv-1', 10 + i, `x${i}`))));
      const stored = await b.activities('conv-1');
      expect(stored).toHaveLength(13);
      expect(stored.slice(0, 3).map((item) => item.text)).toEqual(['a1', 'a2', 'a3']);
      expect((await a.meta('conv-1'))?.count).toBe(13);
    } finally {
      await other.end();
    }
  });

  test('secrets are masked before the row is written; export and paging read the rows', async () => {
    const store = new PostgresTranscriptStore(new PostgresTranscriptRows(db.pool));
    await store.logActivity(activity('conv-2', 1, '주민등록번호 900101-1234567 입니다'));
    const { rows } = await db.pool.query<{ activity: Activity }>("SELECT activity FROM transcript_activities WHERE conversation_id = 'conv-2'");
    expect(JSON.stringify(rows)).not.toContain('1234567');
    expect(await store.exportTranscript('conv-2')).toHaveLength(1);
    expect((await store.getTranscriptActivities('directline', 'conv-2')).items).toHaveLength(1);
    expect((await store.getTranscriptActivities('msteams', 'conv-2')).items).toEqual([]);
    expect((await store.listTranscripts('directline')).items.map((item) => item.id)).toContain('conv-2');
  });

  test('retention is one DELETE on the indexed last-activity time; activities go with their conversation', async () => {
    const now = new Date();
    const store = new PostgresTranscriptStore(new PostgresTranscriptRows(db.pool), { retentionDays: 30, now: () => now });
    await store.logActivity({ ...activity('old', 1, 'old'), timestamp: new Date(now.getTime() - 31 * DAY) });
    await store.logActivity({ ...activity('recent', 1, 'recent'), timestamp: new Date(now.getTime() - 29 * DAY) });
    expect(await store.purgeExpired()).toBe(1);
    expect(await store.meta('old')).toBeUndefined();
    expect(await store.activities('old')).toEqual([]);
    expect(await store.meta('recent')).toBeDefined();
    // The planner may scan a table this small; with scans off it shows the index serves the DELETE.
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>("EXPLAIN DELETE FROM transcript_conversations WHERE last_activity_at < '2000-01-01'");
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/transcript_conversations_last_activity/);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
