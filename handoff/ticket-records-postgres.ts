import type { PostgresTicketRows } from '../storage/postgres/tickets.js';
import { HANDLING_SAMPLE_SIZE, byAge, type QueueEntry } from './queue.js';
import type { TicketDecision } from './ticket-decisions.js';
import type { TicketRecords } from './ticket-records.js';
import { TicketSchema, type Ticket, type TicketStatus } from './tickets.js';

/** A refused change is re-decided on the fresh ticket at most this often before giving up. */
const ATTEMPTS = 5;

/**
 * Tickets as rows of the `tickets` table (STORAGE=postgres, several instances). A change is the
 * decision's guard and patch in one conditional UPDATE … RETURNING (storage/postgres/tickets.ts):
 * the database picks the one winner. Only when the guard refused is the ticket read, to let the
 * same decision explain why (taken, not the assignee, already rated…), or to try again if the
 * ticket moved into a state the guard admits between the two statements.
 */
export class PostgresTicketRecords implements TicketRecords {
  constructor(private readonly rows: PostgresTicketRows<Ticket>) {}

  async open(ticket: Ticket): Promise<{ ticket: Ticket; created: boolean }> {
    const opened = await this.rows.open(ticket);
    return { ticket: TicketSchema.parse(opened.ticket), created: opened.created };
  }

  async get(id: string): Promise<Ticket | undefined> {
    return parsed(await this.rows.get(id));
  }

  async list(statuses: readonly TicketStatus[], options: { closedSince: Date; tenant?: { tenantId: string | undefined } }): Promise<Ticket[]> {
    return (await this.rows.list(statuses, options.closedSince, options.tenant)).map((row) => TicketSchema.parse(row)).sort(byAge);
  }

  async openByConversation(conversationId: string): Promise<Ticket | undefined> {
    return parsed(await this.rows.openByConversation(conversationId));
  }

  async assignedToAgentConversation(agentConversationId: string): Promise<Ticket | undefined> {
    return parsed(await this.rows.assignedToAgentConversation(agentConversationId));
  }

  async change<R>(id: string, decision: TicketDecision<R>): Promise<R | undefined> {
    const { guard, patch } = decision.transition;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const written = await this.rows.update(id, guard, patch);
      if (written) return decision.written(TicketSchema.parse(written));
      const current = await this.get(id);
      if (!current) return undefined;
      const refusal = decision.decide(current);
      if (!refusal.write) return refusal.result;
    }
    throw new Error(`Ticket ${id} kept changing while it was being changed: try again`);
  }

  async changeEvery(decision: TicketDecision<Ticket | undefined>): Promise<Ticket[]> {
    const { guard, patch } = decision.transition;
    const changed = (await this.rows.updateAll(guard, patch)).map((row) => decision.written(TicketSchema.parse(row)));
    return changed.filter((ticket): ticket is Ticket => ticket !== undefined);
  }

  waiting(): Promise<QueueEntry[]> {
    return this.rows.waiting();
  }

  handlingSamples(): Promise<number[]> {
    return this.rows.handlingMinutes(HANDLING_SAMPLE_SIZE);
  }

  purgeClosedBefore(cutoff: Date): Promise<number> {
    return this.rows.purgeClosedBefore(cutoff);
  }
}

function parsed(row: unknown): Ticket | undefined {
  return row === undefined ? undefined : TicketSchema.parse(row);
}
