import { MemoryStorage, type Storage } from 'botbuilder';

/**
 * Storage that can list the keys directly under a folder-like parent: `listKeys('a/b')` gives
 * `a/b/x` but not `a/b/x/y`. Indexes use it instead of one shared document that every
 * conversation rewrites: each entry is its own small key, found by listing its parent.
 */
export interface ListableStorage extends Storage {
  listKeys(parent: string): Promise<string[]>;
}

/** `a/b/c` → `a/b`; a key without '/' has the parent ''. */
export function parentOf(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

export function isListable(storage: Storage): storage is ListableStorage {
  return typeof (storage as Partial<ListableStorage>).listKeys === 'function';
}

/** The keys directly under `parent`; a clear error for a storage that cannot list. */
export function listKeys(storage: Storage, parent: string): Promise<string[]> {
  if (!isListable(storage)) throw new Error('This storage cannot list keys: use LowdbStorage or ListableMemoryStorage (storage/).');
  return storage.listKeys(parent);
}

/** botbuilder's MemoryStorage, keeping a handle on its entries so that keys can be listed. */
export class ListableMemoryStorage extends MemoryStorage implements ListableStorage {
  private readonly entries: { [key: string]: string };

  constructor(entries: { [key: string]: string } = {}) {
    super(entries);
    this.entries = entries;
  }

  async listKeys(parent: string): Promise<string[]> {
    // MemoryStorage deletes by setting the entry to undefined.
    return Object.keys(this.entries).filter((key) => this.entries[key] !== undefined && parentOf(key) === parent);
  }
}
