import path from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from '../config.js';
import { LowdbStorage } from './lowdb-storage.js';

/** The storage named by STORAGE; dialogs and channels only ever see botbuilder's `Storage`. */
export function createStorage(config: Pick<Config, 'STORAGE' | 'dataDir'>): Storage {
  switch (config.STORAGE) {
    case 'memory':
      return new MemoryStorage();
    case 'lowdb':
      return new LowdbStorage(path.join(config.dataDir, 'store'));
  }
}

export { LowdbStorage };
