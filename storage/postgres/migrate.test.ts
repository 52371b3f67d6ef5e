import { healthz, readyz } from './health.js';
import { MIGRATIONS_TABLE, migrate, pendingMigrations } from './migrate.js';
import { createPool } from './pool.js';
import { describePostgres, dropSchema, testSchemaName, testSettings } from './test-support.js';
import { readdir } from 'node:fs/promises';
import { MIGRATIONS_DIR } from './migrate.js';

describePostgres('migrations (real PostgreSQL)', () => {
  const schemas: string[] = [];
  const fresh = () => {
    const schema = testSchemaName();
    schemas.push(schema);
    return testSettings(schema, 2);
  };
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  test('two instances starting together: the migrations run once, and both start', async () => {
    const settings = fresh();
    const shipped = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql'));
    const [first, second] = await Promise.all([migrate(settings), migrate(settings)]);
    // One migrator applied everything, the other waited for the lock and found nothing to do.
    expect([first.length, second.length].sort()).toEqual([0, shipped.length]);
    const pool = createPool(settings);
    try {
      const { rows } = await pool.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`);
      expect(rows.map((row) => row.name).sort()).toEqual(shipped.map((name) => name.replace(/\.sql$/, '')).sort());
      expect(await pendingMigrations(pool)).toEqual([]);
      expect(await migrate(settings)).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  test('/readyz: 503 until migrated, 200 after, 503 while draining; /healthz always 200', async () => {
    const settings = fresh();
    const pool = createPool(settings);
    try {
      const before = await readyz(pool);
      expect(before.status).toBe(503);
      expect(before.body.reason).toMatch(/^migrations pending: 1000_initial-schema/);
      await migrate(settings);
      expect(await readyz(pool)).toEqual({ status: 200, body: { ok: true } });
      expect(await readyz(pool, { draining: () => true })).toEqual({ status: 503, body: { ok: false, reason: 'draining' } });
      expect(healthz()).toEqual({ status: 200, body: { ok: true } });
    } finally {
      await pool.end();
    }
  });

  test('/readyz says "database unreachable" when nothing answers', async () => {
    // Port 1 on loopback: connection refused at once.
    const pool = createPool({ connectionString: 'postgres://postgres@127.0.0.1:1/test', schema: 'public', poolSize: 1 });
    try {
      expect(await readyz(pool, { timeoutMs: 3_000 })).toEqual({ status: 503, body: { ok: false, reason: 'database unreachable' } });
    } finally {
      await pool.end();
    }
  });
});
