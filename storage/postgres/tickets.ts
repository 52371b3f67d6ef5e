import type pg from 'pg';
import { toJsonb } from './pool.js';

/** The fields of a handoff ticket the database needs to see; the rest travels in `document`. */
export interface TicketRow {
  id: string;
  conversationId: string;
  status: 'waiting' | 'assigned' | 'closed' | 'expired' | 'callback';
  createdAt: string;
  tenantId?: string;
  agent?: { id: string };
}

/**
 * Ticket rows shared by all instances: the primitives whose outcome must not depend on which
 * instance asks. Opening, accepting and expiring are each ONE conditional statement, so of two
 * agents on two instances exactly one gets the ticket, and a ticket expires once.
 */
export class PostgresTicketRows<T extends TicketRow> {
  constructor(private readonly db: Pick<pg.Pool, 'query'>) {}

  /** Stores a new ticket unless the conversation has an open one already; then that one is returned. */
  async open(ticket: T): Promise<{ ticket: T; created: boolean }> {
    const inserted = await this.db.query<{ document: T }>(
      `INSERT INTO tickets (id, conversation_id, status, tenant_id, agent_id, created_at, document) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (conversation_id) WHERE status IN ('waiting', 'assigned', 'callback') DO NOTHING RETURNING document`,
      [ticket.id, ticket.conversationId, ticket.status, ticket.tenantId ?? null, ticket.agent?.id ?? null, ticket.createdAt, toJsonb(ticket)],
    );
    if (inserted.rows[0]) return { ticket: inserted.rows[0].document, created: true };
    const { rows } = await this.db.query<{ document: T }>(`SELECT document FROM tickets WHERE conversation_id = $1 AND status IN ('waiting', 'assigned', 'callback')`, [ticket.conversationId]);
    if (!rows[0]) throw new Error(`The open ticket of conversation ${ticket.conversationId} closed while another was opened: try again`);
    return { ticket: rows[0].document, created: false };
  }

  async get(id: string): Promise<T | undefined> {
    const { rows } = await this.db.query<{ document: T }>('SELECT document FROM tickets WHERE id = $1', [id]);
    return rows[0]?.document;
  }

  /** Assigns a waiting ticket to `agent`; undefined when it was no longer waiting (someone else won). */
  async accept(id: string, agent: NonNullable<T['agent']>, assignedAt: Date): Promise<T | undefined> {
    const { rows } = await this.db.query<{ document: T }>(
      `UPDATE tickets SET status = 'assigned', agent_id = $2, updated_at = now(),
              document = document || jsonb_build_object('status', 'assigned', 'assignedAt', $3::text, 'agent', $4::jsonb)
       WHERE id = $1 AND status = 'waiting' RETURNING document`,
      [id, agent.id, assignedAt.toISOString(), toJsonb(agent)],
    );
    return rows[0]?.document;
  }

  /** Expires the tickets waiting since `cutoff` or earlier and returns exactly those this call expired. */
  async expireWaiting(cutoff: Date, now: Date): Promise<T[]> {
    const { rows } = await this.db.query<{ document: T }>(
      `UPDATE tickets SET status = 'expired', updated_at = now(),
              document = document || jsonb_build_object('status', 'expired', 'closeReason', 'no_agent', 'closedAt', $2::text)
       WHERE status = 'waiting' AND created_at <= $1 RETURNING document`,
      [cutoff.toISOString(), now.toISOString()],
    );
    return rows.map((row) => row.document);
  }
}
