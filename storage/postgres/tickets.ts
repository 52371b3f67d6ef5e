import type pg from 'pg';
import { toJsonb } from './pool.js';

const OPEN = `('waiting', 'assigned', 'callback')`;

/** The fields of a handoff ticket the database needs to see; the rest travels in `document`. */
export interface TicketRow {
  id: string;
  conversationId: string;
  status: 'waiting' | 'assigned' | 'closed' | 'expired' | 'callback';
  createdAt: string;
  closedAt?: string;
  tenantId?: string;
  agent?: { id: string; conversation?: { conversation?: { id?: string } } };
}

/** What a conditional change requires of the row (handoff/ticket-decisions.ts says which, per change). */
export interface RowGuard {
  statuses: readonly string[];
  /** The assignee must be this agent, unless the status is one of `anyAgentStatuses`. */
  agentId?: string;
  anyAgentStatuses?: readonly string[];
  createdAtOrBefore?: string;
  /** Document fields that must not be set yet. */
  absent?: readonly string[];
  /** ISO time: the document's customerSeenAt is unset or not later. */
  quietSince?: string;
}

/** What a change sets: top-level document fields, and the agent's conversation inside `agent`. */
export interface RowPatch<T extends TicketRow> {
  set: Partial<T>;
  agentConversation?: { conversation?: { id?: string } };
}

/**
 * The open ticket of the turn's conversation, read with the turn's state in one query
 * (PostgresStorage.withTurnReads): answered once, and dropped by any ticket write in the turn.
 */
export interface TurnTicketReads {
  takeOpenTicket(conversationId: string): { document: object | undefined } | undefined;
  forgetTickets(): void;
}

/**
 * Ticket rows shared by all instances. Every operation is one statement: a change is one
 * conditional UPDATE … RETURNING whose WHERE clause is the change's guard, so of two agents on
 * two instances exactly one gets the ticket, and a ticket expires once. Reads use the indexes of
 * the migrations (open tickets, one open per conversation, agent conversation, closed_at).
 */
export class PostgresTicketRows<T extends TicketRow> {
  constructor(
    private readonly db: Pick<pg.Pool, 'query'>,
    private readonly turn?: TurnTicketReads,
  ) {}

  /** Stores a new ticket unless the conversation has an open one already; then that one is returned. */
  async open(ticket: T): Promise<{ ticket: T; created: boolean }> {
    this.turn?.forgetTickets();
    const inserted = await this.db.query<{ document: T }>(
      `INSERT INTO tickets (id, conversation_id, status, tenant_id, agent_id, agent_conversation_id, created_at, closed_at, document)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
       ON CONFLICT (conversation_id) WHERE status IN ${OPEN} DO NOTHING RETURNING document`,
      [
        ticket.id,
        ticket.conversationId,
        ticket.status,
        ticket.tenantId ?? null,
        ticket.agent?.id ?? null,
        ticket.agent?.conversation?.conversation?.id ?? null,
        ticket.createdAt,
        ticket.closedAt ?? null,
        toJsonb(ticket),
      ],
    );
    if (inserted.rows[0]) return { ticket: inserted.rows[0].document, created: true };
    const open = await this.openByConversation(ticket.conversationId);
    if (!open) throw new Error(`The open ticket of conversation ${ticket.conversationId} closed while another was opened: try again`);
    return { ticket: open, created: false };
  }

  async get(id: string): Promise<T | undefined> {
    const { rows } = await this.db.query<{ document: T }>('SELECT document FROM tickets WHERE id = $1', [id]);
    return rows[0]?.document;
  }

  /** Tickets in `statuses`; closed/expired ones only if closed at `closedSince` or later; optionally of one tenant. */
  async list(statuses: readonly string[], closedSince: Date, tenant?: { tenantId: string | undefined }): Promise<T[]> {
    const { rows } = await this.db.query<{ document: T }>(
      `SELECT document FROM tickets
       WHERE status = ANY($1::text[]) AND (status IN ${OPEN} OR closed_at >= $2)
         AND (NOT $3::boolean OR tenant_id IS NOT DISTINCT FROM $4)
       ORDER BY created_at, id`,
      [statuses, closedSince.toISOString(), tenant !== undefined, tenant?.tenantId ?? null],
    );
    return rows.map((row) => row.document);
  }

  async openByConversation(conversationId: string): Promise<T | undefined> {
    const early = this.turn?.takeOpenTicket(conversationId);
    if (early) return early.document as T | undefined;
    const { rows } = await this.db.query<{ document: T }>(`SELECT document FROM tickets WHERE conversation_id = $1 AND status IN ${OPEN}`, [conversationId]);
    return rows[0]?.document;
  }

  async assignedToAgentConversation(agentConversationId: string): Promise<T | undefined> {
    const { rows } = await this.db.query<{ document: T }>(
      `SELECT document FROM tickets WHERE agent_conversation_id = $1 AND status = 'assigned' ORDER BY updated_at DESC LIMIT 1`,
      [agentConversationId],
    );
    return rows[0]?.document;
  }

  /** Applies `patch` to ticket `id` if it meets `guard`; undefined when it does not (or does not exist). */
  async update(id: string, guard: RowGuard, patch: RowPatch<T>): Promise<T | undefined> {
    return (await this.updateWhere(guard, patch, id))[0];
  }

  /** Applies `patch` to every ticket meeting `guard`, and returns exactly those this call changed. */
  updateAll(guard: RowGuard, patch: RowPatch<T>): Promise<T[]> {
    return this.updateWhere(guard, patch);
  }

  /** `{ id, createdAt, tenantId }` of the waiting tickets (the open index serves it). */
  async waiting(): Promise<{ id: string; createdAt: string; tenantId?: string }[]> {
    const { rows } = await this.db.query<{ id: string; created_at: string; tenant_id: string | null }>(
      `SELECT id, document->>'createdAt' AS created_at, tenant_id FROM tickets WHERE status = 'waiting'`,
    );
    return rows.map((row) => ({ id: row.id, createdAt: row.created_at, ...(row.tenant_id ? { tenantId: row.tenant_id } : {}) }));
  }

  /** Minutes from assignment to close of the latest `count` tickets closed as resolved, oldest first. */
  async handlingMinutes(count: number): Promise<number[]> {
    const { rows } = await this.db.query<{ minutes: number }>(
      `SELECT round((extract(epoch FROM closed_at - (document->>'assignedAt')::timestamptz) / 60)::numeric, 1)::float8 AS minutes
       FROM tickets WHERE status = 'closed' AND document->>'closeReason' = 'resolved' AND document ? 'assignedAt'
       ORDER BY closed_at DESC LIMIT $1`,
      [count],
    );
    return rows.map((row) => row.minutes).reverse();
  }

  /** Retention: one indexed DELETE of the tickets closed or expired before `cutoff`. */
  async purgeClosedBefore(cutoff: Date): Promise<number> {
    this.turn?.forgetTickets();
    const result = await this.db.query(`DELETE FROM tickets WHERE status IN ('closed', 'expired') AND closed_at < $1`, [cutoff.toISOString()]);
    return result.rowCount ?? 0;
  }

  /** The one conditional UPDATE … RETURNING: guard as WHERE clause, patch merged into the document, columns from the patch. */
  private async updateWhere(guard: RowGuard, patch: RowPatch<T>, id?: string): Promise<T[]> {
    this.turn?.forgetTickets();
    const set = patch.set;
    const agentConversationId = patch.agentConversation?.conversation?.id ?? set.agent?.conversation?.conversation?.id;
    const params: unknown[] = [
      toJsonb(set),
      patch.agentConversation ? toJsonb(patch.agentConversation) : null,
      set.status ?? null,
      set.agent?.id ?? null,
      agentConversationId ?? null,
      set.closedAt ?? null,
      guard.statuses,
    ];
    const where = ['status = ANY($7::text[])'];
    const add = (value: unknown) => `$${params.push(value)}`;
    if (id !== undefined) where.push(`id = ${add(id)}`);
    if (guard.agentId !== undefined) where.push(`(agent_id = ${add(guard.agentId)} OR status = ANY(${add(guard.anyAgentStatuses ?? [])}::text[]))`);
    if (guard.createdAtOrBefore !== undefined) where.push(`created_at <= ${add(guard.createdAtOrBefore)}`);
    if (guard.absent?.length) where.push(`NOT (document ?| ${add(guard.absent)}::text[])`);
    if (guard.quietSince !== undefined)
      where.push(`(document->>'customerSeenAt' IS NULL OR (document->>'customerSeenAt')::timestamptz <= ${add(guard.quietSince)}::timestamptz)`);
    const { rows } = await this.db.query<{ document: T }>(
      `UPDATE tickets SET
         document = CASE WHEN $2::jsonb IS NULL THEN document || $1::jsonb ELSE jsonb_set(document || $1::jsonb, '{agent,conversation}', $2::jsonb) END,
         status = COALESCE($3, status), agent_id = COALESCE($4, agent_id),
         agent_conversation_id = COALESCE($5, agent_conversation_id), closed_at = COALESCE($6::timestamptz, closed_at), updated_at = now()
       WHERE ${where.join(' AND ')} RETURNING document`,
      params,
    );
    return rows.map((row) => row.document);
  }
}
