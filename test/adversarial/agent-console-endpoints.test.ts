// Who may use the console's live-chat endpoints (issue 19): every endpoint that acts on or reads an
// accepted ticket's conversation, attacked with every identity that must not get in — no token, garbage,
// a token signed with another key, the customer's own Direct Line token, another conversation's Direct
// Line token, the Direct Line secret, another agent of the same tenant, an agent of another tenant, and
// the same agent with a session that has expired. The agent who accepted the ticket is the control (the
// same request succeeds for them), so a refusal is the identity's doing, not a broken request. Afterwards
// the customer has heard nothing from the refused requests and the ticket is still that agent's.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { SignJWT } from 'jose';
import { AgentAuth, parseAgentAccounts } from '../../handoff/index.js';
import type { App } from '../../server/index.js';
import { startTestApp } from '../support/app.js';
import { signIn } from '../support/agent-conversation.js';
import { directLineCustomer } from '../support/directline-customer.js';
import { AGENT, consoleAppEnv, localTeamsIdentityProvider, OTHER_AGENT, TENANT } from '../e2e/agent-console.support.js';

const OTHER_TENANT = 'tenant-bank-2';
const SESSION_SECRET = 'authz-test-agent-session-secret-0123456789ab';
const DIRECTLINE_SECRET = 'authz-test-directline-secret-0123456789';

/** The contract's endpoints (TEAM.md, issue 19): path under /api/agent/tickets/:id, method, a valid body. */
const ENDPOINTS: Array<{ name: string; method: 'GET' | 'POST'; path: string; body?: unknown }> = [
  { name: 'conversation stream', method: 'GET', path: '/events' },
  { name: 'reply', method: 'POST', path: '/messages', body: { text: '안녕하세요, 상담원입니다' } },
  { name: 'agent typing (H1)', method: 'POST', path: '/typing', body: {} },
  { name: 'one-click help (H2)', method: 'POST', path: '/help', body: { kind: 'local_check' } },
  // Last: the control hands the ticket back, after which nobody may act on it.
  { name: 'hand back (H1)', method: 'POST', path: '/handback', body: {} },
];

let app: App;
let url: string;
let ticketId: string;
let customer: Awaited<ReturnType<typeof directLineCustomer>>;
const tokens: Record<string, string | undefined> = {};

beforeAll(async () => {
  const teams = await localTeamsIdentityProvider();
  const env: Record<string, string> = {
    ...(await consoleAppEnv()),
    TEAMS_SSO_ALLOWED_TENANTS: `${TENANT},${OTHER_TENANT}`,
    HANDOFF_TENANT_ID: TENANT,
    AGENT_SESSION_SECRET: SESSION_SECRET,
    DIRECTLINE_SECRET,
  };
  ({ app, url } = await startTestApp(env, { jwks: teams.jwks }));

  customer = await directLineCustomer(url);
  await customer.post({ text: '상담원 연결해 주세요' });
  await customer.expect(/대기 순서 1번째/);
  const other = await directLineCustomer(url);
  ticketId = (await app.tickets.findOpenByConversation(customer.conversationId))!.id;

  tokens.owner = await signIn(url, AGENT.username, AGENT.password);
  const accepted = await fetch(`${url}/api/agent/tickets/${ticketId}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.owner}` } });
  expect(accepted.status).toBe(200);

  tokens['no token'] = undefined;
  tokens['garbage token'] = 'not-a-jwt';
  tokens['token signed with another key'] = await new SignJWT({ name: AGENT.username, tid: TENANT })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`local:${AGENT.username}`)
    .setIssuer('cert-helper/agent-session')
    .setAudience('cert-helper/agent-api')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode('a-different-secret-that-is-long-enough-0123'));
  tokens["the customer's Direct Line token"] = customer.token;
  tokens["another conversation's Direct Line token"] = other.token;
  tokens['the Direct Line secret'] = DIRECTLINE_SECRET;
  tokens['another agent of the tenant'] = await signIn(url, OTHER_AGENT.username, OTHER_AGENT.password);
  tokens['an agent of another tenant (Teams)'] = await teams.token({ oid: 'oid-other-bank', name: '박타행', tenantId: OTHER_TENANT });
  // The owner's own session, already expired (same secret and accounts, issued 2 hours ago for 1 hour).
  const past = new Date(Date.now() - 2 * 3_600_000);
  const expired = await new AgentAuth({
    accounts: parseAgentAccounts(env.AGENT_ACCOUNTS),
    sessionSecret: Buffer.from(SESSION_SECRET, 'utf8'),
    sessionTtlSeconds: 3_600,
    passwordTenantId: TENANT,
    now: () => past,
  }).login(AGENT.username, AGENT.password, 'authz-test');
  if (!expired.ok) throw new Error('could not issue the expired session');
  tokens["the owner's expired session"] = expired.token;
}, 90_000);

afterAll(async () => {
  await app?.close();
});

/** Who is refused how: 401 for anything that is not an agent, 403 for another agent, 404 across tenants. */
const REFUSED: Array<[string, number]> = [
  ['no token', 401],
  ['garbage token', 401],
  ['token signed with another key', 401],
  ["the customer's Direct Line token", 401],
  ["another conversation's Direct Line token", 401],
  ['the Direct Line secret', 401],
  ["the owner's expired session", 401],
  ['another agent of the tenant', 403],
  ['an agent of another tenant (Teams)', 404],
];

async function request(endpoint: (typeof ENDPOINTS)[number], token: string | undefined) {
  const abort = new AbortController();
  const headers: Record<string, string> = { Accept: endpoint.method === 'GET' ? 'text/event-stream' : 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (endpoint.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${url}/api/agent/tickets/${ticketId}${endpoint.path}`, {
    method: endpoint.method,
    headers,
    body: endpoint.body === undefined ? undefined : JSON.stringify(endpoint.body),
    signal: abort.signal,
  });
  // A stream the server opened is not read to its end: the status is what this test is about.
  const text = response.headers.get('content-type')?.includes('event-stream') ? '' : await response.text();
  abort.abort();
  return { status: response.status, text };
}

describe.each(ENDPOINTS)('$method /api/agent/tickets/:id$path ($name)', (endpoint) => {
  test('is mounted', () => {
    const mounted = app.routes().some((route) => route.method === endpoint.method && route.path === `/api/agent/tickets/:id${endpoint.path}`);
    expect(mounted).toBe(true);
  });

  test.each(REFUSED)('%s → %i, with a clear bilingual message and no internals', async (who, status) => {
    const { status: got, text } = await request(endpoint, tokens[who]);
    expect(got).toBe(status);
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    expect(body.error?.message).toMatch(/[가-힣]/);
    expect(body.error?.message).toMatch(/[A-Za-z]/);
    expect(text).not.toMatch(/\n\s+at |\.ts:|\.js:|127\.0\.0\.1|secret|jwks|kid/i);
  });

  test('the agent who accepted the ticket gets in (the control)', async () => {
    const { status } = await request(endpoint, tokens.owner);
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(300);
  });
});

/** The console's new lists (not tied to one ticket): any agent may read them, nobody else. */
const LISTS = ['/api/agent/help?lang=ko', '/api/agent/canned-answers?locale=ko-KR'];

describe.each(LISTS)('GET %s', (path) => {
  const NOT_AGENTS = REFUSED.filter(([, status]) => status === 401);
  test.each(NOT_AGENTS)('%s → 401', async (who) => {
    const token = tokens[who];
    const response = await fetch(`${url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    expect(response.status).toBe(401);
    const message = ((await response.json()) as { error?: { message?: string } }).error?.message;
    expect(message).toMatch(/[가-힣]/);
    expect(message).toMatch(/[A-Za-z]/);
  });
  test.each(['owner', 'another agent of the tenant', 'an agent of another tenant (Teams)'])('%s → 200', async (who) => {
    const response = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${tokens[who]}` } });
    expect(response.status).toBe(200);
  });
});

test("the refused requests left no trace: the customer got the control reply once, and the ticket stayed the owner's until handed back", async () => {
  await customer.read();
  const replies = customer.seen.filter((a) => a.from.role === 'bot' && (a.text ?? '').includes('안녕하세요, 상담원입니다'));
  expect(replies).toHaveLength(1);
  const ticket = await app.tickets.get(ticketId);
  expect(ticket?.agent?.id).toBe(`local:${AGENT.username}`);
});
