/**
 * Runs async work one task at a time per key, inside this process. Storage eTags stop lost updates
 * between processes; this covers what eTags cannot: ordering appends (Direct Line watermarks) and
 * two writers creating the same document at once (there is no eTag before it exists).
 * Keys with nothing queued are forgotten, so memory does not grow with the number of keys.
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

  /** Resolves when every queued task has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
