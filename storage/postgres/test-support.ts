import { randomBytes } from 'node:crypto';
import { describe, afterAll, beforeAll } from '@jest/globals';
import pg from 'pg';
import { migrate } from './migrate.js';
import { createPool, type PostgresSettings } from './pool.js';

/**
 * PostgreSQL in tests. test/support/postgres-global-setup.ts probes the server once per run and
 * sets POSTGRES_TESTS=on when it answers; suites use `describePostgres`, which skips otherwise.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const postgresTestsEnabled = process.env.POSTGRES_TESTS === 'on';
export const describePostgres = postgresTestsEnabled ? describe : describe.skip;

export interface TestSchema {
  settings: PostgresSettings;
  /** A pool on the migrated schema (valid inside tests, after beforeAll). */
  readonly pool: pg.Pool;
}

/** A fresh schema name, unique per call. */
export function testSchemaName(): string {
  return `t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Settings for the test database with a schema of this name. */
export function testSettings(schema: string, poolSize = 8): PostgresSettings {
  return { connectionString: TEST_DATABASE_URL, schema, poolSize, applicationName: 'cert-helper-test' };
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}

/** Registers hooks that give the enclosing suite its own migrated schema, dropped afterwards. */
export function usePostgresSchema(): TestSchema {
  const settings = testSettings(testSchemaName());
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    await migrate(settings);
    pool = createPool(settings);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await dropSchema(settings.schema);
  });
  return {
    settings,
    get pool() {
      if (!pool) throw new Error('The test schema is ready only inside tests');
      return pool;
    },
  };
}
