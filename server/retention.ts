import { localScheduler, type Scheduler } from './scheduler.js';
import type { Activity, Middleware, Storage, StoreItem } from 'botbuilder';
import { DayIndex, dayIsBefore, dayOf, DAY_MS } from '../storage/day-index.js';
import { listKeys } from '../storage/listable.js';

/** Whose traces retention deletes: a conversation (log, state, transcript) or a user (user state). */
export interface RetentionSubject {
  kind: 'conversation' | 'user';
  channelId: string;
  id: string;
}

/** Deletes everything one store keeps about a subject. */
export type Eraser = (subject: RetentionSubject) => Promise<void>;

export interface RetentionOptions {
  /** Days a conversation (and its user) is kept after its last activity. */
  retentionDays: number;
  erasers: Eraser[];
  /** Prefixes of data kept in day buckets (`<prefix>/<YYYY-MM-DD>/…`, e.g. feedback): whole days are deleted. */
  dayBuckets?: string[];
  now?: () => Date;
}

interface SubjectRecord extends RetentionSubject, StoreItem {
  /** UTC day of the latest activity. */
  lastDay: string;
}

const PREFIX = 'retention';
const subjectKey = (subject: RetentionSubject) => `${subject.kind}|${subject.channelId}|${subject.id}`;
const recordKey = (key: string) => `${PREFIX}/subject/${encodeURIComponent(key)}`;

/**
 * Every trace of a conversation goes after the retention period: each conversation and user seen
 * in a turn gets, once per day, a record of its last day and a marker under that day (a
 * `DayIndex`: no shared document, so concurrent conversations never conflict). The purge lists
 * the markers of each day past the cutoff and, for subjects not seen since, runs every eraser
 * (Direct Line log, bot state, transcripts, …), then deletes whole expired day buckets.
 */
export class Retention {
  private readonly index: DayIndex;
  private readonly now: () => Date;
  /** `<day>|<subject>` already recorded by this process today (bounded; a repeat is harmless). */
  private readonly recorded = new Set<string>();

  constructor(
    private readonly storage: Storage,
    private readonly options: RetentionOptions,
  ) {
    this.index = new DayIndex(storage, PREFIX);
    this.now = options.now ?? (() => new Date());
  }

  /** Records that the activity's conversation and sender were active today. */
  async touch(activity: Partial<Activity>): Promise<void> {
    const channelId = activity.channelId ?? '';
    const subjects: RetentionSubject[] = [];
    if (activity.conversation?.id) subjects.push({ kind: 'conversation', channelId, id: activity.conversation.id });
    if (activity.from?.id && activity.from.role !== 'bot') subjects.push({ kind: 'user', channelId, id: activity.from.id });
    const day = dayOf(this.now());
    for (const subject of subjects) {
      const key = subjectKey(subject);
      if (this.recorded.has(`${day}|${key}`)) continue;
      // The marker first: a record never points to a day nobody will examine.
      await this.index.add(day, key);
      await this.storage.write({ [recordKey(key)]: { ...subject, lastDay: day } });
      if (this.recorded.size >= 50_000) this.recorded.clear();
      this.recorded.add(`${day}|${key}`);
    }
  }

  /** Erases the subjects last active before the cutoff; returns how many. */
  async purgeExpired(): Promise<number> {
    const cutoff = this.now().getTime() - this.options.retentionDays * DAY_MS;
    let erased = 0;
    for (const day of await this.index.days()) {
      if (!dayIsBefore(day, cutoff)) continue;
      for (const key of await this.index.ids(day)) {
        const record = (await this.storage.read([recordKey(key)]))[recordKey(key)] as SubjectRecord | undefined;
        // A subject seen again later has a marker under that later day: only this one goes.
        if (record && record.lastDay <= day) {
          const subject: RetentionSubject = { kind: record.kind, channelId: record.channelId, id: record.id };
          for (const erase of this.options.erasers) await erase(subject);
          await this.storage.delete([recordKey(key)]);
          erased++;
        }
        await this.index.remove(day, key);
      }
      for (const prefix of this.options.dayBuckets ?? []) {
        const keys = await listKeys(this.storage, `${prefix}/${day}`);
        if (keys.length > 0) await this.storage.delete(keys);
      }
      if ((await this.index.ids(day)).length === 0) await this.index.dropDay(day);
    }
    return erased;
  }

  /** Adapter middleware: every turn's conversation and sender are recorded before the bot runs. */
  middleware(onError: (error: Error) => void): Middleware {
    return {
      onTurn: async (context, next) => {
        await this.touch(context.activity).catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
        await next();
      },
    };
  }
}

/** botbuilder's ConversationState and UserState keys (default namespace). */
export const stateEraser =
  (storage: Storage): Eraser =>
  async ({ kind, channelId, id }) => {
    await storage.delete([kind === 'conversation' ? `${channelId}/conversations/${id}/` : `${channelId}/users/${id}/`]);
  };

/**
 * Purges now and then every `intervalMs` (default 6 h); returns a stop function. Any store with
 * `purgeExpired()` (the retention of conversations, the transcript store) is scheduled the same way.
 * With several instances `schedule` is the shared scheduler: one instance purges per period.
 */
export function scheduleRetentionPurge(
  retention: { purgeExpired(): Promise<number> },
  options: { intervalMs?: number; onError?: (error: Error) => void; onPurged?: (count: number) => void; schedule?: Scheduler; job?: string } = {},
): () => void {
  const schedule = options.schedule ?? localScheduler({ runAtStart: true });
  const onError = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));
  return schedule(
    options.job ?? 'retention-purge',
    options.intervalMs ?? 6 * 3_600_000,
    async () => options.onPurged?.(await retention.purgeExpired()),
    onError,
  );
}
