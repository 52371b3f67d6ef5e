import { PostgresAttachments, purgeExpiredAttachments } from './attachments.js';
import { describePostgres, usePostgresSchema } from './test-support.js';

describePostgres('uploaded files in PostgreSQL (real PostgreSQL)', () => {
  const db = usePostgresSchema();
  const file = (id: string, conversationId = 'conv-1') => ({
    id,
    conversationId,
    contentType: 'application/x-x509-ca-cert',
    name: '인증서.der',
    bytes: new Uint8Array([0x30, 0x82, 0, 1, 255]),
  });

  test('a file put through one pool is read through another, bytes and name intact; discard removes it', async () => {
    const writer = new PostgresAttachments(db.pool);
    await writer.put(file('a1'), 60_000);
    const read = await new PostgresAttachments(db.pool).get('a1');
    expect(read).toMatchObject({
      id: 'a1',
      conversationId: 'conv-1',
      contentType: 'application/x-x509-ca-cert',
      name: '인증서.der',
      bytes: new Uint8Array([0x30, 0x82, 0, 1, 255]),
    });
    expect(read!.expiresAt).toBeGreaterThan(Date.now());
    expect(await writer.get('unknown')).toBeUndefined();
    expect(await writer.discard('a1')).toBe(true);
    expect(await writer.discard('a1')).toBe(false);
    expect(await writer.get('a1')).toBeUndefined();
  });

  test('an expired file is never returned, and the purge deletes exactly the expired rows', async () => {
    const store = new PostgresAttachments(db.pool);
    await store.put(file('old-1'), -1_000);
    await store.put(file('old-2', 'conv-2'), -1);
    await store.put(file('live'), 60_000);
    expect(await store.get('old-1')).toBeUndefined();
    expect(await purgeExpiredAttachments(db.pool)).toBe(2);
    const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM attachments ORDER BY id');
    expect(rows.map((row) => row.id)).toContain('live');
    expect(rows.map((row) => row.id)).not.toContain('old-1');
    expect(await purgeExpiredAttachments(db.pool)).toBe(0);
  });

  test('the purge is one DELETE on the expires_at index (no table scan once seq scans are off)', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>('EXPLAIN DELETE FROM attachments WHERE expires_at <= now()');
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/attachments_expires_at/);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
