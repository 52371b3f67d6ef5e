// The official client, botframework-directlinejs (what Web Chat uses), against this channel on a
// real restify server. The client library runs unchanged; the test only gives Node the browser
// globals it needs (see installBrowserGlobals).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { DirectLine, ConnectionStatus } from 'botframework-directlinejs';
import type { DirectLineChannel } from './channel.js';
import { installBrowserGlobals, startChannel, waitFor, type RunningChannel } from './test-support.js';

/** A tiny bot: welcomes on join, echoes messages, acknowledges uploaded files after reading them in-process. */
async function echoBot(activity: Activity, channel: DirectLineChannel): Promise<void> {
  const conversationId = activity.conversation.id;
  if (activity.type === 'conversationUpdate') {
    await channel.postFromBot(conversationId, { type: 'message', text: 'welcome' });
  } else if (activity.type === 'message' && activity.attachments?.length) {
    const files = await Promise.all(activity.attachments.map((a) => channel.readAttachment(a.contentUrl ?? '', conversationId)));
    const summary = files.map((f) => (f ? `${f.name}:${f.bytes.byteLength}` : 'unreadable')).join(',');
    await channel.postFromBot(conversationId, { type: 'message', text: `got ${summary}`, replyToId: activity.id });
  } else if (activity.type === 'message') {
    await channel.postFromBot(conversationId, { type: 'message', text: `echo: ${activity.text}`, replyToId: activity.id });
  }
}

function post(directLine: DirectLine, activity: object): Promise<string> {
  return new Promise((resolve, reject) => directLine.postActivity(activity as any).subscribe(resolve, reject));
}

describe('botframework-directlinejs against the embedded channel', () => {
  let running: RunningChannel;
  let restoreGlobals: () => void;
  const requests: string[] = [];
  const fixture = Buffer.from('0123456789'.repeat(50)); // 500 bytes

  beforeAll(async () => {
    restoreGlobals = installBrowserGlobals();
    running = await startChannel({ onDeliver: echoBot, maxUploadBytes: 1024 });
    running.server.on('after', (req: any) => requests.push(`${req.method} ${req.getPath()}`));
    // Stands in for the browser's blob: URL of a picked file, which directlinejs downloads before uploading.
    running.server.get('/fixtures/:size', (req: any, res: any, next: any) => {
      const bytes = req.params.size === 'big' ? Buffer.alloc(4096, 7) : fixture;
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.length) });
      res.end(bytes);
      next();
    });
  });

  afterAll(async () => {
    await running.close();
    restoreGlobals();
  });

  async function connect(webSocket: boolean, userId: string) {
    const { token } = await running.channel.generateToken({ userId });
    const directLine = new DirectLine({ token, domain: running.base, webSocket, pollingInterval: 200 } as any);
    const received: Activity[] = [];
    const subscription = directLine.activity$.subscribe((activity: any) => received.push(activity));
    await waitFor(() => directLine.connectionStatus$.getValue() === ConnectionStatus.Online || undefined);
    return {
      directLine,
      received,
      end() {
        subscription.unsubscribe();
        directLine.end();
      },
    };
  }

  test('polling: start, welcome, post a message, receive its echo and the reply', async () => {
    const client = await connect(false, 'dl_polling-user');
    try {
      await waitFor(() => client.received.find((a) => a.text === 'welcome'));
      const id = await post(client.directLine, { type: 'message', from: { id: 'dl_polling-user' }, text: '안녕하세요' });
      const reply = await waitFor(() => client.received.find((a) => a.text === 'echo: 안녕하세요'));
      const own = client.received.find((a) => a.id === id);
      expect(own).toMatchObject({ text: '안녕하세요', from: { id: 'dl_polling-user', role: 'user' } });
      expect(reply).toMatchObject({ from: { id: 'bot', role: 'bot' }, replyToId: id });
      // Polled at the conversation's own activities URL (the shape the WebSocket test counts).
      const conversationId = (client.directLine as unknown as { conversationId: string }).conversationId;
      expect(requests).toContain(`GET /v3/directline/conversations/${conversationId}/activities`);
    } finally {
      client.end();
    }
  });

  test('WebSocket: the same round trip arrives on the stream, without polling', async () => {
    const client = await connect(true, 'dl_socket-user');
    // Only this conversation's polls count: the polling test's client may still have a GET in flight.
    const conversationId = (client.directLine as unknown as { conversationId: string }).conversationId;
    const polls = () => requests.filter((r) => r.startsWith('GET') && r.endsWith(`/conversations/${conversationId}/activities`)).length;
    const pollsBefore = polls();
    try {
      await waitFor(() => client.received.find((a) => a.text === 'welcome'));
      const id = await post(client.directLine, { type: 'message', from: { id: 'dl_socket-user' }, text: 'hello' });
      await waitFor(() => client.received.find((a) => a.text === 'echo: hello'));
      expect(client.received.map((a) => a.text)).toEqual(['welcome', 'hello', 'echo: hello']);
      expect(client.received[1]!.id).toBe(id);
      expect(conversationId).toMatch(/\S/);
      expect(polls()).toBe(pollsBefore);
    } finally {
      client.end();
    }
  });

  test('upload: postActivity with a file goes through /upload and the bot reads the bytes', async () => {
    const client = await connect(true, 'dl_upload-user');
    try {
      await waitFor(() => client.received.find((a) => a.text === 'welcome'));
      await post(client.directLine, {
        type: 'message',
        from: { id: 'dl_upload-user' },
        attachments: [{ contentType: 'application/x-pkcs12', contentUrl: `${new URL(running.base).origin}/fixtures/small`, name: 'cert.p12' }],
      });
      await waitFor(() => client.received.find((a) => a.text === 'got cert.p12:500'));
      expect(requests.some((r) => r.startsWith('POST') && r.endsWith('/upload'))).toBe(true);
      const echoed = client.received.find((a) => a.attachments?.length);
      expect(echoed?.attachments?.[0]).toMatchObject({ contentType: 'application/x-pkcs12', name: 'cert.p12' });
      const download = await fetch(echoed!.attachments![0]!.contentUrl!);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(fixture);
    } finally {
      client.end();
    }
  });

  test('upload over the cap: the client gets an error and the user sees why (ko + en)', async () => {
    const client = await connect(true, 'dl_big-upload-user');
    try {
      await waitFor(() => client.received.find((a) => a.text === 'welcome'));
      const outcome = await post(client.directLine, {
        type: 'message',
        from: { id: 'dl_big-upload-user' },
        attachments: [{ contentType: 'application/octet-stream', contentUrl: `${new URL(running.base).origin}/fixtures/big`, name: 'big.bin' }],
      }).then(
        () => 'posted',
        (error: any) => error.status,
      );
      expect(outcome).toBe(413);
      const notice = await waitFor(() => client.received.find((a) => a.from?.role === 'bot' && a.text?.includes('big.bin')));
      expect(notice.text).toContain('파일이 너무 커요 (최대 1 KB)');
      expect(notice.text).toContain('too large (max 1 KB)');
      expect(client.received.some((a) => a.attachments?.length)).toBe(false);
    } finally {
      client.end();
    }
  });
});
