// Forged identities against every entry point of the real server: Direct Line (post, upload),
// anonymous /api/messages (local mode), and /api/messages with Bot Framework JWTs (real validation
// against a key set on 127.0.0.1). Whatever a client writes into channelId, from, recipient, role,
// serviceUrl, conversation or the Host header, it never gets agent powers, never makes the server
// call out of this machine, and never learns an internal detail.
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { waitFor } from '../../directline/test-support.js';
import type { App } from '../../server/index.js';
import { startTestApp } from '../support/app.js';
import { startLocalBotFramework, TEST_APP_ID, type LocalBotFramework } from '../support/bot-framework.js';
import { directLineCustomer } from '../support/directline-customer.js';
import { startFakeConnector } from '../support/fake-connector.js';

const TENANT = 'tenant-1';
const AGENTS_CHANNEL = '19:agents@thread.tacv2';
const acceptData = (ticketId: string) => ({ action: 'handoff', op: 'accept', ticketId });
/** A card button press as Teams sends it (the answer is the invoke response, not expectReplies). */
const invoke = (data: object) => ({
  type: 'invoke',
  name: 'adaptiveCard/action',
  deliveryMode: undefined,
  value: { action: { type: 'Action.Execute', verb: 'cardAction', data } },
});
const cardText = (value: unknown) => JSON.stringify(value ?? null);
/** A compact agent-mode procedure has this block; customers get one card per step instead. */
const AGENT_MODE = /고객에게 읽어 줄 안내/;

/** A raw HTTP request (fetch will not send a forged Host header). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
    request.end(options.body);
  });
}

/** What a body must never contain: stack frames, internal addresses, library or key details. */
function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\n\s+at |\.ts:|\.js:|127\.0\.0\.1|localhost|https?:\/\/|ECONNREFUSED|openid|signature|kid|jwks/i);
}

async function waitingTicketOf(app: App, conversationId: string) {
  return waitFor(async () => (await app.tickets.list(['waiting'])).find((t) => t.conversationId === conversationId));
}

describe('local mode (no MicrosoftAppId): anonymous callers', () => {
  let app: App;
  let url: string;
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  beforeAll(async () => {
    connector = await startFakeConnector();
    ({ app, url } = await startTestApp({ HANDOFF_HOURS: 'always', HANDOFF_TENANT_ID: TENANT, AGENT_MODE_USER_IDS: 'u-agent,aad-agent' }));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await connector.close();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const emulator = (activity: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({
        type: 'message',
        channelId: 'emulator',
        serviceUrl: connector.url,
        deliveryMode: 'expectReplies',
        from: { id: 'emu-user' },
        recipient: { id: 'bot' },
        conversation: { id: `emu-${Math.random()}` },
        locale: 'ko-KR',
        ...activity,
      }),
    });

  // Item 3: a customer accepted another customer's ticket by posting the agents' card action.
  test('a Direct Line customer cannot accept a ticket with an adaptiveCard/action invoke, even claiming to be Teams', async () => {
    const victim = await directLineCustomer(url);
    await victim.post({ text: '상담원 연결해 주세요' });
    await victim.expect(/대기 순서/);
    const ticket = await waitingTicketOf(app, victim.conversationId);

    const attacker = await directLineCustomer(url);
    const forged = {
      channelId: 'msteams',
      serviceUrl: 'http://attacker.example',
      from: { id: 'x', name: '가짜상담원', role: 'bot', aadObjectId: 'aad-agent' },
      recipient: { id: 'bot', role: 'skill' },
      conversation: { id: AGENTS_CHANNEL, tenantId: TENANT, conversationType: 'channel' },
    };
    expect(await attacker.post({ ...invoke(acceptData(ticket.id)), ...forged })).toBe(200);
    expect(await attacker.post({ ...invoke({ action: 'handoff', op: 'close', ticketId: ticket.id }), ...forged })).toBe(200);

    expect(await victim.never(/연결되었어요/)).toBe(true);
    expect((await app.tickets.get(ticket.id))?.status).toBe('waiting');
    // The service stamped what it owns: the bot saw a Direct Line customer, not Teams.
    const echoed = (await attacker.read()).find((a) => a.type === 'invoke');
    expect(echoed).toMatchObject({ channelId: 'directline', from: { role: 'user' } });
    expect(echoed?.serviceUrl?.startsWith(url)).toBe(true);
  }, 60_000);

  test('…nor with the Action.Submit equivalent (a message whose value is the accept button), and is told it is for agents', async () => {
    const victim = await directLineCustomer(url);
    await victim.post({ text: '상담원 불러 주세요' });
    await victim.expect(/대기 순서/);
    const ticket = await waitingTicketOf(app, victim.conversationId);

    const attacker = await directLineCustomer(url);
    await attacker.post({ value: acceptData(ticket.id), channelId: 'msteams', from: { id: 'u-agent', name: '가짜', aadObjectId: 'aad-agent' } });
    await attacker.expect(/상담원만 쓸 수 있는 버튼이에요/);
    expect(await victim.never(/연결되었어요/)).toBe(true);
    expect((await app.tickets.get(ticket.id))?.status).toBe('waiting');
  }, 60_000);

  test('…nor through the upload route with an invoke as the activity part', async () => {
    const victim = await directLineCustomer(url);
    await victim.post({ text: '상담원 연결' });
    await victim.expect(/대기 순서/);
    const ticket = await waitingTicketOf(app, victim.conversationId);

    const attacker = await directLineCustomer(url);
    const form = new FormData();
    form.append(
      'activity',
      new Blob([JSON.stringify({ ...invoke(acceptData(ticket.id)), from: { id: 'u-agent', name: '가짜' }, channelId: 'msteams' })], {
        type: 'application/vnd.microsoft.activity',
      }),
    );
    form.append('file', new Blob([Buffer.from('hello')]), 'note.txt');
    const response = await fetch(`${attacker.base}/upload?userId=u-agent`, { method: 'POST', headers: attacker.auth, body: form });
    expect(response.status).toBe(200);
    expect(await victim.never(/연결되었어요/)).toBe(true);
    expect((await app.tickets.get(ticket.id))?.status).toBe('waiting');
  }, 60_000);

  test('no invoke or event name carrying the accept data gets a ticket, on Direct Line or anonymous /api/messages', async () => {
    const victim = await directLineCustomer(url);
    await victim.post({ text: '상담원 연결해 주세요' });
    await victim.expect(/대기 순서/);
    const ticket = await waitingTicketOf(app, victim.conversationId);
    const data = acceptData(ticket.id);
    const attempts = [
      ...[
        'adaptiveCard/action',
        'task/fetch',
        'task/submit',
        'composeExtension/submitAction',
        'actionableMessage/executeAction',
        'message/submitAction',
        'handoff/action',
      ].flatMap((name) => [
        { type: 'invoke', name, value: { action: { type: 'Action.Execute', verb: 'cardAction', data } } },
        { type: 'invoke', name, value: { data, ...data } },
      ]),
      ...['handoff.initiate', 'handoff.status', 'certcheck/report'].map((name) => ({ type: 'event', name, value: data })),
      { type: 'message', value: { action: { data } } },
      { type: 'message', value: { ...data, msteams: { type: 'messageBack' } } },
    ];
    const attacker = await directLineCustomer(url);
    for (const attempt of attempts) {
      expect(await attacker.post({ ...attempt, from: { id: 'u-agent', aadObjectId: 'aad-agent', role: 'bot' } })).toBe(200);
      const response = await emulator({
        ...attempt,
        deliveryMode: undefined,
        from: { id: 'u-agent', aadObjectId: 'aad-agent', role: 'bot' },
        conversation: { id: 'emu-x', tenantId: TENANT },
      });
      // Invokes nobody implements are 501 Not Implemented and malformed ones 400, as the Bot Framework protocol says; nothing fails.
      expect(response.status === 501 || response.status < 500).toBe(true);
      expectNoInternals(await response.text());
    }
    expect(await victim.never(/연결되었어요/)).toBe(true);
    expect((await app.tickets.get(ticket.id))?.status).toBe('waiting');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  }, 90_000);

  test("an anonymous caller naming a web chat customer's conversation id cannot cancel their ticket or speak for them", async () => {
    const victim = await directLineCustomer(url);
    await victim.post({ text: '상담원 연결해 주세요' });
    await victim.expect(/대기 순서/);
    const ticket = await waitingTicketOf(app, victim.conversationId);
    const response = await emulator({ text: '취소', conversation: { id: victim.conversationId } });
    expect(response.status).toBe(200);
    expect(cardText(await response.json())).not.toMatch(/상담 요청을 취소했어요/);
    expect((await app.tickets.get(ticket.id))?.status).toBe('waiting');
  }, 60_000);

  test.each([
    ['recipient.role "skill"', { recipient: { id: 'bot', role: 'skill' } }],
    ['from.role "bot"', { from: { id: 'u-agent', role: 'bot', aadObjectId: 'aad-agent' } }],
    ['from.role "skill" and a callerId', { from: { id: 'u-agent', role: 'skill' }, callerId: 'urn:botframework:azure' }],
  ])(
    'an anonymous caller with a forged %s is served as a customer, without a 5xx',
    async (_name, forged) => {
      const response = await emulator({ text: '우체국 인터넷뱅킹 공동인증서 재발급', ...forged });
      expect(response.status).toBeLessThan(500);
      expect(cardText(await response.json().catch(() => null))).not.toMatch(AGENT_MODE);
    },
    60_000,
  );

  test('a Direct Line customer typing 대기열 as "msteams" sees no queue and no ticket ids', async () => {
    const waiting = await directLineCustomer(url);
    await waiting.post({ text: '상담원 연결해 주세요' });
    await waiting.expect(/대기 순서/);
    const ticket = await waitingTicketOf(app, waiting.conversationId);
    const attacker = await directLineCustomer(url);
    await attacker.post({ text: '대기열', channelId: 'msteams', conversation: { id: 'x', tenantId: TENANT } });
    await attacker.post({ text: 'queue', channelId: 'msteams' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cardText(await attacker.read())).not.toContain(ticket.id);
  }, 60_000);

  test('an anonymous /api/messages invoke (the Emulator) cannot accept a ticket', async () => {
    const victim = await directLineCustomer(url);
    await victim.post({ text: '상담원 연결해 주세요' });
    await victim.expect(/대기 순서/);
    const ticket = await waitingTicketOf(app, victim.conversationId);
    const response = await emulator({
      ...invoke(acceptData(ticket.id)),
      from: { id: 'u-agent', name: '가짜', aadObjectId: 'aad-agent' },
      conversation: { id: 'emu-1', tenantId: TENANT },
    });
    // Universal Actions answer in the invoke body: 403 and no card.
    expect(await response.json()).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error' });
    expect(await victim.never(/연결되었어요/)).toBe(true);
    expect((await app.tickets.get(ticket.id))?.status).toBe('waiting');
  }, 60_000);

  // Item 5: with channelId msteams an anonymous caller became the agents' channel and got ticket cards.
  test.each([
    ['a forged channelId "msteams"', { channelId: 'msteams' }, /msteams/],
    ['a forged channelId "directline"', { channelId: 'directline' }, /directline/],
    ['a serviceUrl beyond loopback', { serviceUrl: 'http://attacker.example/bf' }, /loopback/],
    ['a serviceUrl on 0.0.0.0', { serviceUrl: 'http://0.0.0.0:9/' }, /loopback/],
    ['a serviceUrl whose user part says 127.0.0.1', { serviceUrl: 'http://127.0.0.1@attacker.example/' }, /loopback/],
    ['a link-local metadata serviceUrl', { serviceUrl: 'http://169.254.169.254/latest' }, /loopback/],
  ])('local mode refuses %s with a 403 that says why', async (_name, forged, reason) => {
    const response = await emulator({ type: 'message', text: '안녕하세요', ...forged });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('LocalModeOnly');
    expect(body.error.message).toMatch(reason);
  });

  test('an anonymous "Teams install" never becomes the agents channel: no ticket card reaches its serviceUrl', async () => {
    const install = await emulator({
      type: 'conversationUpdate',
      channelId: 'msteams',
      membersAdded: [{ id: 'bot' }],
      recipient: { id: 'bot' },
      conversation: { id: AGENTS_CHANNEL, conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    });
    expect(install.status).toBe(403);
    const before = connector.calls.length;
    const chat = await directLineCustomer(url);
    await chat.post({ text: '상담원 연결해 주세요' });
    await chat.expect(/대기 순서/);
    const ticket = await waitingTicketOf(app, chat.conversationId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(cardText(connector.calls.slice(before))).not.toContain(ticket.id);
  }, 60_000);

  test('local mode never fetches an attachment link beyond loopback (SSRF); a loopback link is still read', async () => {
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const target = String(input instanceof Request ? input.url : input);
      fetched.push(target);
      // Keep the test on 127.0.0.1 whatever the code under test does.
      if (!/^http:\/\/127\.0\.0\.1[:/]/.test(target)) throw new TypeError('blocked by the test');
      return realFetch(input, init);
    });
    const outside = ['http://169.254.169.254/latest/meta-data/iam', 'http://10.0.0.1/admin', 'http://attacker.example/x.der', 'http://0.0.0.0:6379/'];
    // One link per message: the check stops at the first file it cannot read.
    for (const contentUrl of [...outside, `${connector.url}/files/signCert.der`]) {
      const response = await emulator({ attachments: [{ contentType: 'application/octet-stream', name: 'signCert.der', contentUrl }] });
      expect(response.status).toBe(200);
      expect(cardText(await response.json())).toMatch(/파일을 읽지 못했어요/);
    }
    for (const target of outside) expect(fetched).not.toContain(target);
    expect(fetched).toContain(`${connector.url}/files/signCert.der`);
  }, 60_000);

  // Item 6: a client-chosen user id matching AGENT_MODE_USER_IDS got agent mode.
  test('a Direct Line customer who picks a listed user.id gets customer mode', async () => {
    const chat = await directLineCustomer(url, { userId: 'u-agent' });
    await chat.post({ text: '우체국 인터넷뱅킹 공동인증서 재발급', from: { id: 'u-agent', aadObjectId: 'aad-agent' } });
    await chat.expect(/우체국/);
    expect(await chat.never(AGENT_MODE)).toBe(true);
  }, 60_000);

  test('an anonymous Emulator user with a listed from.id gets customer mode', async () => {
    const response = await emulator({ text: '우체국 인터넷뱅킹 공동인증서 재발급', from: { id: 'u-agent', aadObjectId: 'aad-agent', role: 'user' } });
    expect(response.status).toBe(200);
    const body = cardText(await response.json());
    expect(body).toMatch(/우체국/);
    expect(body).not.toMatch(AGENT_MODE);
  }, 60_000);
});

// Item 4: serviceUrl, streamUrl and contentUrl came from the client's Host header.
describe('every URL the server hands out comes from configuration, never from Host or X-Forwarded-*', () => {
  const forgedHeaders = {
    Host: 'attacker.example:8443',
    'X-Forwarded-Host': 'attacker.example',
    'X-Forwarded-Proto': 'https',
    Forwarded: 'host=attacker.example;proto=https',
  };

  async function urlsHandedOut(url: string) {
    const { token } = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string };
    const auth = { ...forgedHeaders, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const started = JSON.parse((await raw(`${url}/v3/directline/conversations`, { method: 'POST', headers: auth, body: '{}' })).text) as {
      conversationId: string;
      streamUrl: string;
    };
    const base = `${url}/v3/directline/conversations/${started.conversationId}`;
    const reconnected = JSON.parse((await raw(`${base}?watermark=0`, { headers: auth })).text) as { streamUrl: string };
    await raw(`${base}/activities`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ type: 'message', from: { id: 'u' }, text: '상담원 연결해 주세요', locale: 'ko-KR', serviceUrl: 'http://attacker.example' }),
    });
    const boundary = 'x-boundary';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`;
    const uploaded = await raw(`${base}/upload?userId=u`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: multipart,
    });
    expect(uploaded.status).toBe(200);
    const activities = await waitFor(async () => {
      const page = JSON.parse((await raw(`${base}/activities`, { headers: auth })).text) as {
        activities: { serviceUrl?: string; from: { role?: string }; text?: string; attachments?: { contentUrl?: string }[] }[];
      };
      return page.activities.some((a) => a.from.role === 'bot' && /대기 순서/.test(JSON.stringify(a))) ? page.activities : undefined;
    }, 15_000);
    return {
      conversationId: started.conversationId,
      urls: [
        started.streamUrl,
        reconnected.streamUrl,
        ...activities.flatMap((a) => [a.serviceUrl, ...(a.attachments ?? []).map((f) => f.contentUrl)]).filter((u): u is string => typeof u === 'string'),
      ],
    };
  }

  test('with PUBLIC_BASE_URL every serviceUrl, streamUrl and contentUrl starts with it', async () => {
    const { app, url } = await startTestApp({ HANDOFF_HOURS: 'always', PUBLIC_BASE_URL: 'https://help.example.com' });
    try {
      const { conversationId, urls } = await urlsHandedOut(url);
      expect(urls.length).toBeGreaterThanOrEqual(4);
      for (const handed of urls) expect(handed).toMatch(/^(https|wss):\/\/help\.example\.com\/v3\/directline($|\/)/);
      const ticket = (await app.tickets.list(['waiting'])).find((t) => t.conversationId === conversationId);
      expect(ticket?.serviceUrl).toBe('https://help.example.com/v3/directline');
      expect(ticket?.customerReference?.serviceUrl).toBe('https://help.example.com/v3/directline');
    } finally {
      await app.close();
    }
  }, 60_000);

  test('without it they use the bound address', async () => {
    const { app, url } = await startTestApp({ HANDOFF_HOURS: 'always' });
    try {
      const { urls } = await urlsHandedOut(url);
      const origin = new URL(url);
      for (const handed of urls) {
        expect(handed).not.toMatch(/attacker/);
        expect(new URL(handed).host).toBe(origin.host);
        expect(handed).toMatch(/^(http|ws):/); // X-Forwarded-Proto does not turn it into https
      }
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('JWT mode (MicrosoftAppId set): Bot Framework tokens verified against the key set', () => {
  let bf: LocalBotFramework;
  let app: App;
  let url: string;
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  beforeAll(async () => {
    bf = await startLocalBotFramework();
    connector = await startFakeConnector();
    ({ app, url } = await startTestApp({ ...bf.env, HANDOFF_HOURS: 'always', HANDOFF_TENANT_ID: TENANT }, { botFramework: bf.endpoints }));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await connector.close();
    await bf.close();
  });

  const activity = (overrides: Record<string, unknown> = {}) => ({
    type: 'message',
    text: '안녕하세요',
    channelId: 'msteams',
    serviceUrl: connector.url,
    deliveryMode: 'expectReplies',
    from: { id: '29:agent', name: '상담원', aadObjectId: 'aad-agent' },
    recipient: { id: `28:${TEST_APP_ID}` },
    conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT },
    locale: 'ko-KR',
    ...overrides,
  });
  const post = (body: object, authorization?: string) =>
    fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
      body: JSON.stringify(body),
    });

  test('a genuine channel token is accepted (the control for everything below)', async () => {
    const response = await post(activity(), `Bearer ${await bf.channelToken(connector.url)}`);
    expect(response.status).toBe(200);
  });

  // Item 15: a forged token gave a 500 whose message carried an internal URL.
  test.each([
    ['no Authorization', async () => undefined],
    ['a garbage bearer', async () => 'Bearer not-a-jwt'],
    ['a token signed by a stranger under the published key id', async () => `Bearer ${await bf.channelToken(connector.url, {}, { key: bf.strangerKey })}`],
    ['a token with an unknown key id', async () => `Bearer ${await bf.channelToken(connector.url, {}, { key: bf.strangerKey, kid: 'unknown-kid' })}`],
    ['a token for another bot', async () => `Bearer ${await bf.channelToken(connector.url, { aud: 'another-app' })}`],
    [
      'an expired token',
      async () => `Bearer ${await bf.channelToken(connector.url, { exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 })}`,
    ],
    ['a token from another issuer', async () => `Bearer ${await bf.channelToken(connector.url, { iss: 'https://attacker.example' })}`],
    ['a token for another serviceUrl (the activity points elsewhere)', async () => `Bearer ${await bf.channelToken('http://127.0.0.1:9/other')}`],
    ['a Basic credential', async () => 'Basic YWRtaW46YWRtaW4='],
  ])('%s → 401 with no internals in the body', async (_name, authorization) => {
    const response = await post(activity(), await authorization());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'Unauthorized', message: expect.any(String) } });
    expectNoInternals(text);
  });

  test('when the signing keys cannot be fetched, a token is refused with the same 401 (no 500, no internal URL)', async () => {
    const unreachable = await startTestApp(
      { ...bf.env },
      { botFramework: { ...bf.endpoints, channelOpenIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration' } },
    );
    try {
      const response = await fetch(`${unreachable.url}/api/messages`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${await bf.channelToken(connector.url, {}, { key: bf.strangerKey, kid: 'forged' })}`,
        },
        body: JSON.stringify(activity()),
      });
      expect(response.status).toBe(401);
      expectNoInternals(await response.text());
    } finally {
      await unreachable.app.close();
    }
  }, 60_000);

  describe('agent actions need a verified Teams agent of the configured tenant', () => {
    async function waitingTicket() {
      const victim = await directLineCustomer(url);
      await victim.post({ text: '상담원 연결해 주세요' });
      await victim.expect(/대기 순서/);
      return { victim, ticket: await waitingTicketOf(app, victim.conversationId) };
    }

    test.each([
      [
        'another tenant',
        { conversation: { id: 'a:personal', conversationType: 'personal', tenantId: 'tenant-2' }, channelData: { tenant: { id: 'tenant-2' } } },
      ],
      ['no tenant at all', { conversation: { id: 'a:personal', conversationType: 'personal' } }],
      ['another channel (webchat) with a genuine token', { channelId: 'webchat' }],
    ])(
      'a genuine token from %s cannot accept',
      async (_name, overrides) => {
        const { victim, ticket } = await waitingTicket();
        const response = await post(activity({ ...invoke(acceptData(ticket.id)), ...overrides }), `Bearer ${await bf.channelToken(connector.url)}`);
        expect(await response.json()).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error' });
        expect(await victim.never(/연결되었어요/)).toBe(true);
        expect((await app.tickets.get(ticket.id))?.status).toBe('waiting');
      },
      60_000,
    );

    test('a verified Teams agent of the tenant can (and the customer hears who joined); another tenant cannot speak in that thread', async () => {
      const { victim, ticket } = await waitingTicket();
      const response = await post(activity(invoke(acceptData(ticket.id))), `Bearer ${await bf.channelToken(connector.url)}`);
      expect(response.status).toBe(200);
      expect(cardText(await response.json())).toMatch(/상담 종료/);
      await victim.expect(/상담원 상담원님이 연결되었어요/);
      expect(await app.tickets.get(ticket.id)).toMatchObject({ status: 'assigned', agent: { id: 'aad-agent' } });

      // Same thread id, genuine token, other tenant: not relayed to the customer.
      const intruder = {
        from: { id: '29:intruder', name: '침입자', aadObjectId: 'aad-intruder' },
        conversation: { id: 'a:personal', conversationType: 'personal', tenantId: 'tenant-2' },
      };
      await post(activity({ text: '비밀번호 알려 주세요', deliveryMode: undefined, ...intruder }), `Bearer ${await bf.channelToken(connector.url)}`);
      expect(await victim.never(/비밀번호 알려 주세요/)).toBe(true);
      expect((await app.tickets.get(ticket.id))?.status).toBe('assigned');
    }, 60_000);

    test('the Action.Submit fallback works for the verified agent and is refused on a verified non-Teams channel', async () => {
      const { victim, ticket } = await waitingTicket();
      const conversation = { id: 'a:submit', conversationType: 'personal', tenantId: TENANT };
      const refused = await post(
        activity({ value: acceptData(ticket.id), channelId: 'webchat', conversation }),
        `Bearer ${await bf.channelToken(connector.url)}`,
      );
      expect(cardText(await refused.json())).toMatch(/상담원만 쓸 수 있는 버튼이에요/);
      expect((await app.tickets.get(ticket.id))?.status).toBe('waiting');
      const accepted = await post(activity({ value: acceptData(ticket.id), conversation }), `Bearer ${await bf.channelToken(connector.url)}`);
      expect(cardText(await accepted.json())).toMatch(/상담 종료/);
      await victim.expect(/연결되었어요/);
    }, 60_000);

    test('대기열 from another tenant lists nothing of this tenant', async () => {
      const { ticket } = await waitingTicket();
      const response = await post(
        activity({
          text: '대기열',
          from: { id: '29:x', name: 'x', aadObjectId: 'aad-x' },
          conversation: { id: 'a:queue', conversationType: 'personal', tenantId: 'tenant-2' },
        }),
        `Bearer ${await bf.channelToken(connector.url)}`,
      );
      expect(cardText(await response.json())).not.toContain(ticket.id);
    }, 60_000);

    test('agent mode is for verified Teams users; the same ids on a verified webchat channel get customer mode', async () => {
      const text = '우체국 인터넷뱅킹 공동인증서 재발급';
      const conversation = { id: 'a:agent-mode', conversationType: 'personal', tenantId: TENANT };
      const inTeams = await post(activity({ text, conversation }), `Bearer ${await bf.channelToken(connector.url)}`);
      expect(cardText(await inTeams.json())).toMatch(AGENT_MODE);
      const inWebchat = await post(activity({ text, conversation, channelId: 'webchat' }), `Bearer ${await bf.channelToken(connector.url)}`);
      expect(cardText(await inWebchat.json())).not.toMatch(AGENT_MODE);
    }, 60_000);
  });
});

describe('AGENT_MODE_USER_IDS in JWT mode: only listed, verified Teams users are agents', () => {
  let bf: LocalBotFramework;
  let started: Awaited<ReturnType<typeof startTestApp>>;
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  beforeAll(async () => {
    bf = await startLocalBotFramework();
    connector = await startFakeConnector();
    started = await startTestApp({ ...bf.env, HANDOFF_TENANT_ID: TENANT, AGENT_MODE_USER_IDS: 'aad-listed' }, { botFramework: bf.endpoints });
  }, 60_000);
  afterAll(async () => {
    await started.app.close();
    await connector.close();
    await bf.close();
  });

  test.each([
    ['aad-listed', true],
    ['aad-other', false],
  ])(
    'Teams user %s: agent mode %s',
    async (aadObjectId, agentMode) => {
      const response = await fetch(`${started.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await bf.channelToken(connector.url)}` },
        body: JSON.stringify({
          type: 'message',
          text: '우체국 인터넷뱅킹 공동인증서 재발급',
          channelId: 'msteams',
          serviceUrl: connector.url,
          deliveryMode: 'expectReplies',
          from: { id: `29:${aadObjectId}`, aadObjectId },
          recipient: { id: 'bot' },
          conversation: { id: `a:${aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
          locale: 'ko-KR',
        }),
      });
      expect(response.status).toBe(200);
      expect(AGENT_MODE.test(cardText(await response.json()))).toBe(agentMode);
    },
    60_000,
  );
});
