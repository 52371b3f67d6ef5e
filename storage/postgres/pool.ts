import pg from 'pg';

/** Where the shared database is and how this process uses it. */
export interface PostgresSettings {
  /** postgres://… ; unset = node-postgres reads the standard PG* variables (PGHOST, PGUSER, …). */
  connectionString?: string;
  /** Schema holding every table (search_path of each connection); tests use one per run. */
  schema: string;
  /** Connections this process keeps at most. */
  poolSize: number;
  /** Shown in pg_stat_activity, so an operator sees which instance holds a connection. */
  applicationName?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Connection settings for one client (pool, LISTEN client, migrator) with the schema on its search_path. */
export function clientConfig(settings: PostgresSettings): pg.ClientConfig {
  if (!SCHEMA_NAME.test(settings.schema)) throw new Error(`"${settings.schema}" is not a plain schema name (a-z, 0-9, _)`);
  return {
    ...(settings.connectionString ? { connectionString: settings.connectionString } : {}),
    application_name: settings.applicationName ?? 'cert-helper',
    options: `-c search_path=${settings.schema}`,
    // Generous: a busy 2-core host (several instances, SIGKILL restarts) can take seconds to accept a
    // connection; a turn waiting is better than a turn failed. /readyz has its own shorter timeout.
    connectionTimeoutMillis: 30_000,
  };
}

/**
 * The process's pool. An idle connection that the server drops (restart, failover) emits 'error'
 * on the pool; without a listener that would end the process, so it is reported and the pool
 * simply opens a new connection next time.
 */
export function createPool(settings: PostgresSettings, onIdleError: (error: Error) => void = () => undefined): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(settings), max: settings.poolSize });
  pool.on('error', onIdleError);
  return pool;
}

/** Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * JSON for a jsonb parameter. PostgreSQL's jsonb cannot hold the character U+0000 (it refuses the
 * whole document), and a chat message can carry one: it becomes U+FFFD, the usual stand-in for a
 * character that cannot be represented, so the turn is stored instead of failing.
 */
export function toJsonb(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' && item.includes('\u0000') ? item.replaceAll('\u0000', '\uFFFD') : item));
}
