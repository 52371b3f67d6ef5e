import type { TicketDetail, TicketListItem } from './agent-api-types.js';
import { publicTicket, TICKET_STATUSES, type Ticket, type TicketStatus } from './tickets.js';

/** How the console sees tickets: the list's filters and order, a list row, a ticket's detail. Pure functions. */

/** GET /api/agent/tickets?status=… : what each filter lists. */
export const LIST_FILTERS: Record<string, readonly TicketStatus[]> = {
  all: TICKET_STATUSES,
  open: ['waiting', 'assigned', 'callback'],
  waiting: ['waiting'],
  assigned: ['assigned'],
  callback: ['callback'],
  // "closed" in the console means "finished": closed by someone or expired unanswered.
  closed: ['closed', 'expired'],
  expired: ['expired'],
};
const STATUS_ORDER: Record<TicketStatus, number> = { waiting: 0, assigned: 1, callback: 2, closed: 3, expired: 3 };

export function listItem(ticket: Ticket, now: Date, position: number | undefined): TicketListItem {
  const { intent, institution, certType } = ticket.summary;
  return {
    id: ticket.id,
    status: ticket.status,
    createdAt: ticket.createdAt,
    waitingMinutes: waitingMinutes(ticket, now),
    locale: ticket.locale,
    channelId: ticket.channelId,
    summary: { ...(intent ? { intent } : {}), ...(institution ? { institution } : {}), ...(certType ? { certType } : {}) },
    ...(ticket.agent ? { agent: { id: ticket.agent.id, name: ticket.agent.name } } : {}),
    ...(ticket.status === 'waiting' && position ? { position } : {}),
    ...(ticket.closeReason ? { closeReason: ticket.closeReason } : {}),
    ...(ticket.callback ? { callback: publicTicket(ticket).callback } : {}),
  };
}

/** One ticket for the console, with its place in the queue while it waits. */
export function ticketDetail(ticket: Ticket, now: Date, queue: { position: number; expectedWaitMinutes: number } | undefined): TicketDetail {
  return {
    ...publicTicket(ticket),
    waitingMinutes: waitingMinutes(ticket, now),
    ...(queue ? { position: queue.position, expectedWaitMinutes: queue.expectedWaitMinutes } : {}),
    transcriptUrl: `/api/agent/tickets/${encodeURIComponent(ticket.id)}/transcript`,
  };
}

/** Waiting so far while waiting; otherwise until someone accepted it or it ended. */
export function waitingMinutes(ticket: Ticket, now: Date): number {
  const end = ticket.assignedAt ?? ticket.closedAt ?? now.toISOString();
  return Math.max(0, Math.floor((Date.parse(end) - Date.parse(ticket.createdAt)) / 60_000));
}

/** Queue first (oldest first), then assigned and callbacks, then finished tickets newest first. */
export function listOrder(a: Ticket, b: Ticket): number {
  const byStatus = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  if (byStatus !== 0) return byStatus;
  const byAge = a.createdAt.localeCompare(b.createdAt);
  return a.status === 'waiting' ? byAge : -byAge;
}
