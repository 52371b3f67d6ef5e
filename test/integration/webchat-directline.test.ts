// The whole assistant through the official Direct Line client (what Web Chat runs), polling and WebSocket.
import type { Activity } from 'botbuilder';
import { ConnectionStatus, DirectLine } from 'botframework-directlinejs';
import { installBrowserGlobals, waitFor } from '../../directline/test-support.js';
import { startTestApp } from '../support/app.js';

let url: string;
let close: () => Promise<void>;
let restoreGlobals: () => void;

beforeAll(async () => {
  restoreGlobals = installBrowserGlobals();
  const started = await startTestApp();
  url = started.url;
  close = () => started.app.close();
});
afterAll(async () => {
  await close();
  restoreGlobals();
});

async function connect(webSocket: boolean) {
  // The page's way in: a same-origin token bound to one new conversation.
  const response = await fetch(`${url}/api/webchat/token`, { method: 'POST' });
  const { token, conversationId } = (await response.json()) as { token: string; conversationId: string };
  const directLine = new DirectLine({ token, domain: `${url}/v3/directline`, webSocket, pollingInterval: 200 } as never);
  const received: Activity[] = [];
  const subscription = directLine.activity$.subscribe((activity) => received.push(activity as Activity));
  await waitFor(() => directLine.connectionStatus$.getValue() === ConnectionStatus.Online || undefined);
  return {
    token,
    conversationId,
    received,
    post: (activity: object) => new Promise<string>((resolve, reject) => directLine.postActivity(activity as never).subscribe(resolve, reject)),
    end: () => {
      subscription.unsubscribe();
      directLine.end();
    },
  };
}

const cardTitle = (activity: Activity) => (activity.attachments?.[0]?.content as { body?: { text: string }[] } | undefined)?.body?.[0]?.text;

describe.each([
  ['polling', false],
  ['WebSocket', true],
])('Web Chat path over %s', (_name, webSocket) => {
  test('안녕하세요 → welcome card; menu button → topic card', async () => {
    const client = await connect(webSocket);
    try {
      await client.post({ type: 'message', from: { id: 'dl_user' }, text: '안녕하세요', locale: 'ko-KR' });
      const welcome = await waitFor(() => client.received.find((a) => a.from.role === 'bot' && cardTitle(a) === '인증서 도우미'));
      expect(welcome.conversation.id).toBe(client.conversationId);
      await client.post({ type: 'message', from: { id: 'dl_user' }, value: { action: 'menu', topic: 'register' }, locale: 'ko-KR' });
      await waitFor(() => client.received.find((a) => cardTitle(a) === '다른 기관 인증서 등록·해제'));
    } finally {
      client.end();
    }
  });
});

test("one conversation's token cannot read another conversation (403)", async () => {
  const a = await connect(false);
  const b = await connect(false);
  try {
    const response = await fetch(`${url}/v3/directline/conversations/${b.conversationId}/activities`, {
      headers: { Authorization: `Bearer ${a.token}` },
    });
    expect(response.status).toBe(403);
  } finally {
    a.end();
    b.end();
  }
});
