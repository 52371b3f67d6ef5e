import type { BotAdapter, Storage } from 'botbuilder';
import { StorageConversationLog, revocationKey, type ConversationLog } from '../directline/index.js';
import {
  PostgresTranscriptStore,
  StorageTranscriptStore,
  createTranscriptMiddleware,
  type TranscriptArchive,
  type TranscriptStoreOptions,
} from '../qa/transcripts/index.js';
import { createStorage } from '../storage/index.js';
import { postgresSettings } from '../storage/postgres/config.js';
import { createPool } from '../storage/postgres/pool.js';
import { PostgresTranscriptRows } from '../storage/postgres/transcripts.js';
import { FEEDBACK_PREFIX } from '../dialogs/feedback.js';
import type { Logger } from '../lib/logger.js';
import type { Config } from './config.js';
import type { Scheduler } from './scheduler.js';
import { Retention, scheduleRetentionPurge, stateEraser } from './retention.js';

/** What the service keeps about conversations, and the schedules that delete it again. */
export interface Records {
  /** The embedded Direct Line channel's log (its activities and watermarks). */
  conversationLog: ConversationLog;
  /** Redacted transcripts for QA; undefined when TRANSCRIPTS=off. */
  transcripts?: TranscriptArchive;
  retention: Retention;
  /** Stops the purge schedules. */
  stop(): void;
}

/**
 * Where transcripts are kept for the configured STORAGE: on PostgreSQL rows of their own (one
 * statement per turn, retention one indexed DELETE), otherwise documents in `storage`. The server
 * and `npm run transcript` (openTranscriptReader) both choose here, so the CLI reads what was recorded.
 */
export function transcriptArchive(
  storage: Storage | undefined,
  transcriptRows: PostgresTranscriptRows | undefined,
  options: TranscriptStoreOptions,
): TranscriptArchive {
  if (transcriptRows) return new PostgresTranscriptStore(transcriptRows, options);
  if (!storage) throw new Error('transcripts need a storage or PostgreSQL rows');
  return new StorageTranscriptStore(storage, options);
}

/** `npm run transcript`: the server's transcript store for `config`, and how to let go of it. */
export function openTranscriptReader(config: Config): { store: TranscriptArchive; close(): Promise<void> } {
  const options = { retentionDays: config.TRANSCRIPT_RETENTION_DAYS };
  if (config.STORAGE !== 'postgres') return { store: transcriptArchive(createStorage(config), undefined, options), close: async () => undefined };
  const pool = createPool({ ...postgresSettings(config, 'cert-helper:transcript-cli'), poolSize: 2 });
  return { store: transcriptArchive(undefined, new PostgresTranscriptRows(pool), options), close: () => pool.end() };
}

/**
 * Every conversation is recorded for QA, redacted before anything is written, and purged after
 * retention: after TRANSCRIPT_RETENTION_DAYS without activity every trace of a conversation and its
 * user goes — the Direct Line log and its tokens' revocation, bot state, the transcript and that
 * day's feedback. The recording and retention middleware are added to `adapter` here.
 */
export function keepRecords(
  config: Config,
  storage: Storage,
  adapter: BotAdapter,
  logger: Logger,
  now: () => Date,
  shared: { conversationLog?: ConversationLog; transcriptRows?: PostgresTranscriptRows; schedule?: Scheduler } = {},
): Records {
  let transcripts: TranscriptArchive | undefined;
  let stopTranscriptPurge = () => {};
  if (config.TRANSCRIPTS === 'on') {
    const options = {
      retentionDays: config.TRANSCRIPT_RETENTION_DAYS,
      now,
      onError: (error: Error, conversationId: string) => logger.warn({ err: { message: error.message }, conversationId }, 'transcript write failed'),
    };
    transcripts = transcriptArchive(storage, shared.transcriptRows, options);
    adapter.use(createTranscriptMiddleware(transcripts));
    stopTranscriptPurge = scheduleRetentionPurge(transcripts, {
      onPurged: (count) => count && logger.info({ purged: count }, 'expired transcripts purged'),
      onError: (error) => logger.warn({ err: { message: error.message } }, 'transcript purge failed'),
      schedule: shared.schedule,
      job: 'transcript-purge',
    });
  }

  const conversationLog = shared.conversationLog ?? new StorageConversationLog(storage);
  const retention = new Retention(storage, {
    retentionDays: config.TRANSCRIPT_RETENTION_DAYS,
    now,
    dayBuckets: [FEEDBACK_PREFIX],
    erasers: [
      stateEraser(storage),
      async ({ kind, channelId, id }) => {
        if (kind !== 'conversation') return;
        if (channelId === 'directline') {
          await conversationLog.delete(id);
          await storage.delete([revocationKey(id)]);
        }
        await transcripts?.deleteTranscript(channelId, id);
      },
    ],
  });
  adapter.use(retention.middleware((error) => logger.warn({ err: { message: error.message } }, 'retention record failed')));
  const stopRetention = scheduleRetentionPurge(retention, {
    onPurged: (count) => count && logger.info({ erased: count }, 'expired conversations erased'),
    onError: (error) => logger.warn({ err: { message: error.message } }, 'retention purge failed'),
    schedule: shared.schedule,
    job: 'retention-purge',
  });

  return {
    conversationLog,
    transcripts,
    retention,
    stop: () => {
      stopTranscriptPurge();
      stopRetention();
    },
  };
}
