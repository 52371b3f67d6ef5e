import path from 'node:path';
import type { Config } from '../../server/config.js';
import { LowdbStorage } from './lowdb-storage.js';
import { ListableMemoryStorage, type ListableStorage } from './listable.js';

/** The storage named by STORAGE; dialogs and channels only ever see botbuilder's `Storage`. */
export function createStorage(config: Pick<Config, 'STORAGE' | 'dataDir'>): ListableStorage {
  switch (config.STORAGE) {
    case 'memory':
      return new ListableMemoryStorage();
    case 'lowdb':
      return new LowdbStorage(path.join(config.dataDir, 'store'));
  }
}

export { LowdbStorage };
export { ListableMemoryStorage, isListable, listKeys, parentOf, type ListableStorage } from './listable.js';
