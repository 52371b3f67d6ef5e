import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { type Activity, type Storage, type StoreItems } from 'botbuilder';
import { ListableMemoryStorage, LowdbStorage } from '../../storage/index.js';
import { fakeBot } from '../replay/fake-bot.js';
import { inProcessTarget, type BotLogic } from '../replay/in-process.js';
import { loadScript } from '../replay/load.js';
import { formatResult } from '../replay/report.js';
import { runScript } from '../replay/runner.js';
import { runTranscriptCli } from './cli.js';
import { createTranscriptMiddleware } from './middleware.js';
import { StorageTranscriptStore } from './store.js';

/** A Storage that remembers every byte ever written to it, to prove secrets never were. */
class WriteRecordingStorage extends ListableMemoryStorage {
  readonly written: string[] = [];
  override write(changes: StoreItems): Promise<void> {
    this.written.push(JSON.stringify(changes));
    return super.write(changes);
  }
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'transcripts-'));
}

async function record(storage: Storage, yaml: string, files: Record<string, string> = {}) {
  const store = new StorageTranscriptStore(storage);
  const dir = tempDir();
  writeFileSync(path.join(dir, 'rec.test.yaml'), yaml);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const target = inProcessTarget(fakeBot, { middleware: [createTranscriptMiddleware(store)] });
  const loaded = loadScript(path.join(dir, 'rec.test.yaml'));
  if (!loaded.ok) throw loaded.error;
  const result = await runScript(loaded.script, target);
  await store.flush();
  return { store, dir, result };
}

const conversationYaml = `steps:
  - user: hi
    expect: { says: Welcome }
  - click: A
    expect: { says: picked A }
  - upload: files/signCert.der
    expect: { says: got signCert.der }
`;

describe('recording transcripts', () => {
  test('round trip: record through the middleware, export as .transcript, replay it green', async () => {
    const { store, dir, result } = await record(new ListableMemoryStorage(), conversationYaml, { 'files/signCert.der': 'DER!' });
    expect(result.passed).toBe(true);
    const [meta] = await store.list();
    expect(meta).toMatchObject({ conversationId: 'replay-1', channelId: 'test', count: 6 });
    const exported = (await store.exportTranscript(meta.conversationId))!;
    expect(exported.map((a) => `${a.from?.role}:${a.type}`)).toEqual([
      'user:message',
      'bot:message',
      'user:message',
      'bot:message',
      'user:message',
      'bot:message',
    ]);
    expect(exported[4].attachments).toEqual([{ contentType: 'application/x-x509-ca-cert', name: 'signCert.der' }]);

    const file = path.join(dir, 'recorded.transcript');
    writeFileSync(file, JSON.stringify(exported, null, 2));
    // File bytes are never recorded: the replay takes them from recorded.files/ next to it.
    mkdirSync(path.join(dir, 'recorded.files'));
    writeFileSync(path.join(dir, 'recorded.files', 'signCert.der'), 'DER!');
    const loaded = loadScript(file);
    if (!loaded.ok) throw loaded.error;
    const replayed = await runScript(loaded.script, inProcessTarget(fakeBot));
    expect(replayed.failures).toEqual([]);

    // The same transcript against a bot whose card text changed: a precise red diff.
    const changed = inProcessTarget((environment) => {
      const logic = fakeBot(environment);
      const rewrite: BotLogic = async (context) => {
        context.onSendActivities(async (_ctx, activities, next) => {
          for (const activity of activities) {
            const body = (activity.attachments?.[0]?.content as { body?: { text?: string }[] } | undefined)?.body;
            if (body?.[1]) body[1].text = 'Pick one';
          }
          return next();
        });
        await logic(context);
      };
      return rewrite;
    });
    const red = await runScript(loaded.script, changed);
    expect(red.passed).toBe(false);
    expect(formatResult(red)).toContain(
      [
        '  line 2: bot — reply 1 to user "hi"',
        '    card[1].texts',
        '      - expected: ["Welcome", "Choose one", "Today: 2026-11-25"]',
        '      + actual:   ["Welcome", "Pick one", "Today: 2026-11-25"]',
      ].join('\n'),
    );
  });

  test('a recorded upload whose bytes are not beside the transcript fails saying where to put them', async () => {
    const { store, dir } = await record(new ListableMemoryStorage(), conversationYaml, { 'files/signCert.der': 'DER!' });
    const file = path.join(dir, 'x.transcript');
    writeFileSync(file, JSON.stringify(await store.exportTranscript('replay-1')));
    const loaded = loadScript(file);
    if (!loaded.ok) throw loaded.error;
    const result = await runScript(loaded.script, inProcessTarget(fakeBot));
    expect(result.failures.map((f) => f.reason)).toEqual([
      `the transcript has an upload whose bytes were never recorded; put the file at ${path.join(dir, 'x.files', 'signCert.der')} to replay it`,
    ]);
  });

  test('passwords, registration numbers and file links never reach storage', async () => {
    const storage = new WriteRecordingStorage();
    const yaml = `steps:
  - user: 비밀번호는 abc123!@ 예요
    expect: { says: echo }
  - user: 주민번호 900101-1234567
    expect: { says: echo }
  - upload: files/signCert.der
    expect: { says: got }
`;
    const { store } = await record(storage, yaml, { 'files/signCert.der': 'SECRET-BYTES' });
    const everything = storage.written.join('\n');
    for (const secret of ['abc123', '900101', '1234567', 'SECRET-BYTES', 'replay://']) expect(everything).not.toContain(secret);
    const texts = (await store.activities('replay-1')).map((a) => a.text);
    expect(texts).toContain('비밀번호는 [redacted:password] 예요');
    expect(texts).toContain('echo: 주민번호 [redacted:rrn]');
  });

  test('retention: a conversation is purged once its last activity is older than the retention', async () => {
    let now = new Date('2026-01-01T10:00:00Z');
    const store = new StorageTranscriptStore(new ListableMemoryStorage(), { retentionDays: 30, now: () => now });
    const log = (conversation: string, at: string) => {
      now = new Date(at); // logged as it happens
      return store.logActivity({
        type: 'message',
        text: 'hi',
        timestamp: new Date(at),
        from: { id: 'u', role: 'user' },
        conversation: { id: conversation },
        channelId: 'test',
      } as Activity);
    };
    await log('old', '2026-01-01T10:00:00Z');
    await log('busy', '2026-01-01T11:00:00Z');
    await log('recent', '2026-01-20T09:00:00Z');
    await log('busy', '2026-01-25T09:00:00Z'); // still in use long after it started

    now = new Date('2026-01-31T09:00:00Z'); // 29 days 23 h after "old": kept
    expect(await store.purgeExpired()).toBe(0);
    expect((await store.list()).map((m) => m.conversationId).sort()).toEqual(['busy', 'old', 'recent']);

    now = new Date('2026-02-02T12:00:00Z');
    expect(await store.purgeExpired()).toBe(1);
    expect((await store.list()).map((m) => m.conversationId).sort()).toEqual(['busy', 'recent']);
    expect(await store.exportTranscript('old')).toBeUndefined();
    expect((await store.meta('busy'))?.day).toBe('2026-01-25');

    now = new Date('2026-03-01T00:00:00Z');
    expect(await store.purgeExpired()).toBe(2);
    expect(await store.list()).toEqual([]);
  });

  test('many concurrent new conversations: no write fails, none is lost from the index, and retention deletes every one', async () => {
    const dir = path.join(tempDir(), 'store');
    const storage = new LowdbStorage(dir);
    let now = new Date('2026-03-01T09:00:00Z');
    const failures: Error[] = [];
    const store = new StorageTranscriptStore(storage, { retentionDays: 30, now: () => now, onError: (error) => failures.push(error) });
    const conversations = Array.from({ length: 60 }, (_, i) => `conv-${i}`);
    const turn = (conversationId: string, n: number) =>
      store.logActivity({
        type: 'message',
        text: `message ${n}`,
        from: { id: 'u', role: 'user' },
        conversation: { id: conversationId },
        channelId: 'directline',
      } as Activity);
    // Every conversation starts at once and keeps talking: the old shared day document lost most of them.
    await Promise.all(
      conversations.map(async (id) => {
        for (let n = 1; n <= 4; n++) await turn(id, n);
      }),
    );
    await store.flush();
    expect(failures.map((e) => e.message)).toEqual([]);
    expect((await store.list()).map((m) => m.conversationId).sort()).toEqual([...conversations].sort());
    expect((await store.list()).every((m) => m.count === 4)).toBe(true);

    now = new Date('2026-04-02T00:00:00Z');
    expect(await store.purgeExpired()).toBe(conversations.length);
    expect(await store.list()).toEqual([]);
    // Nothing of them is left on disk: not an activity, not a meta, not an index entry.
    const left = (await readdir(dir, { recursive: true })).filter((f) => String(f).endsWith('.json'));
    expect(left).toEqual([]);
  }, 60_000);

  test('works on the lowdb storage too, and the CLI lists and exports what the server stored', async () => {
    const storage = new LowdbStorage(path.join(tempDir(), 'store'));
    await record(storage, conversationYaml, { 'files/signCert.der': 'DER!' });
    const out: string[] = [];
    const err: string[] = [];
    const deps = {
      store: new StorageTranscriptStore(storage, { retentionDays: 30 }),
      retentionDays: 30,
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
    };
    expect(await runTranscriptCli(['list'], deps)).toBe(0);
    expect(out[0]).toMatch(/^replay-1\ttest\t2026-11-25T00:00:00.000Z\t2026-11-25T00:00:00.000Z\t6 activities$/);
    expect(await runTranscriptCli(['export', 'replay-1'], deps)).toBe(0);
    const exported = JSON.parse(out[1]) as Activity[];
    expect(exported).toHaveLength(6);
    expect(await runTranscriptCli(['export', 'nope'], deps)).toBe(1);
    expect(err.pop()).toMatch(/no transcript for conversation "nope"/);
    expect(await runTranscriptCli(['frobnicate'], deps)).toBe(2);
  });

  test('implements botbuilder TranscriptStore: list, page, delete', async () => {
    const { store } = await record(new ListableMemoryStorage(), conversationYaml, { 'files/signCert.der': 'DER!' });
    const listed = await store.listTranscripts('test');
    expect(listed.items.map((t) => t.id)).toEqual(['replay-1']);
    expect((await store.listTranscripts('other')).items).toEqual([]);
    const page = await store.getTranscriptActivities('test', 'replay-1');
    expect(page.items).toHaveLength(6);
    expect(page.continuationToken).toBeUndefined();
    await store.deleteTranscript('test', 'replay-1');
    expect(await store.exportTranscript('replay-1')).toBeUndefined();
  });

  test('a turn is one batch: 60 activities of a conversation are a meta and four pages, read back in log order', async () => {
    const storage = new WriteRecordingStorage();
    const store = new StorageTranscriptStore(storage);
    const activity = (n: number) =>
      ({ type: 'message', text: `m${n}`, from: { id: 'u', role: n % 2 ? 'user' : 'bot' }, conversation: { id: 'long' }, channelId: 'test' }) as Activity;
    for (let turn = 0; turn < 20; turn++) {
      const writesBefore = storage.written.length;
      // botbuilder's middleware logs a turn's activities one after the other at the end of the turn.
      await Promise.all([1, 2, 3].map((i) => store.logActivity(activity(turn * 3 + i))));
      // The meta and one page (two when the turn crosses a page; the index marker on the first turn).
      expect(storage.written.length - writesBefore).toBeLessThanOrEqual(turn === 0 ? 4 : 3);
    }
    expect((await store.meta('long'))?.count).toBe(60);
    expect((await store.activities('long')).map((a) => a.text)).toEqual(Array.from({ length: 60 }, (_, i) => `m${i + 1}`));
    expect((await store.activities('long', 15, 18)).map((a) => a.text)).toEqual(['m15', 'm16', 'm17', 'm18']);
    // Another store on the same storage (a restart) goes on in the page the first one left open.
    await new StorageTranscriptStore(storage).logActivity(activity(61));
    expect((await store.activities('long', 59, 61)).map((a) => a.text)).toEqual(['m59', 'm60', 'm61']);
    await store.logActivity(activity(62)); // the first store's open page is stale now: it must not lose m61
    expect((await store.activities('long', 60, 62)).map((a) => a.text)).toEqual(['m60', 'm61', 'm62']);
    const keys = (await storage.listKeys('transcripts/c/long/p')).sort();
    expect(keys).toEqual(['transcripts/c/long/p/0', 'transcripts/c/long/p/1', 'transcripts/c/long/p/2', 'transcripts/c/long/p/3']);
    await store.deleteTranscript('test', 'long');
    expect(await storage.listKeys('transcripts/c/long/p')).toEqual([]);
    expect(await store.meta('long')).toBeUndefined();
  });

  test('a conversation stored one key per activity (before pages) is read, continued and deleted whole', async () => {
    const storage = new ListableMemoryStorage();
    const old = {
      conversationId: 'old',
      channelId: 'test',
      started: '2026-11-25T00:00:00.000Z',
      lastActivity: '2026-11-25T00:00:01.000Z',
      count: 2,
      day: '2026-11-25',
    };
    await storage.write({
      'transcripts/c/old/meta': old,
      'transcripts/c/old/a/1': { activity: { type: 'message', text: 'first' } },
      'transcripts/c/old/a/2': { activity: { type: 'message', text: 'second' } },
    });
    const store = new StorageTranscriptStore(storage);
    expect((await store.activities('old')).map((a) => a.text)).toEqual(['first', 'second']);
    await store.logActivity({ type: 'message', text: 'third', from: { id: 'u', role: 'user' }, conversation: { id: 'old' }, channelId: 'test' } as Activity);
    expect((await store.activities('old')).map((a) => a.text)).toEqual(['first', 'second', 'third']);
    expect((await store.activities('old', 2, 3)).map((a) => a.text)).toEqual(['second', 'third']);
    await store.deleteTranscript('test', 'old');
    expect(await storage.listKeys('transcripts/c/old/a')).toEqual([]);
    expect(await storage.listKeys('transcripts/c/old/p')).toEqual([]);
  });
});

describe('listSince (the QA workbench reads a period)', () => {
  test('lists only conversations whose day marker is the given day or later', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const store = new StorageTranscriptStore(new ListableMemoryStorage(), { now: () => now });
    const log = (id: string) =>
      store.logActivity({
        type: 'message',
        text: 'hi',
        channelId: 'directline',
        conversation: { id },
        from: { id: 'u', role: 'user' },
        timestamp: now,
      } as Activity);
    await log('old');
    now = new Date('2026-03-05T10:00:00Z');
    await log('new');
    await store.flush();
    expect((await store.listSince(new Date('2026-03-05T00:00:00Z'))).map((meta) => meta.conversationId)).toEqual(['new']);
    expect((await store.listSince(new Date('2026-02-28T23:00:00Z'))).map((meta) => meta.conversationId).sort()).toEqual(['new', 'old']);
    expect(await store.listSince(new Date('2026-03-06T00:00:00Z'))).toEqual([]);
  });
});
