import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Writable } from 'node:stream';
import type { App } from '../../server/index.js';
import { startTestApp } from '../support/app.js';
import { LAST_CHUNK, chunk, head, rawExchange, type Step } from '../adversarial/raw-client.js';

// Items 9 and 10 of the hardening issue: body caps apply before the body is read, and nesting is
// refused before any work, on every JSON route (Direct Line, /api/messages, the agent API).

let app: App;
let url: string;
const logLines: string[] = [];

beforeAll(async () => {
  const log = new Writable({
    write(chunkOfLog, _encoding, done) {
      logLines.push(...String(chunkOfLog).split('\n').filter(Boolean));
      done();
    },
  });
  ({ app, url } = await startTestApp({}, { log }));
});
afterAll(() => app.close());

const JSON_ROUTES = ['/api/messages', '/api/agent/session', '/api/agent/tickets/T-1/close'];

describe('item 9: a body over the cap is refused before it is read', () => {
  test.each(JSON_ROUTES)('%s: a declared 100 MB body gets 413 before a byte of it is sent', async (route) => {
    const outcome = await rawExchange(url, [head('POST', route, { 'Content-Type': 'application/json', 'Content-Length': 100 * 1024 * 1024 })], {
      settleMs: 2_000,
    });
    expect(outcome.status).toBe(413);
    expect(outcome.text).toMatch(/"error":\{"code":"\w+","message":"[^"]+"/);
  });

  test.each(JSON_ROUTES)('%s: a chunked body stops being read at the cap (413 long before the sender is done)', async (route) => {
    const total = 32 * 1024 * 1024;
    const piece = chunk(Buffer.alloc(64 * 1024, 'a'));
    const steps: Step[] = [head('POST', route, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }), chunk('{"type":"message","text":"')];
    for (let sent = 0; sent < total; sent += 64 * 1024) steps.push(piece);
    steps.push(chunk('"}'), LAST_CHUNK);
    const outcome = await rawExchange(url, steps, { stopOnAnswer: true });
    expect(outcome.status).toBe(413);
    // Old behaviour: the whole body was read (and, for /api/messages, buffered) before the 413.
    expect(outcome.sentBeforeAnswer).toBeLessThan(total / 2);
  });
});

describe('item 10: deep nesting is refused with 400 before any work', () => {
  /** An Emulator activity whose channelData is the given JSON text (deep input is built as text). */
  const activity = (channelData: string, fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: 'message',
      id: 'deep',
      text: 'hi',
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: 'deep-1' },
      from: { id: 'u' },
      recipient: { id: 'bot' },
      ...fields,
      channelData: '<channelData>',
    }).replace('"<channelData>"', channelData);

  test('/api/messages: 100,000-deep JSON → 400, no RangeError anywhere', async () => {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: activity('['.repeat(100_000) + ']'.repeat(100_000)),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'BadArgument', message: expect.stringMatching(/nests deeper/) } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(logLines.filter((line) => /RangeError|Maximum call stack/.test(line))).toEqual([]);
  });

  test('Direct Line: a 10,000-deep activity → 400 BadArgument, not 500; nothing is stored', async () => {
    const { token } = await app.directLine.generateToken();
    const started = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    const { conversationId } = (await started.json()) as { conversationId: string };
    const deep = `{"type":"message","from":{"id":"u"},"text":"hi","value":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const posted = await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: deep,
    });
    expect(posted.status).toBe(400);
    expect(((await posted.json()) as { error: { code: string } }).error.code).toBe('BadArgument');
    const read = await fetch(`${url}/v3/directline/conversations/${conversationId}/activities`, { headers: { Authorization: `Bearer ${token}` } });
    const { activities } = (await read.json()) as { activities: { from: { role: string } }[] };
    expect(activities.filter((a) => a.from.role === 'user')).toEqual([]);
  });

  test('nesting inside strings does not count; 64 levels are fine', async () => {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: activity(`{"note":"${'[{'.repeat(500)}","deep":${'['.repeat(60)}${']'.repeat(60)}}`, {
        id: 'deep-ok',
        text: '안녕하세요',
        deliveryMode: 'expectReplies',
      }),
    });
    expect(response.status).toBe(200);
  });
});
