// A waiting customer who closes the chat leaves the queue; one who reconnects in time keeps the place.
// Through the real server and its embedded Direct Line channel: WebSocket streams as Web Chat opens
// them, the real presence timers with a short grace period (3 s), and bounded polls, no fixed sleeps.
import { WebSocket } from 'ws';
import { waitFor } from '../../directline/test-support.js';
import { startTestApp } from '../support/app.js';
import type { App } from '../../server/index.js';

const GRACE_SECONDS = 3;
let app: App;
let url: string;

beforeAll(async () => {
  ({ app, url } = await startTestApp({ HANDOFF_HOURS: 'always', HANDOFF_TENANT_ID: 'tenant-1', HANDOFF_CUSTOMER_LEFT_SECONDS: String(GRACE_SECONDS) }));
}, 60_000);
afterAll(async () => {
  await app.close();
});

interface Seen {
  from: { role?: string };
  text?: string;
  attachments?: unknown[];
}

/** A customer as Web Chat is one: a token, the conversation started, its WebSocket stream open. */
async function customer() {
  const { token, conversationId } = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const auth = { Authorization: `Bearer ${token}` };
  const started = (await (await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: auth })).json()) as { streamUrl: string };
  const seen: Seen[] = [];
  let watermark = 0;
  let socket: WebSocket;
  const connect = async (streamUrl: string) => {
    socket = new WebSocket(streamUrl);
    socket.on('message', (data) => {
      const text = String(data);
      if (!text) return; // keep-alive
      const set = JSON.parse(text) as { activities: Seen[]; watermark?: string };
      seen.push(...set.activities);
      if (set.watermark) watermark = Number(set.watermark);
    });
    await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
  };
  await connect(started.streamUrl);
  const ticket = () => app.tickets.findOpenByConversation(conversationId);
  return {
    conversationId,
    ticket,
    async say(text: string) {
      await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'u' }, locale: 'ko-KR', text }),
      });
    },
    /** The bot's first activity on the stream matching `pattern`. */
    hears(pattern: RegExp) {
      return waitFor(() => seen.find((a) => a.from.role === 'bot' && pattern.test(`${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`)), 15_000);
    },
    /** The tab is closed: the stream ends and nothing reconnects. Resolves once the socket is closed. */
    async leave() {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close(1000);
      await closed;
    },
    /** A page navigation: the launcher asks for the conversation again with its watermark and reopens the stream. */
    async reconnect() {
      const again = (await (await fetch(`${url}/v3/directline/conversations/${conversationId}?watermark=${watermark}`, { headers: auth })).json()) as {
        streamUrl: string;
      };
      await connect(again.streamUrl);
    },
    /** What the conversation's log holds (read with the conversation's own token, as a returning page would). */
    async log(): Promise<Seen[]> {
      const page = (await (await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, { headers: auth })).json()) as { activities: Seen[] };
      return page.activities;
    },
  };
}

test('a waiting customer who closes the chat is dropped as customer_left after the grace period; the next one moves up to 1번째', async () => {
  const leaving = await customer();
  await leaving.say('상담원 연결해 주세요');
  await leaving.hears(/대기 순서 1번째/);
  const staying = await customer();
  await staying.say('상담원 연결해 주세요');
  await staying.hears(/대기 순서 2번째/);
  const dropped = (await leaving.ticket())!;
  expect(dropped.status).toBe('waiting');

  await leaving.leave();
  const closed = await waitFor(async () => {
    const current = await app.tickets.get(dropped.id);
    return current?.status === 'closed' ? current : undefined;
  }, 20_000);
  expect(closed.closeReason).toBe('customer_left');
  // Not before the grace period: counted from the customer's last sign of life.
  expect(Date.parse(closed.closedAt!) - Date.parse(closed.customerSeenAt ?? closed.createdAt)).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000);
  // Agents' lists no longer show it waiting; the customer whose stream stayed open (longer than the grace period) is still there.
  expect((await app.tickets.list(['waiting'])).map((t) => t.conversationId)).toEqual([staying.conversationId]);
  await staying.say('아직 기다려야 하나요?');
  await staying.hears(/지금 대기 순서는 1번째/);
  // A customer coming back to the conversation reads why the place was given up.
  expect((await leaving.log()).some((a) => a.from.role === 'bot' && /채팅 창이 3초 넘게 닫혀 있어서 상담 대기를 취소했어요/.test(a.text ?? ''))).toBe(true);
  const third = await customer();
  await third.say('상담원 연결해 주세요');
  await third.hears(/대기 순서 2번째/); // behind the one who stayed, not behind the one who left
  await Promise.all([staying.leave(), third.leave()]);
}, 90_000);

test('a customer who reconnects within the grace period (a page navigation) keeps the place past it', async () => {
  const navigating = await customer();
  await navigating.say('상담원 연결해 주세요');
  await navigating.hears(/대기 순서 \d+번째/);
  const ticket = (await navigating.ticket())!;
  await navigating.leave();
  const leftAt = Date.now();
  await navigating.reconnect();
  expect(Date.now() - leftAt).toBeLessThan(GRACE_SECONDS * 1000); // the test's own premise
  // Stamped again after the grace period since the stream closed has run out: the ticket is still waiting.
  const later = await waitFor(async () => {
    const current = await app.tickets.get(ticket.id);
    return current && (current.status !== 'waiting' || Date.parse(current.customerSeenAt ?? current.createdAt) > leftAt + GRACE_SECONDS * 1000)
      ? current
      : undefined;
  }, 20_000);
  expect(later).toMatchObject({ status: 'waiting' });
  expect(later.closeReason).toBeUndefined();
  await navigating.say('취소');
  await navigating.hears(/상담 요청을 취소했어요/);
  await navigating.leave();
}, 90_000);
