import { randomBytes } from 'node:crypto';
import { describe, expect, jest, test } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { PhoneSealer } from './phone.js';
import { startExpirySweeper } from './sweeper.js';
import { TicketStore } from './ticket-store.js';
import type { Ticket } from './tickets.js';
import { canAgentSee } from './visibility.js';

describe('startExpirySweeper', () => {
  test('expires stale tickets on its own and reports each once; a failing callback is logged', async () => {
    // Fake timers drive the interval; the store's clock is its own (injected), so no real time passes.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let now = Date.parse('2026-11-25T01:00:00Z');
    const tickets = new TicketStore({
      storage: new MemoryStorage(),
      sealer: new PhoneSealer(randomBytes(32)),
      acceptTimeoutMinutes: 10,
      averageHandlingMinutes: 5,
      now: () => new Date(now),
    });
    const { ticket } = await tickets.create({ conversationId: 'c', channelId: 'directline', locale: 'ko-KR', summary: { stepsDone: [] } });
    const expired: Ticket[] = [];
    const errors: string[] = [];
    const stop = startExpirySweeper({
      tickets,
      everyMs: 5,
      onExpired: async (t) => {
        expired.push(t);
        throw new Error('customer gone');
      },
      logger: { error: (_details, message) => errors.push(message) },
    });
    await jest.advanceTimersByTimeAsync(5);
    expect(expired).toEqual([]); // still inside the accept time-out
    now += 11 * 60_000;
    await jest.advanceTimersByTimeAsync(50); // ten more sweeps: the ticket is reported once
    stop();
    jest.useRealTimers();
    expect(expired.map((t) => t.id)).toEqual([ticket.id]);
    expect(errors).toEqual(['telling the customer about an expired ticket failed']);
  });
});

describe('canAgentSee', () => {
  test.each([
    [{}, undefined, undefined, true],
    [{}, 'bank', undefined, true],
    [{ tenantId: 'bank' }, 'bank', undefined, true],
    [{ tenantId: 'bank' }, undefined, undefined, false],
    [{ tenantId: 'other' }, 'bank', 'bank', false],
    [{}, 'bank', 'bank', true],
    [{}, undefined, 'bank', false],
  ])('agent %j, ticket tenant %s, HANDOFF_TENANT_ID %s → %s', (agent, ticketTenant, configured, visible) => {
    expect(canAgentSee(agent, { tenantId: ticketTenant }, configured)).toBe(visible);
  });
});
