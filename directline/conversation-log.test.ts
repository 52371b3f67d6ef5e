import { describe, expect, test } from '@jest/globals';
import { MemoryStorage, type Activity, type Storage, type StoreItems } from 'botbuilder';
import { StorageConversationLog, sequenceActivityId, type ActivityPage } from './conversation-log.js';

const message = (text: string): Activity => ({ type: 'message', text }) as Activity;
const texts = (page: ActivityPage) => page.activities.map((activity) => activity.text);

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
    expect(texts(await log.readFrom('conv-1', 0))).toEqual(['a', 'b', 'c']);
    expect(await log.readFrom('conv-1', 1)).toMatchObject({ watermark: 3 });
    expect(texts(await log.readFrom('conv-1', 1))).toEqual(['b', 'c']);
    expect(await log.readFrom('conv-1', 3)).toEqual({ activities: [], watermark: 3 });
    expect(await log.readFrom('conv-1', 0, 2)).toMatchObject({ watermark: 2 });
    expect(texts(await log.readFrom('conv-1', 0, 2))).toEqual(['a', 'b']);
    expect((await log.readFrom('conv-1', 1)).activities[0]!.id).toBe(sequenceActivityId('conv-1', 2));
    expect(sequenceActivityId('conv-1', 2)).toBe('conv-1|0000002');
  });

  test('appending to an unknown conversation fails', async () => {
    const log = new StorageConversationLog(new MemoryStorage());
    await expect(log.append('nope', message('x'))).rejects.toThrow(/does not exist/);
    expect(await log.readFrom('nope', 0)).toEqual({ activities: [], watermark: 0 });
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
    const { activities: stored } = await first.readFrom('busy', 0, 100);
    expect(stored).toHaveLength(40);
    // Each activity sits at the sequence number its append returned.
    texts.forEach((text, i) => expect(stored[sequences[i]! - 1]!.text).toBe(text));
  });

  test('a hole left by the former write order (counter advanced, activity never written) is skipped, not a dead end', async () => {
    const storage = new MemoryStorage();
    const log = new StorageConversationLog(storage);
    await log.create('gap', { createdAt: 'now' });
    await log.append('gap', message('one'));
    // What a kill -9 between "advance the counter" and "write the activity" used to leave behind.
    const meta = (await storage.read(['dl/gap/meta']))['dl/gap/meta'];
    await storage.write({ 'dl/gap/meta': { meta: meta.meta, count: 3, eTag: '*' }, 'dl/gap/a/3': { activity: message('three') } } as StoreItems);
    expect(await log.readFrom('gap', 0)).toMatchObject({ watermark: 3 });
    expect(texts(await log.readFrom('gap', 0))).toEqual(['one', 'three']);
    expect(await log.append('gap', message('four'))).toBe(4);
    expect(texts(await log.readFrom('gap', 1))).toEqual(['three', 'four']);
  });

  test('a crash right after the commit (the activity not yet under its own key) loses nothing', async () => {
    const storage = new MemoryStorage();
    const log = new StorageConversationLog(storage);
    await log.create('c', { createdAt: 'now' });
    await log.append('c', message('one'));
    const write = storage.write.bind(storage);
    storage.write = async (changes) => {
      if (Object.keys(changes).includes('dl/c/a/2')) throw new Error('killed');
      return write(changes);
    };
    expect(await log.append('c', message('two'))).toBe(2);
    storage.write = write;
    expect(texts(await log.readFrom('c', 0))).toEqual(['one', 'two']);
    expect(await log.append('c', message('three'))).toBe(3);
    expect(Object.keys(await storage.read(['dl/c/a/1', 'dl/c/a/2', 'dl/c/a/3']))).toHaveLength(3);
  });

  test('killed at any write: every acknowledged append survives, numbering goes on, no reader is stuck', async () => {
    for (let killAt = 1; killAt <= 12; killAt++) {
      const disk = new MemoryStorage();
      await new StorageConversationLog(disk).create('k', { createdAt: 'now' });
      // A process that dies at its killAt-th write: nothing it does afterwards reaches the disk.
      let writes = 0;
      const dying: Storage = {
        read: (keys) => disk.read(keys),
        delete: (keys) => disk.delete(keys),
        write: async (changes) => {
          if (++writes >= killAt) throw new Error('killed');
          return disk.write(changes);
        },
      };
      const acknowledged: string[] = [];
      for (let i = 1; i <= 5; i++) {
        try {
          await new StorageConversationLog(dying).append('k', message(`m${i}`));
          acknowledged.push(`m${i}`);
        } catch {
          break;
        }
      }
      // The restarted process, on the same disk.
      const restarted = new StorageConversationLog(disk);
      const before = texts(await restarted.readFrom('k', 0));
      expect(before.slice(0, acknowledged.length)).toEqual(acknowledged);
      const sequence = await restarted.append('k', message('after restart'));
      const page = await restarted.readFrom('k', 0);
      expect(page.watermark).toBe(sequence);
      expect(texts(page)).toEqual([...before, 'after restart']);
    }
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
    expect(await log.readFrom('b', 0)).toEqual({ activities: [], watermark: 0 });
    const keys = Object.keys((storage as unknown as { memory: Record<string, string> }).memory).sort();
    expect(keys).toEqual(['dl/a/a/1', 'dl/a/meta', 'dl/b/meta']);
  });
});
