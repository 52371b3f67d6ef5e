import type pg from 'pg';
import { RateLimiterPostgres, type IRateLimiterStoreOptions } from 'rate-limiter-flexible';

/** The table the migrations create in rate-limiter-flexible's own layout (key, points, expire). */
export const RATE_LIMIT_TABLE = 'rate_limits';

/**
 * A per-client limit counted in PostgreSQL, so a client is limited across all instances, not per
 * instance. The table comes from the migrations (`tableCreated`: the library never runs DDL), and
 * expired rows are purged by one shared timer (`purgeExpiredRateLimits`) instead of a timer in
 * every limiter of every instance. `keyPrefix` keeps the limits apart in the one table.
 */
export function postgresRateLimiter(pool: pg.Pool, schema: string, options: { keyPrefix: string; points: number; duration: number }): RateLimiterPostgres {
  const storeOptions: IRateLimiterStoreOptions & Record<string, unknown> = {
    ...options,
    storeClient: pool,
    storeType: 'pool',
    tableName: RATE_LIMIT_TABLE,
    schemaName: schema,
    tableCreated: true,
    clearExpiredByTimeout: false,
  };
  return new RateLimiterPostgres(storeOptions);
}

/** Deletes the counters whose window has passed; returns how many. */
export async function purgeExpiredRateLimits(db: Pick<pg.Pool, 'query'>, now = Date.now()): Promise<number> {
  const result = await db.query(`DELETE FROM ${RATE_LIMIT_TABLE} WHERE expire < $1`, [now]);
  return result.rowCount ?? 0;
}
