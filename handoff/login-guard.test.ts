import { randomBytes } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { hashPassword, parseAgentAccounts, verifyPassword } from './agent-accounts.js';
import { AgentAuth } from './agent-auth.js';
import { ConcurrencyGate, LoginGuard } from './login-guard.js';

const limiters = (perUser: number, perClient: number) => ({
  perUser: new RateLimiterMemory({ points: perUser, duration: 600 }),
  perClient: new RateLimiterMemory({ points: perClient, duration: 86_400 }),
});

/** A password check that takes a while and records how many run at once. */
function watchedCheck(result: boolean) {
  const seen = { calls: 0, running: 0, maxRunning: 0 };
  const check = async () => {
    seen.calls += 1;
    seen.running += 1;
    seen.maxRunning = Math.max(seen.maxRunning, seen.running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    seen.running -= 1;
    return result;
  };
  return { seen, check };
}

describe('LoginGuard', () => {
  test('200 concurrent wrong guesses: exactly the limit is checked, the rest refused before any work', async () => {
    const guard = new LoginGuard(limiters(10, 50));
    const { seen, check } = watchedCheck(false);
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => guard.attempt('198.51.100.1', 'alice', check)));
    expect(seen.calls).toBe(10);
    expect(outcomes.filter((o) => o.kind === 'invalid')).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === 'limited')).toHaveLength(190);
  });

  test("the attacker's lock is theirs: the same user from another address, another user from the same address still get in", async () => {
    const guard = new LoginGuard(limiters(3, 5));
    for (let i = 0; i < 3; i += 1) expect(await guard.attempt('attacker', 'alice', async () => false)).toEqual({ kind: 'invalid' });
    expect(await guard.attempt('attacker', 'alice', async () => true)).toMatchObject({ kind: 'limited' });
    expect(await guard.attempt('desk', 'alice', async () => true)).toEqual({ kind: 'valid' });
    expect(await guard.attempt('attacker', 'bob', async () => true)).toEqual({ kind: 'valid' });
  });

  test('the per-address limit spans usernames and lasts longer', async () => {
    const guard = new LoginGuard(limiters(10, 5));
    for (const user of ['a', 'b', 'c', 'd', 'e']) expect(await guard.attempt('sprayer', user, async () => false)).toEqual({ kind: 'invalid' });
    const refused = await guard.attempt('sprayer', 'f', async () => true);
    expect(refused).toMatchObject({ kind: 'limited' });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(600);
  });

  test('a success gives its attempt back and clears the failures of that address + username', async () => {
    const guard = new LoginGuard(limiters(2, 3));
    expect(await guard.attempt('desk', 'kim', async () => false)).toEqual({ kind: 'invalid' });
    expect(await guard.attempt('desk', 'kim', async () => true)).toEqual({ kind: 'valid' });
    // Two more failures fit (the pair was cleared), and the address budget still has room.
    expect(await guard.attempt('desk', 'kim', async () => false)).toEqual({ kind: 'invalid' });
    expect(await guard.attempt('desk', 'kim', async () => false)).toEqual({ kind: 'invalid' });
    expect(await guard.attempt('desk', 'kim', async () => true)).toMatchObject({ kind: 'limited' });
  });

  test('password checks run at most two at a time; beyond the waiting room a caller is told to retry', async () => {
    const guard = new LoginGuard(limiters(1000, 1000), { maxConcurrentChecks: 2, maxWaitingChecks: 5 });
    const { seen, check } = watchedCheck(false);
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => guard.attempt(`client-${i}`, 'alice', check)));
    expect(seen.maxRunning).toBe(2);
    expect(outcomes.filter((o) => o.kind === 'invalid')).toHaveLength(7);
    expect(outcomes.filter((o) => o.kind === 'busy')).toHaveLength(13);
    // A refused-as-busy attempt was not counted against its address.
    expect(await guard.attempt('client-19', 'alice', async () => true)).toEqual({ kind: 'valid' });
  });
});

test('ConcurrencyGate hands a finished slot to the next waiter and never runs more than its maximum', async () => {
  const gate = new ConcurrencyGate(3, 100);
  const { seen, check } = watchedCheck(true);
  const results = await Promise.all(Array.from({ length: 50 }, () => gate.run(check)));
  expect(results.every((result) => result?.value === true)).toBe(true);
  expect(seen.maxRunning).toBe(3);
  expect(seen.calls).toBe(50);
});

describe('AgentAuth sign-in under a burst', () => {
  test('200 concurrent logins run at most 2 scrypt checks at once and only 10 in all; a wrong guess never locks the account holder', async () => {
    const accounts = parseAgentAccounts(`kim:${await hashPassword('pw-1234567', { N: 1024, r: 8, p: 1 })}`);
    const seen = { calls: 0, running: 0, maxRunning: 0 };
    const auth = new AgentAuth({
      accounts,
      sessionSecret: randomBytes(32),
      verifyPassword: async (password, hash) => {
        seen.calls += 1;
        seen.maxRunning = Math.max(seen.maxRunning, ++seen.running);
        try {
          return await verifyPassword(password, hash);
        } finally {
          seen.running -= 1;
        }
      },
    });
    const burst = await Promise.all(Array.from({ length: 200 }, (_, i) => auth.login('kim', `guess-${i}`, '203.0.113.9')));
    expect(burst.filter((outcome) => !outcome.ok && outcome.status === 401)).toHaveLength(10);
    expect(burst.filter((outcome) => !outcome.ok && outcome.status === 429)).toHaveLength(190);
    expect(seen.calls).toBe(10);
    expect(seen.maxRunning).toBeLessThanOrEqual(2);
    expect(await auth.login('kim', 'pw-1234567', '192.0.2.20')).toMatchObject({ ok: true, agent: { name: 'kim' } });
  });
});
