import { describe, expect, test } from '@jest/globals';
import { TokenService, bearerFrom } from './tokens.js';

describe('TokenService', () => {
  const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
  const tokens = new TokenService('the-secret', 60, () => clock.now);

  test('issued tokens verify, carry conversation and user, and expire after the TTL', async () => {
    const { token, expires_in } = await tokens.issue('conv-1', 'dl_u');
    expect(expires_in).toBe(60);
    expect(await tokens.verify(token)).toMatchObject({ conversationId: 'conv-1', userId: 'dl_u' });
    clock.now += 59_999;
    expect(await tokens.verify(token)).toMatchObject({ conversationId: 'conv-1' });
    clock.now += 1;
    await expect(tokens.verify(token)).rejects.toMatchObject({ status: 403, code: 'TokenExpired' });
    clock.now -= 60_000;
  });

  test('a token whose claims were changed, or signed with another secret, is refused', async () => {
    const { token } = await tokens.issue('conv-1', 'dl_u');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, conv: 'conv-2' })).toString('base64url');
    await expect(tokens.verify(`${header}.${forged}.${signature}`)).rejects.toMatchObject({ status: 403, code: 'Forbidden' });
    const other = await new TokenService('another-secret', 60, () => clock.now).issue('conv-1');
    await expect(tokens.verify(other.token)).rejects.toMatchObject({ status: 403, code: 'Forbidden' });
  });

  test('the secret is recognised; other strings are not', async () => {
    expect(await tokens.authenticate('the-secret')).toEqual({ kind: 'secret' });
    expect(tokens.isSecret('the-secret ')).toBe(false);
    await expect(tokens.authenticate(undefined)).rejects.toMatchObject({ status: 401 });
    await expect(tokens.authenticate('a.b')).rejects.toMatchObject({ status: 403 });
  });

  test('an unsigned ("alg": "none") token is refused', async () => {
    const { token } = await tokens.issue('conv-1');
    const [, payload] = token.split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    await expect(tokens.verify(none)).rejects.toMatchObject({ status: 403 });
  });

  test('a token only authorises its own conversation; the secret authorises any', async () => {
    const principal = await tokens.authenticate((await tokens.issue('conv-A')).token);
    expect(() => tokens.authorizeConversation(principal, 'conv-A')).not.toThrow();
    expect(() => tokens.authorizeConversation(principal, 'conv-B')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => tokens.authorizeConversation({ kind: 'secret' }, 'conv-B')).not.toThrow();
  });

  test('capability signatures are bound to their value', () => {
    const signature = tokens.signCapability('file-1');
    expect(tokens.verifyCapability('file-1', signature)).toBe(true);
    expect(tokens.verifyCapability('file-2', signature)).toBe(false);
    expect(tokens.verifyCapability('file-1', 'short')).toBe(false);
  });
});

test('bearerFrom reads only the Bearer scheme', () => {
  expect(bearerFrom('Bearer abc.def')).toBe('abc.def');
  expect(bearerFrom('bearer   xyz ')).toBe('xyz');
  expect(bearerFrom('Basic abc')).toBeUndefined();
  expect(bearerFrom(undefined)).toBeUndefined();
  expect(bearerFrom(['Bearer first', 'Bearer second'])).toBe('first');
});
