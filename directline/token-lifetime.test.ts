// Issue 10, item 11: a refreshed token chain has a bounded lifetime, and a conversation's tokens
// can be revoked when it ends — checked on every use, remembered across a restart.
import { afterEach, describe, expect, test } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { WebSocket } from 'ws';
import { StorageRevocationList } from './revocations.js';
import { api, startChannel, startConversation, type RunningChannel } from './test-support.js';

const HOUR = 60 * 60 * 1000;
const running: RunningChannel[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((channel) => channel.close()));
});

async function start(options: Parameters<typeof startChannel>[0] = {}): Promise<RunningChannel> {
  const started = await startChannel(options);
  running.push(started);
  return started;
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };

describe('refreshing', () => {
  test('keeps a conversation going for 24 hours, then refuses: no token outlives its chain', async () => {
    const clock = { now: Date.parse('2026-11-30T00:00:00Z') };
    const channel = await start({ now: () => clock.now });
    let { token, conversationId } = await startConversation(channel);
    const end = clock.now + 24 * HOUR;
    // A client refreshing every 20 minutes, as Web Chat does (its tokens last 30).
    while (clock.now + 20 * 60_000 < end) {
      clock.now += 20 * 60_000;
      const refreshed = await api(`${channel.base}/tokens/refresh`, { method: 'POST', credential: token });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.conversationId).toBe(conversationId);
      token = refreshed.body.token;
      expect(claimsOf(token).exp * 1000).toBeLessThanOrEqual(end);
      expect(refreshed.body.expires_in).toBe(claimsOf(token).exp - claimsOf(token).iat);
    }
    // The last token still works until the chain's end …
    expect((await api(`${channel.base}/conversations/${conversationId}/activities`, { credential: token })).status).toBe(200);
    // … and nothing renews it past that: not a refresh, not a reconnect.
    clock.now = end - 1000;
    const last = await api(`${channel.base}/tokens/refresh`, { method: 'POST', credential: token });
    expect(last.status).toBe(200);
    expect(last.body.expires_in).toBeLessThanOrEqual(1);
    clock.now = end;
    for (const attempt of [
      api(`${channel.base}/tokens/refresh`, { method: 'POST', credential: last.body.token }),
      api(`${channel.base}/conversations/${conversationId}`, { credential: last.body.token }),
      api(`${channel.base}/conversations`, { method: 'POST', credential: last.body.token }),
    ]) {
      const refused = await attempt;
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('TokenExpired');
    }
  });

  test('the maximum age is configurable; a reconnect continues the chain rather than starting a new one', async () => {
    const clock = { now: Date.parse('2026-11-30T00:00:00Z') };
    const channel = await start({ now: () => clock.now, tokenMaxAgeSeconds: 3600 });
    const { token, conversationId } = await startConversation(channel);
    clock.now += 25 * 60_000;
    const reconnected = await api(`${channel.base}/conversations/${conversationId}`, { credential: token });
    expect(reconnected.status).toBe(200);
    clock.now += 25 * 60_000;
    const refreshed = await api(`${channel.base}/tokens/refresh`, { method: 'POST', credential: reconnected.body.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.expires_in).toBe(10 * 60);
    clock.now += 10 * 60_000;
    expect((await api(`${channel.base}/tokens/refresh`, { method: 'POST', credential: refreshed.body.token })).status).toBe(403);
  });
});

describe('revocation when a conversation ends', () => {
  test('every token of the conversation is refused at once, on every route and stream; other conversations carry on', async () => {
    const channel = await start();
    const ended = await startConversation(channel);
    const other = await startConversation(channel);
    const refreshed = (await api(`${channel.base}/tokens/refresh`, { method: 'POST', credential: ended.token })).body.token as string;
    const stream = new WebSocket(ended.streamUrl);
    const closed = new Promise<number>((resolve) => stream.on('close', (code) => resolve(code)));
    await new Promise((resolve) => stream.on('open', resolve));

    await channel.channel.endConversation(ended.conversationId);
    expect(await closed).toBe(1000);
    const base = `${channel.base}/conversations/${ended.conversationId}`;
    for (const credential of [ended.token, refreshed]) {
      for (const [url, method] of [
        [`${base}/activities`, 'GET'],
        [`${base}/activities`, 'POST'],
        [base, 'GET'],
        [`${channel.base}/tokens/refresh`, 'POST'],
      ] as const) {
        const refused = await api(url, { method, credential, json: method === 'POST' ? { type: 'message', from: { id: 'u' }, text: 'hi' } : undefined });
        expect(refused.status).toBe(403);
      }
    }
    const reopened = new WebSocket(ended.streamUrl);
    expect(await new Promise((resolve) => reopened.on('unexpected-response', (_req, res) => resolve(res.statusCode)))).toBe(403);
    expect((await api(`${channel.base}/conversations/${other.conversationId}/activities`, { credential: other.token })).status).toBe(200);
  });

  test('the client ending the conversation (endOfConversation) revokes its tokens too', async () => {
    const channel = await start();
    const { token, conversationId } = await startConversation(channel);
    const posted = await api(`${channel.base}/conversations/${conversationId}/activities`, {
      method: 'POST',
      credential: token,
      json: { type: 'endOfConversation', from: { id: 'u' } },
    });
    expect(posted.status).toBe(200);
    expect((await api(`${channel.base}/conversations/${conversationId}/activities`, { credential: token })).status).toBe(403);
  });

  test('so does the bot ending it', async () => {
    const channel = await start();
    const { token, conversationId } = await startConversation(channel);
    await channel.channel.postFromBot(conversationId, { type: 'endOfConversation' });
    expect((await api(`${channel.base}/conversations/${conversationId}/activities`, { credential: token })).status).toBe(403);
  });

  test('a revocation survives a restart, and is forgotten once every token it covered has expired', async () => {
    const clock = { now: Date.parse('2026-11-30T00:00:00Z') };
    const storage = new MemoryStorage();
    const first = await start({ now: () => clock.now, revocations: new StorageRevocationList(storage, () => clock.now) });
    const { token, conversationId } = await startConversation(first);
    await first.channel.endConversation(conversationId);

    // A new process over the same storage (the conversation log itself is not needed to refuse).
    const second = await start({ now: () => clock.now, revocations: new StorageRevocationList(storage, () => clock.now) });
    const refused = await api(`${second.base}/tokens/refresh`, { method: 'POST', credential: token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/ended/);
    const stored = async () => Object.keys(await storage.read([`dl/${conversationId}/revoked`]));
    expect(await stored()).toHaveLength(1);

    clock.now += 30 * 60_000; // the token TTL: every token issued before the end has expired
    expect(await new StorageRevocationList(storage, () => clock.now).revokedAt(conversationId)).toBeUndefined();
    expect(await stored()).toHaveLength(0);
  });
});
