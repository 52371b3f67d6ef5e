import { randomBytes } from 'node:crypto';

/**
 * Secrets that must reach a handler but never storage (the callback form's phone number): the
 * channel's door holds the plain value here, in memory only, and stores a random reference in its
 * place; the handler takes it once, for the same conversation, within `ttlMs`. Bounded, so a
 * flood of forms cannot grow memory: beyond `max` the oldest are forgotten.
 */
export class HeldSecrets {
  private readonly items = new Map<string, { secret: string; conversationId: string; expires: number }>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Holds `secret` for `conversationId`; returns the reference that stands in for it. */
  hold(secret: string, conversationId: string): string {
    this.prune();
    while (this.items.size >= this.max) this.items.delete(this.items.keys().next().value as string);
    const reference = randomBytes(16).toString('base64url');
    this.items.set(reference, { secret, conversationId, expires: this.now() + this.ttlMs });
    return reference;
  }

  /** The held secret, once: a second take, another conversation's reference or an expired one give undefined. */
  take(reference: unknown, conversationId: string): string | undefined {
    if (typeof reference !== 'string') return undefined;
    const item = this.items.get(reference);
    if (!item || item.conversationId !== conversationId) return undefined;
    this.items.delete(reference);
    return item.expires > this.now() ? item.secret : undefined;
  }

  get size(): number {
    return this.items.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [reference, item] of this.items) {
      if (item.expires > now) break; // insertion order = expiry order
      this.items.delete(reference);
    }
  }
}
