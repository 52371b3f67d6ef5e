import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Every per-client limit of the service, made from the RATE_LIMIT_* settings in one place.
 * Counting happens before the work (`consume`), so a burst of concurrent requests cannot all pass
 * a check that has not recorded any of them yet.
 *
 * The counters live in this process (RateLimiterMemory). To share them between several
 * processes, only `makeLimiter` changes: rate-limiter-flexible's database limiters
 * (RateLimiterPostgres, RateLimiterRedis, …) take the same options plus a `storeClient`, and a
 * memory limiter can stay on as their `insuranceLimiter` when the database is unreachable.
 */

/** At most `points` actions per `seconds`, counted from a key's first action (a fixed window per key). */
export interface Rate {
  points: number;
  seconds: number;
}

/** What each limit counts, and per what. */
export const LIMITS = {
  /** Per client: /api/webchat/token, /v3/directline/tokens/*, fresh tokens on reconnect. */
  tokens: 'RATE_LIMIT_TOKENS',
  /** Per client: POST /v3/directline/conversations. */
  conversations: 'RATE_LIMIT_CONVERSATIONS',
  /** Per client: activities posted to any conversation. */
  messages: 'RATE_LIMIT_MESSAGES',
  /** Per conversation: activities posted to it. */
  conversationMessages: 'RATE_LIMIT_CONVERSATION_MESSAGES',
  /** Per client: file uploads. */
  uploads: 'RATE_LIMIT_UPLOADS',
  /** Per client: handoff tickets (queue and callback requests). */
  tickets: 'RATE_LIMIT_TICKETS',
  /** Per conversation: certificate checks (uploaded files and the page's local check results). */
  certChecks: 'RATE_LIMIT_CERT_CHECKS',
  /** Per client address + username: agent password sign-ins (successes are given back). */
  agentLogins: 'RATE_LIMIT_AGENT_LOGINS',
  /** Per client address, any username: agent password sign-ins (successes are given back). */
  agentLoginsPerClient: 'RATE_LIMIT_AGENT_LOGINS_PER_CLIENT',
} as const;

export type LimitName = keyof typeof LIMITS;
export type LimitSetting = (typeof LIMITS)[LimitName];
export type LimitSettings = Record<LimitSetting, Rate>;

/**
 * Defaults: generous for people (a page load takes 1 token and 1 conversation; nobody types 60
 * messages a minute), tight for scripts. Addresses can be shared (offices, mobile carriers), so
 * the per-client budgets leave room for several people behind one address.
 */
export const DEFAULT_RATES: Record<LimitSetting, string> = {
  RATE_LIMIT_TOKENS: '60/1m',
  RATE_LIMIT_CONVERSATIONS: '30/1m',
  RATE_LIMIT_MESSAGES: '120/1m',
  RATE_LIMIT_CONVERSATION_MESSAGES: '60/1m',
  RATE_LIMIT_UPLOADS: '30/10m',
  RATE_LIMIT_TICKETS: '10/1h',
  RATE_LIMIT_CERT_CHECKS: '5/10m',
  RATE_LIMIT_AGENT_LOGINS: '10/10m',
  RATE_LIMIT_AGENT_LOGINS_PER_CLIENT: '50/1d',
};

/** Why an action was refused: when to try again, and whether this is the first refusal of the window. */
export interface Refusal {
  retryAfterSeconds: number;
  /** True once per window, so a kind explanation is sent once rather than for every refused request. */
  first: boolean;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "60/1m" → 60 per minute; units s, m, h, d. Throws a readable error for anything else. */
export function parseRate(text: string): Rate {
  const match = /^\s*(\d{1,9})\s*\/\s*(\d{1,6})\s*([smhd])\s*$/.exec(text);
  const points = Number(match?.[1]);
  const seconds = Number(match?.[2]) * (UNIT_SECONDS[match?.[3] ?? ''] ?? NaN);
  if (!match || points < 1 || !(seconds >= 1)) throw new Error(`"${text}" is not a rate like 60/1m (count / window in s, m, h or d)`);
  return { points, seconds };
}

export type LimiterFactory = (name: LimitName, rate: Rate) => RateLimiterAbstract;

const memoryLimiter: LimiterFactory = (name, rate) => new RateLimiterMemory({ keyPrefix: name, points: rate.points, duration: rate.seconds });

/** Counts one action of `key` on `limiter` (before the work): undefined when it may go ahead, otherwise the refusal. */
export async function consumeOne(limiter: RateLimiterAbstract, key: string): Promise<Refusal | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    // The library rejects with a RateLimiterRes when the limit is reached; anything else is a store failure.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), first: rejection.consumedPoints === limiter.points + 1 };
  }
}

export class RateLimits {
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;

  constructor(settings: LimitSettings, makeLimiter: LimiterFactory = memoryLimiter) {
    const entries = (Object.keys(LIMITS) as LimitName[]).map((name) => [name, makeLimiter(name, settings[LIMITS[name]])]);
    this.limiters = Object.fromEntries(entries) as Record<LimitName, RateLimiterAbstract>;
  }

  /** Counts one action of `name` for `key`: undefined when it may go ahead, otherwise the refusal. */
  consume(name: LimitName, key: string): Promise<Refusal | undefined> {
    return consumeOne(this.limiters[name], key);
  }

  /** Gives back an action counted for work that turned out not to happen (e.g. a ticket that already existed). */
  async refund(name: LimitName, key: string): Promise<void> {
    await this.limiters[name].reward(key);
  }

  /** The underlying limiter, for code that needs more than consume/refund (the agent sign-in guard). */
  limiter(name: LimitName): RateLimiterAbstract {
    return this.limiters[name];
  }
}

/** The limits the configuration asks for (the defaults when `config` is omitted, as in tests and tools). */
export function createRateLimits(config?: LimitSettings, makeLimiter?: LimiterFactory): RateLimits {
  const defaults = Object.fromEntries(Object.entries(DEFAULT_RATES).map(([setting, text]) => [setting, parseRate(text)])) as LimitSettings;
  return new RateLimits(config ?? defaults, makeLimiter);
}
