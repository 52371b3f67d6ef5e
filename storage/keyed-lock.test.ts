import { describe, expect, test } from '@jest/globals';
import { KeyedLock } from './keyed-lock.js';

/** A promise and the function that settles it, so a test decides when each task finishes. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('KeyedLock', () => {
  test('tasks of one key run one at a time, in the order they were asked for', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const first = gate();
    const a = lock.run('k', async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
    });
    const b = lock.run('k', async () => {
      log.push('b');
    });
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  test('different keys do not wait for each other', async () => {
    const lock = new KeyedLock();
    const blocked = gate();
    const slow = lock.run('a', () => blocked.promise);
    await expect(lock.run('b', async () => 'done')).resolves.toBe('done');
    blocked.open();
    await slow;
  });

  test('a failing task rejects its caller only; the next task of the key still runs', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'after');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
  });

  test('N concurrent increments of a shared value all count', async () => {
    const lock = new KeyedLock();
    let value = 0;
    await Promise.all(
      Array.from({ length: 50 }, () =>
        lock.run('counter', async () => {
          const read = value;
          await new Promise((resolve) => setImmediate(resolve));
          value = read + 1;
        }),
      ),
    );
    expect(value).toBe(50);
  });

  test('idle() waits for queued work and the lock forgets keys with nothing queued', async () => {
    const lock = new KeyedLock();
    const done: number[] = [];
    for (let i = 0; i < 5; i += 1) void lock.run(`k${i}`, async () => void done.push(i));
    await lock.idle();
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect((lock as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });
});
