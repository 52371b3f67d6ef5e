import { describe, expect, test } from '@jest/globals';
import { MemoryStorage, type Activity, type StoreItems } from 'botbuilder';
import { StorageConversationLog, sequenceActivityId } from './conversation-log.js';

const message = (text: string): Activity => ({ type: 'message', text }) as Activity;

describe('StorageConversationLog over MemoryStorage', () => {
  test('create, get, append and read from a watermark', async () => {
    const log = new StorageConversationLog(new MemoryStorage());
    expect(await log.get('conv-1')).toBeUndefined();
    await log.create('conv-1', { createdAt: '2026-01-01T00:00:00.000Z', userId: 'u1' });
    await expect(log.create('conv-1', { createdAt: 'x' })).rejects.toThrow(/already exists/);

    expect(await log.append('conv-1', message('a'))).toBe(1);
    expect(await log.append('conv-1', message('b'))).toBe(2);
    expect(await log.append('conv-1', message('c'))).toBe(3);

    expect(await log.get('conv-1')).toEqual({ meta: { createdAt: '2026-01-01T00:00:00.000Z', userId: 'u1' }, count: 3 });
    expect((await log.readFrom('conv-1', 0)).map((a) => a.text)).toEqual(['a', 'b', 'c']);
    expect((await log.readFrom('conv-1', 1)).map((a) => a.text)).toEqual(['b', 'c']);
    expect(await log.readFrom('conv-1', 3)).toEqual([]);
    expect((await log.readFrom('conv-1', 0, 2)).map((a) => a.text)).toEqual(['a', 'b']);
    expect((await log.readFrom('conv-1', 1))[0]!.id).toBe(sequenceActivityId('conv-1', 2));
    expect(sequenceActivityId('conv-1', 2)).toBe('conv-1|0000002');
  });

  test('appending to an unknown conversation fails', async () => {
    const log = new StorageConversationLog(new MemoryStorage());
    await expect(log.append('nope', message('x'))).rejects.toThrow(/does not exist/);
    expect(await log.readFrom('nope', 0)).toEqual([]);
  });

  test('concurrent appends lose nothing and give every activity its own sequence number', async () => {
    const storage = new MemoryStorage();
    // Two log instances over one storage behave like two processes.
    const first = new StorageConversationLog(storage);
    const second = new StorageConversationLog(storage);
    await first.create('busy', { createdAt: 'now' });
    const texts = Array.from({ length: 40 }, (_, i) => `m${i}`);
    const sequences = await Promise.all(texts.map((text, i) => (i % 2 ? first : second).append('busy', message(text))));

    expect([...sequences].sort((a, b) => a - b)).toEqual(texts.map((_, i) => i + 1));
    expect((await first.get('busy'))!.count).toBe(40);
    const stored = await first.readFrom('busy', 0, 100);
    expect(stored).toHaveLength(40);
    // Each activity sits at the sequence number its append returned.
    texts.forEach((text, i) => expect(stored[sequences[i]! - 1]!.text).toBe(text));
  });

  test('a reserved but not yet written activity is not skipped by readers', async () => {
    const storage = new MemoryStorage();
    const log = new StorageConversationLog(storage);
    await log.create('gap', { createdAt: 'now' });
    await log.append('gap', message('one'));
    // Simulate a writer that reserved number 2 and has not written it yet, while 3 is written.
    const meta = (await storage.read(['dl/gap/meta']))['dl/gap/meta'];
    await storage.write({ 'dl/gap/meta': { ...meta, count: 3, eTag: '*' }, 'dl/gap/a/3': { activity: message('three') } } as StoreItems);
    expect((await log.readFrom('gap', 0)).map((a) => a.text)).toEqual(['one']);
  });

  test('a storage failure that is not an eTag conflict is reported, not retried forever', async () => {
    const storage = new MemoryStorage();
    const log = new StorageConversationLog(storage);
    await log.create('broken', { createdAt: 'now' });
    storage.write = async () => {
      throw new Error('disk full');
    };
    await expect(log.append('broken', message('x'))).rejects.toThrow('disk full');
  });

  test('keys are per conversation: one conversation never reads another', async () => {
    const storage = new MemoryStorage();
    const log = new StorageConversationLog(storage);
    await log.create('a', { createdAt: 'now' });
    await log.create('b', { createdAt: 'now' });
    await log.append('a', message('for a'));
    expect(await log.readFrom('b', 0)).toEqual([]);
    const keys = Object.keys((storage as unknown as { memory: Record<string, string> }).memory).sort();
    expect(keys).toEqual(['dl/a/a/1', 'dl/a/meta', 'dl/b/meta']);
  });
});
