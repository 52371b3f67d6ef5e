import { startTestApp } from '../support/app.js';

const activity = (overrides: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'a1',
  text: '안녕하세요',
  channelId: 'emulator',
  serviceUrl: 'http://127.0.0.1:9/unused',
  deliveryMode: 'expectReplies',
  from: { id: 'user-1', name: 'User', role: 'user' },
  recipient: { id: 'bot', name: 'Bot', role: 'bot' },
  conversation: { id: 'conv-1' },
  locale: 'ko-KR',
  ...overrides,
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /api/messages in local mode (no app id)', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const started = await startTestApp();
    url = started.url;
    close = () => started.app.close();
  });
  afterAll(() => close());

  test('expectReplies returns the welcome card in the HTTP response body', async () => {
    const response = await post(url, activity());
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: { type: string; attachments?: { contentType: string; content: { body: { text: string }[] } }[] }[] };
    expect(body.activities).toHaveLength(1);
    const card = body.activities[0].attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.content.body[0].text).toBe('인증서 도우미');
  });

  test('a menu button round trip answers with the topic, in English for an English client', async () => {
    const response = await post(url, activity({ text: undefined, value: { action: 'menu', topic: 'trouble' }, locale: 'en-US' }));
    const body = (await response.json()) as { activities: { attachments: { content: { body: { text: string }[] } }[] }[] };
    expect(body.activities[0].attachments[0].content.body[0].text).toBe('Troubleshooting');
  });

  test.each([
    ['malformed JSON', '{"type": "message",', 400],
    ['an array', '[]', 400],
    ['no type', JSON.stringify(activity({ type: undefined })), 400],
    ['a non-string text', JSON.stringify(activity({ text: 42 })), 400],
    ['no conversation', JSON.stringify(activity({ conversation: undefined })), 400],
    ['a bad serviceUrl', JSON.stringify(activity({ serviceUrl: 'javascript:alert(1)' })), 400],
  ])('%s is refused with a 400 JSON error, and the server keeps serving', async (_name, body, status) => {
    const response = await post(url, body);
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text).not.toMatch(/\n\s+at /); // no stack trace
    expect((await post(url, activity())).status).toBe(200);
  });
});

describe('POST /api/messages with an app id configured', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const started = await startTestApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-password' });
    url = started.url;
    close = () => started.app.close();
  });
  afterAll(() => close());

  test('a request without a Bot Framework JWT gets 401 and no reply', async () => {
    const response = await post(url, activity());
    expect(response.status).toBe(401);
    expect(await response.text()).not.toMatch(/인증서 도우미/);
  });
});
