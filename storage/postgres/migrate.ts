import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { clientConfig, type PostgresSettings } from './pool.js';

/** Versioned SQL migrations, applied in the order of their number prefix. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
/** Where node-pg-migrate records what has run (inside the configured schema). */
export const MIGRATIONS_TABLE = 'pgmigrations';

/**
 * Applies the migrations not yet applied and returns their names. node-pg-migrate holds a
 * PostgreSQL advisory lock while it works, and waits for it here: of several instances starting
 * together, one migrates and the others then find nothing left to do.
 */
export async function migrate(settings: PostgresSettings, log: (message: string) => void = () => undefined): Promise<string[]> {
  const client = new pg.Client(clientConfig(settings));
  await client.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      schema: settings.schema,
      createSchema: true,
      migrationsTable: MIGRATIONS_TABLE,
      advisoryLockMode: 'wait',
      checkOrder: true,
      singleTransaction: true,
      log,
    });
    return applied.map((migration) => migration.name);
  } finally {
    await client.end();
  }
}

/** Names of the migrations shipped with this version that the database has not applied. */
export async function pendingMigrations(db: Pick<pg.Pool, 'query'>): Promise<string[]> {
  const shipped = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).map((name) => name.slice(0, -'.sql'.length));
  const exists = await db.query<{ found: string | null }>(`SELECT to_regclass($1) AS found`, [MIGRATIONS_TABLE]);
  if (!exists.rows[0]?.found) return shipped.sort();
  const done = new Set((await db.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`)).rows.map((row) => row.name));
  return shipped.filter((name) => !done.has(name)).sort();
}
