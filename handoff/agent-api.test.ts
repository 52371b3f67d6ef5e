import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test, jest } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import restify from 'restify';
import { TokenService } from '../directline/tokens.js';
import { hashPassword, parseAgentAccounts } from './agent-accounts.js';
import { mountAgentApi, type AgentApiDeps } from './agent-api.js';
import { AgentAuth } from './agent-auth.js';
import { PhoneSealer } from './phone.js';
import { TicketStore, type NewTicket } from './ticket-store.js';
import type { Ticket } from './tickets.js';

// RSA key generation and scrypt are CPU-bound: on a loaded 2-core CI box they can take seconds.
jest.setTimeout(30_000);

const AUDIENCE = 'api://console.example/00000000-0000-0000-0000-00000000a99';
const ISSUER_TEMPLATE = 'https://login.microsoftonline.com/{tenantid}/v2.0';
const issuerOf = (tenant: string) => ISSUER_TEMPLATE.replace('{tenantid}', tenant);

interface Keys {
  privateKey: CryptoKey;
  jwk: JWK;
}
async function rsaKeys(kid: string): Promise<Keys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

let entraKeys: Keys;
let strangerKeys: Keys;
let passwordHash: string;

interface TeamsTokenOptions {
  tenant?: string;
  oid?: string;
  name?: string;
  audience?: string;
  issuer?: string;
  expiresAt?: number;
  keys?: Keys;
}
function teamsToken(options: TeamsTokenOptions = {}): Promise<string> {
  const tenant = options.tenant ?? 'tenant-a';
  const keys = options.keys ?? entraKeys;
  const nowSeconds = Math.floor(Date.now() / 1000);
  return new SignJWT({ oid: options.oid ?? 'oid-1', tid: tenant, name: options.name ?? '김상담', ver: '2.0' })
    .setProtectedHeader({ alg: 'RS256', kid: keys.jwk.kid!, typ: 'JWT' })
    .setIssuer(options.issuer ?? issuerOf(tenant))
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(nowSeconds - 60)
    .setExpirationTime(options.expiresAt ?? nowSeconds + 3600)
    .sign(keys.privateKey);
}

interface LogLine {
  level: string;
  details: object;
  message: string;
}

interface Harness {
  url: string;
  tickets: TicketStore;
  logs: LogLine[];
  accepted: Array<{ ticket: Ticket; agentId: string }>;
  closed: Ticket[];
  close(): Promise<void>;
}

const servers: Harness[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function startServer(
  options: { tenantId?: string; transcripts?: AgentApiDeps['transcripts']; sealer?: PhoneSealer; storage?: MemoryStorage; failingHooks?: boolean } = {},
): Promise<Harness> {
  const sealer = options.sealer ?? new PhoneSealer(randomBytes(32));
  const tickets = new TicketStore({ storage: options.storage ?? new MemoryStorage(), sealer, acceptTimeoutMinutes: 10, averageHandlingMinutes: 5 });
  const auth = new AgentAuth({
    teams: { issuers: [ISSUER_TEMPLATE], audiences: [AUDIENCE], allowedTenants: ['tenant-a', 'tenant-b'], jwks: createLocalJWKSet({ keys: [entraKeys.jwk] }) },
    accounts: parseAgentAccounts(`alice:${passwordHash}`),
    sessionSecret: randomBytes(32),
    passwordTenantId: options.tenantId,
  });
  const logs: LogLine[] = [];
  const log = (level: string) => (details: object, message: string) => logs.push({ level, details, message });
  const accepted: Harness['accepted'] = [];
  const closed: Ticket[] = [];
  const server = restify.createServer({ handleUncaughtExceptions: false });
  mountAgentApi(server, {
    tickets,
    auth,
    tenantId: options.tenantId,
    transcripts: options.transcripts,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    onAccepted: async (ticket, agent) => {
      accepted.push({ ticket, agentId: agent.id });
      if (options.failingHooks) throw new Error('Teams is down');
    },
    onClosed: async (ticket) => {
      closed.push(ticket);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const harness: Harness = {
    url: `http://127.0.0.1:${port}`,
    tickets,
    logs,
    accepted,
    closed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(harness);
  return harness;
}

async function call(harness: Harness, method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${harness.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

const ticketRequest = (conversationId: string, extra: Partial<NewTicket> = {}): NewTicket => ({
  conversationId,
  channelId: 'directline',
  locale: 'ko-KR',
  tenantId: 'tenant-a',
  summary: {
    intent: 'renew',
    institution: 'kb',
    certType: 'joint',
    stepsDone: ['renew.start'],
    certCheck: { ok: false, codes: ['EXPIRED'], ca: 'yessign', daysLeft: -3 },
  },
  ...extra,
});

beforeAll(async () => {
  entraKeys = await rsaKeys('entra-1');
  strangerKeys = await rsaKeys('entra-1'); // same kid, other key: what a forger would try
  passwordHash = await hashPassword('correct horse', { N: 1024, r: 8, p: 1 });
});

const PROTECTED: Array<[string, string]> = [
  ['GET', '/api/agent/me'],
  ['GET', '/api/agent/tickets?status=waiting'],
  ['GET', '/api/agent/tickets/t1'],
  ['GET', '/api/agent/tickets/t1/transcript'],
  ['GET', '/api/agent/tickets/t1/transcript?download=1'],
  ['POST', '/api/agent/tickets/t1/accept'],
  ['POST', '/api/agent/tickets/t1/close'],
  ['GET', '/api/agent/tickets/t1/callback'],
  ['GET', '/api/agent/labels'],
];

describe('what the console asks before and right after sign-in', () => {
  test('GET /api/agent/sign-in says which doors are open, without a token', async () => {
    const harness = await startServer();
    const response = await call(harness, 'GET', '/api/agent/sign-in');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ password: true, teams: true });
  });

  test('GET /api/agent/labels names the ids of a ticket from the content the bot speaks', async () => {
    const harness = await startServer();
    const response = await call(harness, 'GET', '/api/agent/labels', await teamsToken());
    expect(response.status).toBe(200);
    // ticketRequest's ids: renew / kb / joint / EXPIRED.
    expect(response.json.intents.renew).toEqual({ ko: '갱신', en: 'Renew' });
    expect(response.json.institutions.kb.ko).toBe('국민은행');
    expect(response.json.certTypes.joint).toEqual({ ko: '공동인증서', en: 'Joint certificate (공동인증서)' });
    expect(response.json.problems.EXPIRED.ko).toContain('유효기간');
  });
});

describe('agent API authentication', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startServer();
  });

  test.each(PROTECTED)('%s %s without a token → 401 in the error format', async (method, path) => {
    const response = await call(harness, method, path);
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ error: { code: 'Unauthenticated', message: expect.any(String) } });
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  test.each(PROTECTED)('%s %s with a customer Direct Line token → 401', async (method, path) => {
    const directLine = (await new TokenService('a-direct-line-secret-of-the-bot', 1800, Date.now).issue('conv-1', 'dl_user')).token;
    expect((await call(harness, method, path, directLine)).status).toBe(401);
  });

  test.each(PROTECTED)('%s %s with a token of another signing key → 401', async (method, path) => {
    expect((await call(harness, method, path, await teamsToken({ keys: strangerKeys }))).status).toBe(401);
  });

  test.each([
    ['garbage', 'not-a-jwt', 401, 'InvalidToken'],
    ['a JWT with alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"oid":"x"}').toString('base64url')}.`, 401, 'InvalidToken'],
  ])('%s → %d', async (_name, token, status, code) => {
    const response = await call(harness, 'GET', '/api/agent/me', token);
    expect(response.status).toBe(status);
    expect(response.json.error.code).toBe(code);
  });

  test('an expired Teams token → 401 TokenExpired', async () => {
    const response = await call(harness, 'GET', '/api/agent/me', await teamsToken({ expiresAt: Math.floor(Date.now() / 1000) - 3600 }));
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe('TokenExpired');
  });

  test('a Teams token for another audience → 403', async () => {
    const response = await call(harness, 'GET', '/api/agent/me', await teamsToken({ audience: 'https://graph.microsoft.com' }));
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe('WrongAudience');
  });

  test('a token of another issuer → 403', async () => {
    const response = await call(harness, 'GET', '/api/agent/me', await teamsToken({ issuer: 'https://evil.example/tenant-a/v2.0' }));
    expect(response.status).toBe(403);
  });

  test('a token whose issuer names a different tenant than its tid → 403', async () => {
    const response = await call(harness, 'GET', '/api/agent/me', await teamsToken({ tenant: 'tenant-a', issuer: issuerOf('tenant-b') }));
    expect(response.status).toBe(403);
  });

  test('a genuine token of a tenant that is not allowed → 403 TenantNotAllowed', async () => {
    const response = await call(harness, 'GET', '/api/agent/me', await teamsToken({ tenant: 'tenant-c' }));
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe('TenantNotAllowed');
  });

  test('a valid Teams token → 200 with the agent from oid/name/tid', async () => {
    const response = await call(harness, 'GET', '/api/agent/me', await teamsToken({ oid: 'oid-42', name: '박상담' }));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ agent: { id: 'oid-42', name: '박상담', tenantId: 'tenant-a', via: 'teams', roles: ['agent'] } });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('password sign-in: right password → a session token that works; wrong → 401', async () => {
    const wrong = await call(harness, 'POST', '/api/agent/session', undefined, { username: 'alice', password: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('InvalidCredentials');
    const unknown = await call(harness, 'POST', '/api/agent/session', undefined, { username: 'mallory', password: 'correct horse' });
    expect(unknown.status).toBe(401);
    const right = await call(harness, 'POST', '/api/agent/session', undefined, { username: 'alice', password: 'correct horse' });
    expect(right.status).toBe(200);
    expect(right.json).toEqual({ token: expect.any(String), expiresIn: 8 * 3600, agent: { id: 'local:alice', name: 'alice', roles: ['agent'] } });
    const me = await call(harness, 'GET', '/api/agent/me', right.json.token);
    expect(me.json.agent).toEqual({ id: 'local:alice', name: 'alice', via: 'password', roles: ['agent'] });
    // A session token is no use to another server (another secret).
    const other = await startServer();
    expect((await call(other, 'GET', '/api/agent/me', right.json.token)).status).toBe(401);
  });

  test('bad sign-in bodies → 400 in the error format', async () => {
    const notJson = await call(harness, 'POST', '/api/agent/session', undefined, '{"username":');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe('BadRequest');
    const missing = await call(harness, 'POST', '/api/agent/session', undefined, { username: 'alice' });
    expect(missing.status).toBe(400);
    const tooBig = await call(harness, 'POST', '/api/agent/session', undefined, { username: 'alice', password: 'x'.repeat(10_000) });
    expect(tooBig.status).toBeGreaterThanOrEqual(400);
    expect(tooBig.status).toBeLessThan(500);
    expect(tooBig.json.error).toBeDefined();
  });
});

describe('password sign-in rate limit', () => {
  test('ten failures from one address → 429 with Retry-After, even for the right password; logs hold no password', async () => {
    const harness = await startServer();
    for (let i = 0; i < 10; i += 1) {
      expect((await call(harness, 'POST', '/api/agent/session', undefined, { username: 'alice', password: `guess-${i}` })).status).toBe(401);
    }
    const limited = await call(harness, 'POST', '/api/agent/session', undefined, { username: 'alice', password: 'correct horse' });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('TooManyAttempts');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(JSON.stringify(harness.logs)).not.toMatch(/guess-|correct horse/);
  });
});

describe('tickets through the API', () => {
  test('queue listing with positions, tenant isolation, detail with a masked number only', async () => {
    const harness = await startServer();
    const first = (await harness.tickets.create(ticketRequest('conv-1'))).ticket;
    const second = (await harness.tickets.create(ticketRequest('conv-2', { callback: { phone: '010-1234-5678', preferredTime: '오후' } }))).ticket;
    const third = (await harness.tickets.create(ticketRequest('conv-3'))).ticket;
    const foreign = (await harness.tickets.create(ticketRequest('conv-b', { tenantId: 'tenant-b' }))).ticket;
    const agentA = await teamsToken({ tenant: 'tenant-a' });
    const agentB = await teamsToken({ tenant: 'tenant-b', oid: 'oid-b' });

    const waiting = await call(harness, 'GET', '/api/agent/tickets?status=waiting', agentA);
    expect(waiting.status).toBe(200);
    expect(waiting.json.tickets.map((t: { id: string; position: number }) => [t.id, t.position])).toEqual([
      [first.id, 1],
      [third.id, 2],
    ]);
    expect(waiting.json.tickets[0]).toMatchObject({
      status: 'waiting',
      locale: 'ko-KR',
      waitingMinutes: 0,
      summary: { intent: 'renew', institution: 'kb', certType: 'joint' },
    });
    const all = await call(harness, 'GET', '/api/agent/tickets?status=all', agentA);
    expect(all.json.tickets.map((t: { id: string }) => t.id)).toEqual([first.id, third.id, second.id]);
    expect(all.json.tickets[2].callback).toEqual({ phoneMasked: '010-****-5678', preferredTime: '오후' });

    const ofB = await call(harness, 'GET', '/api/agent/tickets', agentB);
    expect(ofB.json.tickets.map((t: { id: string }) => t.id)).toEqual([foreign.id]);
    expect((await call(harness, 'GET', `/api/agent/tickets/${first.id}`, agentB)).status).toBe(404);
    expect((await call(harness, 'POST', `/api/agent/tickets/${first.id}/accept`, agentB)).status).toBe(404);
    expect((await call(harness, 'GET', `/api/agent/tickets/${second.id}/callback`, agentB)).status).toBe(404);

    const detail = await call(harness, 'GET', `/api/agent/tickets/${second.id}`, agentA);
    expect(detail.status).toBe(200);
    expect(detail.json.ticket).toMatchObject({
      id: second.id,
      status: 'callback',
      callback: { phoneMasked: '010-****-5678' },
      summary: { certCheck: { ok: false, codes: ['EXPIRED'] } },
    });
    expect(detail.text).not.toMatch(/1234|phoneSealed/);
    const waitingDetail = await call(harness, 'GET', `/api/agent/tickets/${third.id}`, agentA);
    expect(waitingDetail.json.ticket).toMatchObject({ position: 2, expectedWaitMinutes: 10, transcriptUrl: `/api/agent/tickets/${third.id}/transcript` });

    expect((await call(harness, 'GET', '/api/agent/tickets?status=bogus', agentA)).status).toBe(400);
    expect((await call(harness, 'GET', '/api/agent/tickets/does-not-exist', agentA)).status).toBe(404);
  });

  test('with HANDOFF_TENANT_ID, password agents see only that tenant', async () => {
    const harness = await startServer({ tenantId: 'tenant-a' });
    await harness.tickets.create(ticketRequest('conv-a'));
    await harness.tickets.create(ticketRequest('conv-b', { tenantId: 'tenant-b' }));
    await harness.tickets.create(ticketRequest('conv-none', { tenantId: undefined }));
    const session = await call(harness, 'POST', '/api/agent/session', undefined, { username: 'alice', password: 'correct horse' });
    const list = await call(harness, 'GET', '/api/agent/tickets', session.json.token);
    expect(list.json.tickets).toHaveLength(1);
    expect((await harness.tickets.get(list.json.tickets[0].id))?.conversationId).toBe('conv-a');
  });

  test('ten agents accept at once → exactly one 200, nine 409 Taken naming the winner', async () => {
    const harness = await startServer();
    const { ticket } = await harness.tickets.create(ticketRequest('conv-race'));
    const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => teamsToken({ oid: `oid-${i}`, name: `상담원${i}` })));
    const responses = await Promise.all(tokens.map((token) => call(harness, 'POST', `/api/agent/tickets/${ticket.id}/accept`, token)));
    const winners = responses.filter((response) => response.status === 200);
    expect(winners).toHaveLength(1);
    const losers = responses.filter((response) => response.status === 409);
    expect(losers).toHaveLength(9);
    const winnerName = winners[0].json.ticket.agent.name;
    for (const loser of losers) expect(loser.json.error).toMatchObject({ code: 'Taken', by: winnerName });
    expect(harness.accepted).toHaveLength(1);
    expect(winners[0].json.ticket).toMatchObject({ status: 'assigned', agent: { name: winnerName } });
  });

  test('conversation references (service URLs, chat ids) never reach the browser', async () => {
    const harness = await startServer();
    const reference = { serviceUrl: 'https://internal-service.example/', conversation: { id: 'teams-chat-secret' } as never };
    const { ticket } = await harness.tickets.create(ticketRequest('conv-ref', { serviceUrl: 'https://dl.example/', customerReference: reference }));
    await harness.tickets.accept(ticket.id, { id: 'oid-1', name: '김상담', conversation: reference });
    const token = await teamsToken({ oid: 'oid-1' });
    for (const path of [`/api/agent/tickets/${ticket.id}`, '/api/agent/tickets?status=all']) {
      const response = await call(harness, 'GET', path, token);
      expect(response.status).toBe(200);
      expect(response.text).not.toMatch(/internal-service|teams-chat-secret|customerReference/);
    }
  });

  test('close: a non-assignee gets 403, the assignee closes once; hooks run; failing hooks do not undo', async () => {
    const harness = await startServer({ failingHooks: true });
    const { ticket } = await harness.tickets.create(ticketRequest('conv-close'));
    const owner = await teamsToken({ oid: 'owner' });
    const other = await teamsToken({ oid: 'other' });
    expect((await call(harness, 'POST', `/api/agent/tickets/${ticket.id}/close`, owner)).status).toBe(403); // still waiting: nobody owns it
    expect((await call(harness, 'POST', `/api/agent/tickets/${ticket.id}/accept`, owner)).status).toBe(200);
    expect(harness.logs.some((line) => line.level === 'error' && line.message === 'agent api hook failed')).toBe(true);
    const byOther = await call(harness, 'POST', `/api/agent/tickets/${ticket.id}/close`, other, { reason: 'resolved' });
    expect(byOther.status).toBe(403);
    expect(byOther.json.error.code).toBe('NotAssignee');
    expect((await call(harness, 'POST', `/api/agent/tickets/${ticket.id}/close`, owner, { reason: 'nonsense' })).status).toBe(400);
    const closed = await call(harness, 'POST', `/api/agent/tickets/${ticket.id}/close`, owner, { reason: 'resolved' });
    expect(closed.status).toBe(200);
    expect(closed.json.ticket).toMatchObject({ status: 'closed', closeReason: 'resolved' });
    expect(harness.closed.map((t) => t.id)).toEqual([ticket.id]);
    expect((await call(harness, 'POST', `/api/agent/tickets/${ticket.id}/close`, owner)).status).toBe(409);
    expect((await call(harness, 'POST', `/api/agent/tickets/${ticket.id}/accept`, other)).json.error.code).toBe('NotWaiting');
    const closedList = await call(harness, 'GET', '/api/agent/tickets?status=closed', owner);
    expect(closedList.json.tickets.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
  });

  test('transcript as JSON and as a .transcript download; none stored → 404', async () => {
    const activities = [{ type: 'message', text: '비밀번호 [redacted:password]', from: { id: 'u', role: 'user' } }];
    const harness = await startServer({ transcripts: { exportTranscript: async (id) => (id === 'conv-t' ? activities : undefined) } });
    const { ticket } = await harness.tickets.create(ticketRequest('conv-t'));
    const without = (await harness.tickets.create(ticketRequest('conv-none'))).ticket;
    const token = await teamsToken();
    const json = await call(harness, 'GET', `/api/agent/tickets/${ticket.id}/transcript`, token);
    expect(json.json).toEqual({ activities });
    const download = await call(harness, 'GET', `/api/agent/tickets/${ticket.id}/transcript?download=1`, token);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^application\/json/);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${ticket.id}.transcript"`);
    expect(JSON.parse(download.text)).toEqual(activities);
    expect((await call(harness, 'GET', `/api/agent/tickets/${without.id}/transcript`, token)).status).toBe(404);
    const noStore = await startServer();
    const other = (await noStore.tickets.create(ticketRequest('conv-t'))).ticket;
    expect((await call(noStore, 'GET', `/api/agent/tickets/${other.id}/transcript`, token)).json.error.code).toBe('TranscriptNotFound');
  });

  test('callback number: revealed to an agent, logged as an access event without the number; 404/410 otherwise', async () => {
    const storage = new MemoryStorage();
    const harness = await startServer({ storage });
    const { ticket } = await harness.tickets.create(ticketRequest('conv-cb', { callback: { phone: '01098765432' } }));
    const plain = (await harness.tickets.create(ticketRequest('conv-plain'))).ticket;
    const token = await teamsToken({ oid: 'caller' });
    const revealed = await call(harness, 'GET', `/api/agent/tickets/${ticket.id}/callback`, token);
    expect(revealed.status).toBe(200);
    expect(revealed.json).toEqual({ phone: '010-9876-5432', phoneMasked: '010-****-5432' });
    expect(harness.logs).toContainEqual({
      level: 'info',
      message: 'callback number revealed',
      details: { event: 'callback.reveal', ticketId: ticket.id, agentId: 'caller', recovered: true },
    });
    expect(JSON.stringify(harness.logs)).not.toContain('9876');
    expect((await call(harness, 'GET', `/api/agent/tickets/${plain.id}/callback`, token)).json.error.code).toBe('NoCallback');
    // Any agent may close a callback ticket once the call is made.
    expect((await call(harness, 'POST', `/api/agent/tickets/${ticket.id}/close`, token, { reason: 'resolved' })).status).toBe(200);
    // Same storage, new process with a new random key: the number is gone for good.
    const restarted = await startServer({ storage });
    const gone = await call(restarted, 'GET', `/api/agent/tickets/${ticket.id}/callback`, token);
    expect(gone.status).toBe(410);
    expect(gone.json.error.code).toBe('CallbackUnrecoverable');
  });
});
