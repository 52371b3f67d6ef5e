import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { KeyedLock } from './keyed-lock.js';

interface Record {
  key: string;
  eTag: string;
  value: unknown;
}

/**
 * botbuilder `Storage` on lowdb, one small JSON file per key.
 *
 * One file per key (sharded into 256 folders by the key's hash) keeps the cost of a turn
 * independent of how many conversations are stored: a single lowdb database would rewrite
 * every conversation on every write. lowdb writes through steno (temp file + rename), so a
 * crash never leaves a half-written record. A per-key lock makes the eTag check and the
 * write one atomic step inside this process.
 */
export class LowdbStorage implements Storage {
  private readonly lock = new KeyedLock();
  /** Start-up cleaning; every operation waits for it, so no write of ours is mistaken for an orphan. */
  private readonly ready: Promise<void>;

  /** One process per directory: the eTag check is atomic only inside this process. */
  constructor(private readonly directory: string) {
    this.ready = removeOrphanTempFiles(directory);
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.ready;
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
    await this.ready;
    await Promise.all(Object.entries(changes).map(([key, item]) => this.lock.run(key, () => this.writeOne(key, item))));
  }

  async delete(keys: string[]): Promise<void> {
    await this.ready;
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
    const db = new Low<Record | null>(new JSONFile<Record | null>(this.fileFor(key)), null);
    await db.read();
    return db.data && db.data.key === key ? db.data : undefined;
  }

  private fileFor(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.directory, hash.slice(0, 2), `${hash}.json`);
  }
}

/**
 * A process killed during a write leaves steno's temp file (`.<name>.tmp`) next to the record;
 * the record itself is intact (the rename never happened). Such files are removed at start.
 * A failure here is not fatal: the leftovers are harmless, only clutter.
 */
async function removeOrphanTempFiles(directory: string): Promise<void> {
  const shards = await readdir(directory, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    shards
      .filter((shard) => shard.isDirectory())
      .map(async (shard) => {
        const folder = path.join(directory, shard.name);
        const names = await readdir(folder).catch((): string[] => []);
        await Promise.all(names.filter((name) => /^\..+\.tmp$/.test(name)).map((name) => rm(path.join(folder, name), { force: true }).catch(() => undefined)));
      }),
  );
}
