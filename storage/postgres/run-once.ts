import type pg from 'pg';
import { inTransaction } from './pool.js';

/**
 * Periodic work that must happen once per period across all instances (ticket expiry, idle
 * customers, retention purge, callback sweeps). Each job has a row in `timer_claims` with the
 * time it is next due. An instance runs the job only if it can lock that row while it is due
 * (`FOR UPDATE SKIP LOCKED`: the others skip at once instead of queueing), and moves the due time
 * forward in the same transaction. If the work throws or the instance dies, the transaction rolls
 * back and the slot stays due, so the next instance to tick takes it over.
 */
export async function runIfDue(pool: pg.Pool, job: string, everyMs: number, work: () => Promise<void>, owner = `pid ${process.pid}`): Promise<boolean> {
  await pool.query('INSERT INTO timer_claims (name, next_due_at) VALUES ($1, now()) ON CONFLICT (name) DO NOTHING', [job]);
  return inTransaction(pool, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM timer_claims WHERE name = $1 AND next_due_at <= clock_timestamp() FOR UPDATE SKIP LOCKED', [job]);
    if (rowCount !== 1) return false;
    await work();
    await client.query(
      `UPDATE timer_claims SET next_due_at = clock_timestamp() + $2 * interval '1 millisecond', last_run_at = clock_timestamp(), last_run_by = $3 WHERE name = $1`,
      [job, everyMs, owner],
    );
    return true;
  });
}

/**
 * A claim holds a pool connection while its work runs, and the work takes others from the same
 * pool: several jobs claiming at once (every timer ticks at start) could hold every connection and
 * wait for one another until the pool's connect timeout. So a process runs one claimed job at a
 * time per pool; with a pool of two or more connections the work always gets one.
 */
const claims = new WeakMap<pg.Pool, Promise<unknown>>();

function oneClaimAtATime<T>(pool: pg.Pool, task: () => Promise<T>): Promise<T> {
  const turn = (claims.get(pool) ?? Promise.resolve()).then(task);
  claims.set(
    pool,
    turn.catch(() => undefined),
  );
  return turn;
}

export interface SharedTimer {
  stop(): void;
}

/**
 * Ticks `runIfDue` several times per period, so the job runs about every `everyMs` however many
 * instances tick. Errors go to `onError`; the timer never keeps the process alive.
 */
export function startSharedTimer(pool: pg.Pool, job: string, everyMs: number, work: () => Promise<void>, onError: (error: Error) => void): SharedTimer {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    oneClaimAtATime(pool, () => runIfDue(pool, job, everyMs, work))
      .catch(onError)
      .finally(() => (running = false));
  };
  const timer = setInterval(tick, Math.max(250, Math.floor(everyMs / 4)));
  timer.unref();
  // A job already due (a 6-hour purge whose instances all restarted) runs at start, not a quarter period later.
  tick();
  return { stop: () => clearInterval(timer) };
}
