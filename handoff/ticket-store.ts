import { randomUUID } from 'node:crypto';
import type { ConversationReference, Storage, StoreItem } from 'botbuilder';
import { KeyedLock } from '../bot/storage/keyed-lock.js';
import { maskPhone, normalizePhone, type PhoneSealer } from './phone.js';
import { addHandlingSample, averageHandlingMinutes, byAge, expectedWaitMinutes, queuePosition, type QueueEntry } from './queue.js';
import {
  isOpenStatus,
  TicketSchema,
  type CloseReason,
  type Satisfaction,
  type Ticket,
  type TicketAgent,
  type TicketStatus,
  type TicketSummary,
} from './tickets.js';

/**
 * Tickets over botbuilder `Storage`, one document per ticket plus small indexes, so that no
 * operation reads "all tickets ever":
 *   handoff/open                  ids of waiting/assigned/callback tickets (bounded by the queue)
 *   handoff/closed/<YYYY-MM-DD>   ids of tickets closed that (UTC) day
 *   handoff/closed-days           which day documents exist (for retention)
 *   handoff/by-conversation/<id>  the customer's latest ticket
 *   handoff/by-agent-conversation/<id>  the ticket an agent's chat is relaying
 *   handoff/stats/handling        the last handling times, for wait estimates
 * Every read-modify-write carries the eTag it read; a conflict re-reads and re-decides, which is
 * what makes "first accept wins" hold under concurrency.
 */

const KEYS = {
  ticket: (id: string) => `handoff/ticket/${id}`,
  open: 'handoff/open',
  closedDay: (day: string) => `handoff/closed/${day}`,
  closedDays: 'handoff/closed-days',
  byConversation: (conversationId: string) => `handoff/by-conversation/${conversationId}`,
  byAgentConversation: (conversationId: string) => `handoff/by-agent-conversation/${conversationId}`,
  handlingStats: 'handoff/stats/handling',
};

const MAX_ATTEMPTS = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

interface IndexEntry extends QueueEntry {
  status: TicketStatus;
}
interface IndexDocument {
  entries: Record<string, IndexEntry>;
}
interface DaysDocument {
  days: string[];
}
interface PointerDocument {
  ticketId: string;
}
interface StatsDocument {
  handlingMinutes: number[];
}

export interface NewTicket {
  conversationId: string;
  channelId: string;
  serviceUrl?: string;
  customerReference?: Partial<ConversationReference>;
  locale: string;
  tenantId?: string;
  teamId?: string;
  summary: TicketSummary;
  /** Outside business hours: the number to call back (validated, masked and sealed here). */
  callback?: { phone: string; preferredTime?: string };
}

export type AcceptResult =
  | { ok: true; ticket: Ticket }
  | { ok: false; reason: 'taken'; by: { id: string; name: string }; ticket: Ticket }
  | { ok: false; reason: 'not_waiting'; ticket: Ticket }
  | { ok: false; reason: 'agent_busy'; ticketId: string }
  | { ok: false; reason: 'not_found' };

export type CloseResult =
  | { ok: true; ticket: Ticket }
  | { ok: false; reason: 'not_open' | 'not_assignee'; ticket: Ticket }
  | { ok: false; reason: 'not_found' };

export type RateResult =
  | { ok: true; ticket: Ticket }
  | { ok: false; reason: 'not_closed' | 'already_rated'; ticket: Ticket }
  | { ok: false; reason: 'not_found' };

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

/** A stored item with the eTag it was read with (undefined for a document that does not exist yet). */
interface Versioned<T> {
  value: T | undefined;
  eTag: string | undefined;
}

export class TicketStore {
  private readonly storage: Storage;
  private readonly lock = new KeyedLock();
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: TicketStoreOptions) {
    this.storage = options.storage;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  /**
   * Opens a ticket for a customer conversation, or returns the one already open for it (a
   * customer asking twice must not queue twice). Throws PhoneNumberError for a bad callback number.
   *
   * One open ticket per conversation holds under concurrency: the conversation's pointer is
   * claimed under a per-key lock in this process and written with the eTag it was read with, so
   * of simultaneous requests exactly one creates and the others get its ticket. (Across
   * processes the eTag covers a conversation that had a ticket before; a first pointer has no
   * eTag yet — the same limit as the other indexes.)
   */
  async create(input: NewTicket): Promise<{ ticket: Ticket; created: boolean }> {
    const pointerKey = KEYS.byConversation(input.conversationId);
    return this.lock.run(pointerKey, async () => {
      for (let attempt = 1; ; attempt += 1) {
        const pointer = await this.readDocument<PointerDocument>(pointerKey);
        const existing = pointer.value ? await this.get(pointer.value.ticketId) : undefined;
        if (existing && isOpenStatus(existing.status)) return { ticket: existing, created: false };
        const ticket = this.newTicket(input);
        // The ticket exists before the pointer names it, so a reader never follows a pointer to nothing.
        await this.storage.write({ [KEYS.ticket(ticket.id)]: { ...ticket } });
        try {
          await this.storage.write({ [pointerKey]: { ticketId: ticket.id, eTag: pointer.eTag ?? '*' } });
        } catch (error) {
          await this.storage.delete([KEYS.ticket(ticket.id)]);
          if (!isConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
          continue; // another process claimed the conversation meanwhile: look again
        }
        await this.updateOpenIndex((entries) => {
          entries[ticket.id] = indexEntry(ticket);
        });
        return { ticket, created: true };
      }
    });
  }

  private newTicket(input: NewTicket): Ticket {
    const id = this.newId();
    const callback = input.callback
      ? {
          phoneMasked: maskPhone(input.callback.phone),
          phoneSealed: this.options.sealer.seal(normalizePhone(input.callback.phone), id),
          ...(input.callback.preferredTime ? { preferredTime: input.callback.preferredTime.slice(0, 100) } : {}),
        }
      : undefined;
    return TicketSchema.parse({
      id,
      conversationId: input.conversationId,
      channelId: input.channelId,
      serviceUrl: input.serviceUrl,
      customerReference: input.customerReference,
      locale: input.locale,
      status: callback ? 'callback' : 'waiting',
      createdAt: this.now().toISOString(),
      tenantId: input.tenantId,
      teamId: input.teamId,
      summary: input.summary,
      callback,
    });
  }

  async get(id: string): Promise<Ticket | undefined> {
    return (await this.readTicket(id)).value;
  }

  /**
   * Tickets in the given statuses, oldest first. Open ones come from the open index; closed and
   * expired ones from the day indexes of the last `closedListDays` days.
   */
  async list(statuses: readonly TicketStatus[], options: ListOptions = {}): Promise<Ticket[]> {
    const wanted = new Set(statuses);
    const entries: IndexEntry[] = [];
    if (statuses.some(isOpenStatus)) entries.push(...Object.values((await this.readOpenIndex()).value?.entries ?? {}));
    if (statuses.some((status) => !isOpenStatus(status))) {
      const days = recentDays(this.now(), this.options.closedListDays ?? 7);
      const documents = await this.storage.read(days.map(KEYS.closedDay));
      for (const document of Object.values(documents)) entries.push(...Object.values((document as IndexDocument).entries ?? {}));
    }
    const visible = entries.filter(
      (entry) => wanted.has(entry.status) && (!options.filterTenant || entry.tenantId === options.tenantId),
    );
    const tickets = await this.readTickets(visible.map((entry) => entry.id));
    // The ticket document is the truth; an index entry left stale by a crash is ignored here.
    return tickets.filter((ticket) => wanted.has(ticket.status)).sort(byAge);
  }

  /** The customer's ticket that is still waiting, assigned or pending a callback. */
  async findOpenByConversation(conversationId: string): Promise<Ticket | undefined> {
    const pointer = await this.readDocument<PointerDocument>(KEYS.byConversation(conversationId));
    if (!pointer.value) return undefined;
    const ticket = await this.get(pointer.value.ticketId);
    return ticket && isOpenStatus(ticket.status) ? ticket : undefined;
  }

  /** The assigned ticket an agent's conversation is relaying, if any. */
  async findByAgentConversation(agentConversationId: string): Promise<Ticket | undefined> {
    const pointer = await this.readDocument<PointerDocument>(KEYS.byAgentConversation(agentConversationId));
    if (!pointer.value) return undefined;
    const ticket = await this.get(pointer.value.ticketId);
    return ticket?.status === 'assigned' && ticket.agent?.conversation?.conversation?.id === agentConversationId ? ticket : undefined;
  }

  /**
   * Assigns a waiting ticket to an agent. Of several concurrent accepts exactly one wins; the
   * others learn who took it. Accepting again as the same agent succeeds (a double click).
   * An agent chat that is already relaying another ticket cannot take a second one.
   */
  async accept(ticketId: string, agent: TicketAgent): Promise<AcceptResult> {
    const agentConversationId = agent.conversation?.conversation?.id;
    if (agentConversationId) {
      const busy = await this.findByAgentConversation(agentConversationId);
      if (busy && busy.id !== ticketId) return { ok: false, reason: 'agent_busy', ticketId: busy.id };
    }
    const result = await this.updateTicket<AcceptResult>(ticketId, (ticket) => {
      if (ticket.status === 'assigned' && ticket.agent) {
        return ticket.agent.id === agent.id
          ? { result: { ok: true, ticket } }
          : { result: { ok: false, reason: 'taken', by: { id: ticket.agent.id, name: ticket.agent.name }, ticket } };
      }
      if (ticket.status !== 'waiting') return { result: { ok: false, reason: 'not_waiting', ticket } };
      const assigned: Ticket = { ...ticket, status: 'assigned', assignedAt: this.now().toISOString(), agent: stripUndefined(agent) };
      return { write: assigned, result: { ok: true, ticket: assigned } };
    });
    if (!result) return { ok: false, reason: 'not_found' };
    if (result.ok) {
      await this.updateOpenIndex((entries) => {
        entries[ticketId] = indexEntry(result.ticket);
      });
      if (agentConversationId) await this.pointAgentConversation(agentConversationId, ticketId);
    }
    return result;
  }

  /** Records where the relay reaches the assigned agent (e.g. after an accept in the console). */
  async setAgentConversation(ticketId: string, agentId: string, reference: Partial<ConversationReference>): Promise<Ticket | undefined> {
    const result = await this.updateTicket<Ticket | undefined>(ticketId, (ticket) => {
      if (ticket.status !== 'assigned' || ticket.agent?.id !== agentId) return { result: undefined };
      const updated: Ticket = { ...ticket, agent: { ...ticket.agent, conversation: reference } };
      return { write: updated, result: updated };
    });
    const conversationId = reference.conversation?.id;
    if (result && conversationId) await this.pointAgentConversation(conversationId, ticketId);
    return result ?? undefined;
  }

  /**
   * Ends a ticket. With `byAgentId` (an agent pressing close) only the assignee may close an
   * assigned ticket; any agent may close a callback ticket after calling. Without it (the
   * customer left, a time-out) any open ticket closes.
   */
  async close(ticketId: string, reason: CloseReason, byAgentId?: string): Promise<CloseResult> {
    const result = await this.updateTicket<CloseResult>(ticketId, (ticket) => {
      if (!isOpenStatus(ticket.status)) return { result: { ok: false, reason: 'not_open', ticket } };
      if (byAgentId !== undefined && ticket.status !== 'callback' && ticket.agent?.id !== byAgentId) {
        return { result: { ok: false, reason: 'not_assignee', ticket } };
      }
      const closed: Ticket = { ...ticket, status: 'closed', closeReason: reason, closedAt: this.now().toISOString() };
      return { write: closed, result: { ok: true, ticket: closed } };
    });
    if (!result) return { ok: false, reason: 'not_found' };
    if (result.ok) await this.afterTerminal(result.ticket);
    return result;
  }

  /** The customer's answer on the satisfaction card; once per closed ticket. */
  async rate(ticketId: string, satisfaction: Satisfaction): Promise<RateResult> {
    if (![1, 2, 3, 4, 5].includes(satisfaction)) throw new RangeError('satisfaction must be 1 to 5');
    const result = await this.updateTicket<RateResult>(ticketId, (ticket) => {
      if (ticket.status !== 'closed') return { result: { ok: false, reason: 'not_closed', ticket } };
      if (ticket.satisfaction !== undefined) return { result: { ok: false, reason: 'already_rated', ticket } };
      const rated: Ticket = { ...ticket, satisfaction };
      return { write: rated, result: { ok: true, ticket: rated } };
    });
    return result ?? { ok: false, reason: 'not_found' };
  }

  /**
   * Expires tickets nobody accepted within the accept time-out; returns them so the caller can
   * tell each customer. Safe to run from several timers: a ticket expires once.
   */
  async expireStale(now: Date = this.now()): Promise<Ticket[]> {
    const cutoff = now.getTime() - this.options.acceptTimeoutMinutes * 60_000;
    const entries = Object.values((await this.readOpenIndex()).value?.entries ?? {});
    const stale = entries.filter((entry) => entry.status === 'waiting' && Date.parse(entry.createdAt) <= cutoff);
    const expired: Ticket[] = [];
    for (const entry of stale) {
      const ticket = await this.updateTicket<Ticket | undefined>(entry.id, (current) => {
        if (current.status !== 'waiting' || Date.parse(current.createdAt) > cutoff) return { result: undefined };
        const updated: Ticket = { ...current, status: 'expired', closeReason: 'no_agent', closedAt: now.toISOString() };
        return { write: updated, result: updated };
      });
      if (ticket) {
        await this.afterTerminal(ticket);
        expired.push(ticket);
      }
    }
    return expired;
  }

  /** Place in the tenant's queue and expected wait, for a waiting ticket. */
  async queueInfo(ticketId: string): Promise<QueueInfo | undefined> {
    const entries = Object.values((await this.readOpenIndex()).value?.entries ?? {});
    const position = queuePosition(entries.filter((entry) => entry.status === 'waiting'), ticketId);
    if (position === undefined) return undefined;
    return { position, expectedWaitMinutes: expectedWaitMinutes(position, await this.averageHandlingMinutes()) };
  }

  /** Queue positions of all waiting tickets at once (one index read), for listings. */
  async queuePositions(): Promise<Map<string, number>> {
    const entries = Object.values((await this.readOpenIndex()).value?.entries ?? {}).filter((entry) => entry.status === 'waiting');
    return new Map(entries.map((entry) => [entry.id, queuePosition(entries, entry.id) ?? 0]));
  }

  async averageHandlingMinutes(): Promise<number> {
    const stats = await this.readDocument<StatsDocument>(KEYS.handlingStats);
    return averageHandlingMinutes(stats.value?.handlingMinutes ?? [], this.options.averageHandlingMinutes);
  }

  /** The full callback number, or undefined when the ticket has none or the key changed since. */
  revealCallbackPhone(ticket: Ticket): string | undefined {
    return ticket.callback ? this.options.sealer.open(ticket.callback.phoneSealed, ticket.id) : undefined;
  }

  /** Deletes tickets closed more than `retentionDays` ago, with their day indexes. Returns how many. */
  async purgeExpired(now: Date = this.now()): Promise<number> {
    const retentionDays = this.options.retentionDays ?? 30;
    const oldestKept = dayOf(new Date(now.getTime() - retentionDays * DAY_MS));
    const days = (await this.readDocument<DaysDocument>(KEYS.closedDays)).value?.days ?? [];
    let removed = 0;
    for (const day of days.filter((candidate) => candidate < oldestKept)) {
      const document = await this.readDocument<IndexDocument>(KEYS.closedDay(day));
      const ids = Object.keys(document.value?.entries ?? {});
      const tickets = await this.readTickets(ids);
      await this.storage.delete([
        ...ids.map(KEYS.ticket),
        ...tickets.map((ticket) => KEYS.byConversation(ticket.conversationId)),
        KEYS.closedDay(day),
      ]);
      removed += ids.length;
      await this.updateDocument<DaysDocument>(KEYS.closedDays, (current) => ({ days: (current?.days ?? []).filter((entry) => entry !== day) }));
    }
    return removed;
  }

  // --- index maintenance -------------------------------------------------------------------

  /** Moves a ticket that just became closed/expired from the open index to its day index. */
  private async afterTerminal(ticket: Ticket): Promise<void> {
    const day = dayOf(new Date(ticket.closedAt ?? this.now().toISOString()));
    await this.updateDocument<IndexDocument>(KEYS.closedDay(day), (current) => ({
      entries: { ...(current?.entries ?? {}), [ticket.id]: indexEntry(ticket) },
    }));
    await this.updateDocument<DaysDocument>(KEYS.closedDays, (current) => {
      const days = current?.days ?? [];
      return days.includes(day) ? undefined : { days: [...days, day].sort() };
    });
    await this.updateOpenIndex((entries) => {
      delete entries[ticket.id];
    });
    if (ticket.status === 'closed' && ticket.closeReason === 'resolved' && ticket.assignedAt && ticket.closedAt) {
      const minutes = (Date.parse(ticket.closedAt) - Date.parse(ticket.assignedAt)) / 60_000;
      await this.updateDocument<StatsDocument>(KEYS.handlingStats, (current) => ({
        handlingMinutes: addHandlingSample(current?.handlingMinutes ?? [], minutes),
      }));
    }
    const agentConversationId = ticket.agent?.conversation?.conversation?.id;
    if (agentConversationId) {
      await this.lock.run(KEYS.byAgentConversation(agentConversationId), async () => {
        const pointer = await this.readDocument<PointerDocument>(KEYS.byAgentConversation(agentConversationId));
        if (pointer.value?.ticketId === ticket.id) await this.storage.delete([KEYS.byAgentConversation(agentConversationId)]);
      });
    }
  }

  private async pointAgentConversation(conversationId: string, ticketId: string): Promise<void> {
    await this.updateDocument<PointerDocument>(KEYS.byAgentConversation(conversationId), () => ({ ticketId }));
  }

  private updateOpenIndex(change: (entries: Record<string, IndexEntry>) => void): Promise<void> {
    return this.updateDocument<IndexDocument>(KEYS.open, (current) => {
      const entries = { ...(current?.entries ?? {}) };
      change(entries);
      return { entries };
    });
  }

  private readOpenIndex(): Promise<Versioned<IndexDocument>> {
    return this.readDocument<IndexDocument>(KEYS.open);
  }

  // --- storage primitives ------------------------------------------------------------------

  /**
   * Read-modify-write of a small document with eTag retry, serialised per key in this process
   * (see KeyedLock). `change` returns undefined to leave the document as it is.
   */
  private async updateDocument<T extends object>(key: string, change: (current: T | undefined) => T | undefined): Promise<void> {
    await this.lock.run(key, async () => {
      for (let attempt = 1; ; attempt += 1) {
        const current = await this.readDocument<T>(key);
        const next = change(current.value);
        if (next === undefined) return;
        try {
          await this.storage.write({ [key]: { ...next, eTag: current.eTag ?? '*' } as StoreItem });
          return;
        } catch (error) {
          if (!isConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  /**
   * Optimistic update of one ticket: `decide` sees the current ticket and returns what to write
   * (if anything) and the result. On an eTag conflict it runs again on the fresh ticket, so a
   * decision is always made on what is actually stored. Undefined when the ticket does not exist.
   */
  private async updateTicket<R>(id: string, decide: (ticket: Ticket) => { write?: Ticket; result: R }): Promise<R | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.readTicket(id);
      if (!current.value) return undefined;
      const decision = decide(current.value);
      if (!decision.write) return decision.result;
      try {
        await this.storage.write({ [KEYS.ticket(id)]: { ...TicketSchema.parse(decision.write), eTag: current.eTag } });
        return decision.result;
      } catch (error) {
        if (!isConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async readTicket(id: string): Promise<Versioned<Ticket>> {
    const document = await this.readDocument<Record<string, unknown>>(KEYS.ticket(id));
    if (!document.value) return { value: undefined, eTag: undefined };
    return { value: TicketSchema.parse(document.value), eTag: document.eTag };
  }

  private async readTickets(ids: string[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const items = await this.storage.read(ids.map(KEYS.ticket));
    return Object.values(items).map((item) => {
      const { eTag: _eTag, ...value } = item as StoreItem;
      return TicketSchema.parse(value);
    });
  }

  private async readDocument<T>(key: string): Promise<Versioned<T>> {
    const item = (await this.storage.read([key]))[key] as (StoreItem & T) | undefined;
    if (!item) return { value: undefined, eTag: undefined };
    const { eTag, ...value } = item;
    return { value: value as T, eTag };
  }
}

function indexEntry(ticket: Ticket): IndexEntry {
  return { id: ticket.id, status: ticket.status, createdAt: ticket.createdAt, ...(ticket.tenantId ? { tenantId: ticket.tenantId } : {}) };
}

function isConflict(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { statusCode?: number; code?: number } | undefined)?.statusCode;
  return /etag|precondition/i.test(message) || status === 412;
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The last `count` UTC days, today included. */
function recentDays(now: Date, count: number): string[] {
  return Array.from({ length: count }, (_, index) => dayOf(new Date(now.getTime() - index * DAY_MS)));
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
