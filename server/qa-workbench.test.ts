import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { hashPassword } from '../handoff/agent-accounts.js';
import { main as replayMain } from '../qa/replay/cli.js';
import { parseYamlScript } from '../qa/replay/parse-yaml.js';
import { startTestApp } from '../test/support/app.js';
import { directLineCustomer } from '../test/support/directline-customer.js';
import type { App } from './index.js';

// Scrypt, RSA keys and whole conversations: seconds on a loaded 2-core box.
jest.setTimeout(60_000);

/**
 * The QA role through the real app: who may call what (each refusal), and conversation review of
 * conversations made through the real bot (Direct Line), down to a replay script the replayer accepts.
 */

const TENANT = 'tenant-bank';
const AUDIENCE = 'api://console.example/qa';
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const QA_GROUP = '11111111-2222-3333-4444-555555555555';

let app: App;
let url: string;
let keys: { privateKey: CryptoKey; jwk: JWK };
const tokens: Record<string, string> = {};

const teamsToken = (claims: Record<string, unknown>, issuer = ISSUER) =>
  new SignJWT({ tid: TENANT, name: '팀즈 사용자', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(keys.privateKey);

async function signIn(username: string): Promise<string> {
  const response = await fetch(`${url}/api/agent/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: `pw-${username}-123` }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

const get = (route: string, token?: string, init: RequestInit = {}) =>
  fetch(`${url}${route}`, { ...init, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) } });
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  keys = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' } };
  const cheap = { N: 1024, r: 8, p: 1 };
  const accounts = await Promise.all(['agent1', 'qa1', 'both1'].map(async (name) => `${name}:${await hashPassword(`pw-${name}-123`, cheap)}`));
  ({ app, url } = await startTestApp(
    {
      AGENT_ACCOUNTS: accounts.join(','),
      CONSOLE_ROLES: 'qa1:qa,both1:agent+qa',
      HANDOFF_TENANT_ID: TENANT,
      HANDOFF_HOURS: 'always',
      TEAMS_SSO_ISSUER: ISSUER,
      TEAMS_SSO_AUDIENCE: AUDIENCE,
      CONSOLE_QA_GROUPS: QA_GROUP,
    },
    { jwks: createLocalJWKSet({ keys: [keys.jwk] }) },
  ));
  for (const name of ['agent1', 'qa1', 'both1']) tokens[name] = await signIn(name);
});

afterAll(async () => {
  await app?.close();
});

describe('roles', () => {
  test('GET /api/agent/me tells each user their roles; the session token carries them', async () => {
    const rolesOf = async (token: string) => ((await (await get('/api/agent/me', token)).json()) as { agent: { roles: string[] } }).agent.roles;
    expect(await rolesOf(tokens.agent1)).toEqual(['agent']);
    expect(await rolesOf(tokens.qa1)).toEqual(['qa']);
    expect(await rolesOf(tokens.both1)).toEqual(['agent', 'qa']);
    const claims = JSON.parse(Buffer.from(tokens.qa1.split('.')[1], 'base64url').toString()) as { roles: string[] };
    expect(claims.roles).toEqual(['qa']);
    expect(await rolesOf(await teamsToken({ oid: 'oid-qa', groups: [QA_GROUP] }))).toEqual(['agent', 'qa']);
    expect(await rolesOf(await teamsToken({ oid: 'oid-agent', groups: ['another-group'] }))).toEqual(['agent']);
  });

  test('QA without the agent role: no live queue, no ticket, no callback number, no accept (403, before any lookup)', async () => {
    for (const [method, route] of [
      ['GET', '/api/agent/tickets'],
      ['GET', '/api/agent/tickets/t-1'],
      ['GET', '/api/agent/tickets/t-1/callback'],
      ['GET', '/api/agent/tickets/t-1/transcript'],
      ['POST', '/api/agent/tickets/t-1/accept'],
      ['GET', '/api/agent/tickets/t-1/events'],
    ]) {
      const response = await get(route, tokens.qa1, { method });
      expect([route, response.status]).toEqual([route, 403]);
      expect(await errorOf(response)).toEqual({ code: 'NotAllowed', message: 'Only agents may use the live queue. / 상담원만 상담 대기열을 쓸 수 있습니다.' });
    }
    // The labels (names of ids) are for every console user.
    expect((await get('/api/agent/labels', tokens.qa1)).status).toBe(200);
  });

  test('/api/qa/* refuses: no token, garbage, a customer Direct Line token (401); an agent without QA, another tenant (403)', async () => {
    const route = '/api/qa/conversations';
    expect((await get(route)).status).toBe(401);
    expect((await get(route, 'not-a-jwt')).status).toBe(401);
    const customer = await directLineCustomer(url);
    expect((await get(route, customer.token)).status).toBe(401);
    const agentOnly = await get(route, tokens.agent1);
    expect(agentOnly.status).toBe(403);
    expect(await errorOf(agentOnly)).toMatchObject({ code: 'NotAllowed' });
    expect((await get(route, await teamsToken({ oid: 'oid-agent' }))).status).toBe(403);
    // A QA group member of another tenant: the token's issuer is not ours.
    const stranger = await teamsToken({ oid: 'oid-x', tid: 'tenant-other', groups: [QA_GROUP] }, 'https://login.microsoftonline.com/tenant-other/v2.0');
    expect((await get(route, stranger)).status).toBe(403);
    for (const sub of ['/api/qa/conversations/abc', '/api/qa/conversations/abc/replay']) expect((await get(sub, tokens.agent1)).status).toBe(403);
  });
});

describe('conversation review', () => {
  let conversationId: string;

  beforeAll(async () => {
    const customer = await directLineCustomer(url);
    conversationId = customer.conversationId;
    await customer.post({ text: '우리은행 앱에서 공동인증서 발급받고 싶어요' });
    await customer.expect(/공동인증서 발급하기/);
    await customer.post({ text: '시작하기' });
    await customer.expect(/앱을 열어요/);
    await customer.post({ text: '제 전화번호는 010-1234-5678 이에요' });
    await customer.read();
    await app.transcripts!.flush();
  });

  test('the period lists the conversation; filters and bad input answer clearly', async () => {
    const list = (await (await get('/api/qa/conversations', tokens.qa1)).json()) as { conversations: { id: string; customerMessages: number }[] };
    const row = list.conversations.find((conversation) => conversation.id === conversationId);
    expect(row?.customerMessages).toBeGreaterThanOrEqual(3);
    // Nothing of that conversation in a period long past.
    const past = (await (await get('/api/qa/conversations?from=2020-01-01&to=2020-01-07', tokens.both1)).json()) as { conversations: unknown[] };
    expect(past.conversations).toEqual([]);
    for (const [query, message] of [
      ['from=2026-13-01', /^from: no such day in the calendar/],
      ['from=yesterday', /^from: not a date as YYYY-MM-DD/],
      ['from=2026-03-10&to=2026-03-01', /^from: after to/],
      ['from=2025-01-01&to=2026-01-01', /^to: more than 92 days after from/],
      ['outcome=great', /outcome must be one of finished, left/],
      ['feedback=%3Cscript%3E', /feedback must be one of/],
      ['intent=' + 'x'.repeat(81), /intent must be an id/],
      ['procedure=__proto__%2F..', /procedure must be an id/],
    ] as const) {
      const response = await get(`/api/qa/conversations?${query}`, tokens.qa1);
      expect([query, response.status]).toEqual([query, 400]);
      expect((await errorOf(response)).message).toMatch(message);
    }
  });

  test('one conversation, redacted as stored; unknown or bad ids answer 404 / 400', async () => {
    const response = await get(`/api/qa/conversations/${encodeURIComponent(conversationId)}`, tokens.qa1);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { activities: { type: string; text?: string }[] };
    const texts = body.activities.map((activity) => activity.text ?? '').join('\n');
    expect(texts).toContain('공동인증서');
    expect(texts).not.toContain('010-1234-5678');
    expect(texts).not.toContain('1234-5678');
    expect((await get('/api/qa/conversations/no-such-conversation', tokens.qa1)).status).toBe(404);
    expect((await get(`/api/qa/conversations/${'%3C'.repeat(5)}`, tokens.qa1)).status).toBe(400);
    // Longer than the router reads a path parameter: no such route.
    expect((await get(`/api/qa/conversations/${'a'.repeat(300)}/replay`, tokens.qa1)).status).toBe(404);
  });

  test('the replay script downloads as *.test.yaml and `npm run replay` plays it green against the bot', async () => {
    const response = await get(`/api/qa/conversations/${encodeURIComponent(conversationId)}/replay`, tokens.qa1);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="review-[A-Za-z0-9_-]+\.test\.yaml"$/);
    const yaml = await response.text();
    expect(yaml).toMatch(/^# Made in the QA workbench/);
    expect(yaml).toContain('- user: 우리은행 앱에서 공동인증서 발급받고 싶어요');
    expect(yaml).toMatch(/- (user|click): 시작하기/);
    expect(yaml).toMatch(/title: 앱을 열어요/);
    expect(yaml).not.toContain('010-1234-5678');
    const dir = await mkdtemp(path.join(tmpdir(), 'qa-replay-'));
    try {
      const file = path.join(dir, 'review.test.yaml');
      await writeFile(file, yaml);
      expect(parseYamlScript(await readFile(file, 'utf8'), file).steps.length).toBeGreaterThan(4);
      const printed: string[] = [];
      const log = jest.spyOn(console, 'log').mockImplementation((...line: unknown[]) => void printed.push(line.join(' ')));
      let code: number;
      try {
        code = await replayMain([file]);
      } finally {
        log.mockRestore();
      }
      expect([code, printed.join('\n')]).toEqual([0, expect.stringContaining('1 passed')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
