import { randomBytes } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { MemoryStorage, type Activity } from 'botbuilder';
import { CustomerPresence, hasLeftQueue } from './customer-presence.js';
import { PhoneSealer } from './phone.js';
import type { HandoffTexts } from './ports.js';
import { TicketStore } from './ticket-store.js';
import type { Ticket } from './tickets.js';

const GRACE_MS = 90_000;
const CREATED = '2026-11-25T01:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(CREATED) + seconds * 1000);
const ticket = (extra: Partial<Ticket> = {}): Ticket => ({
  id: 't1',
  conversationId: 'c1',
  channelId: 'directline',
  locale: 'ko-KR',
  status: 'waiting',
  createdAt: CREATED,
  summary: { stepsDone: [] },
  ...extra,
});

describe('hasLeftQueue (the decision, on a fake clock)', () => {
  test('a waiting ticket never stamped is left once the grace period after its creation has passed', () => {
    expect(hasLeftQueue(ticket(), at(89.999), GRACE_MS)).toBe(false);
    expect(hasLeftQueue(ticket(), at(90), GRACE_MS)).toBe(true);
  });
  test('the grace period counts from the last stamp', () => {
    const seen = ticket({ customerSeenAt: at(60).toISOString() });
    expect(hasLeftQueue(seen, at(149), GRACE_MS)).toBe(false);
    expect(hasLeftQueue(seen, at(150), GRACE_MS)).toBe(true);
  });
  test.each(['assigned', 'callback', 'closed', 'expired'] as const)('status %s is not in the queue: never dropped here', (status) => {
    expect(hasLeftQueue(ticket({ status }), at(3600), GRACE_MS)).toBe(false);
  });
  test('tickets of channels that report no presence (Teams, Emulator) are never dropped', () => {
    expect(hasLeftQueue(ticket({ channelId: 'msteams' }), at(3600), GRACE_MS)).toBe(false);
    expect(hasLeftQueue(ticket({ channelId: 'emulator' }), at(3600), GRACE_MS)).toBe(false);
  });
});

/** A store and the presence on one fake clock; what the customers were told is collected. */
function setup(options: { streams?: string[] } = {}) {
  let time = Date.parse(CREATED);
  const now = () => new Date(time);
  let counter = 0;
  const tickets = new TicketStore({
    storage: new MemoryStorage(),
    sealer: new PhoneSealer(randomBytes(32)),
    acceptTimeoutMinutes: 60,
    averageHandlingMinutes: 5,
    now,
    newId: () => `t${(counter += 1)}`,
  });
  const told: { conversationId: string; activity: Partial<Activity> }[] = [];
  const texts: HandoffTexts = {
    get: (key, locale, values) => `${locale}:${key}:${JSON.stringify(values ?? {})}`,
    localeOf: (locale) => (locale?.startsWith('en') ? 'en-US' : 'ko-KR'),
  };
  const streams = new Set(options.streams ?? []);
  const warnings: string[] = [];
  const presence = new CustomerPresence({
    tickets,
    graceSeconds: 90,
    streamsOpen: () => streams,
    postToDirectLine: async (conversationId, activity) => void told.push({ conversationId, activity }),
    texts,
    logger: { warn: (_details, message) => void warnings.push(message), error: (_details, message) => void warnings.push(message) },
    now,
  });
  const open = async (conversationId: string, channelId = 'directline', locale = 'ko-KR') =>
    (await tickets.create({ conversationId, channelId, locale, summary: { stepsDone: [] } })).ticket;
  return { tickets, presence, told, streams, warnings, open, advance: (seconds: number) => (time += seconds * 1000), now };
}

describe('CustomerPresence', () => {
  test('the beat is a quarter of the grace period: a customer present is stamped well within it', () => {
    expect(setup().presence.heartbeatMs).toBe(22_500);
  });

  test('a customer whose stream stays open keeps the place however long the wait; one who left is dropped and told', async () => {
    const { presence, tickets, told, streams, open, advance } = setup({ streams: ['stays'] });
    const stays = await open('stays');
    const left = await open('left', 'directline', 'en-US');
    for (let beat = 0; beat < 8; beat += 1) {
      advance(22.5);
      await presence.beat();
      await presence.dropLeft();
    }
    expect((await tickets.get(stays.id))?.status).toBe('waiting');
    expect(await tickets.get(left.id)).toMatchObject({ status: 'closed', closeReason: 'customer_left' });
    expect(await tickets.queueInfo(stays.id)).toMatchObject({ position: 1 });
    expect(told).toEqual([{ conversationId: 'left', activity: { type: 'message', text: 'en-US:handoff.left_away:{"seconds":90}' } }]);
    streams.clear();
  });

  test('requests (a polling client) count like a stream, and nothing is written per request: one stamp per beat', async () => {
    const { presence, tickets, open, advance } = setup();
    const polling = await open('polling');
    advance(60);
    for (let i = 0; i < 50; i += 1) presence.signal('polling', 'request');
    expect((await tickets.get(polling.id))?.customerSeenAt).toBeUndefined(); // nothing yet: the beat writes
    expect(await presence.beat()).toBe(1);
    expect((await tickets.get(polling.id))?.customerSeenAt).toBe(at(60).toISOString());
    expect(await presence.beat()).toBe(0); // heard nothing since
    advance(89);
    expect(await presence.dropLeft()).toEqual([]);
    advance(1);
    expect((await presence.dropLeft()).map((t) => t.id)).toEqual([polling.id]);
  });

  test('the stream closing counts as a last sign of life: the grace period runs from the beat after it', async () => {
    const { presence, tickets, open, advance } = setup();
    const ticket = await open('closing');
    advance(30);
    presence.signal('closing', 'close');
    await presence.beat();
    advance(89);
    expect(await presence.dropLeft()).toEqual([]);
    advance(1);
    expect(await presence.dropLeft()).toHaveLength(1);
    expect((await tickets.get(ticket.id))?.closeReason).toBe('customer_left');
  });

  test('a stream reopened late in the grace period is stamped at once, before any beat, and keeps the place', async () => {
    const { presence, tickets, open, advance } = setup();
    const ticket = await open('navigating');
    advance(85); // the page navigation took long: 85 of 90 s
    presence.signal('navigating', 'open');
    await waitUntil(async () => (await tickets.get(ticket.id))?.customerSeenAt === at(85).toISOString());
    advance(10);
    expect(await presence.dropLeft()).toEqual([]);
    expect((await tickets.get(ticket.id))?.status).toBe('waiting');
  });

  test('assigned tickets and other channels are neither stamped by the beat nor dropped', async () => {
    const { presence, tickets, open, advance } = setup({ streams: ['teams-chat', 'taken'] });
    const teams = await open('teams-chat', 'msteams');
    const taken = await open('taken');
    await tickets.accept(taken.id, { id: 'kim', name: '김상담' });
    advance(600);
    expect(await presence.beat()).toBe(0);
    expect(await presence.dropLeft()).toEqual([]);
    expect((await tickets.get(teams.id))?.status).toBe('waiting');
    expect((await tickets.get(taken.id))?.customerSeenAt).toBeUndefined();
  });

  test('a customer who left is dropped once, even when two sweeps run together; the others move up', async () => {
    const { presence, tickets, told, open, advance, streams } = setup();
    const first = await open('first');
    advance(1);
    const second = await open('second');
    expect(await tickets.queueInfo(second.id)).toMatchObject({ position: 2 });
    streams.add('second');
    advance(45);
    await presence.beat();
    advance(45);
    const [a, b] = await Promise.all([presence.dropLeft(), presence.dropLeft()]);
    expect([...a, ...b].map((t) => t.id)).toEqual([first.id]);
    expect(told).toHaveLength(1);
    expect(await tickets.queueInfo(second.id)).toMatchObject({ position: 1 });
  });

  test('a failed message to the customer is logged; the ticket is still dropped', async () => {
    const { tickets, open, advance, warnings } = setup();
    const failing = new CustomerPresence({
      tickets,
      graceSeconds: 90,
      streamsOpen: () => [],
      postToDirectLine: () => Promise.reject(new Error('conversation gone')),
      texts: { get: (key) => key, localeOf: () => 'ko-KR' },
      logger: { warn: (_details, message) => void warnings.push(message), error: () => undefined },
      now: () => at(0),
    });
    const ticket = await open('gone');
    advance(0);
    expect(await failing.dropLeft(at(120))).toHaveLength(1);
    expect((await tickets.get(ticket.id))?.status).toBe('closed');
    expect(warnings).toEqual(['telling a customer who left about the dropped ticket failed']);
  });
});

async function waitUntil(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await probe()); i += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(await probe()).toBe(true);
}
