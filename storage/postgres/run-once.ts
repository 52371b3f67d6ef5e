import type pg from 'pg';

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
  const client = await pool.connect();
  let ran = false;
  try {
    await client.query('BEGIN');
    const { rowCount } = await client.query('SELECT 1 FROM timer_claims WHERE name = $1 AND next_due_at <= clock_timestamp() FOR UPDATE SKIP LOCKED', [job]);
    if (rowCount === 1) {
      await work();
      await client.query(`UPDATE timer_claims SET next_due_at = clock_timestamp() + $2 * interval '1 millisecond', last_run_at = clock_timestamp(), last_run_by = $3 WHERE name = $1`, [
        job,
        everyMs,
        owner,
      ]);
      ran = true;
    }
    await client.query('COMMIT');
    return ran;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
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
    runIfDue(pool, job, everyMs, work)
      .catch(onError)
      .finally(() => (running = false));
  };
  const timer = setInterval(tick, Math.max(250, Math.floor(everyMs / 4)));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
