import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';

/**
 * MemoryStorage that keeps every write as serialised JSON: tests read back what the bot stored
 * (feedback records) and scan it for secrets that must never be stored.
 */
export class RecordingStorage implements Storage {
  readonly writes: { key: string; json: string }[] = [];
  private readonly inner = new MemoryStorage();

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

  /** The latest value written under each key that starts with `prefix`. */
  latest(prefix: string): unknown[] {
    const byKey = new Map<string, string>();
    for (const write of this.writes) if (write.key.startsWith(prefix)) byKey.set(write.key, write.json);
    return [...byKey.values()].map((json) => JSON.parse(json));
  }
}
