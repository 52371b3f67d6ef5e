import { randomBytes } from 'node:crypto';

export interface StoredAttachment {
  id: string;
  conversationId: string;
  contentType: string;
  name: string;
  bytes: Uint8Array;
  expiresAt: number;
}

/**
 * Uploaded files, kept in memory only (they may be certificates or key files: never written to
 * disk) and forgotten after a TTL. A total byte budget bounds memory use: when full, the oldest
 * files are dropped first.
 */
export class AttachmentStore {
  private readonly items = new Map<string, StoredAttachment>();
  private totalBytes = 0;
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(
    private readonly ttlMs: number,
    private readonly maxTotalBytes: number,
    private readonly now: () => number,
  ) {
    this.sweepTimer = setInterval(() => this.sweep(), Math.min(60_000, Math.max(1_000, ttlMs / 2)));
    this.sweepTimer.unref();
  }

  put(conversationId: string, file: { contentType: string; name: string; bytes: Uint8Array }): StoredAttachment {
    this.sweep();
    while (this.totalBytes + file.bytes.byteLength > this.maxTotalBytes && this.items.size > 0) {
      const oldest = this.items.keys().next().value as string;
      this.remove(oldest);
    }
    const item: StoredAttachment = {
      id: randomBytes(16).toString('base64url'),
      conversationId,
      ...file,
      expiresAt: this.now() + this.ttlMs,
    };
    this.items.set(item.id, item);
    this.totalBytes += item.bytes.byteLength;
    return item;
  }

  get(id: string): StoredAttachment | undefined {
    const item = this.items.get(id);
    if (!item) return undefined;
    if (item.expiresAt <= this.now()) {
      this.remove(id);
      return undefined;
    }
    return item;
  }

  get size(): number {
    return this.items.size;
  }

  close(): void {
    clearInterval(this.sweepTimer);
    this.items.clear();
    this.totalBytes = 0;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, item] of this.items) if (item.expiresAt <= now) this.remove(id);
  }

  /** Forgets a file now, overwriting its bytes first (used for private keys a user uploaded by mistake). */
  discard(id: string): boolean {
    const item = this.items.get(id);
    if (!item) return false;
    item.bytes.fill(0);
    this.remove(id);
    return true;
  }

  private remove(id: string): void {
    const item = this.items.get(id);
    if (!item) return;
    this.items.delete(id);
    this.totalBytes -= item.bytes.byteLength;
  }
}
