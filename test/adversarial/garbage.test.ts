import { afterAll, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { hashPassword } from '../../handoff/agent-accounts.js';
import { parseLine, spawnServer, type ServerProcess } from '../support/server-process.js';
import { LAST_CHUNK, chunk, head, rawExchange, upgradeHead, wsFrame, type RawOutcome, type Step } from './raw-client.js';
import { ROUTES, STATIC_PATHS, type RouteSpec } from './routes.js';

/**
 * Throws garbage at every route and at the WebSocket stream of the real server (a child process,
 * so a crash is an exit) and checks after each kind of attack that the process is still there,
 * still answers, and logged no uncaught error. The route list is checked against the routes the
 * server really registers (routes.test.ts), so a new route cannot be forgotten here.
 */

jest.setTimeout(60_000);

const SECRET = 'adversarial-secret-0123456789';
const AGENT_PASSWORD = 'harness-password-1';
let dataDir: string;
let env: Record<string, string>;
let server: ServerProcess;
/** A customer's Direct Line token and conversation, and an agent's session, on the running server. */
let credentials: { token: string; conversationId: string; agentToken: string };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'adversarial-'));
  const hash = await hashPassword(AGENT_PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
  env = { STORAGE: 'lowdb', DATA_DIR: dataDir, DIRECTLINE_SECRET: SECRET, AGENT_ACCOUNTS: `kim:${hash}`, CONSOLE_ROLES: 'kim:agent+qa' };
  await startServer();
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  // A previous attack killed it (that test failed): start afresh so each test stands on its own.
  if (!server.running()) await startServer();
});

async function startServer(): Promise<void> {
  server = await spawnServer(env);
  credentials = await signIn(server.url);
}

async function signIn(url: string) {
  const issued = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const started = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${issued.token}` } });
  expect(started.status).toBe(201);
  const session = await fetch(`${url}/api/agent/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'kim', password: AGENT_PASSWORD }),
  });
  expect(session.status).toBe(200);
  const { token: agentToken } = (await session.json()) as { token: string };
  return { token: issued.token, conversationId: issued.conversationId, agentToken };
}

/** Fills in the path and the credential a route needs, so the attack reaches its body reader. */
function target(route: RouteSpec): { path: string; auth: Record<string, string> } {
  const routePath = route.path.replace(':conversationId', credentials.conversationId).replace(':id', 'T-does-not-exist').replace(':attachmentId', 'nope');
  const credential = { secret: SECRET, token: credentials.token, agent: credentials.agentToken, none: undefined }[route.credential];
  return { path: routePath, auth: credential ? { Authorization: `Bearer ${credential}` } : {} };
}

/**
 * For attacks whose answer is asserted: the server closes the connection after answering, so this
 * long wait only runs out when no answer comes (a busy shared machine may be slow to answer).
 */
const ANSWERED = { settleMs: 10_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The process lives, answers /healthz and a real Direct Line turn, and logged nothing uncaught. */
async function expectStillServing(): Promise<void> {
  expect({ running: server.running(), last: server.running() ? '' : server.lines.slice(-15).join('\n') }).toEqual({ running: true, last: '' });
  const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(15_000) });
  expect(health.status).toBe(200);
  const turn = await fetch(`${server.url}/v3/directline/conversations/${credentials.conversationId}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${credentials.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', from: { id: 'customer' }, text: '안녕하세요' }),
    signal: AbortSignal.timeout(15_000),
  });
  expect(turn.status).toBe(200);
  const uncaught = server.lines.filter((line) => /uncaught|unhandled|RangeError|TypeError/i.test(line) || parseLine(line)?.level === 60);
  expect(uncaught).toEqual([]);
}

/** An error answer never carries a stack trace or an internal path (pages and bundles may mention node_modules). */
function expectNoInternals(outcome: RawOutcome): void {
  if (outcome.status !== undefined && outcome.status < 400) return;
  expect(outcome.text).not.toMatch(/\n\s+at [^\n]+:\d+:\d+|node_modules|\/work\//);
}

/** The answers that were server errors, with their first line and body, for a readable failure. */
function serverErrors(outcomes: RawOutcome[]): string[] {
  return outcomes.filter((outcome) => (outcome.status ?? 0) >= 500).map((outcome) => `${outcome.text.split('\r\n')[0]} ${outcome.text.slice(-150)}`);
}

const bodyRoutes = () => ROUTES.filter((route) => route.method !== 'GET');
const jsonHeaders = (auth: Record<string, string>) => ({ 'Content-Type': 'application/json', ...auth });

describe('HTTP garbage at every route', () => {
  test('item 1: oversized JSON sent chunked gets 413 on JSON routes and no timer ends the process afterwards', async () => {
    const filler = Buffer.alloc(16 * 1024, 'a');
    const outcomes = await Promise.all(
      bodyRoutes().map(async (route) => {
        const { path: p, auth } = target(route);
        const steps: Step[] = [head(route.method, p, { ...jsonHeaders(auth), 'Transfer-Encoding': 'chunked' }), chunk('{"type":"message","text":"')];
        for (let sent = 0; sent < 300 * 1024; sent += filler.length) steps.push(chunk(filler));
        steps.push(chunk('"}'), LAST_CHUNK);
        return [route, await rawExchange(server.url, steps, route.jsonBody ? ANSWERED : {})] as const;
      }),
    );
    for (const [route, outcome] of outcomes) {
      expectNoInternals(outcome);
      if (route.jsonBody) expect({ route: route.path, status: outcome.status }).toEqual({ route: route.path, status: 413 });
    }
    // The old channel destroyed the socket from a timer 5 s after its 413: wait past it.
    await sleep(6_000);
    await expectStillServing();
  });

  test('a declared 100 MB body is refused with 413 before any of it is sent', async () => {
    const outcomes = await Promise.all(
      bodyRoutes().map(async (route) => {
        const { path: p, auth } = target(route);
        return [
          route,
          await rawExchange(server.url, [head(route.method, p, { ...jsonHeaders(auth), 'Content-Length': 100 * 1024 * 1024 })], route.jsonBody ? ANSWERED : {}),
        ] as const;
      }),
    );
    for (const [route, outcome] of outcomes) {
      expectNoInternals(outcome);
      if (route.jsonBody) expect({ route: route.path, status: outcome.status }).toEqual({ route: route.path, status: 413 });
    }
    await expectStillServing();
  });

  test('truncated bodies (Content-Length larger than what comes, then half-close) and bodies aborted midway', async () => {
    const attacks = bodyRoutes().flatMap((route) => {
      const { path: p, auth } = target(route);
      const start = head(route.method, p, { ...jsonHeaders(auth), 'Content-Length': 5_000 });
      return [
        rawExchange(server.url, [start, '{"type":"message","te', 'end']),
        rawExchange(server.url, [start, '{"type":"message","te', { wait: 50 }, 'destroy']),
        rawExchange(server.url, [head(route.method, p, { ...jsonHeaders(auth), 'Transfer-Encoding': 'chunked' }), chunk('{"type":'), 'destroy']),
        rawExchange(server.url, [head(route.method, p, { ...jsonHeaders(auth), 'Transfer-Encoding': 'chunked' }), '5\r\n{"ty', 'end']),
        rawExchange(server.url, [head(route.method, p, auth).slice(0, 30), 'destroy']),
      ];
    });
    (await Promise.all(attacks)).forEach(expectNoInternals);
    await expectStillServing();
  });

  test('malformed, hostile and deeply nested JSON gets a 4xx, never a 500', async () => {
    const bodies: (string | Buffer)[] = [
      '{"type":',
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), // invalid UTF-8
      'null',
      '[]',
      '"just a string"',
      '1e999999',
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"type":"message"}',
      '{"type":"message","text":{"toString":1},"from":[],"attachments":{"length":1e9}}',
      '['.repeat(100_000) + ']'.repeat(100_000),
      `{"type":"message","from":{"id":"x"},"value":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
      '\u0000\u0000\u0000',
    ];
    const attacks = bodyRoutes().flatMap((route) =>
      bodies.map(async (body) => {
        const { path: p, auth } = target(route);
        const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
        const outcome = await rawExchange(
          server.url,
          [head(route.method, p, { ...jsonHeaders(auth), 'Content-Length': bytes.length, Connection: 'close' }), bytes],
          ANSWERED,
        );
        return [route, body, outcome] as const;
      }),
    );
    const results = await Promise.all(attacks);
    results.forEach(([, , outcome]) => expectNoInternals(outcome));
    // Every one is answered, with a client error.
    const wrong = results.filter(([, , outcome]) => outcome.status === undefined || outcome.status >= 500);
    expect(wrong.map(([route, body, outcome]) => `${route.path} ${String(body).slice(0, 30)} → ${outcome.status} ${outcome.text.slice(-120)}`)).toEqual([]);
    await expectStillServing();
  });

  test('compressed bodies are refused unread (a gzip bomb is never inflated)', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, '['));
    const attacks = bodyRoutes().map(async (route) => {
      const { path: p, auth } = target(route);
      const outcome = await rawExchange(
        server.url,
        [head(route.method, p, { ...jsonHeaders(auth), 'Content-Encoding': 'gzip', 'Content-Length': bomb.length, Connection: 'close' }), bomb],
        route.jsonBody ? ANSWERED : {},
      );
      return [route, outcome] as const;
    });
    for (const [route, outcome] of await Promise.all(attacks)) {
      expectNoInternals(outcome);
      if (route.jsonBody) expect({ route: route.path, status: outcome.status }).toEqual({ route: route.path, status: 415 });
    }
    await expectStillServing();
  });

  test('wrong content types, garbage multipart and invalid HTTP', async () => {
    const upload = ROUTES.find((route) => route.path.endsWith('/upload'))!;
    const { path: uploadPath, auth } = target(upload);
    const multipart = (body: string, boundary = 'XyZ') =>
      rawExchange(server.url, [
        head('POST', uploadPath, {
          ...auth,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': Buffer.byteLength(body),
          Connection: 'close',
        }),
        body,
      ]);
    const outcomes = await Promise.all([
      multipart('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.der"\r\n\r\nabc'), // never closed
      multipart('--XyZ\r\nContent-Disposition: form-data; name="activity"\r\n\r\n{"type":\r\n--XyZ--\r\n'),
      multipart(`--XyZ\r\nContent-Disposition: form-data; name="activity"\r\n\r\n${'['.repeat(50_000)}\r\n--XyZ--\r\n`),
      multipart('garbage without any boundary'),
      multipart('--\r\n--\r\n', ''),
      multipart(`--XyZ\r\nContent-Disposition: form-data; name="file"; filename="${'x'.repeat(100_000)}"\r\n\r\nabc\r\n--XyZ--\r\n`),
      rawExchange(server.url, [
        head('POST', uploadPath, { ...auth, 'Content-Type': 'multipart/form-data; boundary=B', 'Transfer-Encoding': 'chunked' }),
        chunk('--B\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n'),
        'destroy',
      ]),
      ...bodyRoutes().map((route) => {
        const t = target(route);
        return rawExchange(server.url, [head('POST', t.path, { ...t.auth, 'Content-Type': 'text/xml', 'Content-Length': 7, Connection: 'close' }), '<a></a>']);
      }),
      rawExchange(server.url, ['GARBAGE / HTTP/1.1\r\n\r\n']),
      rawExchange(server.url, ['\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03']), // a TLS hello
      rawExchange(server.url, [`GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`]),
      rawExchange(server.url, [head('GET', '/v3/directline/conversations/%ff%fe/activities', target(ROUTES[0]!).auth)]),
      rawExchange(server.url, [head('GET', '/../../../etc/passwd')]),
      rawExchange(server.url, [
        head('POST', '/api/messages', { 'Content-Type': 'application/json', 'Content-Length': 2, 'Transfer-Encoding': 'chunked' }),
        '{}',
      ]),
      rawExchange(server.url, [head('GET', `/api/agent/tickets/${'%00'.repeat(10)}`, { Authorization: `Bearer ${credentials.agentToken}` })]),
    ]);
    outcomes.forEach(expectNoInternals);
    expect(serverErrors(outcomes)).toEqual([]);
    await expectStillServing();
  });

  test('every GET route and static page answers hostile query strings and headers without failing', async () => {
    const targets = [...ROUTES.filter((route) => route.method === 'GET').map(target), ...STATIC_PATHS.map((p) => ({ path: p, auth: {} }))];
    const attacks = targets.flatMap(({ path: p, auth }) =>
      [
        [`${p}?watermark=-1&watermark=1e99&status=__proto__&download=1&sig=%ZZ&t=%`, { ...auth }],
        [p, { Authorization: 'Bearer ' + 'A'.repeat(60_000) }],
        [p, { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJjb252IjoieCJ9.', 'X-Forwarded-Proto': 'gopher' }],
        [p, { ...auth, Range: 'bytes=99999999-', 'Accept-Encoding': 'gzip;q=' + '9'.repeat(1000) }],
      ].map(async ([requestPath, headers]) => {
        const outcome = await rawExchange(server.url, [head('GET', requestPath as string, { ...(headers as Record<string, string>), Connection: 'close' })]);
        return [requestPath as string, outcome] as const;
      }),
    );
    const results = await Promise.all(attacks);
    expect(targets.length).toBeGreaterThanOrEqual(20);
    results.forEach(([, outcome]) => expectNoInternals(outcome));
    expect(results.filter(([, outcome]) => (outcome.status ?? 0) >= 500).map(([p, outcome]) => `${p.slice(0, 80)} → ${outcome.text.slice(-150)}`)).toEqual([]);
    await expectStillServing();
  });

  test('slow clients (headers and bodies trickled) do not block anyone else', async () => {
    const { path: p, auth } = target(ROUTES.find((route) => route.path === '/v3/directline/conversations/:conversationId/activities')!);
    const body = JSON.stringify({ type: 'message', from: { id: 'x' }, text: 'slow' });
    const trickle = (text: string): Step[] => [...text].flatMap((c) => [c, { wait: 20 }]);
    const slow = [
      rawExchange(server.url, trickle(head('POST', p, { ...jsonHeaders(auth), 'Content-Length': Buffer.byteLength(body) }).slice(0, 60)).concat('destroy')),
      rawExchange(server.url, [head('POST', p, { ...jsonHeaders(auth), 'Content-Length': Buffer.byteLength(body) }), ...trickle(body.slice(0, 40)), 'destroy']),
      rawExchange(server.url, [
        head('POST', '/api/messages', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }),
        ...trickle('5\r\n[[[[[\r\n'),
        'destroy',
      ]),
    ];
    // While they trickle, a real customer's turn goes through.
    await sleep(100);
    const posted = await fetch(`${server.url}${p}`, { method: 'POST', headers: jsonHeaders(auth), body, signal: AbortSignal.timeout(10_000) });
    expect(posted.status).toBe(200);
    (await Promise.all(slow)).forEach(expectNoInternals);
    await expectStillServing();
  });
});

describe('WebSocket stream garbage', () => {
  const streamPath = () => `/v3/directline/conversations/${credentials.conversationId}/stream?t=${encodeURIComponent(credentials.token)}`;

  test('item 2: a bad frame in the same write as the upgrade (invalid UTF-8, 100 KiB) closes that socket only', async () => {
    const invalidUtf8 = wsFrame(Buffer.from([0xc3, 0x28, 0xff]));
    const huge = wsFrame(Buffer.alloc(100 * 1024, 'x'));
    const outcomes = await Promise.all([
      rawExchange(server.url, [Buffer.concat([Buffer.from(upgradeHead(streamPath())), invalidUtf8])], ANSWERED),
      rawExchange(server.url, [Buffer.concat([Buffer.from(upgradeHead(streamPath())), huge])], ANSWERED),
    ]);
    for (const outcome of outcomes) expect(outcome.status).toBe(101);
    await expectStillServing();
  });

  test('invalid frames after the handshake, garbage handshakes, and sockets dropped during authentication', async () => {
    const frames = [
      wsFrame('unmasked', { mask: false }),
      wsFrame('reserved opcode', { opcode: 0x3 }),
      wsFrame('rsv bits', { rsv: 0x7 }),
      wsFrame(Buffer.alloc(200), { opcode: 0x9 }), // a ping longer than 125 bytes
      wsFrame('fragmented ping', { opcode: 0x9, fin: false }),
      wsFrame(Buffer.from([0x03, 0xe8 + 0x100]), { opcode: 0x8 }), // close with an invalid code
      wsFrame(Buffer.alloc(1), { opcode: 0x8 }), // close with a 1-byte payload
      wsFrame('continuation with nothing to continue', { opcode: 0x0 }),
      Buffer.from([0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // a 2^64 length
    ];
    const outcomes = await Promise.all([
      ...frames.map((frame) => rawExchange(server.url, [upgradeHead(streamPath()), { wait: 100 }, frame])),
      ...frames.map((frame) => rawExchange(server.url, [Buffer.concat([Buffer.from(upgradeHead(streamPath())), frame])])),
      rawExchange(server.url, [upgradeHead(streamPath()), ...Array.from({ length: 200 }, () => wsFrame('flood'))]),
      rawExchange(server.url, [upgradeHead(streamPath(), { 'Sec-WebSocket-Version': '99' })]),
      rawExchange(server.url, [upgradeHead(streamPath(), { 'Sec-WebSocket-Key': 'short' })]),
      rawExchange(server.url, [upgradeHead(streamPath(), { 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits=99' })]),
      rawExchange(server.url, [upgradeHead(`/v3/directline/conversations/${credentials.conversationId}/stream?t=garbage`)]),
      rawExchange(server.url, [upgradeHead('/v3/directline/conversations/%E0%A4%A/stream')]),
      rawExchange(server.url, [upgradeHead('/v3/directline/conversations/unknown-conversation/stream', { Authorization: `Bearer ${SECRET}` })]),
      rawExchange(server.url, [upgradeHead(streamPath()), 'destroy']),
      rawExchange(server.url, [upgradeHead(streamPath()).slice(0, -2), 'destroy']),
      rawExchange(server.url, [upgradeHead('/api/messages')], { settleMs: 500 }),
    ]);
    outcomes.forEach(expectNoInternals);
    await expectStillServing();
  });
});
