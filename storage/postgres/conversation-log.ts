import type { Activity } from 'botbuilder';
import type pg from 'pg';
import { toJsonb } from './pool.js';

/** A page of activities after a watermark, and the watermark the next read starts from. */
export interface ActivityPage {
  activities: Activity[];
  watermark: number;
}

const DEFAULT_READ_MAX = 100;

/**
 * The Direct Line activity log on PostgreSQL (same methods as directline's `ConversationLog`, so
 * the channel uses it unchanged). Watermarks are per-conversation sequence numbers 1, 2, 3, …
 *
 * An append is ONE statement: it bumps the conversation's `last_seq` (taking its row lock, which
 * orders concurrent appends from any instance) and inserts the activity under the new number.
 * Either both happen or neither, so a number is never skipped and never given twice, whatever
 * crashes. The insert fires the `dl_activity` notification on commit (see notify.ts).
 */
export class PostgresConversationLog<Meta extends object = object> {
  constructor(private readonly db: Pick<pg.Pool, 'query'>) {}

  async create(conversationId: string, meta: Meta): Promise<void> {
    const result = await this.db.query('INSERT INTO dl_conversations (id, meta) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO NOTHING', [
      conversationId,
      toJsonb(meta),
    ]);
    if (result.rowCount === 0) throw new Error(`Conversation ${conversationId} already exists`);
  }

  async get(conversationId: string): Promise<{ meta: Meta; count: number } | undefined> {
    const { rows } = await this.db.query<{ meta: Meta; last_seq: string }>('SELECT meta, last_seq FROM dl_conversations WHERE id = $1', [conversationId]);
    return rows[0] ? { meta: rows[0].meta, count: Number(rows[0].last_seq) } : undefined;
  }

  /** Appends and returns the activity's number; an activity without an id gets `<conversation>|0000042`. */
  async append(conversationId: string, activity: Activity): Promise<number> {
    const { rows } = await this.db.query<{ seq: string }>(
      `WITH next AS (UPDATE dl_conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
       INSERT INTO dl_activities (conversation_id, seq, activity)
       SELECT $1, next.last_seq,
              CASE WHEN coalesce($2::jsonb ->> 'id', '') <> '' THEN $2::jsonb
                   ELSE $2::jsonb || jsonb_build_object('id', $1 || '|' || lpad(next.last_seq::text, greatest(7, length(next.last_seq::text)), '0')) END
       FROM next
       RETURNING seq`,
      [conversationId, toJsonb(activity)],
    );
    if (!rows[0]) throw new Error(`Conversation ${conversationId} does not exist`);
    return Number(rows[0].seq);
  }

  /** Activities numbered above `watermark` (at most `max`), in order; one round trip. */
  async readFrom(conversationId: string, watermark: number, max = DEFAULT_READ_MAX): Promise<ActivityPage> {
    const from = Math.max(0, Math.floor(Number.isFinite(watermark) ? watermark : 0));
    const { rows } = await this.db.query<{ last_seq: string; seq: string | null; activity: Activity | null }>(
      `SELECT c.last_seq, a.seq, a.activity FROM dl_conversations c
       LEFT JOIN LATERAL (SELECT seq, activity FROM dl_activities WHERE conversation_id = c.id AND seq > $2 ORDER BY seq LIMIT $3) a ON true
       WHERE c.id = $1 ORDER BY a.seq`,
      [conversationId, from, Math.max(1, Math.floor(max))],
    );
    if (rows.length === 0) return { activities: [], watermark: from };
    const activities = rows.flatMap((row) => (row.activity ? [row.activity] : []));
    if (activities.length === 0) return { activities, watermark: Math.min(from, Number(rows[0].last_seq)) };
    return { activities, watermark: Number(rows[rows.length - 1].seq) };
  }

  /** The conversation and all its activities (retention). */
  async delete(conversationId: string): Promise<void> {
    await this.db.query('DELETE FROM dl_conversations WHERE id = $1', [conversationId]);
  }
}
