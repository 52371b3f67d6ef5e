import type { Activity } from 'botbuilder';
import { PostgresConversationLog } from './conversation-log.js';
import { ActivityListener, publishNotice, type ActivityNotice } from './notify.js';
import { clientConfig, createPool } from './pool.js';
import { describePostgres, usePostgresSchema } from './test-support.js';

/** Resolves with the first notice `accept` takes; rejects after a bound (tests talk to 127.0.0.1 only). */
function nextNotice(listener: ActivityListener, conversationId: string, accept: (n: ActivityNotice) => boolean = () => true): Promise<ActivityNotice> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no notice for ${conversationId}`));
    }, 10_000);
    const stop = listener.subscribe(conversationId, (notice) => {
      if (!accept(notice)) return;
      clearTimeout(timer);
      stop();
      resolve(notice);
    });
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error('condition not reached');
}

describePostgres('LISTEN/NOTIFY fan-out on a real PostgreSQL', () => {
  const db = usePostgresSchema();
  let listener: ActivityListener;
  const errors: Error[] = [];
  beforeAll(async () => {
    listener = new ActivityListener(
      { ...clientConfig(db.settings), application_name: `listener-${db.settings.schema}` },
      { reconnectDelayMs: 50, onError: (error) => errors.push(error) },
    );
    await listener.start();
  });
  afterAll(() => listener.close());

  test('an activity committed by another instance reaches this one with its number; the rows come from the watermark', async () => {
    const writer = createPool(db.settings);
    try {
      const log = new PostgresConversationLog(writer);
      await log.create('c-fan', {});
      const heard = nextNotice(listener, 'c-fan');
      const quiet: ActivityNotice[] = [];
      const stopQuiet = listener.subscribe('c-quiet', (notice) => quiet.push(notice));
      const seq = await log.append('c-fan', { type: 'message', text: '답변' } as Activity);
      expect(await heard).toEqual({ conversationId: 'c-fan', seq });
      const page = await new PostgresConversationLog(db.pool).readFrom('c-fan', seq - 1);
      expect(page.activities.map((a) => a.text)).toEqual(['답변']);
      // A rolled-back append notifies nobody (notifications are sent on commit only): the
      // committed append after it, on the same connection, is heard, the rolled-back one never.
      const client = await writer.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO dl_conversations (id, meta) VALUES ('c-quiet', '{}')`);
        await client.query(`INSERT INTO dl_activities (conversation_id, seq, activity) VALUES ('c-quiet', 1, '{}')`);
        await client.query('ROLLBACK');
        const after = nextNotice(listener, 'c-fan');
        const next = await new PostgresConversationLog(client).append('c-fan', { type: 'message', text: 'later' } as Activity);
        expect(await after).toEqual({ conversationId: 'c-fan', seq: next });
        expect(quiet).toEqual([]);
      } finally {
        client.release();
        stopQuiet();
      }
    } finally {
      await writer.end();
    }
  }, 20_000);

  test('after its connection is killed the listener reconnects, asks streams to re-read, and hears new activities', async () => {
    const log = new PostgresConversationLog(db.pool);
    await log.create('c-reconnect', {});
    const resync = nextNotice(listener, 'c-reconnect', (n) => n.seq === undefined);
    // Kill the listening backend as a server restart or a failover would.
    await db.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`listener-${db.settings.schema}`]);
    // Written while nobody listens: no notice can carry it, the re-read finds it.
    const missed = await log.append('c-reconnect', { type: 'message', text: 'during the gap' } as Activity);
    expect(await resync).toEqual({ conversationId: 'c-reconnect' });
    await until(() => listener.listening);
    expect((await log.readFrom('c-reconnect', 0)).activities.map((a) => a.text)).toEqual(['during the gap']);
    const heard = nextNotice(listener, 'c-reconnect', (n) => n.seq !== undefined);
    const next = await log.append('c-reconnect', { type: 'message', text: 'after' } as Activity);
    expect(await heard).toEqual({ conversationId: 'c-reconnect', seq: next });
    expect(next).toBe(missed + 1);
    // The lost connection was reported (once), not thrown.
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/terminat/)]);
  }, 20_000);

  test('a typing activity and an end travel whole on the same channel; an oversized live activity is not sent', async () => {
    const typing = nextNotice(listener, 'conv-live', (notice) => notice.live !== undefined);
    expect(await publishNotice(db.pool, { conversationId: 'conv-live', live: { type: 'typing', from: { id: 'bot', role: 'bot' } } })).toBe(true);
    expect((await typing).live).toEqual({ type: 'typing', from: { id: 'bot', role: 'bot' } });
    const ended = nextNotice(listener, 'conv-live', (notice) => notice.ended === true);
    await publishNotice(db.pool, { conversationId: 'conv-live', ended: true });
    expect(await ended).toEqual({ conversationId: 'conv-live', ended: true });
    expect(await publishNotice(db.pool, { conversationId: 'conv-live', live: { type: 'typing', text: 'x'.repeat(8_000) } })).toBe(false);
  });
});
