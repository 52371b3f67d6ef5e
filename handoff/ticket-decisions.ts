import type { ConversationReference } from 'botbuilder';
import { isOpenStatus, OPEN_STATUSES, type CloseReason, type Satisfaction, type Ticket, type TicketAgent, type TicketStatus } from './tickets.js';

/**
 * What may happen to a ticket, decided from the ticket alone: pure functions, so every rule
 * ("first accept wins", "only the assignee closes", "rated once") is tested without storage.
 *
 * Each change is a transition given as data: the guard the stored ticket must meet and the fields
 * it sets. The document store runs the decide* functions (which apply the transition) inside an
 * eTag read-modify-write; the PostgreSQL store puts the same guard into the WHERE clause of one
 * conditional UPDATE and asks decide* only to explain a refusal. One rule, two engines.
 */

/** What a change requires of the stored ticket. */
export interface TicketGuard {
  statuses: readonly TicketStatus[];
  /** The assignee must be this agent… */
  agentId?: string;
  /** …unless the ticket is in one of these statuses (anyone calls back). */
  anyAgentStatuses?: readonly TicketStatus[];
  /** ISO time: the ticket was created then or earlier. */
  createdAtOrBefore?: string;
  /** Fields that must not be set yet. */
  absent?: readonly (keyof Ticket)[];
  /** ISO time: the customer has shown no sign of life after it (customerSeenAt unset or not later). */
  quietSince?: string;
}

/** What a change sets: top-level fields, and where the relay reaches the assignee (inside `agent`). */
export interface TicketPatch {
  set: Partial<Ticket>;
  agentConversation?: Partial<ConversationReference>;
}

export interface TicketTransition {
  guard: TicketGuard;
  patch: TicketPatch;
}

/**
 * A change as a store runs it: `transition` for an engine that writes conditionally, `decide` for
 * the whole rule on a known ticket (success and every refusal), `written` for the answer once the
 * change was written.
 */
export interface TicketDecision<R> {
  transition: TicketTransition;
  decide(ticket: Ticket): TicketChange<R>;
  written(ticket: Ticket): R;
}

export function meets(ticket: Ticket, guard: TicketGuard): boolean {
  if (!guard.statuses.includes(ticket.status)) return false;
  if (guard.agentId !== undefined && !guard.anyAgentStatuses?.includes(ticket.status) && ticket.agent?.id !== guard.agentId) return false;
  if (guard.createdAtOrBefore !== undefined && Date.parse(ticket.createdAt) > Date.parse(guard.createdAtOrBefore)) return false;
  if (guard.quietSince !== undefined && ticket.customerSeenAt !== undefined && Date.parse(ticket.customerSeenAt) > Date.parse(guard.quietSince)) return false;
  return !guard.absent?.some((field) => ticket[field] !== undefined);
}

export function applyPatch(ticket: Ticket, patch: TicketPatch): Ticket {
  const next: Ticket = { ...ticket, ...patch.set };
  if (patch.agentConversation && next.agent) next.agent = { ...next.agent, conversation: patch.agentConversation };
  return next;
}

export const acceptTransition = (agent: TicketAgent, now: Date): TicketTransition => ({
  guard: { statuses: ['waiting'] },
  patch: { set: { status: 'assigned', assignedAt: now.toISOString(), agent: withoutUndefined(agent) } },
});
export const closeTransition = (reason: CloseReason, byAgentId: string | undefined, now: Date): TicketTransition => ({
  guard: { statuses: OPEN_STATUSES, ...(byAgentId !== undefined ? { agentId: byAgentId, anyAgentStatuses: ['callback'] as const } : {}) },
  patch: { set: { status: 'closed', closeReason: reason, closedAt: now.toISOString() } },
});
export const rateTransition = (satisfaction: Satisfaction): TicketTransition => ({
  guard: { statuses: ['closed'], absent: ['satisfaction'] },
  patch: { set: { satisfaction } },
});
/**
 * A waiting customer who left (no stream, no request) leaves the queue, but only if still quiet since
 * `quietSince`: a reconnect that stamps the ticket between the check and this write keeps the place.
 */
export const dropLeftTransition = (quietSince: Date, now: Date): TicketTransition => ({
  guard: { statuses: ['waiting'], quietSince: quietSince.toISOString() },
  patch: { set: { status: 'closed', closeReason: 'customer_left', closedAt: now.toISOString() } },
});
export const expireTransition = (cutoff: Date, now: Date): TicketTransition => ({
  guard: { statuses: ['waiting'], createdAtOrBefore: cutoff.toISOString() },
  patch: { set: { status: 'expired', closeReason: 'no_agent', closedAt: now.toISOString() } },
});
export const agentConversationTransition = (agentId: string, reference: Partial<ConversationReference>): TicketTransition => ({
  guard: { statuses: ['assigned'], agentId },
  patch: { set: {}, agentConversation: reference },
});
export const heardTransition = (now: Date): TicketTransition => ({
  guard: { statuses: OPEN_STATUSES },
  patch: { set: { customerSeenAt: now.toISOString() } },
});

/** The transition applied when its guard holds: the success branch every decide* shares. */
function applied(ticket: Ticket, transition: TicketTransition): Ticket | undefined {
  return meets(ticket, transition.guard) ? applyPatch(ticket, transition.patch) : undefined;
}

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
  { ok: true; ticket: Ticket } | { ok: false; reason: 'not_open' | 'not_assignee'; ticket: Ticket } | { ok: false; reason: 'not_found' };

export type RateResult =
  { ok: true; ticket: Ticket } | { ok: false; reason: 'not_closed' | 'already_rated'; ticket: Ticket } | { ok: false; reason: 'not_found' };

/** A waiting ticket goes to the agent; accepting again as the same agent is a double click, not an error. */
export function decideAccept(ticket: Ticket, agent: TicketAgent, now: Date): TicketChange<AcceptResult> {
  if (ticket.status === 'assigned' && ticket.agent) {
    return ticket.agent.id === agent.id
      ? { result: { ok: true, ticket } }
      : { result: { ok: false, reason: 'taken', by: { id: ticket.agent.id, name: ticket.agent.name }, ticket } };
  }
  const assigned = applied(ticket, acceptTransition(agent, now));
  return assigned ? { write: assigned, result: { ok: true, ticket: assigned } } : { result: { ok: false, reason: 'not_waiting', ticket } };
}

/**
 * With `byAgentId` (an agent pressing close) only the assignee closes an assigned ticket; any agent
 * closes a callback ticket after calling. Without it (the customer left, a time-out) any open ticket closes.
 */
export function decideClose(ticket: Ticket, reason: CloseReason, byAgentId: string | undefined, now: Date): TicketChange<CloseResult> {
  const closed = applied(ticket, closeTransition(reason, byAgentId, now));
  if (closed) return { write: closed, result: { ok: true, ticket: closed } };
  return { result: { ok: false, reason: isOpenStatus(ticket.status) ? 'not_assignee' : 'not_open', ticket } };
}

/** The satisfaction card is answered once, after the ticket closed. */
export function decideRate(ticket: Ticket, satisfaction: Satisfaction): TicketChange<RateResult> {
  const rated = applied(ticket, rateTransition(satisfaction));
  if (rated) return { write: rated, result: { ok: true, ticket: rated } };
  return { result: { ok: false, reason: ticket.status === 'closed' ? 'already_rated' : 'not_closed', ticket } };
}

/** A ticket still waiting since before `cutoff` expires (no agent); anything else stays. */
export function decideExpire(ticket: Ticket, cutoff: Date, now: Date): TicketChange<Ticket | undefined> {
  const expired = applied(ticket, expireTransition(cutoff, now));
  return expired ? { write: expired, result: expired } : { result: undefined };
}

/** A waiting customer quiet since `quietSince` leaves the queue; anyone heard from later stays. */
export function decideDropLeft(ticket: Ticket, quietSince: Date, now: Date): TicketChange<Ticket | undefined> {
  const dropped = applied(ticket, dropLeftTransition(quietSince, now));
  return dropped ? { write: dropped, result: dropped } : { result: undefined };
}

/** Where the relay reaches the assignee; only the assignee of an assigned ticket may set it. */
export function decideAgentConversation(ticket: Ticket, agentId: string, reference: Partial<ConversationReference>): TicketChange<Ticket | undefined> {
  const updated = applied(ticket, agentConversationTransition(agentId, reference));
  return updated ? { write: updated, result: updated } : { result: undefined };
}

/** The customer of an open ticket said something (or their page is still there): they have not left. */
export function decideHeard(ticket: Ticket, now: Date): TicketChange<Ticket | undefined> {
  const heard = applied(ticket, heardTransition(now));
  return heard ? { write: heard, result: heard } : { result: undefined };
}

/** Each change as the stores run it (see TicketDecision). */
export const DECISIONS = {
  accept: (agent: TicketAgent, now: Date): TicketDecision<AcceptResult> => ({
    transition: acceptTransition(agent, now),
    decide: (ticket) => decideAccept(ticket, agent, now),
    written: (ticket) => ({ ok: true, ticket }),
  }),
  close: (reason: CloseReason, byAgentId: string | undefined, now: Date): TicketDecision<CloseResult> => ({
    transition: closeTransition(reason, byAgentId, now),
    decide: (ticket) => decideClose(ticket, reason, byAgentId, now),
    written: (ticket) => ({ ok: true, ticket }),
  }),
  rate: (satisfaction: Satisfaction): TicketDecision<RateResult> => ({
    transition: rateTransition(satisfaction),
    decide: (ticket) => decideRate(ticket, satisfaction),
    written: (ticket) => ({ ok: true, ticket }),
  }),
  dropLeft: (quietSince: Date, now: Date): TicketDecision<Ticket | undefined> => ({
    transition: dropLeftTransition(quietSince, now),
    decide: (ticket) => decideDropLeft(ticket, quietSince, now),
    written: (ticket) => ticket,
  }),
  expire: (cutoff: Date, now: Date): TicketDecision<Ticket | undefined> => ({
    transition: expireTransition(cutoff, now),
    decide: (ticket) => decideExpire(ticket, cutoff, now),
    written: (ticket) => ticket,
  }),
  agentConversation: (agentId: string, reference: Partial<ConversationReference>): TicketDecision<Ticket | undefined> => ({
    transition: agentConversationTransition(agentId, reference),
    decide: (ticket) => decideAgentConversation(ticket, agentId, reference),
    written: (ticket) => ticket,
  }),
  heard: (now: Date): TicketDecision<Ticket | undefined> => ({
    transition: heardTransition(now),
    decide: (ticket) => decideHeard(ticket, now),
    written: (ticket) => ticket,
  }),
};

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
