import type pg from 'pg';

/** How many statements this pool has sent to the database (the bench divides it by turns). */
export interface QueryCounter {
  readonly count: number;
  reset(): void;
}

/**
 * Counts every statement sent on any connection of `pool`: pool.query, transactions on a
 * checked-out client, rate-limiter-flexible's queries. Each connection's `query` is wrapped once,
 * when the pool opens it, so nothing that reaches the database escapes the count.
 */
export function countQueries(pool: pg.Pool): QueryCounter {
  let count = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      count++;
      return query(...args);
    };
  });
  return {
    get count() {
      return count;
    },
    reset: () => {
      count = 0;
    },
  };
}
