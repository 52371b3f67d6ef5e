import { createPool } from './pool.js';
import { runIfDue, startSharedTimer } from './run-once.js';
import { describePostgres, usePostgresSchema } from './test-support.js';

describePostgres('timers that run once across instances (real PostgreSQL)', () => {
  const db = usePostgresSchema();

  test('three instances ticking at the same moment: the job runs once per period', async () => {
    const pools = [db.pool, createPool(db.settings), createPool(db.settings)];
    try {
      let runs = 0;
      const job = async () => {
        runs++;
        // Long enough that the other ticks arrive while this one holds the slot.
        await new Promise((resolve) => setTimeout(resolve, 200));
      };
      const first = await Promise.all(pools.map((pool, i) => runIfDue(pool, 'expire-tickets', 60_000, job, `instance ${i}`)));
      expect(first.filter(Boolean)).toHaveLength(1);
      expect(runs).toBe(1);
      // Not due again within the period, whoever asks.
      expect(await Promise.all(pools.map((pool) => runIfDue(pool, 'expire-tickets', 60_000, job)))).toEqual([false, false, false]);
      expect(runs).toBe(1);
      const { rows } = await db.pool.query(`SELECT last_run_by FROM timer_claims WHERE name = 'expire-tickets'`);
      expect(rows[0].last_run_by).toBe(`instance ${first.indexOf(true)}`);
    } finally {
      await Promise.all(pools.slice(1).map((pool) => pool.end()));
    }
  });

  test('a job that fails leaves its slot due, so the next tick (any instance) runs it again', async () => {
    await expect(runIfDue(db.pool, 'purge', 60_000, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    let ran = false;
    expect(
      await runIfDue(db.pool, 'purge', 60_000, async () => {
        ran = true;
      }),
    ).toBe(true);
    expect(ran).toBe(true);
  });

  test('a short period comes due again', async () => {
    let runs = 0;
    const job = async () => void runs++;
    expect(await runIfDue(db.pool, 'sweep', 1, job)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await runIfDue(db.pool, 'sweep', 1, job)).toBe(true);
    expect(runs).toBe(2);
  });

  test('many timers due at once on a small pool, each querying the pool in its work: all run (no pool deadlock)', async () => {
    const small = createPool({ ...db.settings, poolSize: 2 });
    const ran: string[] = [];
    const errors: Error[] = [];
    const timers = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) =>
      startSharedTimer(
        small,
        `busy-${name}`,
        60_000,
        async () => {
          await small.query('SELECT pg_sleep(0.01)');
          ran.push(name);
        },
        (error) => errors.push(error),
      ),
    );
    try {
      for (let i = 0; i < 200 && ran.length < 6 && errors.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(errors).toEqual([]);
      expect(ran.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    } finally {
      for (const timer of timers) timer.stop();
      await small.end();
    }
  });
});
