import type restify from 'restify';
import type { ConsoleLabels } from './agent-api-types.js';
import { agentGuardBy, jsonBody, queryOf, runHook, sendError, type AgentApiLogger } from './agent-api-http.js';
import { mountSignIn } from './agent-api-sign-in.js';
import { LIST_FILTERS, listItem, listOrder, ticketDetail } from './agent-api-views.js';
import type { AgentAuth, AgentIdentity } from './agent-auth.js';
import { loadConsoleLabels } from './console-labels.js';
import { rolesOf } from './console-roles.js';
import type { TicketStore } from './ticket-store.js';
import { canAgentSee, tenantScope } from './visibility.js';
import { CLOSE_REASONS, type CloseReason, type Ticket } from './tickets.js';

/** A close names why; handed_back is the hand-back route's own (it also gives the customer the menu). */
const CLOSING_REASONS: readonly CloseReason[] = CLOSE_REASONS.filter((reason) => reason !== 'handed_back');

export type { TicketDetail, TicketListItem } from './agent-api-types.js';
export type { AgentApiLogger } from './agent-api-http.js';

/**
 * The agent API the console tab (web/agent/) uses. JSON in and out; errors are
 * `{ error: { code, message } }`; every route but the sign-in ones (agent-api-sign-in.ts) needs
 * `Authorization: Bearer <session token | Teams SSO token>`. Tickets of another tenant answer
 * 404, as if they did not exist.
 */

export interface AgentApiDeps {
  tickets: TicketStore;
  transcripts?: { exportTranscript(conversationId: string): Promise<unknown[] | undefined> };
  auth: AgentAuth;
  /** HANDOFF_TENANT_ID (effective): with it, agents without a tenant of their own see only its tickets. */
  tenantId?: string;
  /** Runs after a successful accept (notify the customer, update the Teams card). Errors are logged, the accept stands. */
  onAccepted?(ticket: Ticket, agent: AgentIdentity): Promise<void>;
  /** Runs after a close by an agent (satisfaction card to the customer). Errors are logged. */
  onClosed?(ticket: Ticket): Promise<void>;
  now?: () => Date;
  logger: AgentApiLogger;
  /** The key of the client behind a request, for the sign-in limits. Default: the TCP peer's address. */
  clientOf?: (req: restify.Request) => string;
  /** What GET /api/agent/labels answers. Default: read from the content files at mount time. */
  labels?: ConsoleLabels;
  /** Stamps an agent whose console is open, so customers are offered a queue only when someone can answer. */
  presence?: { seen(agent: AgentIdentity, via: 'console'): Promise<void> };
}

export function mountAgentApi(server: restify.Server, deps: AgentApiDeps): void {
  const now = deps.now ?? (() => new Date());
  const scope = (agent: AgentIdentity) => tenantScope(agent, deps.tenantId);
  const canSee = (agent: AgentIdentity, ticket: Ticket) => canAgentSee(agent, ticket, deps.tenantId);
  const withAgent = agentGuardBy(deps.auth, deps.logger, deps.presence);
  /** Routes every console user may call, QA included: who am I, the names of ids. */
  const withAnyone = agentGuardBy(deps.auth, deps.logger, deps.presence, 'any');

  /** The ticket named in the path if this agent may see it; otherwise answers 404 and returns undefined. */
  const visibleTicket = async (req: restify.Request, res: restify.Response, agent: AgentIdentity): Promise<Ticket | undefined> => {
    const id = String(req.params?.id ?? '');
    const ticket = /^[A-Za-z0-9_-]{1,100}$/.test(id) ? await deps.tickets.get(id) : undefined;
    if (!ticket || !canSee(agent, ticket)) {
      sendError(res, 404, 'NotFound', 'No such ticket. / 해당 상담 요청이 없습니다.');
      return undefined;
    }
    return ticket;
  };

  const detail = async (ticket: Ticket) => ticketDetail(ticket, now(), ticket.status === 'waiting' ? await deps.tickets.queueInfo(ticket.id) : undefined);

  mountSignIn(server, deps);

  const labels = deps.labels ?? loadConsoleLabels();
  server.get(
    '/api/agent/labels',
    withAnyone(async (_req, res) => {
      res.send(200, labels);
    }),
  );

  server.get(
    '/api/agent/me',
    withAnyone(async (_req, res, agent) => {
      res.send(200, { agent: { ...agent, roles: [...rolesOf(agent)] } });
    }),
  );

  server.get(
    '/api/agent/tickets',
    withAgent(async (req, res, agent) => {
      const filter = String(queryOf(req).get('status') ?? 'all');
      // Own keys only: "__proto__" or "constructor" must not reach the store as a filter.
      const statuses = Object.hasOwn(LIST_FILTERS, filter) ? LIST_FILTERS[filter] : undefined;
      if (!statuses) {
        sendError(res, 400, 'BadRequest', `status must be one of ${Object.keys(LIST_FILTERS).join(', ')}. / 잘못된 상태 값입니다.`);
        return;
      }
      const [tickets, positions] = await Promise.all([deps.tickets.list(statuses, scope(agent)), deps.tickets.queuePositions()]);
      const items = tickets.sort(listOrder).map((ticket) => listItem(ticket, now(), positions.get(ticket.id)));
      res.send(200, { tickets: items });
    }),
  );

  server.get(
    '/api/agent/tickets/:id',
    withAgent(async (req, res, agent) => {
      const ticket = await visibleTicket(req, res, agent);
      if (ticket) res.send(200, { ticket: await detail(ticket) });
    }),
  );

  server.get(
    '/api/agent/tickets/:id/transcript',
    withAgent(async (req, res, agent) => {
      const ticket = await visibleTicket(req, res, agent);
      if (!ticket) return;
      const activities = deps.transcripts ? await deps.transcripts.exportTranscript(ticket.conversationId) : undefined;
      if (!activities) {
        sendError(res, 404, 'TranscriptNotFound', 'No transcript is stored for this conversation. / 이 대화의 기록이 없습니다.');
        return;
      }
      if (queryOf(req).get('download') === '1') {
        const file = JSON.stringify(activities, null, 2);
        res.writeHead(200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="${ticket.id}.transcript"`,
          'Content-Length': Buffer.byteLength(file),
          'Cache-Control': 'no-store',
        });
        res.end(file);
        return;
      }
      res.send(200, { activities });
    }),
  );

  server.post(
    '/api/agent/tickets/:id/accept',
    withAgent(async (req, res, agent) => {
      const ticket = await visibleTicket(req, res, agent);
      if (!ticket) return;
      const result = await deps.tickets.accept(ticket.id, { id: agent.id, name: agent.name, ...(agent.tenantId ? { tenantId: agent.tenantId } : {}) });
      if (!result.ok) {
        if (result.reason === 'taken') {
          res.send(409, {
            error: { code: 'Taken', message: `${result.by.name} 상담원이 이미 맡았습니다. / ${result.by.name} already took this ticket.`, by: result.by.name },
          });
        } else if (result.reason === 'not_found') {
          sendError(res, 404, 'NotFound', 'No such ticket. / 해당 상담 요청이 없습니다.');
        } else {
          sendError(res, 409, 'NotWaiting', 'This ticket is no longer waiting. / 더 이상 대기 중인 요청이 아닙니다.');
        }
        return;
      }
      deps.logger.info({ event: 'ticket.accepted', ticketId: ticket.id, agentId: agent.id }, 'ticket accepted');
      await runHook(deps.logger, 'onAccepted', () => deps.onAccepted?.(result.ticket, agent));
      res.send(200, { ticket: await detail(result.ticket) });
    }),
  );

  server.post(
    '/api/agent/tickets/:id/close',
    jsonBody(),
    withAgent(async (req, res, agent) => {
      const ticket = await visibleTicket(req, res, agent);
      if (!ticket) return;
      const requested = (req.body as { reason?: unknown } | undefined)?.reason ?? 'resolved';
      if (!CLOSING_REASONS.includes(requested as CloseReason)) {
        sendError(res, 400, 'BadRequest', `reason must be one of ${CLOSING_REASONS.join(', ')}. / 잘못된 종료 사유입니다.`);
        return;
      }
      const result = await deps.tickets.close(ticket.id, requested as CloseReason, agent.id);
      if (!result.ok) {
        if (result.reason === 'not_assignee')
          sendError(res, 403, 'NotAssignee', 'Only the agent who accepted this ticket can close it. / 맡은 상담원만 종료할 수 있습니다.');
        else if (result.reason === 'not_open') sendError(res, 409, 'NotOpen', 'This ticket is already closed. / 이미 종료된 요청입니다.');
        else sendError(res, 404, 'NotFound', 'No such ticket. / 해당 상담 요청이 없습니다.');
        return;
      }
      deps.logger.info({ event: 'ticket.closed', ticketId: ticket.id, agentId: agent.id, reason: requested }, 'ticket closed');
      await runHook(deps.logger, 'onClosed', () => deps.onClosed?.(result.ticket));
      res.send(200, { ticket: await detail(result.ticket) });
    }),
  );

  server.get(
    '/api/agent/tickets/:id/callback',
    withAgent(async (req, res, agent) => {
      const ticket = await visibleTicket(req, res, agent);
      if (!ticket) return;
      if (!ticket.callback) {
        sendError(res, 404, 'NoCallback', 'This ticket has no callback request. / 전화 요청이 없는 상담입니다.');
        return;
      }
      const phone = deps.tickets.revealCallbackPhone(ticket);
      // Who looked at which customer's number is an audit event; the number itself is not logged.
      deps.logger.info({ event: 'callback.reveal', ticketId: ticket.id, agentId: agent.id, recovered: phone !== undefined }, 'callback number revealed');
      if (!phone) {
        sendError(
          res,
          410,
          'CallbackUnrecoverable',
          'The number can no longer be decrypted (the key changed). / 번호를 복호화할 수 없습니다 (키가 바뀌었습니다).',
        );
        return;
      }
      res.send(200, {
        phone,
        phoneMasked: ticket.callback.phoneMasked,
        ...(ticket.callback.preferredTime ? { preferredTime: ticket.callback.preferredTime } : {}),
      });
    }),
  );
}
