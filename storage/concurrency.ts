import type { Storage, StoreItem } from 'botbuilder';
import { KeyedLock } from './keyed-lock.js';

/**
 * The one home of storage concurrency: every read-modify-write in the product goes through
 * `readModifyWrite`, and every backend (botbuilder's MemoryStorage, LowdbStorage, the PostgreSQL
 * backend to come) signals a stale eTag the same way, with botbuilder's own error (`eTagConflict`).
 *
 * Two layers, because each covers what the other cannot:
 *  - the eTag: a write carries the eTag it read; a backend refuses it if the document changed
 *    meanwhile (between processes, too). The caller's decision then runs again on the fresh value,
 *    so a decision is always made on what is actually stored ("first accept wins").
 *  - a lock per (storage, key) inside this process: writers of the same key queue instead of
 *    racing and retrying, and two writers creating a document that does not exist yet (there is
 *    no eTag to compare before it exists) are ordered. Across processes only the eTag protects,
 *    which a backend with a real "insert if absent" (PostgreSQL) can extend to creation.
 */

const CONFLICT = /due to eTag conflict/;

/** The error a backend throws for a stale eTag: the wording of botbuilder's MemoryStorage. */
export function eTagConflict(key: string): Error {
  return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}

/** True for the stale-eTag error of any backend; anything else is a real storage failure. */
export function isETagConflict(error: unknown): boolean {
  return error instanceof Error && CONFLICT.test(error.message);
}

/** A stored document and the eTag it was read with (both undefined when it does not exist). */
export interface Versioned<T> {
  value: T | undefined;
  eTag: string | undefined;
}

export async function readDocument<T>(storage: Storage, key: string): Promise<Versioned<T>> {
  const item = (await storage.read([key]))[key] as (StoreItem & T) | undefined;
  if (!item) return { value: undefined, eTag: undefined };
  const { eTag, ...value } = item;
  return { value: value as T, eTag };
}

/** What to store (nothing: leave the document as it is) and what to return. */
export interface Decision<T, R> {
  write?: T;
  result: R;
}

export interface ReadModifyWriteOptions {
  /** Conflicts tolerated before the last one is thrown (a hot counter needs more). Default 20. */
  attempts?: number;
}

const locks = new WeakMap<Storage, KeyedLock>();

/** The in-process lock shared by everyone writing to `storage`. */
export function lockOf(storage: Storage): KeyedLock {
  let lock = locks.get(storage);
  if (!lock) locks.set(storage, (lock = new KeyedLock()));
  return lock;
}

/**
 * Reads `key`, lets `decide` choose what to write from the current value, writes it with the eTag
 * it read, and on a conflict does it all again. `decide` may run more than once: it must not have
 * effects beyond reads and idempotent repairs. Must not be called again for the same key from inside `decide`.
 */
export function readModifyWrite<T extends object, R>(
  storage: Storage,
  key: string,
  decide: (current: T | undefined) => Decision<T, R> | Promise<Decision<T, R>>,
  options: ReadModifyWriteOptions = {},
): Promise<R> {
  const attempts = options.attempts ?? 20;
  return lockOf(storage).run(key, async () => {
    for (let attempt = 1; ; attempt += 1) {
      const current = await readDocument<T>(storage, key);
      const decision = await decide(current.value);
      if (decision.write === undefined) return decision.result;
      try {
        await storage.write({ [key]: { ...decision.write, eTag: current.eTag ?? '*' } });
        return decision.result;
      } catch (error) {
        if (!isETagConflict(error) || attempt >= attempts) throw error;
        await jitter(attempt);
      }
    }
  });
}

/** Shorthand for a change that always writes and returns nothing (undefined = leave as is). */
export function updateDocument<T extends object>(storage: Storage, key: string, change: (current: T | undefined) => T | undefined): Promise<void> {
  return readModifyWrite<T, void>(storage, key, (current) => ({ write: change(current), result: undefined }));
}

/** A short random pause, so writers from other processes that collided do not collide again in step. */
function jitter(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(20, attempt) * Math.random()));
}
