import type restify from 'restify';
import type { CannedAnswer } from '../content/canned-answers-schema.js';
import { jsonBody, queryOf, runHook, sendError, type AgentApiLogger, type AgentHandler, type Handler } from './agent-api-http.js';
import type { OwnTicket } from './agent-own-ticket.js';
import type { Relay } from './relay.js';
import type { TicketStore } from './ticket-store.js';
import type { Ticket } from './tickets.js';
import type { TypingGate } from './typing-gate.js';

/**
 * What an agent does in a live conversation besides writing (issue 19): shows that they are typing,
 * hands the customer back to the assistant, and picks a canned answer. Mounted by
 * mountAgentConversation with its guard and its ownership rule (agent-own-ticket.ts).
 */
export interface LiveActionsDeps {
  withAgent: (handler: AgentHandler) => Handler;
  ownTicket: OwnTicket;
  tickets: Pick<TicketStore, 'close'>;
  relay: Pick<Relay, 'toCustomer'>;
  /** Thins the agent's typing per ticket. */
  agentTyping: TypingGate;
  canned: readonly CannedAnswer[];
  /** After a hand back: the customer gets the satisfaction card and the assistant's menu. Errors are logged. */
  onHandedBack?(ticket: Ticket): Promise<void>;
  logger: AgentApiLogger;
}

/** The role the customer's page shows next to the agent's name (web/src/agent-label.ts). */
export const AGENT_CHANNEL_DATA = 'agent';

export function mountLiveActions(server: restify.Server, deps: LiveActionsDeps): void {
  const { withAgent, ownTicket } = deps;

  // Answered 202 whether relayed or thinned: typing is best effort, and a console never retries it.
  server.post(
    '/api/agent/tickets/:id/typing',
    jsonBody(),
    withAgent(async (req, res, agent) => {
      const ticket = await ownTicket(req, res, agent);
      if (!ticket) return;
      const relayed = deps.agentTyping.admit(ticket.id);
      if (relayed) {
        const name = ticket.agent?.name ?? agent.name;
        await deps.relay.toCustomer(ticket, { type: 'typing', channelData: { handoff: AGENT_CHANNEL_DATA, agent: { name } } });
      }
      res.send(202, { relayed });
    }),
  );

  server.post(
    '/api/agent/tickets/:id/handback',
    jsonBody(),
    withAgent(async (req, res, agent) => {
      const ticket = await ownTicket(req, res, agent);
      if (!ticket) return;
      const result = await deps.tickets.close(ticket.id, 'handed_back', agent.id);
      if (!result.ok) {
        // Closed or taken between the read and the write (the customer left, a second click).
        sendError(res, 409, 'NotOpen', 'This ticket is no longer yours to hand back. / 이미 종료되었거나 맡은 상담이 아닙니다.');
        return;
      }
      deps.logger.info({ event: 'ticket.handed_back', ticketId: ticket.id, agentId: agent.id }, 'ticket handed back to the assistant');
      await runHook(deps.logger, 'onHandedBack', () => deps.onHandedBack?.(result.ticket));
      res.send(200, { ticket: { id: result.ticket.id, status: result.ticket.status, closeReason: result.ticket.closeReason } });
    }),
  );

  // Any signed-in agent may read them (they are content, the same for everyone); the ticket's language picks.
  server.get(
    '/api/agent/canned-answers',
    withAgent(async (req, res) => {
      const locale = queryOf(req).get('locale') ?? 'ko-KR';
      if (!/^[a-z]{2}(-[A-Za-z]{2})?$/.test(locale)) {
        sendError(res, 400, 'BadLocale', 'locale must be like ko-KR or en-US. / 언어 형식이 올바르지 않습니다.');
        return;
      }
      const english = locale.toLowerCase().startsWith('en');
      res.send(200, {
        locale: english ? 'en-US' : 'ko-KR',
        answers: deps.canned.map((a) => ({ id: a.id, label: english ? a.label.en : a.label.ko, text: english ? a.text.en : a.text.ko })),
      });
    }),
  );
}
