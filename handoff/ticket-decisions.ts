import type { ConversationReference } from 'botbuilder';
import { isOpenStatus, type CloseReason, type Satisfaction, type Ticket, type TicketAgent } from './tickets.js';

/**
 * What may happen to a ticket, decided from the ticket alone: pure functions, so every rule
 * ("first accept wins", "only the assignee closes", "rated once") is tested without storage.
 * The store runs them inside an eTag read-modify-write (storage/concurrency.ts): when another
 * writer got there first, the decision is made again on the fresh ticket.
 */

/** What to store (nothing: leave the ticket as it is) and what to answer. */
export interface TicketChange<R> {
  write?: Ticket;
  result: R;
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

/** A waiting ticket goes to the agent; accepting again as the same agent is a double click, not an error. */
export function decideAccept(ticket: Ticket, agent: TicketAgent, now: Date): TicketChange<AcceptResult> {
  if (ticket.status === 'assigned' && ticket.agent) {
    return ticket.agent.id === agent.id
      ? { result: { ok: true, ticket } }
      : { result: { ok: false, reason: 'taken', by: { id: ticket.agent.id, name: ticket.agent.name }, ticket } };
  }
  if (ticket.status !== 'waiting') return { result: { ok: false, reason: 'not_waiting', ticket } };
  const assigned: Ticket = { ...ticket, status: 'assigned', assignedAt: now.toISOString(), agent: withoutUndefined(agent) };
  return { write: assigned, result: { ok: true, ticket: assigned } };
}

/**
 * With `byAgentId` (an agent pressing close) only the assignee closes an assigned ticket; any agent
 * closes a callback ticket after calling. Without it (the customer left, a time-out) any open ticket closes.
 */
export function decideClose(ticket: Ticket, reason: CloseReason, byAgentId: string | undefined, now: Date): TicketChange<CloseResult> {
  if (!isOpenStatus(ticket.status)) return { result: { ok: false, reason: 'not_open', ticket } };
  if (byAgentId !== undefined && ticket.status !== 'callback' && ticket.agent?.id !== byAgentId) {
    return { result: { ok: false, reason: 'not_assignee', ticket } };
  }
  const closed: Ticket = { ...ticket, status: 'closed', closeReason: reason, closedAt: now.toISOString() };
  return { write: closed, result: { ok: true, ticket: closed } };
}

/** The satisfaction card is answered once, after the ticket closed. */
export function decideRate(ticket: Ticket, satisfaction: Satisfaction): TicketChange<RateResult> {
  if (ticket.status !== 'closed') return { result: { ok: false, reason: 'not_closed', ticket } };
  if (ticket.satisfaction !== undefined) return { result: { ok: false, reason: 'already_rated', ticket } };
  const rated: Ticket = { ...ticket, satisfaction };
  return { write: rated, result: { ok: true, ticket: rated } };
}

/** A ticket still waiting since before `cutoff` expires (no agent); anything else stays. */
export function decideExpire(ticket: Ticket, cutoff: Date, now: Date): TicketChange<Ticket | undefined> {
  if (ticket.status !== 'waiting' || Date.parse(ticket.createdAt) > cutoff.getTime()) return { result: undefined };
  const expired: Ticket = { ...ticket, status: 'expired', closeReason: 'no_agent', closedAt: now.toISOString() };
  return { write: expired, result: expired };
}

/** Where the relay reaches the assignee; only the assignee of an assigned ticket may set it. */
export function decideAgentConversation(ticket: Ticket, agentId: string, reference: Partial<ConversationReference>): TicketChange<Ticket | undefined> {
  if (ticket.status !== 'assigned' || ticket.agent?.id !== agentId) return { result: undefined };
  const updated: Ticket = { ...ticket, agent: { ...ticket.agent, conversation: reference } };
  return { write: updated, result: updated };
}

/** The customer of an open ticket said something (or their page is still there): they have not left. */
export function decideHeard(ticket: Ticket, now: Date): TicketChange<Ticket | undefined> {
  if (!isOpenStatus(ticket.status)) return { result: undefined };
  const heard: Ticket = { ...ticket, customerSeenAt: now.toISOString() };
  return { write: heard, result: heard };
}

/**
 * A customer silent for `idleMinutes` has left: counted from their last sign of life, or from
 * when the ticket last changed hands (an agent joining restarts the count: the customer may be
 * reading the greeting).
 */
export function isCustomerIdle(ticket: Ticket, now: Date, idleMinutes: number): boolean {
  const since = Math.max(...[ticket.customerSeenAt, ticket.assignedAt, ticket.createdAt].filter((at): at is string => at !== undefined).map(Date.parse));
  return now.getTime() - since >= idleMinutes * 60_000;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
