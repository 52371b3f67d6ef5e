import type { Activity, Storage, StoreItem } from 'botbuilder';

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
  readFrom(conversationId: string, watermark: number, max?: number): Promise<Activity[]>;
  /** Deletes the conversation and every activity in it (retention). */
  delete(conversationId: string): Promise<void>;
}

interface MetaItem extends StoreItem {
  meta: ConversationMeta;
  count: number;
}

interface ActivityItem extends StoreItem {
  activity: Activity;
}

const DEFAULT_READ_MAX = 100;
const MAX_APPEND_ATTEMPTS = 200;

/**
 * ConversationLog over any botbuilder `Storage` (lowdb in production, MemoryStorage in tests).
 * Layout: one key for the meta + counter (`dl/<conv>/meta`) and one key per activity
 * (`dl/<conv>/a/<n>`), so a turn touches a handful of keys whatever the number of conversations.
 *
 * Concurrent appends (several processes, or several requests in one process) reserve their
 * sequence number by writing the counter with the eTag they read (optimistic concurrency) and
 * retry on conflict; only then is the activity written under its own key.
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
    const sequence = await this.reserveSequence(conversationId);
    const item: ActivityItem = { activity: activity.id ? activity : { ...activity, id: sequenceActivityId(conversationId, sequence) } };
    await this.storage.write({ [activityKey(conversationId, sequence)]: item });
    return sequence;
  }

  async readFrom(conversationId: string, watermark: number, max = DEFAULT_READ_MAX): Promise<Activity[]> {
    const meta = await this.readMeta(conversationId);
    if (!meta) return [];
    const first = Math.max(0, Math.floor(watermark)) + 1;
    const last = Math.min(meta.count, first + max - 1);
    if (last < first) return [];
    const keys: string[] = [];
    for (let n = first; n <= last; n++) keys.push(activityKey(conversationId, n));
    const items = await this.storage.read(keys);
    const activities: Activity[] = [];
    // Stop at the first gap: a concurrent append may have reserved a number and not yet written
    // its activity. Returning only the contiguous prefix keeps the caller's watermark from
    // skipping past it.
    for (const key of keys) {
      const item = items[key] as ActivityItem | undefined;
      if (!item) break;
      activities.push(item.activity);
    }
    return activities;
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

  private async reserveSequence(conversationId: string): Promise<number> {
    const key = metaKey(conversationId);
    for (let attempt = 1; ; attempt++) {
      const current = await this.readMeta(conversationId);
      if (!current) throw new Error(`Conversation ${conversationId} does not exist`);
      const next: MetaItem = { meta: current.meta, count: current.count + 1, eTag: current.eTag ?? '*' };
      try {
        await this.storage.write({ [key]: next });
        return next.count;
      } catch (error) {
        // Storage implementations signal an eTag conflict differently; treat a write failure as a
        // conflict only if the counter really moved, otherwise it is a genuine storage error.
        const after = await this.readMeta(conversationId);
        const moved = after !== undefined && (after.eTag !== current.eTag || after.count !== current.count);
        if (!moved || attempt >= MAX_APPEND_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
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

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(20, attempt) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
