import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { StoreItems } from 'botbuilder';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { KeyedLock } from './keyed-lock.js';
import { parentOf, type ListableStorage } from './listable.js';

interface Record {
  key: string;
  eTag: string;
  value: unknown;
}

/**
 * botbuilder `Storage` on lowdb, one small JSON file per key.
 *
 * One file per key keeps the cost of a turn independent of how many conversations are stored:
 * a single lowdb database would rewrite every conversation on every write. A key's file lives in
 * the folder of its parent (`a/b/c` → the folder named by the hash of `a/b`, sharded into 256),
 * so `listKeys(parent)` reads one folder. lowdb writes through steno (temp file + rename), so a
 * crash never leaves a half-written record. A per-key lock makes the eTag check and the write one
 * atomic step inside this process.
 */
export class LowdbStorage implements ListableStorage {
  private readonly lock = new KeyedLock();
  private migrated?: Promise<void>;

  constructor(private readonly directory: string) {}

  async listKeys(parent: string): Promise<string[]> {
    await this.migrate();
    const folder = this.folderOf(parent);
    const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const keys = await Promise.all(
      names.filter((name) => name.endsWith('.json') && !name.startsWith('.')).map(async (name) => (await this.loadFile(path.join(folder, name)))?.key),
    );
    return keys.filter((key): key is string => key !== undefined && parentOf(key) === parent);
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.migrate();
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const record = await this.load(key);
        if (record) items[key] = { ...(record.value as object), eTag: record.eTag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.migrate();
    await Promise.all(Object.entries(changes).map(([key, item]) => this.lock.run(key, () => this.writeOne(key, item))));
  }

  async delete(keys: string[]): Promise<void> {
    await this.migrate();
    await Promise.all(keys.map((key) => this.lock.run(key, () => rm(this.fileFor(key), { force: true }))));
  }

  private async writeOne(key: string, item: { eTag?: string } & object): Promise<void> {
    const expected = item.eTag;
    if (expected !== undefined && expected !== '*') {
      const current = await this.load(key);
      if (!current || current.eTag !== expected) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
    }
    const { eTag: _ignored, ...value } = item;
    const file = this.fileFor(key);
    await mkdir(path.dirname(file), { recursive: true });
    const db = new Low<Record>(new JSONFile<Record>(file), { key, eTag: '', value: null });
    // JSON round trip: what is stored is exactly what a later read returns (no shared references).
    db.data = { key, eTag: randomUUID(), value: JSON.parse(JSON.stringify(value)) };
    await db.write();
  }

  private async load(key: string): Promise<Record | undefined> {
    const record = await this.loadFile(this.fileFor(key));
    return record && record.key === key ? record : undefined;
  }

  private async loadFile(file: string): Promise<Record | undefined> {
    const db = new Low<Record | null>(new JSONFile<Record | null>(file), null);
    await db.read();
    return db.data ?? undefined;
  }

  private folderOf(parent: string): string {
    const hash = sha256(parent);
    return path.join(this.directory, hash.slice(0, 2), hash);
  }

  private fileFor(key: string): string {
    return path.join(this.folderOf(parentOf(key)), `${sha256(key)}.json`);
  }

  /**
   * Stores written before keys were grouped by parent kept each file at `<shard>/<hash(key)>.json`:
   * move them to their folder once, on first use, so nothing stored earlier is lost.
   */
  private migrate(): Promise<void> {
    this.migrated ??= (async () => {
      const shards = await readdir(this.directory).catch(() => [] as string[]);
      for (const shard of shards.filter((name) => /^[0-9a-f]{2}$/.test(name))) {
        const legacy = (await readdir(path.join(this.directory, shard))).filter((name) => /^[0-9a-f]{64}\.json$/.test(name));
        for (const name of legacy) {
          const file = path.join(this.directory, shard, name);
          const record = await this.loadFile(file);
          if (!record) continue;
          const target = this.fileFor(record.key);
          await mkdir(path.dirname(target), { recursive: true });
          await rename(file, target);
        }
      }
    })();
    return this.migrated;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
