import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { StoreItems } from 'botbuilder';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { eTagConflict } from './concurrency.js';
import { KeyedLock } from './keyed-lock.js';
import { parentOf, type ListableStorage } from './listable.js';

/** One key's file: the key itself (hashes are not reversible), its eTag and value. */
interface StoredRecord {
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
 *
 * The records this process wrote or read lately are also kept in memory (as their JSON, bounded by
 * RECENT_BYTES, least recently used out): a turn reads its state, transcript meta and page and
 * checks their eTags, each a file open, read and close before (most of the lowdb server's CPU in
 * the bench profile). So are keys found absent (a new conversation's state, the open-ticket lookup
 * every turn makes): each was a failed open and an error object before. One process per directory
 * is already the rule (see `migrate`), so what this process wrote is what the file holds.
 */
export class LowdbStorage implements ListableStorage {
  private readonly lock = new KeyedLock();
  private migrated?: Promise<void>;
  /** Key → its record's JSON (ABSENT: no such key), most recently used last. */
  private readonly recent = new Map<string, string>();
  private recentBytes = 0;
  /**
   * A file read is kept only if no write or delete of its key overlapped it (the read may hold the
   * content from before the rename, and a cached stale record let the next eTag check pass: a lost
   * update). Changes are numbered; `changedAt` has the number of each key's latest change end (keys
   * left out when it grows were changed at `changedFloor` or before), `changing` the keys being changed.
   * Per key, not one count for all: under load some write is always running, and no read was kept.
   */
  private changes = 0;
  private readonly changedAt = new Map<string, number>();
  private changedFloor = 0;
  private readonly changing = new Set<string>();
  /** Folders this process made sure exist (records never remove folders): one mkdir each, not one per write. */
  private readonly folders = new Set<string>();

  constructor(
    private readonly directory: string,
    private readonly maxRecentBytes = RECENT_BYTES,
  ) {}

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
    await Promise.all(
      keys.map((key) =>
        this.lock.run(key, () =>
          this.changingKey(key, async () => {
            this.forget(key);
            await rm(this.fileFor(key), { force: true });
            this.remember(key, ABSENT);
          }),
        ),
      ),
    );
  }

  private async writeOne(key: string, item: { eTag?: string } & object): Promise<void> {
    const expected = item.eTag;
    if (expected !== undefined && expected !== '*') {
      const current = await this.load(key);
      if (!current || current.eTag !== expected) {
        throw eTagConflict(key);
      }
    }
    const { eTag: _ignored, ...value } = item;
    const file = this.fileFor(key);
    if (!this.folders.has(path.dirname(file))) {
      await mkdir(path.dirname(file), { recursive: true });
      if (this.folders.size >= 10_000) this.folders.clear();
      this.folders.add(path.dirname(file));
    }
    const db = new Low<StoredRecord>(new JSONFile<StoredRecord>(file), { key, eTag: '', value: null });
    // Kept as JSON: what is stored is exactly what a later read returns (no shared references).
    db.data = { key, eTag: randomUUID(), value };
    const json = JSON.stringify(db.data);
    await this.changingKey(key, async () => {
      this.forget(key); // a failed write leaves the file as it was: read it from there
      await db.write();
      this.remember(key, json);
    });
  }

  /** Runs a write or delete of `key` (under its lock), so that reads overlapping it are not kept. */
  private async changingKey(key: string, change: () => Promise<void>): Promise<void> {
    this.changing.add(key);
    try {
      await change();
    } finally {
      this.changing.delete(key);
      this.changedAt.set(key, ++this.changes);
      if (this.changedAt.size > 10_000) {
        this.changedAt.clear();
        this.changedFloor = this.changes;
      }
    }
  }

  private async load(key: string): Promise<StoredRecord | undefined> {
    const json = this.recent.get(key);
    if (json !== undefined) {
      this.recent.delete(key);
      this.recent.set(key, json);
      return json === ABSENT ? undefined : (JSON.parse(json) as StoredRecord);
    }
    const started = this.changes;
    const loaded = await this.loadFile(this.fileFor(key));
    const record = loaded?.key === key ? loaded : undefined;
    const overlapped = this.changing.has(key) || (this.changedAt.get(key) ?? this.changedFloor) > started;
    if (!overlapped) this.remember(key, record ? JSON.stringify(record) : ABSENT);
    return record;
  }

  private remember(key: string, json: string): void {
    this.forget(key);
    if (json.length > this.maxRecentBytes / 8) return;
    this.recent.set(key, json);
    this.recentBytes += json.length + key.length;
    while (this.recentBytes > this.maxRecentBytes) this.forget(this.recent.keys().next().value!);
  }

  private forget(key: string): void {
    const json = this.recent.get(key);
    if (json === undefined) return;
    this.recent.delete(key);
    this.recentBytes -= json.length + key.length;
  }

  private async loadFile(file: string): Promise<StoredRecord | undefined> {
    const db = new Low<StoredRecord | null>(new JSONFile<StoredRecord | null>(file), null);
    await db.read();
    return db.data ?? undefined;
  }

  private folderOf(parent: string): string {
    const hash = sha256Hex(parent);
    return path.join(this.directory, hash.slice(0, 2), hash);
  }

  private fileFor(key: string): string {
    return path.join(this.folderOf(parentOf(key)), `${sha256Hex(key)}.json`);
  }

  /**
   * Housekeeping once, on first use, before any read or write of this process (one process per
   * directory: the eTag check is atomic only inside this process). Stores written before keys
   * were grouped by parent kept each file at `<shard>/<hash(key)>.json`: move them to their
   * folder, so nothing stored earlier is lost. Then remove the temp files of writes a killed
   * process never finished.
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
      await removeOrphanTempFiles(this.directory);
    })();
    return this.migrated;
  }
}

/** Characters of record JSON (and keys) kept in memory per storage (about 16 MB of heap). */
const RECENT_BYTES = 8_000_000;
/** What `recent` holds for a key with no record: no record's JSON is empty. */
const ABSENT = '';

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A process killed during a write leaves steno's temp file (`.<name>.tmp`) next to the record;
 * the record itself is intact (the rename never happened). Such files are removed at start, in the
 * shard folders and the parent folders below them. A failure here is not fatal: the leftovers are
 * harmless, only clutter.
 */
async function removeOrphanTempFiles(directory: string): Promise<void> {
  const sweep = async (folder: string, depth: number): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    await Promise.all(
      entries.map(async (entry) => {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory() && depth < 2) await sweep(file, depth + 1);
        else if (entry.isFile() && depth > 0 && /^\..+\.tmp$/.test(entry.name)) await rm(file, { force: true }).catch(() => undefined);
      }),
    );
  };
  await sweep(directory, 0);
}
