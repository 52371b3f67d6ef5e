import { randomBytes } from 'node:crypto';
import type { AttachmentRow } from '../storage/postgres/attachments.js';

/** An uploaded file as the channel keeps it: the same record in memory and in PostgreSQL's `attachments`. */
export type StoredAttachment = AttachmentRow;

/**
 * Uploaded files in this process's memory (they may be certificates or key files: never written
 * to disk), forgotten after a TTL. With a shared store (ChannelAttachments below) only the files
 * that may hold a private key stay here. A total byte budget bounds memory use: when full, the oldest
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

/** A file as uploaded, before it has an id. */
export type NewAttachment = Omit<StoredAttachment, 'id' | 'expiresAt'>;

/**
 * Where uploads live when several instances serve one set of customers (PostgreSQL:
 * storage/postgres/attachments.ts), so a file posted to one instance is served by any.
 */
export interface SharedAttachmentStore {
  put(item: NewAttachment & { id: string }, ttlMs: number): Promise<void>;
  /** The file, unless it expired. */
  get(id: string): Promise<StoredAttachment | undefined>;
  discard(id: string): Promise<boolean>;
}

/**
 * The channel's uploads: in this process's memory (`local`), or in the shared store when there is
 * one, except files that `keepsInProcess` picks (possible private keys): those never leave memory,
 * and the turn that refuses them runs in this same process (the one that received the upload).
 */
export class ChannelAttachments {
  constructor(
    private readonly local: AttachmentStore,
    private readonly ttlMs: number,
    private readonly shared?: SharedAttachmentStore,
    private readonly keepsInProcess: (file: NewAttachment) => boolean = () => false,
  ) {}

  async put(
    conversationId: string,
    file: { contentType: string; name: string; bytes: Uint8Array },
  ): Promise<{ id: string; contentType: string; name: string }> {
    if (!this.shared || this.keepsInProcess({ conversationId, ...file })) return this.local.put(conversationId, file);
    const id = randomBytes(16).toString('base64url');
    await this.shared.put({ id, conversationId, ...file }, this.ttlMs);
    return { id, contentType: file.contentType, name: file.name };
  }

  async get(id: string): Promise<StoredAttachment | undefined> {
    return this.local.get(id) ?? (await this.shared?.get(id));
  }

  async discard(id: string): Promise<boolean> {
    const here = this.local.discard(id);
    return (this.shared && !here ? await this.shared.discard(id) : false) || here;
  }

  /** Files held in this process's memory. */
  get size(): number {
    return this.local.size;
  }

  close(): void {
    this.local.close();
  }
}
