import { afterEach, describe, expect, test } from '@jest/globals';
import { WebSocket } from 'ws';
import { DirectLineChannel } from './channel.js';
import { StorageConversationLog } from './conversation-log.js';
import { MemoryStorage } from 'botbuilder';
import { TEST_SECRET, api, startChannel, startConversation, waitFor, type RunningChannel } from './test-support.js';

let running: RunningChannel | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: Parameters<typeof startChannel>[0] = {}): Promise<RunningChannel> {
  running = await startChannel(options);
  return running;
}

const userMessage = (text: string) => ({ type: 'message', from: { id: 'someone' }, text });

/** Opens a stream and collects its frames; resolves once open (or rejects with the HTTP refusal). */
function openStream(url: string): Promise<{ socket: WebSocket; frames: string[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const frames: string[] = [];
    socket.on('message', (data) => frames.push(data.toString()));
    socket.on('open', () => resolve({ socket, frames, close: () => socket.close() }));
    socket.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.on('error', reject);
  });
}

describe('tokens', () => {
  test('/tokens/generate needs the secret and returns a conversation-bound token', async () => {
    const { base } = await start();
    const generated = await api(`${base}/tokens/generate`, { method: 'POST', credential: TEST_SECRET, json: { user: { id: 'dl_alice' } } });
    expect(generated.status).toBe(200);
    expect(generated.body).toEqual({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800 });
    // Web Chat reads the user id from the token (it is a JWT).
    const payload = JSON.parse(Buffer.from(generated.body.token.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ conv: generated.body.conversationId, user: 'dl_alice' });

    expect((await api(`${base}/tokens/generate`, { method: 'POST' })).status).toBe(401);
    expect((await api(`${base}/tokens/generate`, { method: 'POST', credential: 'garbage' })).status).toBe(403);
    const withToken = await api(`${base}/tokens/generate`, { method: 'POST', credential: generated.body.token });
    expect(withToken.status).toBe(403);
    expect(withToken.body.error.code).toBe('Forbidden');
  });

  test('a tampered or foreign-secret token is refused', async () => {
    const { base, channel } = await start();
    const { token } = await channel.generateToken();
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 99999 })).toString('base64url')}.${signature}`;
    expect((await api(`${base}/conversations`, { method: 'POST', credential: forged })).status).toBe(403);

    const other = new DirectLineChannel({
      secret: 'another-secret',
      log: new StorageConversationLog(new MemoryStorage()),
      deliverToBot: async () => undefined,
    });
    const foreign = await other.generateToken();
    await other.close();
    expect((await api(`${base}/conversations`, { method: 'POST', credential: foreign.token })).status).toBe(403);
  });

  test('expired tokens get 403 (injected clock); refresh gives a working token for the same conversation', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const { base } = await start({ now: () => now, tokenTtlSeconds: 60 });
    const conversation = await startConversation(running!);
    const activitiesUrl = `${base}/conversations/${conversation.conversationId}/activities`;
    expect((await api(activitiesUrl, { credential: conversation.token })).status).toBe(200);

    now += 30_000;
    const refreshed = await api(`${base}/tokens/refresh`, { method: 'POST', credential: conversation.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ conversationId: conversation.conversationId, expires_in: 60 });

    now += 40_000; // the original token is now 70 s old, the refreshed one 40 s
    const expired = await api(activitiesUrl, { credential: conversation.token });
    expect(expired.status).toBe(403);
    expect(expired.body.error.code).toBe('TokenExpired');
    expect((await api(`${base}/tokens/refresh`, { method: 'POST', credential: conversation.token })).status).toBe(403);
    expect((await api(activitiesUrl, { credential: refreshed.body.token })).status).toBe(200);
    expect((await api(`${base}/tokens/refresh`, { method: 'POST', credential: TEST_SECRET })).status).toBe(400);
  });
});

describe('conversations', () => {
  test('start with a token: 201 then 200 for the same conversation; the bot gets conversationUpdate once', async () => {
    const { base, channel, delivered } = await start();
    const { conversationId, token } = await channel.generateToken({ userId: 'dl_bob' });
    const first = await api(`${base}/conversations`, { method: 'POST', credential: token, json: { locale: 'en-US' } });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ conversationId, token: expect.any(String), expires_in: 1800, streamUrl: expect.any(String) });
    expect(first.body.streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${conversationId}/stream\\?t=`));
    const again = await api(`${base}/conversations`, { method: 'POST', credential: token });
    expect(again.status).toBe(200);
    expect(again.body.conversationId).toBe(conversationId);

    await waitFor(() => delivered.length > 0 || undefined);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      type: 'conversationUpdate',
      channelId: 'directline',
      conversation: { id: conversationId },
      membersAdded: [{ id: 'dl_bob', role: 'user' }],
      recipient: { id: 'bot' },
      locale: 'en-US',
      serviceUrl: base,
    });
  });

  test('start with the secret: a new conversation each time', async () => {
    const { base } = await start();
    const a = await api(`${base}/conversations`, { method: 'POST', credential: TEST_SECRET });
    const b = await api(`${base}/conversations`, { method: 'POST', credential: TEST_SECRET });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.conversationId).not.toBe(b.body.conversationId);
    // The token handed back is bound to that conversation only.
    expect((await api(`${base}/conversations/${b.body.conversationId}/activities`, { credential: a.body.token })).status).toBe(403);
  });

  test('behind a TLS proxy the URLs come from publicBaseUrl (wss:// stream, https:// serviceUrl), whatever the request headers say', async () => {
    const { base, channel, delivered } = await start({ publicBaseUrl: 'https://help.example.com/' });
    const { token } = await channel.generateToken();
    const response = await fetch(`${base}/conversations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-Proto': 'http', 'X-Forwarded-Host': 'attacker.example' },
    });
    const body = (await response.json()) as { streamUrl: string };
    expect(body.streamUrl.startsWith('wss://help.example.com/v3/directline/conversations/')).toBe(true);
    await waitFor(() => delivered[0]);
    expect(delivered[0]!.serviceUrl).toBe('https://help.example.com/v3/directline');
  });

  test('without publicBaseUrl the URLs name the bound address; X-Forwarded-Proto does not make them https', async () => {
    const { base, channel, delivered } = await start();
    const { token } = await channel.generateToken();
    const response = await fetch(`${base}/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-Proto': 'https' } });
    const body = (await response.json()) as { streamUrl: string };
    expect(body.streamUrl.startsWith(`ws://${new URL(base).host}/v3/directline/conversations/`)).toBe(true);
    await waitFor(() => delivered[0]);
    expect(delivered[0]!.serviceUrl).toBe(base);
  });

  test('reconnect (GET conversation) returns a fresh stream URL carrying the watermark; unknown id is 404', async () => {
    const { base } = await start();
    const conversation = await startConversation(running!);
    const reconnect = await api(`${base}/conversations/${conversation.conversationId}?watermark=2`, { credential: conversation.token });
    expect(reconnect.status).toBe(200);
    expect(reconnect.body.streamUrl).toContain('watermark=2');
    expect((await api(`${base}/conversations/doesnotexist123`, { credential: TEST_SECRET })).status).toBe(404);
    expect((await api(`${base}/conversations/${conversation.conversationId}`)).status).toBe(401);
  });
});

describe('token isolation: a token of conversation A never touches conversation B', () => {
  test('GET, POST, upload and stream on B with A’s token are all 403, and nothing reaches B', async () => {
    const { base, delivered } = await start();
    const a = await startConversation(running!, 'dl_a');
    const b = await startConversation(running!, 'dl_b');
    const onB = `${base}/conversations/${b.conversationId}`;

    expect((await api(onB, { credential: a.token })).status).toBe(403);
    expect((await api(`${onB}/activities`, { credential: a.token })).status).toBe(403);
    expect((await api(`${onB}/activities`, { method: 'POST', credential: a.token, json: userMessage('intrusion') })).status).toBe(403);

    const form = new FormData();
    form.append('file', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
    const upload = await fetch(`${onB}/upload?userId=dl_a`, { method: 'POST', headers: { Authorization: `Bearer ${a.token}` }, body: form });
    expect(upload.status).toBe(403);

    const streamUrlForB = b.streamUrl.replace(/t=[^&]+/, `t=${encodeURIComponent(a.token)}`);
    await expect(openStream(streamUrlForB)).rejects.toThrow('HTTP 403');
    await expect(openStream(b.streamUrl.replace(/t=[^&]+/, 't=garbage'))).rejects.toThrow('HTTP 403');

    const logB = await api(`${onB}/activities`, { credential: b.token });
    expect(logB.body.activities).toEqual([]);
    expect(delivered.filter((d) => d.conversation.id === b.conversationId && d.type === 'message')).toEqual([]);
  });
});

describe('activities and watermarks', () => {
  test('ids and watermarks count up; only activities after the watermark are returned', async () => {
    const { base } = await start();
    const { conversationId, token } = await startConversation(running!);
    const url = `${base}/conversations/${conversationId}/activities`;
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      const posted = await api(url, { method: 'POST', credential: token, json: userMessage(text) });
      expect(posted.status).toBe(200);
      ids.push(posted.body.id);
    }
    expect(ids).toEqual([1, 2, 3].map((n) => `${conversationId}|000000${n}`));

    const all = await api(url, { credential: token });
    expect(all.body.watermark).toBe('3');
    expect(all.body.activities.map((a: any) => a.text)).toEqual(['one', 'two', 'three']);
    const afterOne = await api(`${url}?watermark=1`, { credential: token });
    expect(afterOne.body).toMatchObject({ watermark: '3', activities: [{ text: 'two' }, { text: 'three' }] });
    const none = await api(`${url}?watermark=3`, { credential: token });
    expect(none.body).toEqual({ activities: [], watermark: '3' });
    // A watermark from the future is clamped, so the client does not miss what comes next.
    expect((await api(`${url}?watermark=99`, { credential: token })).body.watermark).toBe('3');
    expect((await api(`${url}?watermark=abc`, { credential: token })).status).toBe(400);
  });

  test('the service stamps its own fields and binds the sender to the token’s user', async () => {
    const { base, delivered } = await start();
    const { conversationId, token } = await startConversation(running!, 'dl_carol');
    const posted = await api(`${base}/conversations/${conversationId}/activities`, {
      method: 'POST',
      credential: token,
      json: {
        type: 'message',
        text: 'hi',
        from: { id: 'mallory', name: 'Carol', role: 'bot' },
        conversation: { id: 'elsewhere' },
        channelData: { clientActivityID: 'c1' },
        id: 'spoofed',
      },
    });
    const stored = (await api(`${base}/conversations/${conversationId}/activities`, { credential: token })).body.activities[0];
    expect(stored).toMatchObject({
      id: posted.body.id,
      type: 'message',
      text: 'hi',
      channelId: 'directline',
      conversation: { id: conversationId },
      from: { id: 'dl_carol', name: 'Carol', role: 'user' },
      recipient: { id: 'bot', role: 'bot' },
      channelData: { clientActivityID: 'c1' },
      serviceUrl: base,
    });
    expect(Date.parse(stored.timestamp)).not.toBeNaN();
    expect(delivered.find((d) => d.type === 'message')).toEqual(stored);
  });

  test('bad bodies: malformed JSON, missing type, bad text, too long, too big → 400/413 with an error body', async () => {
    const { base, delivered } = await start();
    const { conversationId, token } = await startConversation(running!);
    const url = `${base}/conversations/${conversationId}/activities`;
    const malformed = await api(url, { method: 'POST', credential: token, raw: '{"type": "message", "text": ' });
    expect(malformed).toEqual({ status: 400, body: { error: { code: 'BadArgument', message: 'The request body is not valid JSON.' } } });
    const noType = await api(url, { method: 'POST', credential: token, json: { text: 'x' } });
    expect(noType.status).toBe(400);
    expect(noType.body.error.code).toBe('MissingProperty');
    expect((await api(url, { method: 'POST', credential: token, json: [1, 2] })).status).toBe(400);
    expect((await api(url, { method: 'POST', credential: token, json: { type: 'message', text: 42 } })).status).toBe(400);
    expect((await api(url, { method: 'POST', credential: token, json: userMessage('x'.repeat(20_001)) })).status).toBe(400);
    const huge = await api(url, { method: 'POST', credential: token, json: { ...userMessage('x'), channelData: { pad: 'y'.repeat(300_000) } } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('MessageSizeTooBig');
    expect((await api(url, { credential: token })).body.activities).toEqual([]);
    expect(delivered.filter((d) => d.type !== 'conversationUpdate')).toEqual([]);
  });

  test('attachments linking to other servers are refused unless allowed; inline content and own uploads pass', async () => {
    const { base, delivered } = await start();
    const { conversationId, token } = await startConversation(running!);
    const url = `${base}/conversations/${conversationId}/activities`;
    const withAttachment = (attachment: object) => ({ ...userMessage('see attached'), attachments: [attachment] });
    const foreign = await api(url, {
      method: 'POST',
      credential: token,
      json: withAttachment({ contentType: 'application/octet-stream', contentUrl: 'http://169.254.169.254/latest/meta-data' }),
    });
    expect(foreign.status).toBe(400);
    expect(
      (
        await api(url, {
          method: 'POST',
          credential: token,
          json: withAttachment({ contentType: 'text/plain', contentUrl: `${base}/attachments/x?sig=forged` }),
        })
      ).status,
    ).toBe(400);
    expect((await api(url, { method: 'POST', credential: token, json: withAttachment({ contentType: 'application/json', content: { a: 1 } }) })).status).toBe(
      200,
    );

    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    await fetch(`${base}/conversations/${conversationId}/upload?userId=u`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    const ownUrl = delivered.find((d) => d.attachments?.[0]?.contentUrl)!.attachments![0]!.contentUrl!;
    expect((await api(url, { method: 'POST', credential: token, json: withAttachment({ contentType: 'text/plain', contentUrl: ownUrl }) })).status).toBe(200);

    await running!.close();
    const permissive = await start({ acceptForeignAttachmentUrls: true });
    const other = await startConversation(permissive);
    const allowed = await api(`${permissive.base}/conversations/${other.conversationId}/activities`, {
      method: 'POST',
      credential: other.token,
      json: withAttachment({ contentType: 'image/png', contentUrl: 'https://example.org/a.png' }),
    });
    expect(allowed.status).toBe(200);
  });

  test('a failing bot does not break the client’s POST', async () => {
    const errors: unknown[] = [];
    const { base } = await start({
      onDeliver: async (activity) => {
        if (activity.type === 'message') throw new Error('bot exploded');
      },
      logger: { info: () => undefined, warn: () => undefined, error: (...args: unknown[]) => errors.push(args) },
    });
    const { conversationId, token } = await startConversation(running!);
    const posted = await api(`${base}/conversations/${conversationId}/activities`, { method: 'POST', credential: token, json: userMessage('boom') });
    expect(posted.status).toBe(200);
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors)).not.toContain(token);
  });

  test('bot replies via postFromBot; typing goes to the bot but is never stored', async () => {
    const { base, channel, delivered } = await start();
    const { conversationId, token } = await startConversation(running!, 'dl_dave');
    const { id } = await channel.postFromBot(conversationId, { type: 'message', text: '안녕하세요', from: { id: 'spoof', name: 'x' } });
    await api(`${base}/conversations/${conversationId}/activities`, { method: 'POST', credential: token, json: { type: 'typing' } });
    await channel.postFromBot(conversationId, { type: 'typing' });
    const log = (await api(`${base}/conversations/${conversationId}/activities`, { credential: token })).body;
    expect(log.activities).toEqual([
      expect.objectContaining({ id, text: '안녕하세요', from: { id: 'bot', name: 'bot', role: 'bot' }, recipient: { id: 'dl_dave', role: 'user' } }),
    ]);
    expect(delivered.some((d) => d.type === 'typing' && d.from.id === 'dl_dave')).toBe(true);
    await expect(channel.postFromBot('unknown-conversation', { type: 'message', text: 'x' })).rejects.toThrow(/does not exist/);
  });
});

describe('WebSocket stream', () => {
  test('sends the backlog after the watermark, then each new activity with its watermark, and keep-alives', async () => {
    const { base, channel } = await start({ webSocketKeepAliveMs: 50 });
    const { conversationId, token, streamUrl } = await startConversation(running!);
    const url = `${base}/conversations/${conversationId}/activities`;
    await api(url, { method: 'POST', credential: token, json: userMessage('before-1') });
    await api(url, { method: 'POST', credential: token, json: userMessage('before-2') });

    const stream = await openStream(`${streamUrl}&watermark=1`);
    try {
      const sets = () => stream.frames.filter((f) => f !== '').map((f) => JSON.parse(f));
      await waitFor(() => sets().length === 1 || undefined);
      expect(sets()[0]).toMatchObject({ watermark: '2', activities: [{ text: 'before-2' }] });

      await channel.postFromBot(conversationId, { type: 'message', text: 'live' });
      await channel.postFromBot(conversationId, { type: 'typing' });
      await waitFor(() => sets().length === 3 || undefined);
      expect(sets()[1]).toMatchObject({ watermark: '3', activities: [{ text: 'live', from: { role: 'bot' } }] });
      expect(sets()[2].activities[0].type).toBe('typing');
      expect(sets()[2].watermark).toBeUndefined();

      await waitFor(() => stream.frames.includes('') || undefined);
    } finally {
      stream.close();
    }
  });

  test('concurrent posts reach the stream once each, in watermark order', async () => {
    const { base } = await start();
    const { conversationId, token, streamUrl } = await startConversation(running!);
    const stream = await openStream(streamUrl);
    try {
      const url = `${base}/conversations/${conversationId}/activities`;
      const texts = Array.from({ length: 20 }, (_, i) => `m${i}`);
      const statuses = await Promise.all(texts.map((text) => api(url, { method: 'POST', credential: token, json: userMessage(text) }).then((r) => r.status)));
      expect(statuses.every((status) => status === 200)).toBe(true);
      const sets = () => stream.frames.filter((f) => f !== '').map((f) => JSON.parse(f));
      await waitFor(() => sets().length === 20 || undefined);
      expect(sets().map((set) => set.watermark)).toEqual(texts.map((_, i) => String(i + 1)));
      expect(new Set(sets().map((set) => set.activities[0].text)).size).toBe(20);
      expect((await api(url, { credential: token })).body.activities).toHaveLength(20);
    } finally {
      stream.close();
    }
  });

  test('a stream for a conversation that was never started is refused; close() ends open streams', async () => {
    const { channel } = await start();
    const conversation = await startConversation(running!);
    const { token, conversationId } = await channel.generateToken();
    const neverStarted = conversation.streamUrl.replace(conversation.conversationId, conversationId).replace(/t=[^&]+/, `t=${token}`);
    await expect(openStream(neverStarted)).rejects.toThrow('HTTP 404');

    const stream = await openStream(conversation.streamUrl);
    const closed = new Promise<number>((resolve) => stream.socket.on('close', (code) => resolve(code)));
    await channel.close();
    expect(await closed).toBe(1001);
  });
});
