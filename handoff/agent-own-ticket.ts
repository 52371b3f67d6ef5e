import type restify from 'restify';
import { sendError } from './agent-api-http.js';
import type { AgentIdentity } from './agent-auth.js';
import type { TicketStore } from './ticket-store.js';
import type { Ticket } from './tickets.js';
import { canAgentSee } from './visibility.js';

/**
 * The one rule of every live action on a ticket (its stream, a reply, typing, a help card, hand back): the ticket
 * in the path must be of the agent's tenant (else 404, as if it did not exist) and assigned to this
 * agent (else 403). Answers the refusal itself and returns undefined.
 */
export type OwnTicket = (req: restify.Request, res: restify.Response, agent: AgentIdentity) => Promise<Ticket | undefined>;

export function ownTicketOf(tickets: Pick<TicketStore, 'get'>, tenantId: string | undefined): OwnTicket {
  return async (req, res, agent) => {
    const id = String(req.params?.id ?? '');
    const ticket = /^[A-Za-z0-9_-]{1,100}$/.test(id) ? await tickets.get(id) : undefined;
    if (!ticket || !canAgentSee(agent, ticket, tenantId)) {
      sendError(res, 404, 'NotFound', 'No such ticket. / 해당 상담 요청이 없습니다.');
      return undefined;
    }
    if (!isTheirs(ticket, agent)) {
      sendError(res, 403, 'NotAssignee', 'Only the agent who accepted this ticket can talk to the customer. / 맡은 상담원만 고객과 대화할 수 있습니다.');
      return undefined;
    }
    return ticket;
  };
}

export function isTheirs(ticket: Ticket, agent: AgentIdentity): boolean {
  return ticket.status === 'assigned' && ticket.agent?.id === agent.id;
}
