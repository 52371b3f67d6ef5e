import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { consumeOne } from '../lib/rate-limits.js';

/**
 * Password sign-in attempts, made hard to race and hard to turn against the account holder:
 *  - every attempt is counted *before* its password is checked, so a burst of concurrent guesses
 *    cannot all slip past a counter that has not seen any of them fail yet;
 *  - the tight limit is per client address + username: an attacker locks out their own guesses,
 *    not the agent signing in from their desk; a longer per-address limit stops one address
 *    trying many usernames;
 *  - a successful sign-in gives its attempt back (and clears that address + username);
 *  - password checks run at most `maxConcurrentChecks` at a time. scrypt runs on libuv's thread
 *    pool (4 threads), which file I/O shares: a burst of checks would otherwise queue every
 *    storage read and write of every bot turn behind it.
 */

export interface LoginLimiters {
  /** Per client address + username (default 10 per 10 minutes). */
  perUser: RateLimiterAbstract;
  /** Per client address, any username (default 50 a day). */
  perClient: RateLimiterAbstract;
}

export type AttemptOutcome =
  | { kind: 'valid' }
  | { kind: 'invalid' }
  /** Too many attempts from this address (+ username): try again after. */
  | { kind: 'limited'; retryAfterSeconds: number }
  /** Too many checks waiting already (a flood from many addresses): try again shortly. */
  | { kind: 'busy'; retryAfterSeconds: number };

const MAX_USERNAME_IN_KEY = 64;

export function defaultLoginLimiters(): LoginLimiters {
  return {
    perUser: new RateLimiterMemory({ keyPrefix: 'agentLogins', points: 10, duration: 10 * 60 }),
    perClient: new RateLimiterMemory({ keyPrefix: 'agentLoginsPerClient', points: 50, duration: 24 * 60 * 60 }),
  };
}

export class LoginGuard {
  private readonly checks: ConcurrencyGate;

  constructor(
    private readonly limiters: LoginLimiters,
    { maxConcurrentChecks = 2, maxWaitingChecks = 32 } = {},
  ) {
    this.checks = new ConcurrencyGate(maxConcurrentChecks, maxWaitingChecks);
  }

  /** Counts the attempt, then runs `check` (the password comparison) if the limits allow it. */
  async attempt(client: string, username: string, check: () => Promise<boolean>): Promise<AttemptOutcome> {
    const pair = `${client} ${username.slice(0, MAX_USERNAME_IN_KEY)}`;
    // The address first: once its budget is gone, new usernames add no keys to remember.
    const refusal = (await consumeOne(this.limiters.perClient, client)) ?? (await consumeOne(this.limiters.perUser, pair));
    if (refusal) return { kind: 'limited', retryAfterSeconds: refusal.retryAfterSeconds };
    const checked = await this.checks.run(check);
    if (!checked) {
      // Not checked, so not an attempt: give both back.
      await Promise.all([this.limiters.perClient.reward(client), this.limiters.perUser.reward(pair)]);
      return { kind: 'busy', retryAfterSeconds: 1 };
    }
    if (!checked.value) return { kind: 'invalid' };
    await Promise.all([this.limiters.perClient.reward(client), this.limiters.perUser.delete(pair)]);
    return { kind: 'valid' };
  }
}

/** Runs at most `max` tasks at once; at most `maxWaiting` wait their turn, beyond that `run` refuses at once. */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly max: number,
    private readonly maxWaiting: number,
  ) {}

  /** The task's result, or undefined when too many were waiting already (the task did not run). */
  async run<T>(task: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.active < this.max) this.active += 1;
    else if (this.waiting.length < this.maxWaiting) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else return undefined;
    try {
      return { value: await task() };
    } finally {
      // Hand the slot straight to the next waiter, so `active` never over-admits.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
