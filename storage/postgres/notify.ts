import pg from 'pg';

/**
 * A conversation has activities up to `seq`; without `seq`, notifications may have been missed:
 * re-read. `live` is an activity that is never stored (typing), carried whole; `ended` says the
 * conversation ended (its streams close once they have what the log holds).
 */
export interface ActivityNotice {
  conversationId: string;
  seq?: number;
  live?: Record<string, unknown>;
  ended?: true;
}

/** NOTIFY's payload limit is 8000 bytes; a live activity larger than this is not sent. */
const MAX_LIVE_PAYLOAD = 7_000;

/**
 * Tells every instance's listener (this one's too) about a conversation without a row: a typing
 * activity, or that the conversation ended. Same channel as the stored activities' trigger, so one
 * listening connection per process hears everything. False when a live activity is too large.
 */
export async function publishNotice(
  db: Pick<pg.Pool, 'query'>,
  notice: { conversationId: string; live?: Record<string, unknown>; ended?: true },
  channel = 'dl_activity',
): Promise<boolean> {
  const payload = JSON.stringify({ c: notice.conversationId, ...(notice.live ? { t: notice.live } : {}), ...(notice.ended ? { e: 1 } : {}) });
  if (Buffer.byteLength(payload) > MAX_LIVE_PAYLOAD) return false;
  await db.query('SELECT pg_notify($1, $2)', [channel, payload]);
  return true;
}
type Handler = (notice: ActivityNotice) => void;

export interface ActivityListenerOptions {
  /** The channel the `dl_activities` trigger notifies. */
  channel?: string;
  /** First delay before reconnecting after the connection is lost; doubles up to maxDelayMs. */
  reconnectDelayMs?: number;
  maxDelayMs?: number;
  onError?: (error: Error) => void;
}

/**
 * Fan-out across instances. Every committed activity notifies `dl_activity` with its
 * conversation id and number (never its content); this process keeps ONE listening connection
 * and tells the streams of that conversation, which read the rows from their own watermark.
 * So a reply written by any instance reaches a WebSocket held by this one at once.
 *
 * If the listening connection is lost, it is reopened (with backoff) and every subscriber gets a
 * notice without `seq`: whatever was committed while nobody listened is read from the watermark.
 */
export class ActivityListener {
  private readonly subscribers = new Map<string, Set<Handler>>();
  private readonly channel: string;
  private client?: pg.Client;
  private closed = false;
  private retryTimer?: NodeJS.Timeout;
  private delayMs: number;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly options: ActivityListenerOptions = {},
  ) {
    this.channel = options.channel ?? 'dl_activity';
    if (!/^[a-z_][a-z0-9_]*$/.test(this.channel)) throw new Error(`"${this.channel}" is not a plain channel name`);
    this.delayMs = options.reconnectDelayMs ?? 100;
  }

  /** Connects and listens; rejects if the first connection fails (start-up should stop then). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Calls `handler` for every notice about the conversation until the returned function is called. */
  subscribe(conversationId: string, handler: Handler): () => void {
    let handlers = this.subscribers.get(conversationId);
    if (!handlers) this.subscribers.set(conversationId, (handlers = new Set()));
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0 && this.subscribers.get(conversationId) === handlers) this.subscribers.delete(conversationId);
    };
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (message) => this.deliver(message.channel, message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    await client.connect();
    try {
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.delayMs = this.options.reconnectDelayMs ?? 100;
  }

  private deliver(channel: string, payload: string | undefined): void {
    if (channel !== this.channel || !payload) return;
    let notice: { c?: unknown; s?: unknown; t?: unknown; e?: unknown };
    try {
      notice = JSON.parse(payload) as typeof notice;
    } catch {
      return;
    }
    if (typeof notice.c !== 'string') return;
    const handlers = this.subscribers.get(notice.c);
    if (!handlers) return;
    const live = typeof notice.t === 'object' && notice.t !== null && !Array.isArray(notice.t) ? (notice.t as Record<string, unknown>) : undefined;
    const event: ActivityNotice = {
      conversationId: notice.c,
      ...(typeof notice.s === 'number' ? { seq: notice.s } : {}),
      ...(live ? { live } : {}),
      ...(notice.e === 1 ? { ended: true as const } : {}),
    };
    for (const handler of [...handlers]) this.call(handler, event);
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    if (error) this.options.onError?.(error);
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.options.maxDelayMs ?? 5_000);
    this.retryTimer = setTimeout(() => {
      this.connect().then(
        () => {
          if (this.closed) return;
          // Notifications sent while disconnected are gone: every stream re-reads from its watermark.
          for (const [conversationId, handlers] of this.subscribers) for (const handler of [...handlers]) this.call(handler, { conversationId });
        },
        (error: Error) => {
          this.options.onError?.(error);
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.retryTimer.unref();
  }

  private call(handler: Handler, notice: ActivityNotice): void {
    try {
      handler(notice);
    } catch (error) {
      this.options.onError?.(error as Error);
    }
  }
}
