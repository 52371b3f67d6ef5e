import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoreItem, StoreItems } from 'botbuilder';
import type pg from 'pg';
import { eTagConflict } from '../concurrency.js';
import type { ListableStorage } from '../listable.js';
import { toJsonb } from './pool.js';
import type { TurnTicketReads } from './tickets.js';

/** What a turn read up front: state documents by key (null: none), open ticket documents by conversation (null: none). */
interface TurnEarly {
  items: Map<string, StoreItem | null>;
  tickets: Map<string, object | null>;
}

/**
 * botbuilder `Storage` on PostgreSQL, shared by every instance: one row per key in `bot_state`.
 * The eTag is a column, so a conditional write is one `UPDATE … WHERE etag = $expected`: the
 * database decides which of two instances wins, and the loser gets the same eTag error as the
 * SDK's MemoryStorage. `listKeys` reads the indexed `parent` column the database derives from the key.
 *
 * Round trips: a turn reads several keys one after the other (conversation state, user state) and
 * asks whether its conversation has an open handoff ticket (a row of `tickets`). `withTurnReads`
 * reads them all in ONE query when the turn starts; inside the turn, the first read of each such
 * key, and the first lookup of that open ticket (PostgresTicketRows, via `takeOpenTicket`), is
 * answered from that result (as fresh as a read at turn start: a write still checks the eTag or
 * its guard, so nothing stale is ever written). Each is answered once; a write of the key (of any
 * ticket) inside the turn drops it, so later reads go to the database; when the turn ends,
 * whatever was not read is dropped too.
 */
export class PostgresStorage implements ListableStorage, TurnTicketReads {
  private readonly turnReads = new AsyncLocalStorage<TurnEarly>();

  constructor(private readonly db: Pick<pg.Pool, 'query'>) {}

  /** Runs `work` (a turn) with `keys` and the open ticket of `ticketConversationId` read up front in one query. */
  async withTurnReads<T>(keys: string[], work: () => Promise<T>, ticketConversationId?: string): Promise<T> {
    if (keys.length === 0 && ticketConversationId === undefined) return work();
    const { rows } = await this.db.query<{ key: string | null; document: object; etag: string | null }>(
      `SELECT key, document, etag FROM bot_state WHERE key = ANY($1::text[])
       UNION ALL
       SELECT NULL, document, NULL FROM tickets WHERE $2::text IS NOT NULL AND conversation_id = $2 AND status IN ('waiting', 'assigned', 'callback')`,
      [keys, ticketConversationId ?? null],
    );
    const early: TurnEarly = { items: new Map(keys.map((key) => [key, null])), tickets: new Map() };
    if (ticketConversationId !== undefined) early.tickets.set(ticketConversationId, null);
    for (const row of rows) {
      if (row.key === null) early.tickets.set(ticketConversationId!, row.document);
      else early.items.set(row.key, { ...row.document, eTag: row.etag! });
    }
    try {
      return await this.turnReads.run(early, work);
    } finally {
      // Timers and promises started by the turn keep its async context: they read the database.
      early.items.clear();
      early.tickets.clear();
    }
  }

  takeOpenTicket(conversationId: string): { document: object | undefined } | undefined {
    const tickets = this.turnReads.getStore()?.tickets;
    if (!tickets?.has(conversationId)) return undefined;
    const document = tickets.get(conversationId) ?? undefined;
    tickets.delete(conversationId);
    return { document };
  }

  forgetTickets(): void {
    this.turnReads.getStore()?.tickets.clear();
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const early = this.turnReads.getStore()?.items;
    if (early && keys.every((key) => early.has(key))) {
      const items: StoreItems = {};
      for (const key of keys) {
        const item = early.get(key);
        early.delete(key);
        if (item) items[key] = item;
      }
      return items;
    }
    const { rows } = await this.db.query<{ key: string; document: object; etag: string }>(
      'SELECT key, document, etag FROM bot_state WHERE key = ANY($1::text[])',
      [keys],
    );
    const items: StoreItems = {};
    for (const row of rows) items[row.key] = { ...row.document, eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    this.forgetEarly(Object.keys(changes));
    await Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(key, item as { eTag?: string } & object)));
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    this.forgetEarly(keys);
    await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }

  async listKeys(parent: string): Promise<string[]> {
    const { rows } = await this.db.query<{ key: string }>('SELECT key FROM bot_state WHERE parent = $1', [parent]);
    return rows.map((row) => row.key);
  }

  private forgetEarly(keys: string[]): void {
    const early = this.turnReads.getStore()?.items;
    if (early) for (const key of keys) early.delete(key);
  }

  private async writeOne(key: string, item: { eTag?: string } & object): Promise<void> {
    const { eTag: expected, ...value } = item;
    const document = toJsonb(value);
    if (expected === undefined || expected === '*') {
      await this.db.query(
        `INSERT INTO bot_state (key, document, etag) VALUES ($1, $2::jsonb, gen_random_uuid()::text)
         ON CONFLICT (key) DO UPDATE SET document = EXCLUDED.document, etag = EXCLUDED.etag, updated_at = now()`,
        [key, document],
      );
      return;
    }
    // Like LowdbStorage (and the SDK's database storages): an eTag for a key that no longer
    // exists is a conflict too, so a document deleted meanwhile is not silently re-created.
    const result = await this.db.query(
      `UPDATE bot_state SET document = $2::jsonb, etag = gen_random_uuid()::text, updated_at = now() WHERE key = $1 AND etag = $3`,
      [key, document, expected],
    );
    if (result.rowCount === 0) throw eTagConflict(key);
  }
}
