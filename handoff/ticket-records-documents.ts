import type { Storage, StoreItem } from 'botbuilder';
import { readDocument, readModifyWrite } from '../storage/concurrency.js';
import { byAge, type QueueEntry } from './queue.js';
import type { TicketDecision } from './ticket-decisions.js';
import { dayOf, KEYS, TicketIndexes, type PointerDocument } from './ticket-indexes.js';
import type { TicketRecords } from './ticket-records.js';
import { isOpenStatus, TicketSchema, type Ticket, type TicketStatus } from './tickets.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Tickets as documents in botbuilder Storage (memory, lowdb: one process): one document per
 * ticket plus the small indexes of ticket-indexes.ts. Every change is a decision made inside an
 * eTag read-modify-write of the ticket document, which is what makes "first accept wins" hold;
 * the indexes follow the ticket (the ticket document stays the truth, see TicketIndexes).
 */
export class DocumentTicketRecords implements TicketRecords {
  private readonly indexes: TicketIndexes;

  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.indexes = new TicketIndexes(storage);
  }

  /**
   * The new ticket is written first (a reader never follows a pointer to nothing), then the
   * conversation's pointer is claimed by read-modify-write: of simultaneous requests exactly one
   * points it at its ticket; the others find that one open, delete their own and return it.
   */
  async open(ticket: Ticket): Promise<{ ticket: Ticket; created: boolean }> {
    await this.storage.write({ [KEYS.ticket(ticket.id)]: { ...ticket } });
    const winner = await readModifyWrite<PointerDocument, Ticket>(this.storage, KEYS.byConversation(ticket.conversationId), async (pointer) => {
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

  /** Open ones come from the open index; closed and expired ones from the day indexes since `closedSince`. */
  async list(statuses: readonly TicketStatus[], options: { closedSince: Date; tenant?: { tenantId: string | undefined } }): Promise<Ticket[]> {
    const wanted = new Set(statuses);
    const entries = [
      ...(statuses.some(isOpenStatus) ? await this.indexes.openEntries() : []),
      ...(statuses.some((status) => !isOpenStatus(status)) ? await this.indexes.closedEntries(daysBetween(options.closedSince, this.now())) : []),
    ];
    const { tenant } = options;
    const visible = entries.filter((entry) => wanted.has(entry.status) && (!tenant || entry.tenantId === tenant.tenantId));
    const tickets = await this.readTickets(visible.map((entry) => entry.id));
    // The ticket document is the truth; an index entry left stale by a crash is ignored here.
    return tickets.filter((ticket) => wanted.has(ticket.status)).sort(byAge);
  }

  async openByConversation(conversationId: string): Promise<Ticket | undefined> {
    const id = await this.indexes.pointer(KEYS.byConversation(conversationId));
    const ticket = id ? await this.get(id) : undefined;
    return ticket && isOpenStatus(ticket.status) ? ticket : undefined;
  }

  async assignedToAgentConversation(agentConversationId: string): Promise<Ticket | undefined> {
    const id = await this.indexes.pointer(KEYS.byAgentConversation(agentConversationId));
    const ticket = id ? await this.get(id) : undefined;
    return ticket?.status === 'assigned' && ticket.agent?.conversation?.conversation?.id === agentConversationId ? ticket : undefined;
  }

  /** The decision inside an eTag read-modify-write of the ticket; then the indexes follow what was written. */
  async change<R>(id: string, decision: TicketDecision<R>): Promise<R | undefined> {
    let before: Ticket | undefined;
    let after: Ticket | undefined;
    const result = await readModifyWrite<Ticket, R | undefined>(this.storage, KEYS.ticket(id), (stored) => {
      if (!stored) return { result: undefined };
      before = TicketSchema.parse(stored);
      const change = decision.decide(before);
      after = change.write && TicketSchema.parse(change.write);
      return { write: after, result: change.result };
    });
    if (before && after) await this.follow(before, after);
    return result;
  }

  async changeEvery(decision: TicketDecision<Ticket | undefined>): Promise<Ticket[]> {
    const { statuses, createdAtOrBefore } = decision.transition.guard;
    const candidates = (await this.indexes.openEntries()).filter(
      (entry) => statuses.includes(entry.status) && (createdAtOrBefore === undefined || Date.parse(entry.createdAt) <= Date.parse(createdAtOrBefore)),
    );
    const changed: Ticket[] = [];
    for (const entry of candidates) {
      const ticket = await this.change(entry.id, decision);
      if (ticket) changed.push(ticket);
    }
    return changed;
  }

  async waiting(): Promise<QueueEntry[]> {
    return (await this.indexes.openEntries()).filter((entry) => entry.status === 'waiting');
  }

  handlingSamples(): Promise<number[]> {
    return this.indexes.handlingSamples();
  }

  /** Whole day indexes older than the cutoff's (UTC) day go, with their tickets and pointers. */
  async purgeClosedBefore(cutoff: Date): Promise<number> {
    let removed = 0;
    for (const { day, ids } of await this.indexes.closedDaysBefore(dayOf(cutoff))) {
      const tickets = await this.readTickets(ids);
      await this.storage.delete([...ids.map(KEYS.ticket), ...tickets.map((ticket) => KEYS.byConversation(ticket.conversationId))]);
      await this.indexes.forgetDay(day);
      removed += ids.length;
    }
    return removed;
  }

  /** Index bookkeeping after a write: the open index on a status change, day index when it ended, agent pointer. */
  private async follow(before: Ticket, after: Ticket): Promise<void> {
    if (before.status !== after.status) {
      if (isOpenStatus(after.status)) await this.indexes.setOpen(after);
      else await this.indexes.recordTerminal(after, new Date(after.closedAt ?? this.now().toISOString()));
    }
    const agentConversationId = after.agent?.conversation?.conversation?.id;
    if (isOpenStatus(after.status) && agentConversationId && agentConversationId !== before.agent?.conversation?.conversation?.id) {
      await this.indexes.pointAgentConversation(agentConversationId, after.id);
    }
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

/** The UTC days from `since`'s to `until`'s, both included. */
function daysBetween(since: Date, until: Date): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${dayOf(since)}T00:00:00.000Z`); at <= until.getTime(); at += DAY_MS) days.push(dayOf(new Date(at)));
  return days;
}
