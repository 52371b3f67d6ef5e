import { randomBytes } from 'node:crypto';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { commaList, emptyAsUndefined, positiveInt, problemFromThrow } from '../lib/config-values.js';
import { checkHandoffConfig, HANDOFF_CONFIG_SHAPE } from '../handoff/config.js';
import { checkProxyEntry } from '../lib/client-address.js';
import { DEFAULT_RATES, parseRate, type LimitSetting } from '../lib/rate-limits.js';
import { checkPostgresConfig, POSTGRES_CONFIG_SHAPE } from '../storage/postgres/config.js';
import { SECURITY_CONFIG_SHAPE } from './security-config.js';

// Every setting the assistant reads, with its default. `.env.example` documents the same keys.
// Validation happens once at start-up so that a typo stops the process with a precise message
// instead of surfacing later as a confusing runtime failure.
const port = z.coerce.number().int().min(0).max(65535);
/** A per-client limit, "count/window" (60/1m); empty = the default of lib/rate-limits.ts. */
const rate = (setting: LimitSetting) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default(DEFAULT_RATES[setting])
      .transform((text, ctx) => {
        try {
          return parseRate(text);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
  );

export const ConfigSchema = z
  .object({
    PORT: port.default(3978),
    HOST: z.string().min(1).default('127.0.0.1'),
    PUBLIC_BASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** lowdb: one process (embedded default); postgres: several instances on one database (DATABASE_URL …). */
    STORAGE: z.enum(['lowdb', 'memory', 'postgres']).default('lowdb'),
    DATA_DIR: z.string().min(1).default('./data'),
    MicrosoftAppId: z.preprocess(emptyAsUndefined, z.string().optional()),
    MicrosoftAppPassword: z.preprocess(emptyAsUndefined, z.string().optional()),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: z.preprocess(emptyAsUndefined, z.string().optional()),
    DIRECTLINE_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, 'at least 16 characters').optional()),
    DIRECTLINE_TOKEN_TTL_SECONDS: positiveInt.default(1800),
    /** Refreshing never extends a token chain beyond this many seconds after its first token. */
    DIRECTLINE_TOKEN_MAX_AGE_SECONDS: positiveInt.default(24 * 60 * 60),
    MAX_UPLOAD_BYTES: positiveInt.default(1024 * 1024),
    AGENT_MODE_USER_IDS: commaList(),
    /** teams: agents in Teams and the console; external: emit handoff.initiate for a contact-center platform. */
    HANDOFF_MODE: z.enum(['teams', 'external']).default('teams'),
    /** The Teams channel agents are notified in (19:…@thread.tacv2); unset = where the app was installed last. */
    HANDOFF_TEAMS_CHANNEL_ID: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^19:\S+$/, 'a Teams channel id like 19:…@thread.tacv2')
        .optional(),
    ),
    /** An assigned customer silent this long is taken to have left (the agent is told). */
    HANDOFF_CUSTOMER_IDLE_MINUTES: positiveInt.default(15),
    /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; none by default. */
    TRUST_PROXY: commaList(problemFromThrow(checkProxyEntry)),
    // Per-client limits (lib/rate-limits.ts says what each counts).
    RATE_LIMIT_TOKENS: rate('RATE_LIMIT_TOKENS'),
    RATE_LIMIT_CONVERSATIONS: rate('RATE_LIMIT_CONVERSATIONS'),
    RATE_LIMIT_MESSAGES: rate('RATE_LIMIT_MESSAGES'),
    RATE_LIMIT_CONVERSATION_MESSAGES: rate('RATE_LIMIT_CONVERSATION_MESSAGES'),
    RATE_LIMIT_UPLOADS: rate('RATE_LIMIT_UPLOADS'),
    RATE_LIMIT_TICKETS: rate('RATE_LIMIT_TICKETS'),
    RATE_LIMIT_CERT_CHECKS: rate('RATE_LIMIT_CERT_CHECKS'),
    RATE_LIMIT_AGENT_LOGINS: rate('RATE_LIMIT_AGENT_LOGINS'),
    RATE_LIMIT_AGENT_LOGINS_PER_CLIENT: rate('RATE_LIMIT_AGENT_LOGINS_PER_CLIENT'),
    /** SIGTERM: /readyz answers 503 this long while the instance still serves, before it stops accepting (lib/drain.ts). */
    DRAIN_NOTICE_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(120_000).default(5_000)),
    TRANSCRIPTS: z.enum(['on', 'off']).default('on'),
    TRANSCRIPT_RETENTION_DAYS: positiveInt.default(30),
    // Live handoff and the agent API: keys, defaults and docs in handoff/config.ts.
    ...HANDOFF_CONFIG_SHAPE,
    // STORAGE=postgres: where the shared database is (storage/postgres/config.ts).
    ...POSTGRES_CONFIG_SHAPE,
    // Embedding and security headers: keys and docs in server/security-config.ts.
    ...SECURITY_CONFIG_SHAPE,
  })
  .superRefine((config, ctx) => {
    checkHandoffConfig(config, ctx);
    checkPostgresConfig(config, ctx);
    if (config.MicrosoftAppId && config.MicrosoftAppType !== 'UserAssignedMSI' && !config.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'required when MicrosoftAppId is set' });
    }
    if (config.MicrosoftAppType === 'SingleTenant' && !config.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'required when MicrosoftAppType is SingleTenant' });
    }
  });

export type RawConfig = z.infer<typeof ConfigSchema>;
export interface Config extends RawConfig {
  /** Where this server is reached from outside: used in Direct Line stream and attachment URLs. */
  publicBaseUrl: string;
  /** Absolute data directory. */
  dataDir: string;
  /** The Direct Line secret actually in use (random per start when not configured). */
  directLineSecret: string;
}

export class ConfigError extends Error {}

/** Parses settings from an environment-like record; throws ConfigError with one line per bad key. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`);
    throw new ConfigError(lines.join('\n'));
  }
  const raw = result.data;
  const hostForUrl = raw.HOST === '0.0.0.0' || raw.HOST === '::' ? 'localhost' : raw.HOST;
  return {
    ...raw,
    publicBaseUrl: (raw.PUBLIC_BASE_URL ?? `http://${hostForUrl}:${raw.PORT}`).replace(/\/$/, ''),
    dataDir: path.resolve(raw.DATA_DIR),
    directLineSecret: raw.DIRECTLINE_SECRET ?? randomBytes(32).toString('base64url'),
  };
}

/** Reads `.env` (without overriding real environment variables), then validates. */
export function loadConfig(): Config {
  dotenv.config({ quiet: true });
  return parseConfig(process.env);
}
