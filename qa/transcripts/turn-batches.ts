import type { Activity } from 'botbuilder';
import { PreviousMessages, redactActivity } from '../../lib/redact.js';
import type { KeyedLock } from '../../storage/keyed-lock.js';

/** How far ahead of the server's clock a client's timestamp may be before the server's time is used. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * What every transcript store (pages on memory/lowdb, rows on PostgreSQL) does before it writes:
 *
 * - redacts each activity synchronously, before anything is queued (a user's previous message is the
 *   context for a number split over two messages);
 * - batches: botbuilder's TranscriptLoggerMiddleware logs a turn's activities in one synchronous loop,
 *   so activities logged while a conversation's write has not started yet join that write: one write
 *   per conversation per turn;
 * - keeps each conversation's writes in log order (`lock`, shared with the store's own deletes and
 *   purges), and the writes in flight for `flush()`.
 *
 * The store says how one batch is written.
 */
export class TurnBatches {
  private readonly previous = new PreviousMessages();
  private readonly pending = new Set<Promise<void>>();
  /** Activities logged and not yet taken by a write, per conversation, with the write that will take them. */
  private readonly waiting = new Map<string, { activities: Activity[]; written: Promise<void> }>();

  constructor(
    private readonly lock: KeyedLock,
    private readonly write: (conversationId: string, activities: Activity[]) => Promise<void>,
    private readonly onError?: (error: Error, conversationId: string) => void,
  ) {}

  /** botbuilder's `TranscriptLogger`: queues a redacted copy; never throws into the turn when `onError` is set. */
  log(activity: Activity): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!conversationId || activity.type === 'typing') return Promise.resolve();
    const fromUser = activity.from?.role === 'user' || (activity.from?.role === undefined && activity.recipient?.role === 'bot');
    const safe = redactActivity(activity, fromUser ? this.previous.contextOf(conversationId) : {});
    if (fromUser && typeof safe.text === 'string' && safe.text.trim()) this.previous.remember(conversationId, safe.text);
    const batch = this.waiting.get(conversationId);
    if (batch) {
      batch.activities.push(safe);
      return batch.written;
    }
    const activities = [safe];
    const written = this.lock
      .run(conversationId, () => {
        // The batch closes when its write starts; later activities start another.
        this.waiting.delete(conversationId);
        return this.write(conversationId, activities);
      })
      .catch((error: unknown) => {
        const err = error instanceof Error ? error : new Error(String(error));
        if (this.onError) this.onError(err, conversationId);
        else throw err;
      });
    this.waiting.set(conversationId, { activities, written });
    this.pending.add(written);
    void written.finally(() => this.pending.delete(written)).catch(() => undefined);
    return written;
  }

  /** Resolves when every activity logged so far is written (tests, graceful shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** A deleted conversation's previous message is no longer context. */
  forget(conversationId: string): void {
    this.previous.forget(conversationId);
  }
}

/** An activity's timestamp in ms, 0 when it has none or it does not parse. */
export function activityTime(activity: Partial<Activity>): number {
  const value = activity.timestamp ? Date.parse(String(activity.timestamp instanceof Date ? activity.timestamp.toISOString() : activity.timestamp)) : NaN;
  return Number.isNaN(value) ? 0 : value;
}

/** The activity's time, but never in the future of the server's clock: a client's timestamp must not outlive retention. */
export function storedTime(activity: Partial<Activity>, now: Date): Date {
  const stamp = activityTime(activity);
  return new Date(stamp > 0 && stamp <= now.getTime() + CLOCK_SKEW_MS ? stamp : now.getTime());
}

/** Activities in time order (log order among equal times), for an Emulator `.transcript`. */
export function inTimeOrder<T extends Partial<Activity>>(activities: T[]): T[] {
  return activities
    .map((activity, index) => ({ activity, index }))
    .sort((a, b) => activityTime(a.activity) - activityTime(b.activity) || a.index - b.index)
    .map(({ activity }) => activity);
}
