import path from 'node:path';
import { LowdbStorage } from './lowdb-storage.js';
import { ListableMemoryStorage, type ListableStorage } from './listable.js';

/** The storage engines STORAGE may name. */
export type StorageKind = 'memory' | 'lowdb' | 'postgres';

/** The storage named by STORAGE; dialogs and channels only ever see botbuilder's `Storage`. */
export function createStorage(config: { STORAGE: StorageKind; dataDir: string }): ListableStorage {
  switch (config.STORAGE) {
    case 'memory':
      return new ListableMemoryStorage();
    case 'lowdb':
      return new LowdbStorage(path.join(config.dataDir, 'store'));
    case 'postgres':
      // Needs the process's pool: server/postgres.ts builds it (PostgresStorage) at start-up.
      throw new Error('STORAGE=postgres is opened with its database pool (server/postgres.ts), not here');
  }
}

export { LowdbStorage };
export {
  eTagConflict,
  isETagConflict,
  lockOf,
  readDocument,
  readModifyWrite,
  updateDocument,
  type Decision,
  type ReadModifyWriteOptions,
  type Versioned,
} from './concurrency.js';
export { DayIndex, DAY_MS, dayIsBefore, dayOf } from './day-index.js';
export { KeyedLock } from './keyed-lock.js';
export { ListableMemoryStorage, isListable, listKeys, parentOf, type ListableStorage } from './listable.js';
