import { describe, expect, test } from '@jest/globals';
import { AgentPresence } from './agent-presence.js';
import { ListableMemoryStorage } from '../storage/listable.js';
import { customerWish } from './waiting-words.js';

const isCancel = (text: string) => /^(취소|cancel)$/i.test(text);

describe('customerWish (while a ticket waits)', () => {
  test.each([
    ['아직 기다려야 하나요?', 'status'],
    ['얼마나 더 기다려요', 'status'],
    ['제 대기 순서가 몇 번째예요?', 'status'],
    ['how much longer do I have to wait?', 'status'],
    ['취소', 'cancel'],
    ['인증서가 안 보여요', undefined],
    ['', undefined],
  ])('%s → %s', (text, wish) => {
    expect(customerWish(undefined, text, isCancel)).toBe(wish);
  });
  test('the queue card buttons', () => {
    expect(customerWish({ action: 'queue', op: 'cancel' }, '', isCancel)).toBe('cancel');
    expect(customerWish({ action: 'queue', op: 'status' }, '', isCancel)).toBe('status');
    expect(customerWish({ action: 'queue', op: 'other' }, '', isCancel)).toBeUndefined();
  });
});

describe('AgentPresence', () => {
  test('a console agent counts for two minutes, a Teams agent for half an hour; tenants are kept apart', async () => {
    let now = Date.parse('2026-11-25T01:00:00Z');
    const presence = new AgentPresence(new ListableMemoryStorage(), () => new Date(now));
    expect(await presence.anyAvailable(undefined)).toBe(false);
    await presence.seen({ id: 'kim', name: '김', tenantId: 'bank' }, 'console');
    expect(await presence.anyAvailable('bank')).toBe(true);
    expect(await presence.anyAvailable('other')).toBe(false);
    now += 2 * 60_000;
    expect(await presence.anyAvailable('bank')).toBe(false);
    await presence.seen({ id: 'lee', name: '이' }, 'teams');
    now += 29 * 60_000;
    expect(await presence.anyAvailable('bank')).toBe(true);
    now += 60_000;
    expect(await presence.anyAvailable('bank')).toBe(false);
  });
});
