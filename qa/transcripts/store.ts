import { MemoryStorage, type Activity, type PagedResult, type Storage, type TranscriptInfo, type TranscriptStore } from 'botbuilder';
import { readModifyWrite, updateDocument } from '../../storage/concurrency.js';
import { DayIndex, dayIsBefore, dayOf, DAY_MS } from '../../storage/day-index.js';
import { KeyedLock } from '../../storage/keyed-lock.js';
import { LowdbStorage } from '../../storage/lowdb-storage.js';
import { toEmulatorActivity } from './emulator.js';
import { activityKeys, metaKey, OpenPages, readActivities, writeActivities, type Layout } from './pages.js';
import { activityTime, inTimeOrder, storedTime, TurnBatches } from './turn-batches.js';

/** One conversation's index entry. */
export interface TranscriptMeta {
  conversationId: string;
  channelId: string;
  /** ISO time (server clock) of the first activity. */
  started: string;
  /** ISO time (server clock) of the latest activity: retention counts from here. */
  lastActivity: string;
  /** Activities stored, numbered 1..count. */
  count: number;
  /** The day bucket (UTC YYYY-MM-DD) that lists this conversation. */
  day: string;
  /** 'pages': activities are kept in pages (./pages.ts); absent on conversations stored one key per activity. */
  layout?: 'pages';
  /** With 'pages': activities 1..legacy were stored one key each, before pages existed. */
  legacy?: number;
}

export interface TranscriptStoreOptions {
  /** Days a conversation is kept after its last activity. */
  retentionDays?: number;
  now?: () => Date;
  /** Where a failed write is reported (the turn itself never fails because of the transcript). */
  onError?: (error: Error, conversationId: string) => void;
}

const PREFIX = 'transcripts';
const PAGE_SIZE = 100;

type Stored<T> = T & { eTag?: string };

/**
 * Conversation transcripts on any botbuilder `Storage` (lowdb on disk, memory in tests).
 *
 * Layout: one meta key per conversation, its activities in pages of 16 (./pages.ts), and a
 * `DayIndex` marker per conversation under the day of its last activity
 * (`transcripts/index/<day>/<id>`). No document is shared between conversations, so concurrent
 * conversations never conflict. The activities a turn logs (botbuilder's middleware logs them all
 * at the end of the turn) are written as one batch: the meta and one page per turn, whatever the
 * number of stored transcripts (plus the marker for a conversation's first). Retention lists the
 * markers of each day past the cutoff and deletes what expired.
 *
 * Every activity is redacted (passwords, registration/card/account/phone numbers masked, display
 * names, file bytes and links dropped) synchronously inside `logActivity`, before anything is queued
 * or written; a user's previous message is the context for a number split over two messages.
 */
export class StorageTranscriptStore implements TranscriptStore {
  /** One conversation's writes in the order they were logged (the log order is the transcript's). */
  private readonly queue = new KeyedLock();
  private readonly retentionDays: number;
  private readonly now: () => Date;
  private readonly index: DayIndex;
  private readonly batches: TurnBatches;
  /** Only for a storage no other process writes (memory, lowdb): see OpenPages. */
  private readonly open?: OpenPages;

  constructor(
    private readonly storage: Storage,
    options: TranscriptStoreOptions = {},
  ) {
    this.retentionDays = options.retentionDays ?? 30;
    this.now = options.now ?? (() => new Date());
    this.index = new DayIndex(storage, `${PREFIX}/index`);
    if (storage instanceof MemoryStorage || storage instanceof LowdbStorage) this.open = new OpenPages();
    this.batches = new TurnBatches(this.queue, (conversationId, activities) => this.append(conversationId, activities), options.onError);
  }

  /** botbuilder's `TranscriptLogger`: stores a redacted copy, one write per conversation per turn (TurnBatches). */
  logActivity(activity: Activity): Promise<void> {
    return this.batches.log(activity);
  }

  /** Resolves when every activity logged so far is written (tests, graceful shutdown). */
  flush(): Promise<void> {
    return this.batches.flush();
  }

  async meta(conversationId: string): Promise<TranscriptMeta | undefined> {
    const items = await this.storage.read([metaKey(conversationId)]);
    return items[metaKey(conversationId)] as Stored<TranscriptMeta> | undefined;
  }

  /** Every stored conversation, newest first. */
  async list(): Promise<TranscriptMeta[]> {
    const ids = new Set<string>();
    for (const day of await this.index.days()) for (const id of await this.index.ids(day)) ids.add(id);
    const metas = await this.storage.read([...ids].map(metaKey));
    return [...ids]
      .map((id) => metas[metaKey(id)] as Stored<TranscriptMeta> | undefined)
      .filter((meta): meta is Stored<TranscriptMeta> => meta !== undefined)
      .map(({ eTag: _eTag, ...meta }) => meta)
      .sort((a, b) => b.started.localeCompare(a.started) || a.conversationId.localeCompare(b.conversationId));
  }

  /**
   * Conversations whose day marker is `since`'s UTC day or later (a marker is the day of the first
   * turn, or of the last activity once retention moved it): the QA workbench reads a period without
   * listing every day kept.
   */
  async listSince(since: Date): Promise<TranscriptMeta[]> {
    const first = dayOf(since.toISOString());
    const ids = new Set<string>();
    for (const day of await this.index.days()) if (day >= first) for (const id of await this.index.ids(day)) ids.add(id);
    const metas = await this.storage.read([...ids].map(metaKey));
    return [...ids]
      .map((id) => metas[metaKey(id)] as Stored<TranscriptMeta> | undefined)
      .filter((meta): meta is Stored<TranscriptMeta> => meta !== undefined)
      .map(({ eTag: _eTag, ...meta }) => meta);
  }

  /** The stored (redacted) activities in log order. */
  async activities(conversationId: string, from = 1, to?: number): Promise<Activity[]> {
    const meta = await this.meta(conversationId);
    if (!meta) return [];
    return readActivities(this.storage, conversationId, layoutOf(meta), Math.max(1, from), Math.min(to ?? meta.count, meta.count));
  }

  /** The conversation as an Emulator `.transcript`: sorted by time, `from.role` user/bot. */
  async exportTranscript(conversationId: string): Promise<Partial<Activity>[] | undefined> {
    const meta = await this.meta(conversationId);
    if (!meta) return undefined;
    return inTimeOrder(await this.activities(conversationId)).map(toEmulatorActivity);
  }

  /** Deletes conversations whose last activity is older than the retention; returns how many. */
  async purgeExpired(): Promise<number> {
    const cutoff = this.now().getTime() - this.retentionDays * DAY_MS;
    let purged = 0;
    for (const day of await this.index.days()) {
      // A day is only examined once the whole day is past the cutoff.
      if (!dayIsBefore(day, cutoff)) continue;
      for (const conversationId of await this.index.ids(day)) {
        const expired = await this.serial(conversationId, async () => {
          const meta = await this.meta(conversationId);
          if (meta && meta.day === day && Date.parse(meta.lastActivity) < cutoff) {
            await this.deleteConversation(conversationId, meta, day);
            return true;
          }
          // Still in use (its marker moved to a later day when it was last active): drop this one.
          if (meta && meta.day === day) {
            const newDay = dayOf(meta.lastActivity);
            await this.index.add(newDay, conversationId);
            await updateDocument<TranscriptMeta>(this.storage, metaKey(conversationId), (current) => current && { ...current, day: newDay });
          }
          await this.index.remove(day, conversationId);
          return false;
        });
        if (expired) purged++;
      }
      if ((await this.index.ids(day)).length === 0) await this.index.dropDay(day);
    }
    return purged;
  }

  // --- botbuilder TranscriptStore ------------------------------------------------------------

  async getTranscriptActivities(channelId: string, conversationId: string, continuationToken?: string, startDate?: Date): Promise<PagedResult<Activity>> {
    const meta = await this.meta(conversationId);
    if (!meta || meta.channelId !== channelId) return { items: [], continuationToken: undefined as unknown as string };
    const from = continuationToken ? Number(continuationToken) : 1;
    const to = from + PAGE_SIZE - 1;
    const items = (await this.activities(conversationId, from, to)).filter((a) => !startDate || activityTime(a) >= startDate.getTime());
    return { items, continuationToken: (to < meta.count ? String(to + 1) : undefined) as string };
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const all = (await this.list()).filter((meta) => meta.channelId === channelId);
    const start = continuationToken ? Number(continuationToken) : 0;
    const items = all.slice(start, start + PAGE_SIZE).map((meta) => ({ channelId, id: meta.conversationId, created: new Date(meta.started) }));
    return { items, continuationToken: (start + PAGE_SIZE < all.length ? String(start + PAGE_SIZE) : undefined) as string };
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.serial(conversationId, async () => {
      const meta = await this.meta(conversationId);
      if (meta && meta.channelId === channelId) await this.deleteConversation(conversationId, meta, meta.day);
    });
  }

  // --- internals ---------------------------------------------------------------------------------

  /** Stores a batch of one conversation's activities (in log order): the meta, then their page(s). */
  private async append(conversationId: string, activities: Activity[]): Promise<void> {
    // Never in the future of the server's clock: a client's timestamp must not outlive retention.
    const now = this.now();
    const stamps = activities.map((activity) => storedTime(activity, now).toISOString());
    const at = stamps.reduce((latest, stamp) => (stamp > latest ? stamp : latest));
    const started = stamps.reduce((earliest, stamp) => (stamp < earliest ? stamp : earliest));
    // The numbers are reserved with the eTag read, safe against another process logging too.
    const meta = await readModifyWrite<TranscriptMeta, { next: TranscriptMeta; created: boolean }>(this.storage, metaKey(conversationId), (current) => {
      const next: TranscriptMeta = current
        ? {
            ...current,
            count: current.count + activities.length,
            lastActivity: at > current.lastActivity ? at : current.lastActivity,
            // A conversation stored one key per activity goes on in pages after what it has.
            ...(current.layout === 'pages' ? {} : { layout: 'pages' as const, legacy: current.count }),
          }
        : { conversationId, channelId: activities[0].channelId ?? '', started, lastActivity: at, count: activities.length, day: dayOf(at), layout: 'pages' };
      return { write: next, result: { next, created: !current } };
    });
    await writeActivities(this.storage, conversationId, layoutOf(meta.next), meta.next.count - activities.length + 1, activities, this.open);
    // The conversation's own marker: no other conversation ever writes it.
    if (meta.created) await this.index.add(meta.next.day, conversationId);
  }

  private async deleteConversation(conversationId: string, meta: TranscriptMeta, day?: string): Promise<void> {
    const keys = activityKeys(conversationId, layoutOf(meta));
    for (let i = 0; i < keys.length; i += PAGE_SIZE) await this.storage.delete(keys.slice(i, i + PAGE_SIZE));
    await this.storage.delete([metaKey(conversationId)]);
    if (day) await this.index.remove(day, conversationId);
    this.batches.forget(conversationId);
    this.open?.forget(conversationId);
  }

  /** Runs tasks of one conversation one after the other, in the order they were asked for. */
  private serial<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(conversationId, task);
  }
}

/** Conversations stored before pages have all their activities one key each. */
function layoutOf(meta: TranscriptMeta): Layout {
  return { count: meta.count, legacy: meta.layout === 'pages' ? meta.legacy : meta.count };
}
