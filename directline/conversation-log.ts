import type { Activity, Storage, StoreItem } from 'botbuilder';
import { readModifyWrite } from '../storage/concurrency.js';

/** What the channel remembers about a conversation besides its activities. */
export interface ConversationMeta {
  createdAt: string;
  /** User id bound at start (from the token or the start request), if any. */
  userId?: string;
  locale?: string;
}

/**
 * Durable per-conversation activity log. Watermarks are 1-based sequence numbers:
 * the n-th appended activity has watermark n; `readFrom(id, w)` returns activities n > w.
 * Implementations must keep append/read cost independent of the number of conversations.
 */
export interface ConversationLog {
  create(conversationId: string, meta: ConversationMeta): Promise<void>;
  get(conversationId: string): Promise<{ meta: ConversationMeta; count: number } | undefined>;
  /**
   * Appends and returns the activity's sequence number (its watermark). An activity without an
   * `id` is stored with `sequenceActivityId(conversationId, sequence)`.
   */
  append(conversationId: string, activity: Activity): Promise<number>;
  /** Activities after `watermark` (at most `max`) and the watermark they reach. */
  readFrom(conversationId: string, watermark: number, max?: number): Promise<ActivityPage>;
  /** Deletes the conversation and every activity in it (retention). */
  delete(conversationId: string): Promise<void>;
}

export interface ActivityPage {
  activities: Activity[];
  /** Where the next read starts; past any number that holds no activity. */
  watermark: number;
}

interface MetaItem extends StoreItem {
  meta: ConversationMeta;
  count: number;
  /**
   * The newest activity, written in the same (atomic) write that advanced `count`. Its own key is
   * written right after; if the process dies in between, readers take it from here and the next
   * append writes it out before moving on. So a crash never leaves a counted number empty.
   */
  last?: { sequence: number; activity: Activity };
}

interface ActivityItem extends StoreItem {
  activity: Activity;
}

const DEFAULT_READ_MAX = 100;
const MAX_APPEND_ATTEMPTS = 200;

/**
 * ConversationLog over any botbuilder `Storage` (lowdb in production, MemoryStorage in tests).
 * Layout: one key for the meta + counter + newest activity (`dl/<conv>/meta`) and one key per
 * activity (`dl/<conv>/a/<n>`), so a turn touches a handful of keys whatever the number of
 * conversations.
 *
 * An append commits by writing the meta with the eTag it read (optimistic concurrency, so
 * several processes or requests never take the same number; a conflict retries, see
 * storage/concurrency.ts): the new count
 * and the activity itself in one write. Every activity below the count has its own key before
 * the count moves past it, so numbers never have holes, whenever a process is killed.
 */
export class StorageConversationLog implements ConversationLog {
  constructor(private readonly storage: Storage) {}

  async create(conversationId: string, meta: ConversationMeta): Promise<void> {
    const key = metaKey(conversationId);
    const existing = await this.readMeta(conversationId);
    if (existing) throw new Error(`Conversation ${conversationId} already exists`);
    const item: MetaItem = { meta, count: 0 };
    await this.storage.write({ [key]: item });
  }

  async get(conversationId: string): Promise<{ meta: ConversationMeta; count: number } | undefined> {
    const item = await this.readMeta(conversationId);
    return item ? { meta: item.meta, count: item.count } : undefined;
  }

  async append(conversationId: string, activity: Activity): Promise<number> {
    const { sequence, stored } = await readModifyWrite<MetaItem, { sequence: number; stored: Activity }>(
      this.storage,
      metaKey(conversationId),
      async (current) => {
        if (!current) throw new Error(`Conversation ${conversationId} does not exist`);
        // The previous append may have died before writing its activity's own key.
        if (current.last) await this.materialize(conversationId, current.last);
        const sequence = current.count + 1;
        const stored = activity.id ? activity : { ...activity, id: sequenceActivityId(conversationId, sequence) };
        return { write: { meta: current.meta, count: sequence, last: { sequence, activity: stored } }, result: { sequence, stored } };
      },
      { attempts: MAX_APPEND_ATTEMPTS },
    );
    // Committed. If this write fails or never happens, the meta still holds the activity.
    await this.storage.write({ [activityKey(conversationId, sequence)]: { activity: stored } satisfies ActivityItem }).catch(() => undefined);
    return sequence;
  }

  async readFrom(conversationId: string, watermark: number, max = DEFAULT_READ_MAX): Promise<ActivityPage> {
    const from = Math.max(0, Math.floor(watermark));
    const meta = await this.readMeta(conversationId);
    if (!meta) return { activities: [], watermark: from };
    const first = from + 1;
    const last = Math.min(meta.count, first + max - 1);
    if (last < first) return { activities: [], watermark: Math.min(from, meta.count) };
    const keys: string[] = [];
    for (let n = first; n <= last; n++) keys.push(activityKey(conversationId, n));
    const items = await this.storage.read(keys);
    const activities: Activity[] = [];
    keys.forEach((key, index) => {
      const sequence = first + index;
      const activity = (items[key] as ActivityItem | undefined)?.activity ?? (meta.last?.sequence === sequence ? meta.last.activity : undefined);
      // A number with no activity is a hole left by a crash under the former write order (counter
      // first, activity second). Nothing acknowledged was lost there (posts were acknowledged after
      // both writes), so it is skipped rather than blocking the conversation forever.
      if (activity) activities.push(activity);
    });
    return { activities, watermark: last };
  }

  async delete(conversationId: string): Promise<void> {
    const meta = await this.readMeta(conversationId);
    if (!meta) return;
    // Activities first, the meta last: an interrupted delete is finished by the next one.
    for (let first = 1; first <= meta.count; first += DEFAULT_READ_MAX) {
      const keys: string[] = [];
      for (let n = first; n <= Math.min(meta.count, first + DEFAULT_READ_MAX - 1); n++) keys.push(activityKey(conversationId, n));
      await this.storage.delete(keys);
    }
    await this.storage.delete([metaKey(conversationId)]);
  }

  /** Writes the committed newest activity under its own key if it is not there yet. */
  private async materialize(conversationId: string, last: NonNullable<MetaItem['last']>): Promise<void> {
    const key = activityKey(conversationId, last.sequence);
    if ((await this.storage.read([key]))[key]) return;
    await this.storage.write({ [key]: { activity: last.activity } satisfies ActivityItem });
  }

  private async readMeta(conversationId: string): Promise<MetaItem | undefined> {
    const key = metaKey(conversationId);
    const items = await this.storage.read([key]);
    return items[key] as MetaItem | undefined;
  }
}

/** `<conversationId>|0000001`: the id format of the real service; the number is the watermark. */
export function sequenceActivityId(conversationId: string, sequence: number): string {
  return `${conversationId}|${String(sequence).padStart(7, '0')}`;
}

function metaKey(conversationId: string): string {
  return `dl/${conversationId}/meta`;
}

function activityKey(conversationId: string, sequence: number): string {
  return `dl/${conversationId}/a/${sequence}`;
}
