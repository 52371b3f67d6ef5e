import { afterAll, beforeAll } from '@jest/globals';
import type { App } from '../../server/index.js';
import { dropSchema, TEST_DATABASE_URL, testSchemaName } from '../../storage/postgres/test-support.js';
import { startTestApp } from './app.js';

/** What several app instances on one test schema share (STORAGE=postgres requires the secrets). */
export function sharedPostgresEnv(schema: string): Record<string, string> {
  return {
    STORAGE: 'postgres',
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    DATABASE_POOL_SIZE: '4',
    DIRECTLINE_SECRET: 'shared-directline-secret-0123456789',
    AGENT_SESSION_SECRET: 'shared-agent-session-secret-0123456789abcdef',
    CALLBACK_ENCRYPTION_KEY: '11'.repeat(32),
  };
}

export interface Instance {
  app: App;
  url: string;
}

/**
 * For a describe block: two app instances A and B on one new schema (with `env` on top of the shared
 * settings), started before its tests and stopped, schema dropped, after them. They start one after
 * the other: loading the content blocks the event loop for seconds on a busy machine, long enough to
 * time out the other app's connect (two migrating at once is storage/postgres/migrate.test.ts).
 */
export function twoInstances(env: Record<string, string> = {}): { schema: string; a: () => Instance; b: () => Instance } {
  const schema = testSchemaName();
  let a: Instance | undefined;
  let b: Instance | undefined;
  beforeAll(async () => {
    a = await startTestApp({ ...sharedPostgresEnv(schema), ...env });
    b = await startTestApp({ ...sharedPostgresEnv(schema), ...env });
  }, 120_000);
  afterAll(async () => {
    await a?.app.close();
    await b?.app.close();
    await dropSchema(schema);
  });
  return { schema, a: () => a!, b: () => b! };
}
