import type { Activity } from 'botbuilder';
import type pg from 'pg';
import { toJsonb } from './pool.js';

/** One conversation's transcript row (what the QA list shows). */
export interface TranscriptRow {
  conversationId: string;
  channelId: string;
  started: string;
  lastActivity: string;
  count: number;
}

/** An activity to append, already redacted, with the time it counts from (server clock). */
export interface TranscriptEntry {
  activity: Partial<Activity>;
  at: Date;
}

interface ConversationColumns {
  conversation_id: string;
  channel_id: string;
  started_at: Date;
  last_activity_at: Date;
  activity_count: number;
}
const toRow = (row: ConversationColumns): TranscriptRow => ({
  conversationId: row.conversation_id,
  channelId: row.channel_id,
  started: row.started_at.toISOString(),
  lastActivity: row.last_activity_at.toISOString(),
  count: row.activity_count,
});

/**
 * Transcripts as rows, shared by every instance: `transcript_conversations` (one per conversation,
 * indexed by its last activity) and `transcript_activities` (numbered 1, 2, 3 … per conversation).
 *
 * Appending a turn's activities is ONE statement: the conversation row is created or bumped (its
 * row lock orders appends from any instance) and the activities are inserted under the numbers it
 * hands out. Retention is ONE indexed DELETE on `last_activity_at`; activities go by cascade.
 */
export class PostgresTranscriptRows {
  constructor(private readonly db: Pick<pg.Pool, 'query'>) {}

  async append(conversationId: string, channelId: string, entries: TranscriptEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const times = entries.map((entry) => entry.at.getTime());
    await this.db.query(
      `WITH input AS (SELECT ord, activity, at FROM jsonb_to_recordset($3::jsonb) AS x(ord int, activity jsonb, at timestamptz)),
       conv AS (
         INSERT INTO transcript_conversations AS t (conversation_id, channel_id, started_at, last_activity_at, activity_count)
         VALUES ($1, $2, $4, $5, $6)
         ON CONFLICT (conversation_id) DO UPDATE
           SET activity_count = t.activity_count + EXCLUDED.activity_count,
               last_activity_at = greatest(t.last_activity_at, EXCLUDED.last_activity_at)
         RETURNING activity_count - $6 AS base)
       INSERT INTO transcript_activities (conversation_id, seq, activity, logged_at)
       SELECT $1, conv.base + input.ord, input.activity, input.at FROM conv, input`,
      [
        conversationId,
        channelId,
        toJsonb(entries.map((entry, index) => ({ ord: index + 1, activity: entry.activity, at: entry.at.toISOString() }))),
        new Date(Math.min(...times)).toISOString(),
        new Date(Math.max(...times)).toISOString(),
        entries.length,
      ],
    );
  }

  async meta(conversationId: string): Promise<TranscriptRow | undefined> {
    const { rows } = await this.db.query<ConversationColumns>('SELECT * FROM transcript_conversations WHERE conversation_id = $1', [conversationId]);
    return rows[0] && toRow(rows[0]);
  }

  /** Every conversation, newest first (QA's list; bounded by retention). */
  async list(channelId?: string): Promise<TranscriptRow[]> {
    const { rows } = await this.db.query<ConversationColumns>(
      'SELECT * FROM transcript_conversations WHERE $1::text IS NULL OR channel_id = $1 ORDER BY started_at DESC, conversation_id',
      [channelId ?? null],
    );
    return rows.map(toRow);
  }

  /** Activities numbered `from`..`to` (inclusive), in log order. */
  async activities(conversationId: string, from = 1, to = Number.MAX_SAFE_INTEGER): Promise<Activity[]> {
    const { rows } = await this.db.query<{ activity: Activity }>(
      'SELECT activity FROM transcript_activities WHERE conversation_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq',
      [conversationId, from, Math.min(to, 2 ** 31 - 1)],
    );
    return rows.map((row) => row.activity);
  }

  /** Deletes one conversation's transcript; true when there was one. */
  async delete(conversationId: string, channelId?: string): Promise<boolean> {
    const result = await this.db.query('DELETE FROM transcript_conversations WHERE conversation_id = $1 AND ($2::text IS NULL OR channel_id = $2)', [
      conversationId,
      channelId ?? null,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  /** Deletes every conversation whose last activity is before `cutoff`; returns how many. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const result = await this.db.query('DELETE FROM transcript_conversations WHERE last_activity_at < $1', [cutoff.toISOString()]);
    return result.rowCount ?? 0;
  }
}
