import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { PreviousMessages, redactActivity } from '../../lib/redact.js';
import { dayOf, DAY_MS } from '../../storage/day-index.js';
import { KeyedLock } from '../../storage/keyed-lock.js';
import type { PostgresTranscriptRows, TranscriptEntry } from '../../storage/postgres/transcripts.js';
import { toEmulatorActivity } from './emulator.js';
import type { TranscriptMeta, TranscriptStoreOptions } from './store.js';

const PAGE_SIZE = 100;
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Transcripts on PostgreSQL (STORAGE=postgres): the same contract as StorageTranscriptStore, on
 * the rows of storage/postgres/transcripts.ts. Redaction is the same and happens in the same place:
 * synchronously inside `logActivity`, before anything is queued.
 *
 * Round trips: botbuilder's TranscriptLoggerMiddleware logs a turn's activities in one synchronous
 * loop when the turn ends, so they are collected until the microtask queue runs and written as ONE
 * statement per conversation. Batches of one conversation are written in the order they were
 * logged (the numbering is the log order).
 */
export class PostgresTranscriptStore implements TranscriptStore {
  private readonly queue = new KeyedLock();
  private readonly waiting = new Map<string, { channelId: string; entries: TranscriptEntry[]; written: Promise<void> }>();
  private readonly pending = new Set<Promise<void>>();
  private readonly previous = new PreviousMessages();
  private readonly retentionDays: number;
  private readonly now: () => Date;

  constructor(
    private readonly rows: PostgresTranscriptRows,
    private readonly options: TranscriptStoreOptions = {},
  ) {
    this.retentionDays = options.retentionDays ?? 30;
    this.now = options.now ?? (() => new Date());
  }

  /** botbuilder's `TranscriptLogger`: stores a redacted copy; never throws into the turn. */
  logActivity(activity: Activity): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!conversationId || activity.type === 'typing') return Promise.resolve();
    const fromUser = activity.from?.role === 'user' || (activity.from?.role === undefined && activity.recipient?.role === 'bot');
    const safe = redactActivity(activity, fromUser ? this.previous.contextOf(conversationId) : {});
    if (fromUser && typeof safe.text === 'string' && safe.text.trim()) this.previous.remember(conversationId, safe.text);
    const entry = { activity: safe, at: this.timeOf(activity) };
    const batch = this.waiting.get(conversationId);
    if (batch) {
      batch.entries.push(entry);
      return batch.written;
    }
    const next = { channelId: activity.channelId ?? '', entries: [entry], written: Promise.resolve() };
    this.waiting.set(conversationId, next);
    next.written = Promise.resolve()
      .then(() => {
        // The batch is closed when the synchronous logging loop is over; later activities start another.
        this.waiting.delete(conversationId);
        return this.queue.run(conversationId, () => this.rows.append(conversationId, next.channelId, next.entries));
      })
      .catch((error: unknown) => {
        const err = error instanceof Error ? error : new Error(String(error));
        if (this.options.onError) this.options.onError(err, conversationId);
        else throw err;
      });
    const written = next.written;
    this.pending.add(written);
    void written.finally(() => this.pending.delete(written)).catch(() => undefined);
    return written;
  }

  /** Resolves when every activity logged so far is written (tests, graceful shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async meta(conversationId: string): Promise<TranscriptMeta | undefined> {
    const row = await this.rows.meta(conversationId);
    return row && { ...row, day: dayOf(row.lastActivity) };
  }

  /** Every stored conversation, newest first. */
  async list(): Promise<TranscriptMeta[]> {
    return (await this.rows.list()).map((row) => ({ ...row, day: dayOf(row.lastActivity) }));
  }

  async activities(conversationId: string, from = 1, to?: number): Promise<Activity[]> {
    return this.rows.activities(conversationId, from, to);
  }

  /** The conversation as an Emulator `.transcript`: sorted by time, `from.role` user/bot. */
  async exportTranscript(conversationId: string): Promise<Partial<Activity>[] | undefined> {
    if (!(await this.rows.meta(conversationId))) return undefined;
    const activities = (await this.rows.activities(conversationId)).map((activity, index) => ({ activity, index }));
    activities.sort((a, b) => time(a.activity) - time(b.activity) || a.index - b.index);
    return activities.map(({ activity }) => toEmulatorActivity(activity));
  }

  /** Deletes conversations whose last activity is older than the retention (one DELETE); returns how many. */
  async purgeExpired(): Promise<number> {
    return this.rows.purgeBefore(new Date(this.now().getTime() - this.retentionDays * DAY_MS));
  }

  async getTranscriptActivities(channelId: string, conversationId: string, continuationToken?: string, startDate?: Date): Promise<PagedResult<Activity>> {
    const meta = await this.rows.meta(conversationId);
    if (!meta || meta.channelId !== channelId) return { items: [], continuationToken: undefined as unknown as string };
    const from = continuationToken ? Number(continuationToken) : 1;
    const to = from + PAGE_SIZE - 1;
    const items = (await this.rows.activities(conversationId, from, to)).filter((a) => !startDate || time(a) >= startDate.getTime());
    return { items, continuationToken: (to < meta.count ? String(to + 1) : undefined) as string };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const all = await this.rows.list(channelId);
    const start = continuationToken ? Number(continuationToken) : 0;
    const items = all.slice(start, start + PAGE_SIZE).map((meta) => ({ channelId, id: meta.conversationId, created: new Date(meta.started) }));
    return { items, continuationToken: (start + PAGE_SIZE < all.length ? String(start + PAGE_SIZE) : undefined) as string };
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.queue.run(conversationId, () => this.rows.delete(conversationId, channelId));
    this.previous.forget(conversationId);
  }

  /** The activity's time, but never in the future of the server's clock (a client's timestamp must not outlive retention). */
  private timeOf(activity: Partial<Activity>): Date {
    const now = this.now().getTime();
    const stamp = time(activity);
    return new Date(stamp > 0 && stamp <= now + CLOCK_SKEW_MS ? stamp : now);
  }
}

function time(activity: Partial<Activity>): number {
  const value = activity.timestamp ? Date.parse(String(activity.timestamp instanceof Date ? activity.timestamp.toISOString() : activity.timestamp)) : NaN;
  return Number.isNaN(value) ? 0 : value;
}
