import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { eTagConflict, isETagConflict, readDocument, readModifyWrite, updateDocument } from './concurrency.js';
import { ListableMemoryStorage } from './listable.js';
import { LowdbStorage } from './lowdb-storage.js';

let tempDir: string;
beforeAll(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'concurrency-test-'));
});
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

const backends: [string, () => Storage][] = [
  ['MemoryStorage', () => new MemoryStorage()],
  ['ListableMemoryStorage', () => new ListableMemoryStorage()],
  ['LowdbStorage', () => new LowdbStorage(path.join(tempDir, `db-${Math.random().toString(36).slice(2)}`))],
];

/**
 * Two stores over the same data, as two processes are: each has its own in-process lock, so only
 * the eTag keeps their read-modify-writes apart.
 */
function twoProcesses(storage: Storage): [Storage, Storage] {
  const view = (): Storage => ({
    read: (keys) => storage.read(keys),
    write: (changes: StoreItems) => storage.write(changes),
    delete: (keys) => storage.delete(keys),
  });
  return [view(), view()];
}

describe.each(backends)('readModifyWrite on %s', (_name, make) => {
  test('N concurrent increments → N applied, in one process', async () => {
    const storage = make();
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        readModifyWrite<{ n: number }, number>(storage, 'counter', (current) => {
          const n = (current?.n ?? 0) + 1;
          return { write: { n }, result: n };
        }),
      ),
    );
    expect((await readDocument<{ n: number }>(storage, 'counter')).value?.n).toBe(25);
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  test('N concurrent increments from two "processes" → N applied (the eTag retries the loser)', async () => {
    const storage = make();
    await storage.write({ counter: { n: 0 } });
    const [a, b] = twoProcesses(storage);
    let decisions = 0;
    const increment = (store: Storage) =>
      readModifyWrite<{ n: number }, void>(
        store,
        'counter',
        async (current) => {
          decisions += 1;
          // A pause between read and write, so the two processes really interleave.
          await new Promise((resolve) => setImmediate(resolve));
          return { write: { n: (current?.n ?? 0) + 1 }, result: undefined };
        },
        { attempts: 100 },
      );
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 ? a : b)));
    expect((await readDocument<{ n: number }>(storage, 'counter')).value?.n).toBe(20);
    // The race was real: some decisions were made again on a fresher value.
    expect(decisions).toBeGreaterThan(20);
  });

  test('a decision without a write leaves the document (and its eTag) as it is', async () => {
    const storage = make();
    await storage.write({ doc: { v: 1 } });
    const before = await readDocument<{ v: number }>(storage, 'doc');
    const result = await readModifyWrite<{ v: number }, string>(storage, 'doc', () => ({ result: 'unchanged' }));
    expect(result).toBe('unchanged');
    expect(await readDocument(storage, 'doc')).toEqual(before);
  });

  test('updateDocument creates a missing document; undefined from the change writes nothing', async () => {
    const storage = make();
    await updateDocument<{ list: string[] }>(storage, 'doc', (current) => ({ list: [...(current?.list ?? []), 'a'] }));
    await updateDocument<{ list: string[] }>(storage, 'doc', () => undefined);
    expect((await readDocument<{ list: string[] }>(storage, 'doc')).value).toEqual({ list: ['a'] });
  });

  test('a stale write fails with the one conflict error every backend shares', async () => {
    const storage = make();
    await storage.write({ doc: { v: 1 } });
    const { eTag } = await readDocument(storage, 'doc');
    await storage.write({ doc: { v: 2, eTag } });
    const stale = await storage.write({ doc: { v: 3, eTag } }).catch((error: unknown) => error);
    expect(isETagConflict(stale)).toBe(true);
  });
});

describe('conflicts and failures', () => {
  test('isETagConflict knows the shared error and nothing else', () => {
    expect(isETagConflict(eTagConflict('a/b'))).toBe(true);
    expect(isETagConflict(new Error('disk full'))).toBe(false);
    expect(isETagConflict(new Error('precondition failed'))).toBe(false);
    expect(isETagConflict('due to eTag conflict')).toBe(false);
  });

  test('a failure that is not a conflict is thrown at once, not retried', async () => {
    const storage = new MemoryStorage();
    let writes = 0;
    storage.write = async () => {
      writes += 1;
      throw new Error('disk full');
    };
    await expect(readModifyWrite(storage, 'k', () => ({ write: { v: 1 }, result: 1 }))).rejects.toThrow('disk full');
    expect(writes).toBe(1);
  });

  test('a conflict that never ends is thrown after the allowed attempts', async () => {
    const storage = new MemoryStorage();
    let writes = 0;
    storage.write = async () => {
      writes += 1;
      throw eTagConflict('k');
    };
    await expect(readModifyWrite(storage, 'k', () => ({ write: { v: 1 }, result: 1 }), { attempts: 3 })).rejects.toThrow(/eTag conflict/);
    expect(writes).toBe(3);
  });

  test('an error thrown by the decision reaches the caller and releases the key', async () => {
    const storage = new MemoryStorage();
    await expect(
      readModifyWrite(storage, 'k', () => {
        throw new Error('no such conversation');
      }),
    ).rejects.toThrow('no such conversation');
    await expect(readModifyWrite(storage, 'k', () => ({ write: { v: 1 }, result: 'next' }))).resolves.toBe('next');
  });
});
