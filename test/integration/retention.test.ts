// Issue 10, item 14: after TRANSCRIPT_RETENTION_DAYS every trace of a conversation is gone — the
// Direct Line log, bot conversation and user state, the transcript, the indexes — and many
// conversations at once lose nothing on the way (no shared index document, no write failure).
import { Writable } from 'node:stream';
import { RecordingStorage } from '../support/recording-storage.js';
import { startTestApp } from '../support/app.js';
import { waitFor } from '../../directline/test-support.js';
import type { App } from '../../server/index.js';

const DAY = 86_400_000;
let clock = Date.parse('2026-03-02T09:00:00Z');
const storage = new RecordingStorage();
const logLines: string[] = [];
let app: App;
let url: string;

beforeAll(async () => {
  const log = new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) });
  const started = await startTestApp({ TRANSCRIPT_RETENTION_DAYS: '30' }, { storage, log, now: () => new Date(clock) });
  app = started.app;
  url = started.url;
}, 60_000);
afterAll(() => app.close());

async function conversation() {
  const { token, conversationId } = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const base = `${url}/v3/directline/conversations/${conversationId}`;
  expect((await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: auth })).status).toBe(201);
  const post = (activity: object) => fetch(`${base}/activities`, { method: 'POST', headers: auth, body: JSON.stringify(activity) });
  const say = async (text: string) => {
    const response = await post({ type: 'message', from: { id: 'u' }, locale: 'ko-KR', text });
    expect(response.status).toBe(200);
  };
  const activities = async () =>
    ((await (await fetch(`${base}/activities`, { headers: auth })).json()) as { activities: { from: { id: string; role?: string } }[] }).activities;
  return { conversationId, post, say, activities };
}

test('many concurrent conversations, then a purge after the retention period erases every trace of them', async () => {
  const chats = await Promise.all(Array.from({ length: 20 }, () => conversation()));
  await Promise.all(
    chats.map(async (chat) => {
      await chat.say('인증서 갱신하려고요');
      await chat.say('처음으로');
    }),
  );
  await waitFor(
    async () => (await Promise.all(chats.map((c) => c.activities()))).every((a) => a.filter((x) => x.from.role === 'bot').length >= 2) || undefined,
    20_000,
  );
  const userIds = new Map<string, string>();
  for (const chat of chats) userIds.set(chat.conversationId, (await chat.activities()).find((a) => a.from.role === 'user')!.from.id);
  // One idle conversation was ended by its client: its tokens' revocation is a trace too.
  const ended = chats[1];
  expect((await ended.post({ type: 'endOfConversation', from: { id: 'u' } })).status).toBe(200);
  await app.transcripts!.flush();

  // One conversation goes on 20 days later: it is kept, the others are not.
  clock += 20 * DAY;
  const [kept, ...idle] = chats;
  await kept.say('아직 있어요');
  await app.transcripts!.flush();

  const before = (await storage.keysNow()).join('\n');
  for (const chat of chats) expect(before).toContain(chat.conversationId);

  clock += 15 * DAY; // 35 days after the idle ones were last active, 15 after the kept one
  expect(await app.retention.purgeExpired()).toBe(idle.length * 2); // each conversation and its user
  await app.transcripts!.purgeExpired();

  const left = await storage.keysNow();
  for (const chat of idle) {
    const traces = left.filter(
      (key) => key.includes(chat.conversationId) || key.includes(userIds.get(chat.conversationId)!) || decodeURIComponent(key).includes(chat.conversationId),
    );
    expect(traces).toEqual([]);
  }
  expect(left.some((key) => key.startsWith(`dl/${kept.conversationId}/`))).toBe(true);
  expect(left.some((key) => key.startsWith(`directline/conversations/${kept.conversationId}/`))).toBe(true);
  expect((await app.transcripts!.list()).map((m) => m.conversationId)).toEqual([kept.conversationId]);

  // And later the kept one goes too: nothing of any conversation remains.
  clock += 31 * DAY;
  await app.retention.purgeExpired();
  await app.transcripts!.purgeExpired();
  const finally_ = await storage.keysNow();
  expect(finally_.filter((key) => /^(dl|directline|transcripts|retention)\//.test(key))).toEqual([]);
  expect(logLines.join('\n')).not.toMatch(/write failed|record failed|purge failed|eTag/);
}, 90_000);
