import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { dayOf, DAY_MS } from '../../storage/day-index.js';
import { KeyedLock } from '../../storage/keyed-lock.js';
import type { PostgresTranscriptRows, TranscriptEntry } from '../../storage/postgres/transcripts.js';
import { toEmulatorActivity } from './emulator.js';
import { activityTime, inTimeOrder, storedTime, TurnBatches } from './turn-batches.js';
import type { TranscriptMeta, TranscriptStoreOptions } from './store.js';

const PAGE_SIZE = 100;

/**
 * Transcripts on PostgreSQL (STORAGE=postgres): the same contract as StorageTranscriptStore, on
 * the rows of storage/postgres/transcripts.ts. Redaction is the same and happens in the same place:
 * synchronously inside `logActivity`, before anything is queued.
 *
 * Round trips: TurnBatches collects a turn's activities (botbuilder's middleware logs them in one
 * synchronous loop) into ONE statement per conversation, written in log order (the numbering is
 * the log order).
 */
export class PostgresTranscriptStore implements TranscriptStore {
  private readonly queue = new KeyedLock();
  private readonly batches: TurnBatches;
  private readonly retentionDays: number;
  private readonly now: () => Date;

  constructor(
    private readonly rows: PostgresTranscriptRows,
    options: TranscriptStoreOptions = {},
  ) {
    this.retentionDays = options.retentionDays ?? 30;
    this.now = options.now ?? (() => new Date());
    this.batches = new TurnBatches(
      this.queue,
      (conversationId, activities) => {
        const entries: TranscriptEntry[] = activities.map((activity) => ({ activity, at: storedTime(activity, this.now()) }));
        return this.rows.append(conversationId, activities[0].channelId ?? '', entries);
      },
      options.onError,
    );
  }

  /** botbuilder's `TranscriptLogger`: stores a redacted copy, one statement per conversation per turn (TurnBatches). */
  logActivity(activity: Activity): Promise<void> {
    return this.batches.log(activity);
  }

  /** Resolves when every activity logged so far is written (tests, graceful shutdown). */
  flush(): Promise<void> {
    return this.batches.flush();
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
    return inTimeOrder(await this.rows.activities(conversationId)).map(toEmulatorActivity);
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
    const items = (await this.rows.activities(conversationId, from, to)).filter((a) => !startDate || activityTime(a) >= startDate.getTime());
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
    this.batches.forget(conversationId);
  }
}
