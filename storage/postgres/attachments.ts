import type pg from 'pg';

/** An uploaded file as the channel stores it (directline/attachment-store.ts's StoredAttachment is this record). */
export interface AttachmentRow {
  id: string;
  conversationId: string;
  contentType: string;
  name: string;
  bytes: Uint8Array;
  expiresAt: number;
}

/**
 * Uploaded files in the `attachments` table (bytea), so that any instance serves a file another
 * received. Expiry is the database's clock, one for all instances: a read never returns an expired
 * row, and `purgeExpiredAttachments` (one shared timer) deletes them with one indexed DELETE.
 * Files that may hold a private key never come here (directline's ChannelAttachments keeps them in
 * the receiving process's memory).
 */
export class PostgresAttachments {
  constructor(private readonly db: Pick<pg.Pool, 'query'>) {}

  async put(item: Omit<AttachmentRow, 'expiresAt'>, ttlMs: number): Promise<void> {
    await this.db.query(
      `INSERT INTO attachments (id, conversation_id, content_type, name, bytes, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6::double precision / 1000))`,
      [item.id, item.conversationId, item.contentType, item.name, Buffer.from(item.bytes.buffer, item.bytes.byteOffset, item.bytes.byteLength), ttlMs],
    );
  }

  async get(id: string): Promise<AttachmentRow | undefined> {
    const { rows } = await this.db.query<{ conversation_id: string; content_type: string; name: string; bytes: Buffer; expires_at: Date }>(
      'SELECT conversation_id, content_type, name, bytes, expires_at FROM attachments WHERE id = $1 AND expires_at > now()',
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id,
      conversationId: row.conversation_id,
      contentType: row.content_type,
      name: row.name,
      bytes: new Uint8Array(row.bytes),
      expiresAt: row.expires_at.getTime(),
    };
  }

  async discard(id: string): Promise<boolean> {
    return ((await this.db.query('DELETE FROM attachments WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }
}

/** Deletes the files whose time is up (the `attachments_expires_at` index); returns how many. */
export async function purgeExpiredAttachments(db: Pick<pg.Pool, 'query'>): Promise<number> {
  return (await db.query('DELETE FROM attachments WHERE expires_at <= now()')).rowCount ?? 0;
}
