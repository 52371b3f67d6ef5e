/**
 * Typing indicators are relayed, never stored (Direct Line's own rule; the transcript skips them), and
 * thinned here: at most one per key (a ticket, a conversation) per interval passes. The agent's console
 * and Web Chat already send one per few seconds; this keeps a flood from a script from becoming a flood
 * of relays and database notices. Per process: with several instances each thins what it receives.
 */
export class TypingGate {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    /** Keys remembered at most; the oldest are forgotten first (a forgotten key simply passes once more). */
    private readonly maxKeys = 10_000,
  ) {}

  /** True when a typing indicator for `key` may be relayed now. */
  admit(key: string): boolean {
    const now = this.now();
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.intervalMs) return false;
    this.last.delete(key);
    if (this.last.size >= this.maxKeys) this.last.delete(this.last.keys().next().value!);
    this.last.set(key, now);
    return true;
  }
}
