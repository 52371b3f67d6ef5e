/**
 * Serialises async work per key inside this process. Storage eTags already stop lost updates
 * between processes; this lock additionally covers the one case eTags cannot: two writers
 * creating the same document at once (there is no eTag to compare before it exists).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
