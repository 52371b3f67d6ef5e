import { createPool } from './pool.js';
import { PostgresStorage } from './postgres-storage.js';
import { describePostgres, usePostgresSchema } from './test-support.js';

describePostgres('PostgresStorage on a real PostgreSQL', () => {
  const db = usePostgresSchema();

  test('N instances write the same version at once: exactly one wins per version, nothing is lost', async () => {
    // Two pools = two instances on one database.
    const other = createPool(db.settings);
    try {
      const instances = [new PostgresStorage(db.pool), new PostgresStorage(other)];
      await instances[0].write({ counter: { n: 0 } });
      for (let round = 1; round <= 5; round++) {
        const { eTag, n } = (await instances[0].read(['counter'])).counter as { eTag: string; n: number };
        const writers = Array.from({ length: 12 }, (_, i) => instances[i % 2].write({ counter: { n: n + 1, by: i, eTag } }));
        const results = await Promise.allSettled(writers);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(refused).toHaveLength(11);
        for (const r of refused) expect(String(r.reason)).toMatch(/Storage: error writing "counter" due to eTag conflict\./);
        expect((await instances[1].read(['counter'])).counter.n).toBe(round);
      }
    } finally {
      await other.end();
    }
  });

  test('a write with an eTag for a key deleted meanwhile is a conflict, not a silent re-creation', async () => {
    const storage = new PostgresStorage(db.pool);
    await storage.write({ gone: { v: 1 } });
    const { eTag } = (await storage.read(['gone'])).gone;
    await storage.delete(['gone']);
    await expect(storage.write({ gone: { v: 2, eTag } })).rejects.toThrow(/eTag conflict/);
    expect(await storage.read(['gone'])).toEqual({});
  });

  test('keeps what JSON keeps, including text jsonb cannot hold (U+0000 becomes U+FFFD) and odd keys', async () => {
    const storage = new PostgresStorage(db.pool);
    const value = { text: 'a\u0000b', escaped: 'c:\\u0000', korean: '인증서 🙂', nested: { list: [1, null, true, 'x'] }, big: 2 ** 53 - 1 };
    await storage.write({ 'odd/키 with spaces/\'quote"': value, 'trailing/': { t: 1 }, 'a//b': { t: 2 }, plain: { t: 3 } });
    const read = await storage.read(['odd/키 with spaces/\'quote"']);
    expect(read['odd/키 with spaces/\'quote"']).toMatchObject({ ...value, text: 'a\uFFFDb' });
    expect(await storage.listKeys('odd/키 with spaces')).toEqual(['odd/키 with spaces/\'quote"']);
    expect(await storage.listKeys('trailing')).toEqual(['trailing/']);
    expect(await storage.listKeys('a/')).toEqual(['a//b']);
    expect(await storage.listKeys('')).toEqual(expect.arrayContaining(['plain']));
    expect(await storage.listKeys('')).not.toContain('a//b');
  });

  test('a key PostgreSQL cannot store is a clear refusal, not a crash', async () => {
    const storage = new PostgresStorage(db.pool);
    await expect(storage.write({ 'bad\u0000key': { v: 1 } })).rejects.toThrow(/0x00/);
    expect(await storage.read(['fine'])).toEqual({});
  });

  test("withTurnReads: a turn's keys in one query, each answered once, a write inside the turn or its end drops the rest", async () => {
    let statements = 0;
    const storage = new PostgresStorage({ query: (text: string, values?: unknown[]) => (statements++, db.pool.query(text, values)) } as never);
    await storage.write({ 'turn/a': { v: 1 }, 'turn/b': { v: 2 } });
    statements = 0;
    let later: Promise<unknown> | undefined;
    let turnEnded!: () => void;
    const ended = new Promise<void>((resolve) => (turnEnded = resolve));
    await storage.withTurnReads(['turn/a', 'turn/b', 'turn/missing'], async () => {
      expect((await storage.read(['turn/a']))['turn/a']).toMatchObject({ v: 1 });
      expect(await storage.read(['turn/missing'])).toEqual({});
      expect(statements).toBe(1);
      expect((await storage.read(['turn/a']))['turn/a']).toMatchObject({ v: 1 }); // a second read asks the database
      expect(statements).toBe(2);
      const { eTag } = (await storage.read(['turn/b']))['turn/b'];
      await storage.write({ 'turn/b': { v: 3, eTag } });
      expect((await storage.read(['turn/b']))['turn/b']).toMatchObject({ v: 3 });
      await db.pool.query("INSERT INTO bot_state (key, document, etag) VALUES ('turn/missing', '{\"v\":9}', 'x')");
      // Work the turn leaves behind (same async context) reads after the turn: from the database.
      later = ended.then(() => storage.read(['turn/missing']));
    });
    turnEnded();
    expect(await later).toMatchObject({ 'turn/missing': { v: 9 } });
  });
});
