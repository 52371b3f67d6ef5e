import type { Storage, StoreItem } from 'botbuilder';
import type { RevocationCheck } from './tokens.js';

interface RevocationItem extends StoreItem {
  /** Tokens issued at or before this time (seconds since epoch) are refused. */
  at: number;
  /** After this time (seconds) every such token has expired anyway: the entry can go. */
  until: number;
}

/**
 * Conversations whose tokens were revoked when they ended. Tokens are self-contained (nothing is
 * stored per token), so revocation is recorded per conversation, one small document each
 * (`dl/<conversation>/revoked`, beside the conversation's log): no shared list is rewritten,
 * and a restart or another process sees the same answer. An entry matters only until the last
 * token it covers would have expired; after that it is deleted when next read.
 */
export class StorageRevocationList implements RevocationCheck {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  /** Refuses every token of the conversation issued up to now; `tokenTtlSeconds` bounds how long that matters. */
  async revoke(conversationId: string, tokenTtlSeconds: number): Promise<void> {
    const at = Math.floor(this.now() / 1000);
    const item: RevocationItem = { at, until: at + tokenTtlSeconds, eTag: '*' };
    await this.storage.write({ [revocationKey(conversationId)]: item });
  }

  async revokedAt(conversationId: string): Promise<number | undefined> {
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
