import type { QueueEntry } from './queue.js';
import type { TicketDecision } from './ticket-decisions.js';
import type { Ticket, TicketStatus } from './tickets.js';

/**
 * Where tickets are kept: the port behind TicketStore. Two engines implement it, and the same
 * contract tests (ticket-store.test.ts) run against both:
 *  - documents in botbuilder Storage with small indexes (ticket-records-documents.ts), for the
 *    memory and lowdb backends of one process;
 *  - rows of the `tickets` table (ticket-records-postgres.ts), for several instances on PostgreSQL,
 *    where every operation is one statement and no document is shared between conversations.
 * The rules of every change stay in ticket-decisions.ts; an engine only runs them atomically.
 */
export interface TicketRecords {
  /** Stores a new ticket unless its conversation has an open one; then returns that one. */
  open(ticket: Ticket): Promise<{ ticket: Ticket; created: boolean }>;
  get(id: string): Promise<Ticket | undefined>;
  /** Tickets in these statuses, oldest first; closed/expired ones only if closed at `closedSince` or later. */
  list(statuses: readonly TicketStatus[], options: { closedSince: Date; tenant?: { tenantId: string | undefined } }): Promise<Ticket[]>;
  openByConversation(conversationId: string): Promise<Ticket | undefined>;
  /** The assigned ticket whose agent is reached in this conversation. */
  assignedToAgentConversation(agentConversationId: string): Promise<Ticket | undefined>;
  /** Runs one change atomically; undefined when there is no such ticket. */
  change<R>(id: string, decision: TicketDecision<R>): Promise<R | undefined>;
  /** Applies the change to every ticket its guard admits, each once; returns the changed tickets. */
  changeEvery(decision: TicketDecision<Ticket | undefined>): Promise<Ticket[]>;
  /** The waiting tickets, for queue positions. */
  waiting(): Promise<QueueEntry[]>;
  /** Minutes of the latest resolved tickets (assigned → closed), oldest first. */
  handlingSamples(): Promise<number[]>;
  /** Deletes tickets closed or expired before `cutoff`; returns how many. */
  purgeClosedBefore(cutoff: Date): Promise<number>;
}
