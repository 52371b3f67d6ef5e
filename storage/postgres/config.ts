import { z } from 'zod';
import { emptyAsUndefined } from '../../lib/config-values.js';
import type { PostgresSettings } from './pool.js';

/**
 * The settings of the PostgreSQL backend, as a fragment for the config schema (server/config):
 * spread POSTGRES_CONFIG_SHAPE into the object and call checkPostgresConfig from its superRefine.
 * STORAGE=postgres itself is one more value of the STORAGE enum there.
 */

export const POSTGRES_CONFIG_SHAPE = {
  /** postgres://user@host:port/database; unset = the standard PG* variables (PGHOST, PGDATABASE, …). */
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a URL like postgres://user@host:5432/database')
      .optional(),
  ),
  /** The schema holding the tables. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a plain schema name (a-z, 0-9, _)')
    .default('public'),
  /** Connections per instance. */
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().max(1000).default(10),
  /** on: migrate at start-up (under an advisory lock); off: only `npm run db:migrate` does. */
  DATABASE_MIGRATE: z.enum(['on', 'off']).default('on'),
};

/**
 * Secrets every instance must share: with a random per-process default, a token, an agent session
 * or a sealed phone number made by one instance would be refused or unreadable by the next.
 */
export const SHARED_SECRETS = ['DIRECTLINE_SECRET', 'AGENT_SESSION_SECRET', 'CALLBACK_ENCRYPTION_KEY'] as const;

interface CheckedConfig {
  STORAGE: string;
  DIRECTLINE_SECRET?: string;
  AGENT_SESSION_SECRET?: string;
  CALLBACK_ENCRYPTION_KEY?: string;
}

/** With STORAGE=postgres, each missing shared secret is one issue (one clear line at start-up). */
export function checkPostgresConfig(config: CheckedConfig, ctx: z.RefinementCtx): void {
  if (config.STORAGE !== 'postgres') return;
  for (const key of SHARED_SECRETS) {
    if (!config[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required when STORAGE=postgres (every instance must use the same value)' });
  }
}

type PostgresConfig = z.infer<z.ZodObject<typeof POSTGRES_CONFIG_SHAPE>>;

export function postgresSettings(config: PostgresConfig, applicationName?: string): PostgresSettings {
  return {
    connectionString: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    poolSize: config.DATABASE_POOL_SIZE,
    ...(applicationName ? { applicationName } : {}),
  };
}

/** The fragment alone, for tools that need only the database (npm run db:migrate). */
export function parsePostgresEnv(env: Record<string, string | undefined>): PostgresSettings {
  return postgresSettings(z.object(POSTGRES_CONFIG_SHAPE).parse(env), 'cert-helper-migrate');
}
