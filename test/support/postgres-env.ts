import { TEST_DATABASE_URL } from '../../storage/postgres/test-support.js';

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
