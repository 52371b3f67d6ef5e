// Longer than most on purpose: the API is tested as its users and its attackers meet it — every route
// through the guard, every refusal, labels on each storage engine, and the exported file end to end
// (schema, merged into content/nlu, scored by eval:nlu); one harness serves them all.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Storage } from 'botbuilder';
import restify from 'restify';
import { TokenService } from '../../directline/tokens.js';
import { agentGuardBy, sendError } from '../../handoff/agent-api-http.js';
import { hashPassword, parseAgentAccounts } from '../../handoff/agent-accounts.js';
import { AgentAuth } from '../../handoff/agent-auth.js';
import { DEFAULT_CONTENT_DIR, labelledSetSchema, loadNluContent } from '../../nlu/content.js';
import { runNluScript } from '../../nlu/testing.js';
import { ListableMemoryStorage } from '../../storage/listable.js';
import { LowdbStorage } from '../../storage/lowdb-storage.js';
import { PostgresStorage } from '../../storage/postgres/postgres-storage.js';
import { describePostgres, usePostgresSchema } from '../../storage/postgres/test-support.js';
import { PostgresTranscriptRows } from '../../storage/postgres/transcripts.js';
import { PostgresTranscriptStore, StorageTranscriptStore } from '../transcripts/index.js';
import { mountMisunderstoodApi, type QaGuard } from './misunderstood-api.js';
import type { MisunderstoodGroup } from './misunderstood-groups.js';
import { messageId } from './misunderstood.js';
import { logConversation, said } from './misunderstood.fixtures.js';

// scrypt, and the export test's eval:nlu run (training the recogniser in a child process), take a
// while on a loaded 2-core machine.
jest.setTimeout(180_000);

const CHEAP = { N: 1024, r: 8, p: 1 };
const PERIOD = 'from=2026-11-20&to=2026-11-20';
const CARD = '9410-1234-5678-9012';

/** Until H4's qa/workbench/qa-guard.ts: a signed-in console user whose id is on the QA list. */
function testGuard(auth: AgentAuth, qa: Set<string>): QaGuard {
  const withAgent = agentGuardBy(auth, { info: () => undefined, warn: () => undefined, error: () => undefined });
  return (handler) =>
    withAgent(async (req, res, agent) => {
      if (!qa.has(agent.id)) return sendError(res, 403, 'NotQa', 'QA only. / QA 담당자만 쓸 수 있습니다.');
      await handler(req, res, agent);
    });
}

interface Harness {
  url: string;
  storage: Storage;
  transcripts: StorageTranscriptStore | PostgresTranscriptStore;
  qaToken: string;
  agentToken: string;
  close(): Promise<void>;
}

let auth: AgentAuth;
let qaToken: string;
let agentToken: string;
const harnesses: Harness[] = [];

beforeAll(async () => {
  const hash = await hashPassword('a-long-test-password', CHEAP);
  auth = new AgentAuth({ accounts: parseAgentAccounts(`qa1:${hash},agent1:${hash}`), sessionSecret: randomBytes(32) });
  const token = async (username: string) => {
    const outcome = await auth.login(username, 'a-long-test-password', '127.0.0.1');
    if (!outcome.ok) throw new Error(`sign-in failed: ${outcome.code}`);
    return outcome.token;
  };
  [qaToken, agentToken] = [await token('qa1'), await token('agent1')];
});

afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

/** Four conversations of 2026-11-20 (Seoul): 8 misunderstood messages, one with a masked card number. */
async function seed(transcripts: StorageTranscriptStore | PostgresTranscriptStore): Promise<void> {
  await logConversation(transcripts, 'conv-a', [
    said.unsure('인증서가 안 보여요', 'trouble_unrecognized'),
    said.button('인증서가 안 보여요', 'trouble_unrecognized'),
  ]);
  await logConversation(transcripts, 'conv-b', [
    said.unsure('인증서를 안보여요', 'trouble_unrecognized'),
    said.sure('다른 은행 인증서 등록', 'register_other'),
    said.correction(),
  ]);
  await logConversation(transcripts, 'conv-c', [
    said.miss('대출 이자 알려줘'),
    said.miss(`카드번호 ${CARD} 맞나요`),
    said.unsure('how do I move my cert'),
    said.home(),
  ]);
  await logConversation(transcripts, 'conv-d', [said.miss('인증서 안 보여요!!'), said.sure('인증서 발급', 'issue')]);
}

async function start(
  storage: Storage = new ListableMemoryStorage(),
  transcripts: StorageTranscriptStore | PostgresTranscriptStore = new StorageTranscriptStore(new ListableMemoryStorage()),
): Promise<Harness> {
  await seed(transcripts);
  const server = restify.createServer({ handleUncaughtExceptions: false });
  const errors: string[] = [];
  mountMisunderstoodApi(server, { guard: testGuard(auth, new Set(['local:qa1'])), transcripts, storage, logger: { error: (_d, m) => errors.push(m) } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const harness: Harness = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    storage,
    transcripts,
    qaToken,
    agentToken,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  harnesses.push(harness);
  return harness;
}

async function call(h: Harness, method: string, route: string, options: { token?: string | null; body?: unknown; type?: string } = {}) {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? h.qaToken : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = options.type ?? 'application/json';
  const response = await fetch(`${h.url}${route}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const groupsOf = async (h: Harness) => (await call(h, 'GET', `/api/qa/misunderstood?${PERIOD}`)).json.groups as MisunderstoodGroup[];
const idOf = async (h: Harness, text: string) => {
  for (const group of await groupsOf(h)) for (const item of group.items) if (item.text === text) return item.id;
  throw new Error(`no misunderstood message "${text}"`);
};
const label = (h: Harness, id: string, intent: unknown, token?: string) => call(h, 'PUT', `/api/qa/misunderstood/${id}/label`, { body: { intent }, token });

describe('GET /api/qa/misunderstood', () => {
  test('groups of the period, biggest first, with the final intents and redacted texts only', async () => {
    const h = await start();
    const response = await call(h, 'GET', `/api/qa/misunderstood?${PERIOD}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.json.total).toBe(7);
    const groups = response.json.groups as MisunderstoodGroup[];
    expect(groups[0].size).toBe(3);
    expect(groups[0].items.map((item) => item.text).sort()).toEqual(['인증서 안 보여요!!', '인증서가 안 보여요', '인증서를 안보여요']);
    expect(groups[0].finalIntents).toEqual([
      { intent: 'issue', count: 1 },
      { intent: 'register_other', count: 1 },
      { intent: 'trouble_unrecognized', count: 1 },
    ]);
    expect(response.text).not.toContain('5678-9012');
    expect(response.text).toContain('[redacted:card]');
    expect(response.json.labels).toContain('out_of_scope');
    // Another day: nothing.
    expect((await call(h, 'GET', '/api/qa/misunderstood?from=2026-11-21&to=2026-11-22')).json.total).toBe(0);
  });

  test('a bad period is a precise 400', async () => {
    const h = await start();
    for (const [query, words] of [
      ['', 'from: missing'],
      ['from=2026-11-20', 'to: missing'],
      ['from=20-11-2026&to=2026-11-20', 'from: not a date as YYYY-MM-DD'],
      ['from=2026-02-30&to=2026-11-20', 'from: no such day'],
      ['from=2026-11-21&to=2026-11-20', 'from: after to'],
      ['from=2020-01-01&to=2026-11-20', 'to: more than 92 days after from'],
    ]) {
      const response = await call(h, 'GET', `/api/qa/misunderstood?${query}`);
      expect([query, response.status, response.json.error.code]).toEqual([query, 400, 'BadPeriod']);
      expect(response.json.error.message).toContain(words);
    }
  });
});

describe('who may use it', () => {
  test('no token, garbage, a customer Direct Line token: 401; a signed-in agent without QA: 403 — on every route', async () => {
    const h = await start();
    const id = messageId('conv-a', 1);
    const directLine = (await new TokenService('a-direct-line-secret-of-the-bot', 1800, Date.now).issue('conv-a', 'dl_user')).token;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/qa/misunderstood?${PERIOD}`],
      ['GET', `/api/qa/misunderstood/export?${PERIOD}`],
      ['PUT', `/api/qa/misunderstood/${id}/label`, { intent: 'renew' }],
    ];
    for (const [method, route, body] of routes) {
      for (const [token, status] of [
        [null, 401],
        ['garbage', 401],
        ['a.b.c', 401],
        [directLine, 401],
        [h.agentToken, 403],
      ] as const) {
        const response = await call(h, method, route, { token, body });
        expect([method, route, String(token).slice(0, 8), response.status]).toEqual([method, route, String(token).slice(0, 8), status]);
        expect(response.text).not.toContain('보여요');
      }
    }
    // Nothing was labelled by any of them.
    expect((await groupsOf(h)).flatMap((g) => g.items).filter((item) => 'label' in item)).toEqual([]);
  });
});

describe('PUT /api/qa/misunderstood/:id/label', () => {
  test('labels one message; relabelling overwrites; the label shows in the list', async () => {
    const h = await start();
    const id = await idOf(h, '대출 이자 알려줘');
    expect((await label(h, id, 'agent')).status).toBe(200);
    const again = await label(h, id, 'out_of_scope');
    expect(again.status).toBe(200);
    expect(again.json.label).toMatchObject({ id, intent: 'out_of_scope' });
    const items = (await groupsOf(h)).flatMap((g) => g.items) as (MisunderstoodGroup['items'][number] & { label?: string })[];
    expect(items.filter((item) => item.label)).toEqual([expect.objectContaining({ id, label: 'out_of_scope' })]);
  });

  test('the same message labelled at once by several QA engineers: one document, holding one of the labels given', async () => {
    const h = await start();
    const id = await idOf(h, '인증서가 안 보여요');
    const intents = ['renew', 'issue', 'agent', 'out_of_scope', 'trouble_unrecognized', 'copy_cert'];
    const responses = await Promise.all(intents.map((intent) => label(h, id, intent)));
    expect(responses.map((r) => r.status)).toEqual(intents.map(() => 200));
    const keys = await (h.storage as ListableMemoryStorage).listKeys('qa/misunderstood/labels');
    expect(keys).toEqual([`qa/misunderstood/labels/${id}`]);
    const items = (await groupsOf(h)).flatMap((g) => g.items) as { id: string; label?: string }[];
    expect(intents).toContain(items.find((item) => item.id === id)?.label);
  });

  test('bad bodies and ids are precise 400s (413 too large, 415 not JSON); a message that is not a misunderstood one is 404', async () => {
    const h = await start();
    const id = await idOf(h, '대출 이자 알려줘');
    const route = `/api/qa/misunderstood/${id}/label`;
    const cases: [unknown, string | undefined, string, number?][] = [
      [undefined, undefined, 'JSON object'],
      ['[1,2]', undefined, 'JSON object'],
      ['"renew"', undefined, 'JSON object'],
      [{}, undefined, 'intent is required'],
      [{ intent: 'weather' }, undefined, 'Unknown intent "weather"'],
      [{ intent: 42 }, undefined, 'Unknown intent 42'],
      [{ intent: 'renew', text: 'my own text' }, undefined, 'Only "intent"'],
      ['{"intent": "renew"', undefined, 'small JSON object'],
      [{ intent: 'renew' }, 'text/plain', 'small JSON object', 415],
      [{ intent: 'renew', pad: 'x'.repeat(5000) }, undefined, 'small JSON object', 413],
      ['{"intent":' + '['.repeat(200) + ']'.repeat(200) + '}', undefined, 'small JSON object'],
    ];
    for (const [body, type, words, status = 400] of cases) {
      const response = await call(h, 'PUT', route, { body, type });
      expect([JSON.stringify(body)?.slice(0, 40), response.status, response.json?.error?.message]).toEqual([
        JSON.stringify(body)?.slice(0, 40),
        status,
        expect.stringContaining(words),
      ]);
      expect(response.text).not.toMatch(/\n\s+at /);
    }
    for (const bad of ['nope', 'abc.0', '..%2F..%2Fetc.1', `${id}x`]) {
      const response = await label(h, bad, 'renew');
      expect([bad, response.status, response.json.error.code]).toEqual([bad, 400, 'BadId']);
    }
    // Well-formed ids of no misunderstood message: an unknown conversation, the bot's answer, a well-understood message.
    for (const other of [messageId('no-such-conversation', 1), messageId('conv-c', 2), messageId('conv-d', 4)]) {
      const response = await label(h, other, 'renew');
      expect([other, response.status, response.json.error.code]).toEqual([other, 404, 'NotFound']);
    }
  });
});

/** Every stored value as text, to scan for what must never be stored. */
async function storedText(storage: Storage, keys: string[]): Promise<string> {
  return JSON.stringify(await storage.read(keys));
}

/** Labels all misunderstood messages at once (different messages, in parallel), and checks none was lost. */
async function labelAllAtOnce(h: Harness): Promise<string[]> {
  const ids = (await groupsOf(h)).flatMap((g) => g.items.map((item) => item.id));
  const responses = await Promise.all(ids.map((id, n) => label(h, id, n % 2 ? 'out_of_scope' : 'renew')));
  expect(responses.map((r) => r.status)).toEqual(ids.map(() => 200));
  const items = (await groupsOf(h)).flatMap((g) => g.items) as { id: string; label?: string }[];
  expect(Object.fromEntries(items.map((item) => [item.id, item.label]))).toEqual(
    Object.fromEntries(ids.map((id, n) => [id, n % 2 ? 'out_of_scope' : 'renew'])),
  );
  return ids;
}

describe('labels on each storage engine: one document per message, none lost when labelled at once', () => {
  test('memory', async () => {
    const storage = new ListableMemoryStorage();
    const h = await start(storage);
    const ids = await labelAllAtOnce(h);
    const keys = await storage.listKeys('qa/misunderstood/labels');
    expect(keys.sort()).toEqual(ids.map((id) => `qa/misunderstood/labels/${id}`).sort());
    expect(await storedText(storage, keys)).not.toContain('5678-9012');
  });

  test('lowdb (files)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mis-labels-'));
    try {
      const storage = new LowdbStorage(dir);
      const h = await start(storage);
      const ids = await labelAllAtOnce(h);
      expect((await storage.listKeys('qa/misunderstood/labels')).length).toBe(ids.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describePostgres('on PostgreSQL (transcripts as rows, labels in bot_state)', () => {
  const db = usePostgresSchema();
  test('the same groups; labels one document per message, none lost when labelled at once', async () => {
    const storage = new PostgresStorage(db.pool);
    const h = await start(storage, new PostgresTranscriptStore(new PostgresTranscriptRows(db.pool)));
    expect((await groupsOf(h)).map((g) => g.size)).toEqual([3, 1, 1, 1, 1]);
    const ids = await labelAllAtOnce(h);
    expect((await storage.listKeys('qa/misunderstood/labels')).length).toBe(ids.length);
  });
});

describe('GET /api/qa/misunderstood/export', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mis-export-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a file in the format of content/nlu/intents: valid by its schema, and merged into the content it still loads', async () => {
    const h = await start();
    await label(h, await idOf(h, '인증서가 안 보여요'), 'trouble_unrecognized');
    await label(h, await idOf(h, '인증서를 안보여요'), 'trouble_unrecognized');
    await label(h, await idOf(h, 'how do I move my cert'), 'copy_cert');
    await label(h, await idOf(h, '대출 이자 알려줘'), 'out_of_scope');
    await label(h, await idOf(h, '카드번호 [redacted:card] 맞나요'), 'out_of_scope');
    const response = await call(h, 'GET', `/api/qa/misunderstood/export?${PERIOD}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="misunderstood-2026-11-20_2026-11-20.json"');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const file = labelledSetSchema.parse(response.json);
    expect(file.intents).toEqual([
      { intent: 'copy_cert', utterances: { ko: [], en: ['how do I move my cert'] } },
      { intent: 'trouble_unrecognized', utterances: { ko: ['인증서가 안 보여요', '인증서를 안보여요'], en: [] } },
      { intent: 'none', utterances: { ko: ['대출 이자 알려줘', '카드번호 [redacted:card] 맞나요'], en: [] } },
    ]);
    expect(response.text).not.toContain('5678-9012');
    // Ready to commit: merged into a copy of content/nlu, every intent file still passes the loader.
    const content = path.join(dir, 'nlu');
    await cp(DEFAULT_CONTENT_DIR, content, { recursive: true });
    for (const entry of file.intents) {
      const target = path.join(content, 'intents', `${entry.intent}.json`);
      const current = JSON.parse(await readFile(target, 'utf8')) as { utterances: { ko: string[]; en: string[] } };
      current.utterances.ko.push(...entry.utterances.ko);
      current.utterances.en.push(...entry.utterances.en);
      await writeFile(target, JSON.stringify(current, null, 2));
    }
    const loaded = await loadNluContent(content);
    expect(loaded.examples).toContainEqual({ text: 'how do I move my cert', intent: 'copy_cert', language: 'en' });
    // And `npm run eval:nlu -- --file <the download>` scores the current model on it.
    const downloaded = path.join(dir, 'misunderstood-2026-11-20_2026-11-20.json');
    await writeFile(downloaded, response.text);
    const scored = await runNluScript('nlu/eval.ts', ['--file', downloaded]);
    expect(scored.code).toBe(0);
    expect(scored.stdout).toMatch(/overall accuracy: \d+\.\d% \(\d\/5\)/);
    expect(scored.stdout).toMatch(/trouble_unrecognized\s+\d+\.\d%\s+\(\d\/2\)/);
    expect(scored.stdout).toMatch(/none\s+\d+\.\d%\s+\(\d\/2\)/);
  });

  test('a stored label whose text still looks personal is never exported', async () => {
    const h = await start();
    const id = await idOf(h, '대출 이자 알려줘');
    await label(h, id, 'out_of_scope');
    // As if written before a redaction rule existed: the raw number in the label document.
    const key = `qa/misunderstood/labels/${id}`;
    const stored = (await h.storage.read([key]))[key];
    await h.storage.write({ [key]: { ...stored, eTag: '*', text: `대출 이자 알려줘 ${CARD}` } });
    const response = await call(h, 'GET', `/api/qa/misunderstood/export?${PERIOD}`);
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('5678');
    expect(response.json.intents).toEqual([]);
  });
});
