import { describe, expect, test } from '@jest/globals';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { configErrorFor } from '../test/support/config.js';
import { parseConfig } from './config.js';
import { createRateLimits, DEFAULT_RATES, LIMITS, parseRate } from '../lib/rate-limits.js';

describe('rates', () => {
  test('"count/window" with s, m, h or d', () => {
    expect(parseRate('60/1m')).toEqual({ points: 60, seconds: 60 });
    expect(parseRate(' 5 / 10m ')).toEqual({ points: 5, seconds: 600 });
    expect(parseRate('50/1d')).toEqual({ points: 50, seconds: 86_400 });
    for (const bad of ['60', '60/m', '0/1m', '10/0s', '10/1w', '-1/1m', '1.5/1m']) expect(() => parseRate(bad)).toThrow(/not a rate like 60\/1m/);
  });

  test('every limit has a setting and a default; a bad setting stops the start with its name', () => {
    const config = parseConfig({});
    for (const setting of Object.values(LIMITS)) expect(config[setting]).toEqual(parseRate(DEFAULT_RATES[setting]));
    expect(parseConfig({ RATE_LIMIT_TOKENS: '5/1s', RATE_LIMIT_TICKETS: '' })).toMatchObject({
      RATE_LIMIT_TOKENS: { points: 5, seconds: 1 },
      RATE_LIMIT_TICKETS: { points: 10, seconds: 3600 },
    });
    expect(configErrorFor({ RATE_LIMIT_UPLOADS: 'lots' })).toBe('RATE_LIMIT_UPLOADS: "lots" is not a rate like 60/1m (count / window in s, m, h or d)');
  });
});

describe('RateLimits', () => {
  test('counts before the work: of a concurrent burst exactly the limit passes; the first refusal says it is the first', async () => {
    const limits = createRateLimits({ ...parseConfig({}), RATE_LIMIT_TOKENS: { points: 3, seconds: 60 } });
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => limits.consume('tokens', 'client-a')));
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(3);
    const refusals = outcomes.filter((outcome) => outcome !== undefined);
    expect(refusals.filter((refusal) => refusal.first)).toHaveLength(1);
    for (const refusal of refusals) expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(await limits.consume('tokens', 'client-b')).toBeUndefined();
    expect(await limits.consume('conversations', 'client-a')).toBeUndefined();
  });

  test('a refund gives back an action that did not happen', async () => {
    const limits = createRateLimits({ ...parseConfig({}), RATE_LIMIT_TICKETS: { points: 1, seconds: 60 } });
    expect(await limits.consume('tickets', 'c')).toBeUndefined();
    await limits.refund('tickets', 'c');
    expect(await limits.consume('tickets', 'c')).toBeUndefined();
    expect(await limits.consume('tickets', 'c')).toMatchObject({ first: true });
  });

  test('the store is one factory: each limit gets its own prefix and rate', () => {
    const made: Array<[string, number, number]> = [];
    createRateLimits(parseConfig({}), (name, rate) => {
      made.push([name, rate.points, rate.seconds]);
      return new RateLimiterMemory({ keyPrefix: name, points: rate.points, duration: rate.seconds });
    });
    expect(made).toContainEqual(['certChecks', 5, 600]);
    expect(made).toHaveLength(Object.keys(LIMITS).length);
  });

  test('a store failure is an error, not a refusal', async () => {
    const broken = createRateLimits(undefined, (name, rate) => {
      const limiter = new RateLimiterMemory({ keyPrefix: name, points: rate.points, duration: rate.seconds });
      limiter.consume = async () => {
        throw new Error('database unreachable');
      };
      return limiter;
    });
    await expect(broken.consume('messages', 'x')).rejects.toThrow('database unreachable');
  });
});
