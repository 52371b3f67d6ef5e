import { z } from 'zod';
import { checkPostgresConfig, parsePostgresEnv, POSTGRES_CONFIG_SHAPE } from './config.js';

// The fragment as the start-up config will use it: spread into the schema, checked in superRefine.
const Schema = z
  .object({
    STORAGE: z.enum(['lowdb', 'memory', 'postgres']),
    DIRECTLINE_SECRET: z.string().optional(),
    AGENT_SESSION_SECRET: z.string().optional(),
    CALLBACK_ENCRYPTION_KEY: z.string().optional(),
    ...POSTGRES_CONFIG_SHAPE,
  })
  .superRefine(checkPostgresConfig);

const lines = (env: Record<string, string>) => {
  const result = Schema.safeParse(env);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('PostgreSQL settings', () => {
  test('STORAGE=postgres refuses per-process random secrets, one line per missing secret', () => {
    expect(lines({ STORAGE: 'postgres', DIRECTLINE_SECRET: 'x'.repeat(32) })).toEqual([
      'AGENT_SESSION_SECRET: required when STORAGE=postgres (every instance must use the same value)',
      'CALLBACK_ENCRYPTION_KEY: required when STORAGE=postgres (every instance must use the same value)',
    ]);
    expect(lines({ STORAGE: 'lowdb' })).toEqual([]);
    expect(lines({ STORAGE: 'postgres', DIRECTLINE_SECRET: 'a', AGENT_SESSION_SECRET: 'b', CALLBACK_ENCRYPTION_KEY: 'c' })).toEqual([]);
  });

  test('DATABASE_URL, schema and pool size are checked; PG* variables are the fallback', () => {
    expect(lines({ STORAGE: 'lowdb', DATABASE_URL: 'mysql://x', DATABASE_SCHEMA: 'Bad-Name', DATABASE_POOL_SIZE: '0' })).toEqual([
      'DATABASE_URL: a URL like postgres://user@host:5432/database',
      'DATABASE_SCHEMA: a plain schema name (a-z, 0-9, _)',
      'DATABASE_POOL_SIZE: Too small: expected number to be >0',
    ]);
    expect(parsePostgresEnv({ DATABASE_URL: 'postgres://app@db:5432/helper', DATABASE_POOL_SIZE: '20' })).toEqual({
      connectionString: 'postgres://app@db:5432/helper',
      schema: 'public',
      poolSize: 20,
      applicationName: 'cert-helper-migrate',
    });
    expect(parsePostgresEnv({ DATABASE_URL: '' }).connectionString).toBeUndefined();
  });
});
