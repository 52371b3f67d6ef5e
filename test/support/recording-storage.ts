import type { StoreItems } from 'botbuilder';
import { ListableMemoryStorage, type ListableStorage } from '../../storage/index.js';

/**
 * MemoryStorage that keeps every write as serialised JSON: tests read back what the bot stored
 * (feedback records) and scan it for secrets that must never be stored.
 */
export class RecordingStorage implements ListableStorage {
  readonly writes: { key: string; json: string }[] = [];
  private readonly inner = new ListableMemoryStorage();

  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    await this.inner.write(changes);
    for (const [key, value] of Object.entries(changes)) this.writes.push({ key, json: JSON.stringify(value) });
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  listKeys(parent: string): Promise<string[]> {
    return this.inner.listKeys(parent);
  }

  /** Every key that holds something now (deleted ones excluded). */
  async keysNow(): Promise<string[]> {
    const keys = [...new Set(this.writes.map((write) => write.key))];
    const items = await this.inner.read(keys);
    return keys.filter((key) => items[key] !== undefined);
  }

  /** The latest value written under each key that starts with `prefix`. */
  latest(prefix: string): unknown[] {
    const byKey = new Map<string, string>();
    for (const write of this.writes) if (write.key.startsWith(prefix)) byKey.set(write.key, write.json);
    return [...byKey.values()].map((json) => JSON.parse(json));
  }
}
