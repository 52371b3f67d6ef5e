// Longer than our ~250 lines on purpose: this is the one place every change of a ticket goes through
// (create, accept, close, rate, expire, purge and the queue reads), each a pure decision of
// ticket-decisions.ts inside one eTag read-modify-write plus the index updates of ticket-indexes.ts.
// Split, the invariants "one open ticket per conversation" and "first accept wins" would lose their one home.
import { randomUUID } from 'node:crypto';
import type { ConversationReference, Storage, StoreItem } from 'botbuilder';
import { readDocument, readModifyWrite } from '../storage/concurrency.js';
import { newTicket, type NewTicket } from './new-ticket.js';
import type { PhoneSealer } from './phone.js';
import { averageHandlingMinutes, byAge, expectedWaitMinutes, queuePosition } from './queue.js';
import {
  decideAccept,
  decideAgentConversation,
  decideClose,
  decideExpire,
  decideHeard,
  decideRate,
  type AcceptResult,
  type CloseResult,
  type RateResult,
  type TicketChange,
} from './ticket-decisions.js';
import { dayOf, KEYS, TicketIndexes, type PointerDocument } from './ticket-indexes.js';
import { isOpenStatus, TicketSchema, type CloseReason, type Satisfaction, type Ticket, type TicketAgent, type TicketStatus } from './tickets.js';

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
  storage: Storage;
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
 * Tickets over botbuilder `Storage`: one document per ticket plus the small indexes of
 * ticket-indexes.ts. Every change of a ticket is a pure decision (ticket-decisions.ts) made inside
 * an eTag read-modify-write, which is what makes "first accept wins" hold under concurrency.
 */
export class TicketStore {
  private readonly storage: Storage;
  private readonly indexes: TicketIndexes;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: TicketStoreOptions) {
    this.storage = options.storage;
    this.indexes = new TicketIndexes(options.storage);
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  /**
   * Opens a ticket for a customer conversation, or returns the one already open for it (a
   * customer asking twice must not queue twice). Throws PhoneNumberError for a bad callback number.
   *
   * The new ticket is written first (a reader never follows a pointer to nothing), then the
   * conversation's pointer is claimed by read-modify-write: of simultaneous requests exactly one
   * points it at its ticket; the others find that one open, delete their own and return it.
   */
  async create(input: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
    const open = await this.findOpenByConversation(input.conversationId);
    if (open) return { ticket: open, created: false };
    const ticket = newTicket(input, this.newId(), this.now(), this.options.sealer);
    await this.storage.write({ [KEYS.ticket(ticket.id)]: { ...ticket } });
    const winner = await readModifyWrite<PointerDocument, Ticket>(this.storage, KEYS.byConversation(input.conversationId), async (pointer) => {
      const existing = pointer ? await this.get(pointer.ticketId) : undefined;
      if (existing && isOpenStatus(existing.status)) return { result: existing };
      return { write: { ticketId: ticket.id }, result: ticket };
    }).catch(async (error: unknown) => {
      await this.storage.delete([KEYS.ticket(ticket.id)]);
      throw error;
    });
    if (winner.id !== ticket.id) {
      await this.storage.delete([KEYS.ticket(ticket.id)]);
      return { ticket: winner, created: false };
    }
    await this.indexes.setOpen(ticket);
    return { ticket, created: true };
  }

  async get(id: string): Promise<Ticket | undefined> {
    const document = await readDocument<Record<string, unknown>>(this.storage, KEYS.ticket(id));
    return document.value ? TicketSchema.parse(document.value) : undefined;
  }

  /**
   * Tickets in the given statuses, oldest first. Open ones come from the open index; closed and
   * expired ones from the day indexes of the last `closedListDays` days.
   */
  async list(statuses: readonly TicketStatus[], options: ListOptions = {}): Promise<Ticket[]> {
    const wanted = new Set(statuses);
    const entries = [
      ...(statuses.some(isOpenStatus) ? await this.indexes.openEntries() : []),
      ...(statuses.some((status) => !isOpenStatus(status)) ? await this.indexes.closedEntries(recentDays(this.now(), this.options.closedListDays ?? 7)) : []),
    ];
    const visible = entries.filter((entry) => wanted.has(entry.status) && (!options.filterTenant || entry.tenantId === options.tenantId));
    const tickets = await this.readTickets(visible.map((entry) => entry.id));
    // The ticket document is the truth; an index entry left stale by a crash is ignored here.
    return tickets.filter((ticket) => wanted.has(ticket.status)).sort(byAge);
  }

  /** The customer's ticket that is still waiting, assigned or pending a callback. */
  async findOpenByConversation(conversationId: string): Promise<Ticket | undefined> {
    const id = await this.indexes.pointer(KEYS.byConversation(conversationId));
    const ticket = id ? await this.get(id) : undefined;
    return ticket && isOpenStatus(ticket.status) ? ticket : undefined;
  }

  /** The assigned ticket an agent's conversation is relaying, if any. */
  async findByAgentConversation(agentConversationId: string): Promise<Ticket | undefined> {
    const id = await this.indexes.pointer(KEYS.byAgentConversation(agentConversationId));
    const ticket = id ? await this.get(id) : undefined;
    return ticket?.status === 'assigned' && ticket.agent?.conversation?.conversation?.id === agentConversationId ? ticket : undefined;
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
    const result = await this.updateTicket(ticketId, (ticket) => decideAccept(ticket, agent, this.now()));
    if (!result) return { ok: false, reason: 'not_found' };
    if (result.ok) {
      await this.indexes.setOpen(result.ticket);
      if (agentConversationId) await this.indexes.pointAgentConversation(agentConversationId, ticketId);
    }
    return result;
  }

  /** Records where the relay reaches the assigned agent (e.g. after an accept in the console). */
  async setAgentConversation(ticketId: string, agentId: string, reference: Partial<ConversationReference>): Promise<Ticket | undefined> {
    const result = await this.updateTicket(ticketId, (ticket) => decideAgentConversation(ticket, agentId, reference));
    const conversationId = reference.conversation?.id;
    if (result && conversationId) await this.indexes.pointAgentConversation(conversationId, ticketId);
    return result ?? undefined;
  }

  /** Ends a ticket (see decideClose for who may). */
  async close(ticketId: string, reason: CloseReason, byAgentId?: string): Promise<CloseResult> {
    const result = await this.updateTicket(ticketId, (ticket) => decideClose(ticket, reason, byAgentId, this.now()));
    if (!result) return { ok: false, reason: 'not_found' };
    if (result.ok) await this.indexes.recordTerminal(result.ticket, this.now());
    return result;
  }

  /** The customer's answer on the satisfaction card; once per closed ticket. */
  async rate(ticketId: string, satisfaction: Satisfaction): Promise<RateResult> {
    if (![1, 2, 3, 4, 5].includes(satisfaction)) throw new RangeError('satisfaction must be 1 to 5');
    return (await this.updateTicket(ticketId, (ticket) => decideRate(ticket, satisfaction))) ?? { ok: false, reason: 'not_found' };
  }

  /** The customer of an open ticket showed a sign of life (see isCustomerIdle). */
  async heardFrom(ticketId: string): Promise<Ticket | undefined> {
    return (await this.updateTicket(ticketId, (ticket) => decideHeard(ticket, this.now()))) ?? undefined;
  }

  /**
   * Expires tickets nobody accepted within the accept time-out; returns them so the caller can
   * tell each customer. Safe to run from several timers: a ticket expires once.
   */
  async expireStale(now: Date = this.now()): Promise<Ticket[]> {
    const cutoff = new Date(now.getTime() - this.options.acceptTimeoutMinutes * 60_000);
    const stale = (await this.indexes.openEntries()).filter((entry) => entry.status === 'waiting' && Date.parse(entry.createdAt) <= cutoff.getTime());
    const expired: Ticket[] = [];
    for (const entry of stale) {
      const ticket = await this.updateTicket(entry.id, (current) => decideExpire(current, cutoff, now));
      if (!ticket) continue;
      await this.indexes.recordTerminal(ticket, now);
      expired.push(ticket);
    }
    return expired;
  }

  /** Place in the tenant's queue and expected wait, for a waiting ticket. */
  async queueInfo(ticketId: string): Promise<QueueInfo | undefined> {
    const waiting = (await this.indexes.openEntries()).filter((entry) => entry.status === 'waiting');
    const position = queuePosition(waiting, ticketId);
    if (position === undefined) return undefined;
    return { position, expectedWaitMinutes: expectedWaitMinutes(position, await this.averageHandlingMinutes()) };
  }

  /** Queue positions of all waiting tickets at once (one index read), for listings. */
  async queuePositions(): Promise<Map<string, number>> {
    const waiting = (await this.indexes.openEntries()).filter((entry) => entry.status === 'waiting');
    return new Map(waiting.map((entry) => [entry.id, queuePosition(waiting, entry.id) ?? 0]));
  }

  async averageHandlingMinutes(): Promise<number> {
    return averageHandlingMinutes(await this.indexes.handlingSamples(), this.options.averageHandlingMinutes);
  }

  /** The full callback number, or undefined when the ticket has none or the key changed since. */
  revealCallbackPhone(ticket: Ticket): string | undefined {
    return ticket.callback ? this.options.sealer.open(ticket.callback.phoneSealed, ticket.id) : undefined;
  }

  /** Deletes tickets closed more than `retentionDays` ago, with their day indexes. Returns how many. */
  async purgeExpired(now: Date = this.now()): Promise<number> {
    const oldestKept = dayOf(new Date(now.getTime() - (this.options.retentionDays ?? 30) * DAY_MS));
    let removed = 0;
    for (const { day, ids } of await this.indexes.closedDaysBefore(oldestKept)) {
      const tickets = await this.readTickets(ids);
      await this.storage.delete([...ids.map(KEYS.ticket), ...tickets.map((ticket) => KEYS.byConversation(ticket.conversationId))]);
      await this.indexes.forgetDay(day);
      removed += ids.length;
    }
    return removed;
  }

  /** A decision on the stored ticket inside an eTag read-modify-write; undefined when there is no such ticket. */
  private async updateTicket<R>(id: string, decide: (ticket: Ticket) => TicketChange<R>): Promise<R | undefined> {
    return readModifyWrite<Ticket, R | undefined>(this.storage, KEYS.ticket(id), (stored) => {
      if (!stored) return { result: undefined };
      const decision = decide(TicketSchema.parse(stored));
      return { write: decision.write && TicketSchema.parse(decision.write), result: decision.result };
    });
  }

  private async readTickets(ids: string[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const items = await this.storage.read(ids.map(KEYS.ticket));
    return Object.values(items).map((item) => {
      const { eTag: _eTag, ...value } = item as StoreItem;
      return TicketSchema.parse(value);
    });
  }
}

/** The last `count` UTC days, today included. */
function recentDays(now: Date, count: number): string[] {
  return Array.from({ length: count }, (_, index) => dayOf(new Date(now.getTime() - index * DAY_MS)));
}
