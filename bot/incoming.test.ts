import { describe, expect, test } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { HeldSecrets } from './held-secrets.js';
import { DirectLineDoor, UNREADABLE_PHONE } from './incoming.js';
import { REDACTED } from '../lib/redact.js';

const base = { type: 'message', channelId: 'directline', conversation: { id: 'conv-1' }, from: { id: 'u1', role: 'user' }, recipient: { id: 'bot' } };
const door = (held = new HeldSecrets()) => ({ held, door: new DirectLineDoor(held) });
const pass = (d: DirectLineDoor, activity: object) => d.sanitizeIncoming({ ...base, ...activity } as unknown as Activity);

describe('DirectLineDoor', () => {
  test('drops from.name, unknown fields and channelData other than Web Chat ids; masks speak, summary, label', () => {
    const { door: d } = door();
    const safe = pass(d, {
      from: { id: 'u1', name: '홍길동', role: 'user' },
      speak: '주민번호 900101-1234567',
      summary: '카드 4111 1111 1111 1111',
      label: 'password: hunter22',
      channelData: { clientActivityID: 'k3j4h5g6', clientTimestamp: '2026-11-30T10:00:00.000Z', secret: '010-1234-5678', attachmentSizes: [1] },
      entities: [
        { type: 'ClientCapabilities', requiresBotState: true, note: '900101-1234567' },
        { type: 'mention', text: '홍길동' },
      ],
      extra: { rrn: '900101-1234567' },
    });
    expect(safe.from).toEqual({ id: 'u1', role: 'user' });
    expect(safe.speak).toBe(`주민번호 ${REDACTED.rrn}`);
    expect(safe.summary).toBe(`카드 ${REDACTED.card}`);
    expect((safe as unknown as { label: string }).label).toBe(`password: ${REDACTED.password}`);
    expect(safe.channelData).toEqual({ clientActivityID: 'k3j4h5g6', clientTimestamp: '2026-11-30T10:00:00.000Z' });
    expect(safe.entities).toEqual([{ type: 'ClientCapabilities', requiresBotState: true }]);
    expect(safe).not.toHaveProperty('extra');
    expect(JSON.stringify(safe)).not.toMatch(/홍길동|1234567|1111|5678/);
  });

  test('a clientActivityID that itself looks secret is not kept', () => {
    const { door: d } = door();
    expect(pass(d, { channelData: { clientActivityID: '9001011234567' } }).channelData).toBeUndefined();
  });

  test('card values, card attachments and file names are masked; own upload links stay', () => {
    const { door: d } = door();
    const safe = pass(d, {
      value: { memo: '계좌 110-123-456789', nested: ['비밀번호: sunshine'] },
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [{ type: 'TextBlock', text: '900101-1234567' }] } },
        {
          contentType: 'application/octet-stream',
          name: '내것_900101-1234567.der',
          contentUrl: 'http://127.0.0.1/v3/directline/attachments/a?sig=s',
          extra: 'x',
        },
      ],
    });
    expect(safe.value).toEqual({ memo: `계좌 ${REDACTED.account}`, nested: [`비밀번호: ${REDACTED.password}`] });
    expect(safe.attachments).toEqual([
      { contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [{ type: 'TextBlock', text: REDACTED.rrn }] } },
      { contentType: 'application/octet-stream', name: `내것_${REDACTED.rrn}.der`, contentUrl: 'http://127.0.0.1/v3/directline/attachments/a?sig=s' },
    ]);
    expect(d.sanitizeFileName('900101-1234567.p12')).toBe(`${REDACTED.rrn}.p12`);
  });

  test('the callback phone is held in memory: the activity keeps its masked form and a one-time reference', () => {
    const { door: d, held } = door();
    const safe = pass(d, { value: { action: 'callback', phone: '010-1234-5678', time: '오후' } });
    const value = safe.value as { phone: string; phoneRef: string; time: string };
    expect(value.phone).toBe('010-****-5678');
    expect(value.time).toBe('오후');
    expect(JSON.stringify(safe)).not.toContain('1234');
    expect(held.take(value.phoneRef, 'other-conversation')).toBeUndefined();
    expect(held.take(value.phoneRef, 'conv-1')).toBe('010-1234-5678');
    expect(held.take(value.phoneRef, 'conv-1')).toBeUndefined();
  });

  test('a callback "phone" that is no phone number keeps nothing of itself', () => {
    const { door: d } = door();
    const value = pass(d, { value: { action: 'callback', phone: '900101-1234567 abc' } }).value as { phone: string };
    expect(value.phone).toBe(UNREADABLE_PHONE);
  });

  test('a registration number split over two messages of one conversation', () => {
    const { door: d } = door();
    expect(pass(d, { text: '앞자리 900101' }).text).toBe(`앞자리 ${REDACTED.rrn}`);
    expect(pass(d, { text: '1234567' }).text).toBe(REDACTED.rrn);
    // Another conversation has no such context.
    expect(pass(d, { text: '1234567', conversation: { id: 'conv-2' } }).text).toBe('1234567');
  });
});

describe('HeldSecrets', () => {
  test('expire after their time and stay bounded', () => {
    let now = 0;
    const held = new HeldSecrets(1_000, 3, () => now);
    const first = held.hold('a', 'c');
    now = 2_000;
    expect(held.take(first, 'c')).toBeUndefined();
    const refs = ['1', '2', '3', '4'].map((secret) => held.hold(secret, 'c'));
    expect(held.size).toBe(3);
    expect(held.take(refs[0], 'c')).toBeUndefined();
    expect(held.take(refs[3], 'c')).toBe('4');
  });
});
