/**
 * Counts failed agent logins per client (IP) in a sliding window: after `max` failures within
 * `windowMs`, further attempts are refused until the oldest failure leaves the window. Memory is
 * bounded: beyond `maxClients` tracked clients the stalest are forgotten.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly options: { max: number; windowMs: number; maxClients?: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the client may try again, or 0 when it may try now. */
  retryAfterSeconds(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.options.max) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.options.max] + this.options.windowMs - this.now()) / 1000));
  }

  recordFailure(client: string): void {
    const recent = this.recent(client);
    recent.push(this.now());
    this.failures.delete(client); // re-insert: Map order then runs from stalest to freshest
    this.failures.set(client, recent);
    const limit = this.options.maxClients ?? 10_000;
    while (this.failures.size > limit) this.failures.delete(this.failures.keys().next().value as string);
  }

  private recent(client: string): number[] {
    const cutoff = this.now() - this.options.windowMs;
    const recent = (this.failures.get(client) ?? []).filter((time) => time > cutoff);
    if (recent.length === 0) this.failures.delete(client);
    else this.failures.set(client, recent);
    return recent;
  }
}
