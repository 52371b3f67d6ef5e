import { describe, expect, test } from '@jest/globals';
import { decideAccept, decideAgentConversation, decideClose, decideExpire, decideHeard, decideRate, isCustomerIdle } from './ticket-decisions.js';
import type { Ticket } from './tickets.js';

const NOW = new Date('2026-11-25T01:10:00.000Z');
const ticket = (extra: Partial<Ticket> = {}): Ticket => ({
  id: 't1',
  conversationId: 'c1',
  channelId: 'directline',
  locale: 'ko-KR',
  status: 'waiting',
  createdAt: '2026-11-25T01:00:00.000Z',
  summary: { stepsDone: [] },
  ...extra,
});
const kim = { id: 'kim', name: '김상담' };
const assigned = ticket({ status: 'assigned', assignedAt: '2026-11-25T01:05:00.000Z', agent: kim });

describe('decideAccept', () => {
  test('a waiting ticket goes to the agent, stamped now', () => {
    const { write, result } = decideAccept(ticket(), { ...kim, tenantId: undefined }, NOW);
    expect(write).toMatchObject({ status: 'assigned', assignedAt: NOW.toISOString(), agent: kim });
    expect(write?.agent).not.toHaveProperty('tenantId');
    expect(result).toEqual({ ok: true, ticket: write });
  });
  test('the same agent again is a double click: ok, nothing written', () => {
    expect(decideAccept(assigned, kim, NOW)).toEqual({ result: { ok: true, ticket: assigned } });
  });
  test('another agent learns who took it', () => {
    expect(decideAccept(assigned, { id: 'lee', name: '이상담' }, NOW)).toEqual({ result: { ok: false, reason: 'taken', by: kim, ticket: assigned } });
  });
  test.each(['closed', 'expired', 'callback'] as const)('a %s ticket is not waiting', (status) => {
    const current = ticket({ status });
    expect(decideAccept(current, kim, NOW)).toEqual({ result: { ok: false, reason: 'not_waiting', ticket: current } });
  });
});

describe('decideClose', () => {
  test('the assignee closes; the reason and time are kept', () => {
    expect(decideClose(assigned, 'resolved', 'kim', NOW).write).toMatchObject({ status: 'closed', closeReason: 'resolved', closedAt: NOW.toISOString() });
  });
  test('another agent may not close an assigned ticket', () => {
    expect(decideClose(assigned, 'resolved', 'lee', NOW)).toEqual({ result: { ok: false, reason: 'not_assignee', ticket: assigned } });
  });
  test('any agent closes a callback ticket after calling', () => {
    expect(decideClose(ticket({ status: 'callback' }), 'resolved', 'lee', NOW).result.ok).toBe(true);
  });
  test('without an agent (the customer left, a time-out) any open ticket closes', () => {
    expect(decideClose(ticket(), 'customer_left', undefined, NOW).write?.closeReason).toBe('customer_left');
  });
  test('a closed ticket is not closed twice', () => {
    const closed = ticket({ status: 'closed' });
    expect(decideClose(closed, 'resolved', undefined, NOW)).toEqual({ result: { ok: false, reason: 'not_open', ticket: closed } });
  });
});

describe('decideRate', () => {
  test('once, after closing', () => {
    const closed = ticket({ status: 'closed' });
    expect(decideRate(closed, 4).write?.satisfaction).toBe(4);
    expect(decideRate({ ...closed, satisfaction: 5 }, 4).result).toMatchObject({ ok: false, reason: 'already_rated' });
    expect(decideRate(assigned, 4).result).toMatchObject({ ok: false, reason: 'not_closed' });
  });
});

describe('decideExpire', () => {
  test('a ticket waiting since the cutoff expires as no_agent; a younger one or an assigned one stays', () => {
    expect(decideExpire(ticket(), new Date('2026-11-25T01:00:00.000Z'), NOW).write).toMatchObject({
      status: 'expired',
      closeReason: 'no_agent',
      closedAt: NOW.toISOString(),
    });
    expect(decideExpire(ticket(), new Date('2026-11-25T00:59:59.999Z'), NOW)).toEqual({ result: undefined });
    expect(decideExpire(assigned, NOW, NOW)).toEqual({ result: undefined });
  });
});

describe('decideAgentConversation and decideHeard', () => {
  test('only the assignee points the relay at their chat', () => {
    const reference = { conversation: { id: 'teams-thread' } as never };
    expect(decideAgentConversation(assigned, 'kim', reference).write?.agent?.conversation).toEqual(reference);
    expect(decideAgentConversation(assigned, 'lee', reference)).toEqual({ result: undefined });
  });
  test('a sign of life is kept on an open ticket only', () => {
    expect(decideHeard(assigned, NOW).write?.customerSeenAt).toBe(NOW.toISOString());
    expect(decideHeard(ticket({ status: 'closed' }), NOW)).toEqual({ result: undefined });
  });
});

describe('isCustomerIdle', () => {
  test('counts from the latest of: created, assigned, last heard', () => {
    expect(isCustomerIdle(assigned, new Date('2026-11-25T01:14:59.000Z'), 10)).toBe(false);
    expect(isCustomerIdle(assigned, new Date('2026-11-25T01:15:00.000Z'), 10)).toBe(true);
    const heard = { ...assigned, customerSeenAt: '2026-11-25T01:12:00.000Z' };
    expect(isCustomerIdle(heard, new Date('2026-11-25T01:15:00.000Z'), 10)).toBe(false);
    expect(isCustomerIdle(ticket(), new Date('2026-11-25T01:10:00.000Z'), 10)).toBe(true);
  });
});
