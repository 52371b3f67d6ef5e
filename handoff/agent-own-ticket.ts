import type { Activity } from 'botbuilder';
import type restify from 'restify';
import { sendError, type AgentApiLogger } from './agent-api-http.js';
import type { AgentAuth, AgentIdentity } from './agent-auth.js';
import type { HandoffTexts } from './ports.js';
import type { Relay } from './relay.js';
import type { TicketStore } from './ticket-store.js';
import type { Ticket } from './tickets.js';
import { canAgentSee } from './visibility.js';

/**
 * What every route on an accepted ticket needs (the live conversation, agent-conversation.ts; one-click
 * help, agent-help.ts): who the agent is, the ticket and its tenant, a way to the customer, and where
 * what the agent sends is recorded.
 */
export interface AgentRouteDeps {
  tickets: TicketStore;
  auth: AgentAuth;
  /** HANDOFF_TENANT_ID (effective): agents without a tenant of their own act only on its tickets. */
  tenantId?: string;
  relay: Pick<Relay, 'toCustomer'>;
  texts: HandoffTexts;
  /** The redacted transcript: what the agent sends is recorded like every other message (the store redacts again). */
  transcripts?: { logActivity(activity: Activity): Promise<void> };
  logger: AgentApiLogger;
  /** Stamps an agent whose console is open (agent-api-http.ts agentGuardBy). */
  presence?: { seen(agent: AgentIdentity, via: 'console'): Promise<void> };
  now?: () => Date;
}

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
