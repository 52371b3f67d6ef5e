import type pg from 'pg';
import { ActivityListener, publishNotice } from '../storage/postgres/notify.js';
import { postgresSettings } from '../storage/postgres/config.js';
import { migrate } from '../storage/postgres/migrate.js';
import { clientConfig, createPool } from '../storage/postgres/pool.js';
import { PostgresStorage } from '../storage/postgres/postgres-storage.js';
import { PostgresConversationLog } from '../storage/postgres/conversation-log.js';
import { PostgresTranscriptRows } from '../storage/postgres/transcripts.js';
import { countQueries, type QueryCounter } from '../storage/postgres/query-counter.js';
import { postgresRateLimiter, purgeExpiredRateLimits } from '../storage/postgres/rate-limits.js';
import { PostgresAttachments, purgeExpiredAttachments } from '../storage/postgres/attachments.js';
import { readyz, type HealthAnswer } from '../storage/postgres/health.js';
import { startSharedTimer } from '../storage/postgres/run-once.js';
import type { Middleware, TurnContext } from 'botbuilder';
import { PostgresTicketRecords, type TicketRecords } from '../handoff/index.js';
import { PostgresTicketRows } from '../storage/postgres/tickets.js';
import type { LimiterFactory } from '../lib/rate-limits.js';
import type { Logger } from '../lib/logger.js';
import type { ConversationLog } from '../directline/index.js';
import type { Config } from './config.js';
import { localScheduler, type Scheduler } from './scheduler.js';

/**
 * STORAGE=postgres: the one database several instances share. Built once at start-up: migrations
 * (under node-pg-migrate's advisory lock, so instances starting together migrate once; skipped
 * with DATABASE_MIGRATE=off), one pool per instance, one LISTEN connection for the Direct Line
 * fan-out, and the stores on that pool.
 */
export interface SharedDatabase {
  pool: pg.Pool;
  /** Statements sent so far (the bench counts round trips per turn with it). */
  queries: QueryCounter;
  storage: PostgresStorage;
  /** Reads what every turn reads (conversation and user state, the conversation's open ticket) in one query. */
  turnReads: Middleware;
  conversationLog: ConversationLog;
  /** Uploaded files (bytea with expiry): any instance serves a file another received. */
  attachments: PostgresAttachments;
  /** Redacted transcripts as rows (server/records.ts wraps them in the transcript store). */
  transcriptRows: PostgresTranscriptRows;
  /** Handoff tickets as rows of their own table (one statement per change, no shared index documents). */
  ticketRecords: TicketRecords;
  /** Commits of any instance's Direct Line activities (LISTEN/NOTIFY). */
  listener: ActivityListener;
  /** Rate limits counted in the database: a client is limited across all instances. */
  limiter: LimiterFactory;
  /** Periodic jobs claimed in the database: one instance runs each per period. */
  scheduler: Scheduler;
  ready(draining: () => boolean): Promise<HealthAnswer>;
  close(): Promise<void>;
}

export async function openSharedDatabase(config: Config, logger: Logger): Promise<SharedDatabase> {
  const settings = postgresSettings(config, `cert-helper:${config.PORT}`);
  if (config.DATABASE_MIGRATE === 'on') {
    const applied = await migrate(settings, (message) => logger.debug({ migration: message }, 'migration'));
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  }
  const pool = createPool(settings, (error) => logger.warn({ err: { message: error.message } }, 'idle database connection lost'));
  const queries = countQueries(pool);
  const listener = new ActivityListener(clientConfig(settings), {
    onError: (error) => logger.warn({ err: { message: error.message } }, 'database notifications interrupted'),
  });
  try {
    await listener.start();
  } catch (error) {
    await pool.end();
    throw error;
  }
  const scheduler: Scheduler = (job, everyMs, work, onError) => startSharedTimer(pool, job, everyMs, work, onError).stop;
  const stopRateLimitPurge = scheduler(
    'rate-limit-purge',
    10 * 60_000,
    async () => void (await purgeExpiredRateLimits(pool)),
    (error) => logger.warn({ err: { message: error.message } }, 'rate limit purge failed'),
  );
  // Expired uploads: one indexed DELETE a minute, by one instance (reads never return them anyway).
  const stopAttachmentPurge = scheduler(
    'attachment-purge',
    60_000,
    async () => void (await purgeExpiredAttachments(pool)),
    (error) => logger.warn({ err: { message: error.message } }, 'attachment purge failed'),
  );
  const storage = new PostgresStorage(pool);
  return {
    pool,
    queries,
    storage,
    turnReads: { onTurn: (context, next) => storage.withTurnReads(turnKeys(context), next, context.activity.conversation?.id) },
    conversationLog: new PostgresConversationLog(pool) as unknown as ConversationLog,
    attachments: new PostgresAttachments(pool),
    transcriptRows: new PostgresTranscriptRows(pool),
    ticketRecords: new PostgresTicketRecords(new PostgresTicketRows(pool, storage)),
    listener,
    limiter: (name, rate) => postgresRateLimiter(pool, settings.schema, { keyPrefix: name, points: rate.points, duration: rate.seconds }),
    scheduler,
    ready: (draining) => readyz(pool, { draining }),
    close: async () => {
      stopRateLimitPurge();
      stopAttachmentPurge();
      await listener.close();
      await pool.end();
    },
  };
}

/**
 * The keys a message turn reads, as botbuilder's ConversationState and UserState name them
 * (`<channel>/conversations/<id>/`, `<channel>/users/<id>/`). The customer's open ticket is a row
 * of its own table, read in the same query (see PostgresStorage.withTurnReads).
 */
export function turnKeys(context: TurnContext): string[] {
  const { channelId, conversation, from } = context.activity;
  if (!channelId || !conversation?.id) return [];
  const keys = [`${channelId}/conversations/${conversation.id}/`];
  if (from?.id) keys.push(`${channelId}/users/${from.id}/`);
  return keys;
}

export { localScheduler, publishNotice };
