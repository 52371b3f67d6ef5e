import type { Storage, StoreItem } from 'botbuilder';
import type { RevocationCheck } from './tokens.js';

interface RevocationItem extends StoreItem {
  /** Tokens issued at or before this time (seconds since epoch) are refused. */
  at: number;
  /** After this time (seconds) every such token has expired anyway: the entry can go. */
  until: number;
}

const MAX_CACHED = 10_000;

/**
 * Conversations whose tokens were revoked when they ended. Tokens are self-contained (nothing is
 * stored per token), so revocation is recorded per conversation, one small document each
 * (`dl/<conversation>/revoked`, beside the conversation's log): no shared list is rewritten,
 * and a restart or another process sees the same answer. An entry matters only until the last
 * token it covers would have expired; after that it is deleted when next read.
 *
 * Every request of a conversation asks; with `cacheMs` the answer is kept that long in this
 * process, so a turn's requests ask the database once. A revocation made here is seen here at
 * once; one made by another instance (STORAGE=postgres) is seen within `cacheMs` — and the
 * streams of that conversation are closed on every instance at once (end of conversation: a
 * notice, directline/shared-streams.ts).
 */
export class StorageRevocationList implements RevocationCheck {
  private readonly answers = new Map<string, { at: number | undefined; expires: number }>();

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
    private readonly cacheMs = 0,
  ) {}

  /** Refuses every token of the conversation issued up to now; `tokenTtlSeconds` bounds how long that matters. */
  async revoke(conversationId: string, tokenTtlSeconds: number): Promise<void> {
    const at = Math.floor(this.now() / 1000);
    const item: RevocationItem = { at, until: at + tokenTtlSeconds, eTag: '*' };
    this.answers.delete(conversationId);
    await this.storage.write({ [revocationKey(conversationId)]: item });
    this.remember(conversationId, at);
  }

  async revokedAt(conversationId: string): Promise<number | undefined> {
    const known = this.answers.get(conversationId);
    if (known && known.expires > this.now()) return known.at;
    const at = await this.read(conversationId);
    this.remember(conversationId, at);
    return at;
  }

  private remember(conversationId: string, at: number | undefined): void {
    if (this.cacheMs <= 0) return;
    this.answers.delete(conversationId);
    this.answers.set(conversationId, { at, expires: this.now() + this.cacheMs });
    // Bounded: the oldest answer goes first (it is the one closest to expiring anyway).
    if (this.answers.size > MAX_CACHED) this.answers.delete(this.answers.keys().next().value as string);
  }

  private async read(conversationId: string): Promise<number | undefined> {
    const key = revocationKey(conversationId);
    const item = (await this.storage.read([key]))[key] as RevocationItem | undefined;
    if (!item || typeof item.at !== 'number') return undefined;
    if (item.until * 1000 <= this.now()) {
      await this.storage.delete([key]);
      return undefined;
    }
    return item.at;
  }
}

/** Where a conversation's revocation is kept: retention erases it with the conversation's log. */
export function revocationKey(conversationId: string): string {
  return `dl/${conversationId}/revoked`;
}
