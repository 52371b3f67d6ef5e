import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { hashPassword, parseAgentAccounts } from '../../handoff/agent-accounts.js';
import { AgentAuth } from '../../handoff/agent-auth.js';
import type { App } from '../../server/index.js';
import { startTestApp } from '../../test/support/app.js';
import { expectRepliesCustomer } from '../../test/support/turn-driver.js';
import { loadContent } from '../../content/load.js';
import { mountDashboardApi, type QaGuard } from './dashboard-api.js';
import { seoulDay } from './period.js';

// GET /api/qa/dashboard over conversations held with the real assistant (POST /api/messages, its
// transcript middleware and store), counted exactly; and who may read it.

let app: App;
let appUrl: string;
let api: string;
let server: restify.Server;
let tokens: { qa: string; agent: string };
const today = seoulDay(Date.now());

/**
 * Until the workbench's own guard (qa-guard.ts, the QA role) is wired, the test's door is the
 * console's sign-in (AgentAuth) plus a list of QA usernames: what the real guard decides too.
 */
function testGuard(auth: AgentAuth, qaUsers: string[]): QaGuard {
  return (handler) => async (req, res) => {
    const outcome = await auth.authenticate(req.headers.authorization);
    if (!outcome.ok) return void res.send(outcome.status, { error: { code: outcome.code, message: outcome.message } });
    if (!qaUsers.includes(outcome.agent.id.replace(/^local:/, ''))) return void res.send(403, { error: { code: 'NotAllowed', message: 'QA only' } });
    await handler(req, res);
  };
}

beforeAll(async () => {
  ({ app, url: appUrl } = await startTestApp({ HANDOFF_HOURS: 'always' }));
  const hash = await hashPassword('correct horse', { N: 1024, r: 8, p: 1 });
  const auth = new AgentAuth({ accounts: parseAgentAccounts(`qa1:${hash},alice:${hash}`), sessionSecret: randomBytes(32) });
  const login = async (name: string) => {
    const outcome = await auth.login(name, 'correct horse', '127.0.0.1');
    if (!outcome.ok) throw new Error('login failed');
    return outcome.token;
  };
  tokens = { qa: await login('qa1'), agent: await login('alice') };
  server = restify.createServer({ handleUncaughtExceptions: false });
  const created = new Date(Date.now() - 60_000).toISOString();
  mountDashboardApi(server, {
    guard: testGuard(auth, ['qa1']),
    transcripts: app.transcripts!,
    procedures: loadContent().procedures,
    tickets: async () => [{ createdAt: created, assignedAt: new Date(Date.parse(created) + 4 * 60_000).toISOString() }, { createdAt: created }],
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/qa/dashboard`;

  // Three customers: one leaves a guide at step 2, one is not understood twice, one asks for a person.
  const walker = expectRepliesCustomer(appUrl, 'dash-walker');
  await walker.say('인증서 발급받고 싶어요');
  for (let i = 0; i < 5 && !walker.buttons().some((b) => b.title === '시작하기'); i++) await walker.click(walker.buttons()[0].title);
  await walker.click('시작하기');
  await walker.click('다음');
  const puzzled = expectRepliesCustomer(appUrl, 'dash-puzzled');
  await puzzled.say('인증서');
  await puzzled.say('오늘 날씨 어때요');
  await expectRepliesCustomer(appUrl, 'dash-person').say('상담원 연결해 주세요');
  await app.transcripts!.flush();
}, 90_000);
afterAll(async () => {
  server?.close();
  await app?.close();
});

const get = (query: string, token?: string) => fetch(`${api}?${query}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

test('the counts of the conversations held today, exactly', async () => {
  const response = await get(`from=${today}&to=${today}`, tokens.qa);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const report = await response.json();
  expect(report.conversations).toBe(3);
  expect(report.days).toEqual([{ day: today, conversations: 3, typed: 4, unsure: 1, miss: 1, correction: 0, handoffs: 1 }]);
  expect(report.handoff).toEqual({
    conversations: 1,
    rate: 1 / 3,
    waits: { tickets: 2, assigned: 1, medianMinutes: 4, p90Minutes: 4, maxMinutes: 4 },
  });
  expect(report.troubles).toEqual([]);
  expect(report.procedures).toHaveLength(1);
  const [funnel] = report.procedures;
  const procedure = loadContent().procedures.find((p) => p.id === funnel.id)!;
  const steps = procedure.steps.length;
  const zeros = Array.from({ length: steps + 1 }, () => 0);
  const at = (values: Record<number, number>) => zeros.map((zero, i) => values[i] ?? zero);
  expect(funnel).toEqual({
    id: funnel.id,
    title: procedure.title,
    stepTitles: procedure.steps.map((step) => step.title),
    steps,
    started: 1,
    finished: 0,
    reached: at({ 0: 1, 1: 1, 2: 1 }),
    leftAt: at({ 2: 1 }),
    stuck: zeros,
    thumbsDown: zeros,
    thumbsUp: zeros,
  });
});

test('another period has none of them', async () => {
  const report = await (await get('from=2020-01-01&to=2020-01-03', tokens.qa)).json();
  expect(report.conversations).toBe(0);
  expect(report.days.map((d: { day: string }) => d.day)).toEqual(['2020-01-01', '2020-01-02', '2020-01-03']);
});

test.each([
  ['no period', '', /^from: missing/],
  ['a reversed period', 'from=2026-11-21&to=2026-11-20', /^from: after to/],
  ['too long', 'from=2026-01-01&to=2026-12-31', /^to: more than 92 days after from/],
  ['garbage', 'from=<script>&to=%FF', /^from: not a date as YYYY-MM-DD/],
  ['an unknown parameter', `from=${today}&to=${today}&intent=renew`, /^intent: unknown parameter/],
  ['a repeated date', `from=${today}&from=${today}&to=${today}`, /^from: given more than once/],
])('%s → 400 with what is wrong, in Korean and English', async (_name, query, problem) => {
  const response = await get(query, tokens.qa);
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body.error.code).toBe('BadPeriod');
  expect(body.error.message).toMatch(problem);
  expect(body.error.message).toMatch(/[가-힣]/);
});

describe('who may read it', () => {
  const query = `from=${today}&to=${today}`;
  test.each([
    ['no token', undefined, 401],
    ['a garbage token', 'garbage', 401],
    ['a forged session token (another secret)', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYXNzd29yZDpxYTEifQ.c2lnbmF0dXJl', 401],
  ])('%s → %d, no counts', async (_name, token, status) => {
    const response = await get(query, token);
    expect(response.status).toBe(status);
    expect(await response.text()).not.toMatch(/conversations/);
  });
  test("a customer's Direct Line token → 401", async () => {
    const { token } = (await (await fetch(`${appUrl}/api/webchat/token`, { method: 'POST' })).json()) as { token: string };
    expect((await get(query, token)).status).toBe(401);
  });
  test('an agent without the QA role → 403', async () => {
    expect((await get(query, tokens.agent)).status).toBe(403);
  });
});
