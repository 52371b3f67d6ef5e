// Floods and races against the whole assistant (issue 10, items 7, 8 and 11), as an anonymous
// client on the public web chat would try them: bursts of tokens, conversations, messages,
// uploads, tickets and agent sign-ins from one address, while a client on another address must
// not notice. "Another address" is a second loopback source address (127.0.0.2): the server
// still listens on 127.0.0.1 only.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { hashPassword } from '../../handoff/agent-accounts.js';
import { waitFor } from '../../directline/test-support.js';
import path from 'node:path';
import { rootDir } from '../../lib/paths.js';
import { LowdbStorage } from '../../storage/index.js';
import { startTestApp } from '../support/app.js';

jest.setTimeout(60_000);

const OTHER_ADDRESS = '127.0.0.2';
type Started = Awaited<ReturnType<typeof startTestApp>>;
const running: Started[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((started) => started.app.close()));
});

/** `onDisk`: lowdb files as in production (slower storage opens the windows races need). */
async function start(env: Record<string, string> = {}, { onDisk = false } = {}): Promise<Started> {
  const storage = onDisk ? new LowdbStorage(await mkdtemp(path.join(tmpdir(), 'limits-'))) : undefined;
  const started = await startTestApp(env, { storage });
  running.push(started);
  return started;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

/** One HTTP call over a fresh connection, optionally from another loopback source address. */
function call(url: string, options: { method?: string; headers?: Record<string, string>; body?: unknown; from?: string } = {}): Promise<Reply> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        localAddress: options.from,
        agent: false,
        headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
        timeout: 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const count = (replies: Reply[], status: number) => replies.filter((reply) => reply.status === status).length;

/** A 429 in the Direct Line error format, Korean and English, with a usable Retry-After. */
function expectTooMany(reply: Reply | undefined) {
  expect(reply?.status).toBe(429);
  expect(Number(reply?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(reply?.json?.error?.code).toBe('TooManyRequests');
  expect(reply?.json?.error?.message).toMatch(/[가-힣]/);
  expect(reply?.json?.error?.message).toMatch(/too many/i);
}

async function conversation(url: string, from?: string) {
  const issued = await call(`${url}/api/webchat/token`, { from });
  expect(issued.status).toBe(200);
  const { token, conversationId } = issued.json as { token: string; conversationId: string };
  const started = await call(`${url}/v3/directline/conversations`, { headers: bearer(token), from });
  expect(started.status).toBe(201);
  const base = `${url}/v3/directline/conversations/${conversationId}`;
  return {
    conversationId,
    token,
    say: (activity: object) =>
      call(`${base}/activities`, { headers: bearer(token), from, body: { type: 'message', from: { id: 'u' }, locale: 'ko-KR', ...activity } }),
    activities: async () =>
      (
        (await call(`${base}/activities`, { method: 'GET', headers: bearer(token), from })).json as {
          activities: { from: { role?: string }; text?: string; attachments?: { content?: unknown }[] }[];
        }
      ).activities,
    upload: async (name: string, bytes: Uint8Array) => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(bytes)]), name);
      const response = await fetch(`${base}/upload?userId=u`, { method: 'POST', headers: bearer(token), body: form });
      return response.status;
    },
  };
}

const botTexts = (activities: Awaited<ReturnType<Awaited<ReturnType<typeof conversation>>['activities']>>) =>
  activities.filter((a) => a.from.role === 'bot').map((a) => `${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`);

describe('per-client limits with the production defaults', () => {
  test('a token flood from one address is cut at the limit (forged X-Forwarded-For changes nothing); another address still gets tokens', async () => {
    const { url } = await start();
    const flood = await Promise.all(
      Array.from({ length: 200 }, (_, index) => call(`${url}/api/webchat/token`, { headers: { 'X-Forwarded-For': `203.0.113.${index % 250}` } })),
    );
    expect(count(flood, 200)).toBe(60);
    expect(count(flood, 429)).toBe(140);
    expectTooMany(flood.find((reply) => reply.status === 429));
    // The same budget covers the Direct Line token routes.
    const token = (flood.find((reply) => reply.status === 200)?.json as { token: string }).token;
    expectTooMany(await call(`${url}/v3/directline/tokens/refresh`, { headers: bearer(token) }));

    expect((await call(`${url}/api/webchat/token`, { from: OTHER_ADDRESS })).status).toBe(200);
  });

  test('a conversation flood from one address is cut at the limit; another address still starts one', async () => {
    const { url } = await start({ RATE_LIMIT_TOKENS: '1000/1m' });
    const tokens = await Promise.all(Array.from({ length: 45 }, async () => (await call(`${url}/api/webchat/token`)).json.token as string));
    const starts = await Promise.all(tokens.map((token) => call(`${url}/v3/directline/conversations`, { headers: bearer(token) })));
    expect(count(starts, 201)).toBe(30);
    expect(count(starts, 429)).toBe(15);
    expectTooMany(starts.find((reply) => reply.status === 429));
    await conversation(url, OTHER_ADDRESS);
  });

  test('a message flood in one conversation is cut at the limit and the chat says so once, kindly', async () => {
    const { url } = await start();
    const chat = await conversation(url);
    const posts = await Promise.all(Array.from({ length: 75 }, () => chat.say({ type: 'typing' })));
    expect(count(posts, 200)).toBe(60);
    expect(count(posts, 429)).toBe(15);
    expectTooMany(posts.find((reply) => reply.status === 429));
    const notices = botTexts(await chat.activities()).filter((text) => /천천히/.test(text));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/slow down/i);
  });

  test('an upload flood from one address is cut at the limit', async () => {
    const { url } = await start();
    const chat = await conversation(url);
    const statuses = await Promise.all(Array.from({ length: 35 }, (_, i) => chat.upload(`note-${i}.txt`, Buffer.from('not a certificate'))));
    expect(statuses.filter((status) => status === 200)).toHaveLength(30);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  test('the Direct Line secret (a trusted token server for many users) is not limited', async () => {
    const secret = 'a-token-server-secret-0123456789';
    const { url } = await start({ DIRECTLINE_SECRET: secret, RATE_LIMIT_TOKENS: '5/1m' });
    const generated = await Promise.all(Array.from({ length: 20 }, () => call(`${url}/v3/directline/tokens/generate`, { headers: bearer(secret) })));
    expect(count(generated, 200)).toBe(20);
    // Without it, the same route counts against the address like every other token request.
    const anonymous = await Promise.all(Array.from({ length: 10 }, () => call(`${url}/v3/directline/tokens/generate`, { headers: bearer('not-the-secret') })));
    expect(count(anonymous, 403)).toBe(5);
    expect(count(anonymous, 429)).toBe(5);
  });

  test('20 concurrent certificate uploads in one conversation: 5 are checked, the others are told to wait', async () => {
    const { url } = await start({}, { onDisk: true });
    const chat = await conversation(url);
    const certificate = readFileSync(path.join(rootDir, 'test', 'transcripts', 'fixtures', 'valid', 'signCert.der'));
    const statuses = await Promise.all(Array.from({ length: 20 }, () => chat.upload('signCert.der', certificate)));
    expect(statuses.every((status) => status === 200)).toBe(true);
    const texts = await waitFor(async () => {
      const all = botTexts(await chat.activities());
      return all.filter((text) => /인증서 확인 결과/.test(text)).length >= 20 ? all : undefined;
    }, 30_000);
    const refused = texts.filter((text) => /확인을 너무 자주/.test(text));
    expect(texts.filter((text) => /인증서 확인 결과/.test(text) && !refused.includes(text))).toHaveLength(5);
    expect(refused).toHaveLength(15);
  });

  test('10 concurrent "상담원" in one conversation make one ticket', async () => {
    const { url, app } = await start({ HANDOFF_HOURS: 'always' }, { onDisk: true });
    const chat = await conversation(url);
    const replies = await Promise.all(Array.from({ length: 10 }, () => chat.say({ text: '상담원' })));
    expect(count(replies, 200)).toBe(10);
    const open = await app.tickets.list(['waiting']);
    expect(open.filter((ticket) => ticket.conversationId === chat.conversationId)).toHaveLength(1);
    expect(open).toHaveLength(1);
  });

  test('tickets from one address stop at the limit (the chat says why); another address still reaches an agent', async () => {
    const { url, app } = await start({ HANDOFF_HOURS: 'always' });
    const chats = await Promise.all(Array.from({ length: 12 }, () => conversation(url)));
    await Promise.all(chats.map((chat) => chat.say({ text: '상담원 연결해 주세요' })));
    expect(await app.tickets.list(['waiting'])).toHaveLength(10);
    const refused = await Promise.all(chats.map(async (chat) => botTexts(await chat.activities()).some((text) => /상담원 연결 요청이 너무 많/.test(text))));
    expect(refused.filter(Boolean)).toHaveLength(2);

    const elsewhere = await conversation(url, OTHER_ADDRESS);
    await elsewhere.say({ text: '상담원 연결해 주세요' });
    expect((await app.tickets.list(['waiting'])).map((ticket) => ticket.conversationId)).toContain(elsewhere.conversationId);
  });
});

describe('agent sign-in cannot be raced', () => {
  test('200 concurrent wrong passwords: at most 10 are checked; the agent signs in from elsewhere', async () => {
    const hash = await hashPassword('correct horse battery', { N: 2 ** 14, r: 8, p: 1 });
    const { url } = await start({ AGENT_ACCOUNTS: `alice:${hash}` });
    const session = `${url}/api/agent/session`;
    const burst = await Promise.all(Array.from({ length: 200 }, (_, index) => call(session, { body: { username: 'alice', password: `guess-${index}` } })));
    expect(count(burst, 401)).toBe(10);
    expect(count(burst, 429)).toBe(190);
    expect(Number(burst.find((reply) => reply.status === 429)?.headers['retry-after'])).toBeGreaterThan(60);
    // The attacker's address + username is locked, even with the right password …
    expect((await call(session, { body: { username: 'alice', password: 'correct horse battery' } })).status).toBe(429);
    // … but the account holder at their own desk is not.
    const signedIn = await call(session, { from: OTHER_ADDRESS, body: { username: 'alice', password: 'correct horse battery' } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.json.agent.name).toBe('alice');
  });
});

describe('behind a reverse proxy', () => {
  test('X-Forwarded-For names the client only when TRUST_PROXY lists the proxy', async () => {
    const { url } = await start({ TRUST_PROXY: '127.0.0.1', RATE_LIMIT_TOKENS: '3/1m' });
    const from = (client: string) => call(`${url}/api/webchat/token`, { headers: { 'X-Forwarded-For': client } });
    for (let i = 0; i < 3; i += 1) expect((await from('198.51.100.7')).status).toBe(200);
    expectTooMany(await from('198.51.100.7'));
    // A client cannot escape by prepending addresses: the proxy appends the real one last.
    expectTooMany(await from('192.0.2.1, 198.51.100.7'));
    expect((await from('198.51.100.8')).status).toBe(200);
  });
});
