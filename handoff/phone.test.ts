import { randomBytes } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { maskPhone, normalizePhone, parseEncryptionKey, PhoneNumberError, PhoneSealer } from './phone.js';

describe('maskPhone', () => {
  test.each([
    ['010-1234-5678', '010-****-5678'],
    ['01012345678', '010-****-5678'],
    ['010 1234 5678', '010-****-5678'],
    ['+82 10-1234-5678', '010-****-5678'],
    ['011-123-4567', '011-***-4567'],
    ['02-123-4567', '02-***-4567'],
    ['031-1234-5678', '031-****-5678'],
    ['070-1234-5678', '070-****-5678'],
    ['1588-1234', '****-1234'],
  ])('%s → %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });

  test.each(['', '12345', '010-1234-567', '010-1234-56789', '+1 415 555 0100', '010-abcd-5678', '099-1234-5678'])(
    'rejects %j with a bilingual message',
    (input) => {
      expect(() => maskPhone(input)).toThrow(PhoneNumberError);
      expect(() => maskPhone(input)).toThrow(/전화번호|국내|숫자/);
    },
  );

  test('normalizes to the dashed form', () => {
    expect(normalizePhone(' 01012345678 ')).toBe('010-1234-5678');
  });
});

describe('PhoneSealer', () => {
  test('round trip under the same key and ticket', () => {
    const sealer = new PhoneSealer(randomBytes(32));
    const sealed = sealer.seal('010-1234-5678', 'ticket-1');
    expect(sealed).not.toContain('1234');
    expect(sealed).not.toContain('5678');
    expect(sealer.open(sealed, 'ticket-1')).toBe('010-1234-5678');
  });

  test('a random IV makes each sealing different', () => {
    const sealer = new PhoneSealer(randomBytes(32));
    expect(sealer.seal('010-1234-5678', 't')).not.toBe(sealer.seal('010-1234-5678', 't'));
  });

  test('another key, another ticket or a tampered text do not open', () => {
    const sealer = new PhoneSealer(randomBytes(32));
    const sealed = sealer.seal('010-1234-5678', 'ticket-1');
    expect(new PhoneSealer(randomBytes(32)).open(sealed, 'ticket-1')).toBeUndefined();
    expect(sealer.open(sealed, 'ticket-2')).toBeUndefined();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(sealer.open([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), 'ticket-1')).toBeUndefined();
    expect(sealer.open('garbage', 'ticket-1')).toBeUndefined();
  });

  test('keys are 32 bytes given as hex or base64', () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(() => parseEncryptionKey('short')).toThrow(/32 bytes/);
    expect(() => new PhoneSealer(randomBytes(16))).toThrow(/32 bytes/);
  });
});
