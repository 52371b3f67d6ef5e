// The one place every change of a ticket goes through (create, accept, close, rate, expire, purge
// and the queue reads): each a pure decision of ticket-decisions.ts, run atomically by the engine
// behind the TicketRecords port (documents + indexes, or PostgreSQL rows).
import { randomUUID } from 'node:crypto';
import type { ConversationReference, Storage } from 'botbuilder';
import { newTicket, type NewTicket } from './new-ticket.js';
import type { PhoneSealer } from './phone.js';
import { averageHandlingMinutes, expectedWaitMinutes, queuePosition } from './queue.js';
import { DECISIONS, type AcceptResult, type CloseResult, type RateResult } from './ticket-decisions.js';
import { DocumentTicketRecords } from './ticket-records-documents.js';
import type { TicketRecords } from './ticket-records.js';
import type { CloseReason, Satisfaction, Ticket, TicketAgent, TicketStatus } from './tickets.js';

export type { AcceptResult, CloseResult, RateResult } from './ticket-decisions.js';
export type { NewTicket } from './new-ticket.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface QueueInfo {
  position: number;
  expectedWaitMinutes: number;
}

export interface ListOptions {
  /** Only tickets of this tenant (tickets without a tenant have `undefined`). Omit for all. */
  tenantId?: string | undefined;
  /** Restrict to a tenant at all: false = every ticket regardless of tenant. */
  filterTenant?: boolean;
}

export interface TicketStoreOptions {
  /** Where tickets are kept as documents, unless `records` is given. */
  storage?: Storage;
  /** Where tickets are kept (STORAGE=postgres: their own table); default: documents in `storage`. */
  records?: TicketRecords;
  sealer: PhoneSealer;
  /** Waiting longer than this → expired (no_agent). */
  acceptTimeoutMinutes: number;
  /** Estimate used until enough tickets were handled to measure it. */
  averageHandlingMinutes: number;
  /** How many days of closed tickets `list` shows. */
  closedListDays?: number;
  /** After how many days closed tickets are deleted by `purgeExpired`. */
  retentionDays?: number;
  now?: () => Date;
  newId?: () => string;
}

/**
 * Tickets: what a customer, an agent and the timers may do with them. The rules are the decisions
 * of ticket-decisions.ts; the engine behind `records` runs each one atomically, which is what makes
 * "first accept wins" and "a ticket expires once" hold under concurrency.
 */
export class TicketStore {
  private readonly records: TicketRecords;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: TicketStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    if (options.records) this.records = options.records;
    else if (options.storage) this.records = new DocumentTicketRecords(options.storage, this.now);
    else throw new Error('TicketStore needs `records` or `storage`');
  }

  /**
   * Opens a ticket for a customer conversation, or returns the one already open for it (a
   * customer asking twice must not queue twice; of simultaneous requests exactly one opens).
   * Throws PhoneNumberError for a bad callback number.
   */
  async create(input: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
    const open = await this.findOpenByConversation(input.conversationId);
    if (open) return { ticket: open, created: false };
    return this.records.open(newTicket(input, this.newId(), this.now(), this.options.sealer));
  }

  get(id: string): Promise<Ticket | undefined> {
    return this.records.get(id);
  }

  /** Tickets in the given statuses, oldest first; closed and expired ones of the last `closedListDays` (UTC) days. */
  list(statuses: readonly TicketStatus[], options: ListOptions = {}): Promise<Ticket[]> {
    const closedSince = startOfDay(new Date(this.now().getTime() - ((this.options.closedListDays ?? 7) - 1) * DAY_MS));
    return this.records.list(statuses, { closedSince, ...(options.filterTenant ? { tenant: { tenantId: options.tenantId } } : {}) });
  }

  /** The customer's ticket that is still waiting, assigned or pending a callback. */
  findOpenByConversation(conversationId: string): Promise<Ticket | undefined> {
    return this.records.openByConversation(conversationId);
  }

  /** The assigned ticket an agent's conversation is relaying, if any. */
  findByAgentConversation(agentConversationId: string): Promise<Ticket | undefined> {
    return this.records.assignedToAgentConversation(agentConversationId);
  }

  /**
   * Assigns a waiting ticket to an agent (see decideAccept). An agent chat that is already
   * relaying another ticket cannot take a second one.
   */
  async accept(ticketId: string, agent: TicketAgent): Promise<AcceptResult> {
    const agentConversationId = agent.conversation?.conversation?.id;
    if (agentConversationId) {
      const busy = await this.findByAgentConversation(agentConversationId);
      if (busy && busy.id !== ticketId) return { ok: false, reason: 'agent_busy', ticketId: busy.id };
    }
    return (await this.records.change(ticketId, DECISIONS.accept(agent, this.now()))) ?? { ok: false, reason: 'not_found' };
  }

  /** Records where the relay reaches the assigned agent (e.g. after an accept in the console). */
  async setAgentConversation(ticketId: string, agentId: string, reference: Partial<ConversationReference>): Promise<Ticket | undefined> {
    return (await this.records.change(ticketId, DECISIONS.agentConversation(agentId, reference))) ?? undefined;
  }

  /** Ends a ticket (see decideClose for who may). */
  async close(ticketId: string, reason: CloseReason, byAgentId?: string): Promise<CloseResult> {
    return (await this.records.change(ticketId, DECISIONS.close(reason, byAgentId, this.now()))) ?? { ok: false, reason: 'not_found' };
  }

  /** The customer's answer on the satisfaction card; once per closed ticket. */
  async rate(ticketId: string, satisfaction: Satisfaction): Promise<RateResult> {
    if (![1, 2, 3, 4, 5].includes(satisfaction)) throw new RangeError('satisfaction must be 1 to 5');
    return (await this.records.change(ticketId, DECISIONS.rate(satisfaction))) ?? { ok: false, reason: 'not_found' };
  }

  /**
   * A waiting customer who left is dropped from the queue (closed as customer_left), in one conditional
   * write that also requires no sign of life after `quietSince`; undefined when they came back or the
   * ticket is no longer waiting.
   */
  async dropIfQuiet(ticketId: string, quietSince: Date): Promise<Ticket | undefined> {
    return (await this.records.change(ticketId, DECISIONS.dropLeft(quietSince, this.now()))) ?? undefined;
  }

  /** The customer of an open ticket showed a sign of life (see isCustomerIdle). */
  async heardFrom(ticketId: string): Promise<Ticket | undefined> {
    return (await this.records.change(ticketId, DECISIONS.heard(this.now()))) ?? undefined;
  }

  /**
   * Expires tickets nobody accepted within the accept time-out; returns them so the caller can
   * tell each customer. Safe to run from several timers: a ticket expires once.
   */
  expireStale(now: Date = this.now()): Promise<Ticket[]> {
    const cutoff = new Date(now.getTime() - this.options.acceptTimeoutMinutes * 60_000);
    return this.records.changeEvery(DECISIONS.expire(cutoff, now));
  }

  /** Place in the tenant's queue and expected wait, for a waiting ticket. */
  async queueInfo(ticketId: string): Promise<QueueInfo | undefined> {
    const position = queuePosition(await this.records.waiting(), ticketId);
    if (position === undefined) return undefined;
    return { position, expectedWaitMinutes: expectedWaitMinutes(position, await this.averageHandlingMinutes()) };
  }

  /** Queue positions of all waiting tickets at once (one read), for listings. */
  async queuePositions(): Promise<Map<string, number>> {
    const waiting = await this.records.waiting();
    return new Map(waiting.map((entry) => [entry.id, queuePosition(waiting, entry.id) ?? 0]));
  }

  async averageHandlingMinutes(): Promise<number> {
    return averageHandlingMinutes(await this.records.handlingSamples(), this.options.averageHandlingMinutes);
  }

  /** The full callback number, or undefined when the ticket has none or the key changed since. */
  revealCallbackPhone(ticket: Ticket): string | undefined {
    return ticket.callback ? this.options.sealer.open(ticket.callback.phoneSealed, ticket.id) : undefined;
  }

  /** Deletes tickets closed before the (UTC) day `retentionDays` ago. Returns how many. */
  purgeExpired(now: Date = this.now()): Promise<number> {
    return this.records.purgeClosedBefore(startOfDay(new Date(now.getTime() - (this.options.retentionDays ?? 30) * DAY_MS)));
  }
}

function startOfDay(date: Date): Date {
  return new Date(`${date.toISOString().slice(0, 10)}T00:00:00.000Z`);
}
