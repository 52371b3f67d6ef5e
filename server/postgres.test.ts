// STORAGE=postgres end to end, in-process: two apps on ONE schema serve one set of customers.
import type { Activity } from 'botbuilder';
import pg from 'pg';
import { WebSocket } from 'ws';
import { api, waitFor } from '../directline/test-support.js';
import { describePostgres, TEST_DATABASE_URL } from '../storage/postgres/test-support.js';
import { twoInstances, type Instance } from '../test/support/postgres-env.js';

interface Frame {
  activities: Activity[];
  watermark?: string;
}

/** A WebSocket stream on `base`, collecting every activity frame. */
function openStream(base: string, conversationId: string, token: string, watermark?: string) {
  const frames: Frame[] = [];
  const url = `${base.replace(/^http/, 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}${watermark ? `&watermark=${watermark}` : ''}`;
  const socket = new WebSocket(url);
  let closeCode: number | undefined;
  socket.on('message', (data) => {
    const text = data.toString();
    if (text) frames.push(JSON.parse(text) as Frame);
  });
  socket.on('close', (code) => (closeCode = code));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    opened,
    activities: () => frames.flatMap((frame) => frame.activities),
    lastWatermark: () => frames.filter((frame) => frame.watermark).at(-1)?.watermark,
    closeCode: () => closeCode,
    close: () => socket.close(),
  };
}

describePostgres('two instances, one database (STORAGE=postgres)', () => {
  const two = twoInstances();
  const schema = two.schema;
  let a: Instance;
  let b: Instance;
  beforeAll(() => {
    a = two.a();
    b = two.b();
  });

  async function conversationOnA() {
    const { token } = (await api<{ token: string }>(`${a.url}/api/webchat/token`, { method: 'POST' })).body;
    const started = await api<{ conversationId: string; token: string }>(`${a.url}/v3/directline/conversations`, { method: 'POST', credential: token });
    expect(started.status).toBe(201);
    return started.body;
  }

  test('token from A, stream on B, post via A: the reply arrives on B once, in order', async () => {
    const { conversationId, token } = await conversationOnA();
    const stream = openStream(b.url, conversationId, token);
    await stream.opened;
    const posted = await api<{ id: string }>(`${a.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      credential: token,
      json: { type: 'message', from: { id: 'dl_user' }, text: '안녕하세요', locale: 'ko-KR' },
    });
    expect(posted.status).toBe(200);
    const reply = await waitFor(() => stream.activities().find((activity) => activity.from.role === 'bot' && activity.replyToId === posted.body.id), 10_000);
    expect(reply.conversation.id).toBe(conversationId);
    // Give any duplicate time to arrive, then check: every activity once, watermarks rising.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = stream.activities().map((activity) => activity.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(posted.body.id);
    stream.close();
  }, 30_000);

  test('a reconnect to the other instance with its watermark resumes exactly', async () => {
    const { conversationId, token } = await conversationOnA();
    const first = openStream(a.url, conversationId, token);
    await first.opened;
    const say = (text: string) =>
      api<{ id: string }>(`${b.url}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        credential: token,
        json: { type: 'message', from: { id: 'dl_user' }, text, locale: 'ko-KR' },
      });
    const one = await say('안녕하세요');
    await waitFor(() => first.activities().find((activity) => activity.replyToId === one.body.id));
    const watermark = first.lastWatermark();
    const seenBefore = first.activities().map((activity) => activity.id);
    first.close();
    const two = await say('인증서 갱신');
    const second = openStream(b.url, conversationId, token, watermark);
    await second.opened;
    await waitFor(() => second.activities().find((activity) => activity.replyToId === two.body.id), 10_000);
    const resumed = second.activities().map((activity) => activity.id);
    expect(resumed[0]).toBe(two.body.id);
    expect(resumed.filter((id) => seenBefore.includes(id))).toEqual([]);
    second.close();
  }, 30_000);

  test('a typing activity sent via A reaches the stream held by B (LISTEN/NOTIFY, never stored)', async () => {
    const { conversationId, token } = await conversationOnA();
    const stream = openStream(b.url, conversationId, token);
    await stream.opened;
    await a.app.directLine.postFromBot(conversationId, { type: 'typing' });
    const typing = await waitFor(() => stream.activities().find((activity) => activity.type === 'typing'), 10_000);
    expect(typing.from.role).toBe('bot');
    const stored = await api<{ activities: Activity[] }>(`${b.url}/v3/directline/conversations/${conversationId}/activities`, { credential: token });
    expect(stored.body.activities.filter((activity) => activity.type === 'typing')).toEqual([]);
    stream.close();
  }, 30_000);

  test('an endOfConversation sent via A reaches the stream on B, which then closes; the token is refused on B', async () => {
    const { conversationId, token } = await conversationOnA();
    const stream = openStream(b.url, conversationId, token);
    await stream.opened;
    await a.app.directLine.postFromBot(conversationId, { type: 'endOfConversation' });
    await waitFor(() => stream.closeCode(), 10_000);
    expect(stream.closeCode()).toBe(1000);
    expect(stream.activities().map((activity) => activity.type)).toContain('endOfConversation');
    // B may have kept its "not revoked" answer for up to 2 s (server/index.ts REVOCATION_CACHE_MS).
    const refused = await waitFor(async () => {
      const posted = await api(`${b.url}/v3/directline/conversations/${conversationId}/activities`, { credential: token });
      return posted.status === 200 ? undefined : posted.status;
    }, 10_000);
    expect(refused).toBe(403);
  }, 30_000);

  test('/healthz and /readyz answer on both; bot state written via A is read via B', async () => {
    for (const { url } of [a, b]) {
      expect((await api(`${url}/healthz`)).status).toBe(200);
      const ready = await api<{ ok: boolean }>(`${url}/readyz`);
      expect(ready).toEqual({ status: 200, body: { ok: true } });
    }
    await a.app.storage.write({ 'probe/shared': { value: 42 } });
    expect((await b.app.storage.read(['probe/shared']))['probe/shared']).toMatchObject({ value: 42 });
  });

  test('round trips per turn: at most 3 for a message turn, 8 for a Direct Line turn (counted, not timed)', async () => {
    // An uncounted connection watches the transcript rows: the turn is over when its reply is stored.
    const watcher = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await watcher.connect();
    const storedActivities = async (conversationId: string) =>
      Number((await watcher.query<{ n: string }>('SELECT count(*) AS n FROM transcript_activities WHERE conversation_id = $1', [conversationId])).rows[0].n);
    const counted = async (work: () => Promise<unknown>) => {
      const before = a.app.database!.queries.count;
      await work();
      await a.app.transcripts!.flush();
      return a.app.database!.queries.count - before;
    };
    try {
      // POST /api/messages (expectReplies): state read, state write, transcript append.
      const message = (text: string) =>
        api(`${a.url}/api/messages`, {
          method: 'POST',
          json: {
            type: 'message',
            text,
            channelId: 'emulator',
            serviceUrl: 'http://127.0.0.1:9/unused',
            deliveryMode: 'expectReplies',
            from: { id: 'user-rt', role: 'user' },
            recipient: { id: 'bot', role: 'bot' },
            conversation: { id: 'conv-rt' },
            locale: 'ko-KR',
          },
        });
      // The counter sees the whole process, so a shared timer's claim (ticket expiry, uploads purge, …)
      // can land inside one turn: the fewest over three turns is the turn's own cost, and a statement
      // added to every turn still raises all three.
      await message('안녕하세요');
      const messageTurns: number[] = [];
      for (const text of ['인증서 파일 확인', '처음으로', '인증서 파일 확인']) {
        messageTurns.push(await counted(async () => expect((await message(text)).status).toBe(200)));
      }
      expect(Math.min(...messageTurns)).toBeLessThanOrEqual(3);

      // Direct Line: two rate limits, the customer's append, state read and write, the reply's append,
      // the transcript; 8 when the 2-second revocation answer has expired on a slow machine.
      const { conversationId, token } = await conversationOnA();
      const say = async (text: string) => {
        const stored = await storedActivities(conversationId);
        const posted = await api<{ id: string }>(`${a.url}/v3/directline/conversations/${conversationId}/activities`, {
          method: 'POST',
          credential: token,
          json: { type: 'message', from: { id: 'dl_user' }, text, locale: 'ko-KR' },
        });
        expect(posted.status).toBe(200);
        await waitFor(async () => (await storedActivities(conversationId)) >= stored + 2, 10_000);
      };
      await say('안녕하세요');
      const directLineTurns: number[] = [];
      for (const text of ['인증서 갱신', '처음으로', '인증서 갱신']) directLineTurns.push(await counted(() => say(text)));
      if (process.env.REPORT_ROUND_TRIPS) console.log(`statements per message turn: ${messageTurns}; per Direct Line turn: ${directLineTurns}`);
      expect(Math.min(...directLineTurns)).toBeLessThanOrEqual(8);
    } finally {
      await watcher.end();
    }
  }, 60_000);

  test('SIGTERM drain of B: its streams close with 1012, A keeps serving', async () => {
    const { conversationId, token } = await conversationOnA();
    const stream = openStream(b.url, conversationId, token);
    await stream.opened;
    const drained = await b.app.drain({ timeoutMs: 5_000, noticeMs: 0 });
    expect(drained).toEqual({ unfinished: 0 });
    await waitFor(() => stream.closeCode());
    expect(stream.closeCode()).toBe(1012);
    expect((await a.app.database!.ready(() => false)).status).toBe(200);
    // The client reconnects to A with its watermark (what a load balancer does after the 1012).
    const again = openStream(a.url, conversationId, token, stream.lastWatermark());
    await again.opened;
    again.close();
  }, 30_000);
});
