import restify from 'restify';
import { jsonBodyParser } from '../lib/http/json-body.js';
import type { ConsoleLabels, SignInOptions, TicketDetail, TicketListItem } from './agent-api-types.js';
import type { AgentAuth, AgentIdentity } from './agent-auth.js';
import { loadConsoleLabels } from './console-labels.js';
import type { TicketStore } from './ticket-store.js';
import { canAgentSee, tenantScope } from './visibility.js';
import { CLOSE_REASONS, publicTicket, TICKET_STATUSES, type CloseReason, type Ticket, type TicketStatus } from './tickets.js';

export type { TicketDetail, TicketListItem } from './agent-api-types.js';

/**
 * The agent API the console tab (web/agent/) uses. JSON in and out; errors are
 * `{ error: { code, message } }`; every route but POST /api/agent/session needs
 * `Authorization: Bearer <session token | Teams SSO token>`. Tickets of another tenant answer
 * 404, as if they did not exist.
 */

export interface AgentApiLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

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

const LIST_FILTERS: Record<string, readonly TicketStatus[]> = {
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
const MAX_BODY_BYTES = 4 * 1024;

type Handler = (req: restify.Request, res: restify.Response) => Promise<void>;
type AgentHandler = (req: restify.Request, res: restify.Response, agent: AgentIdentity) => Promise<void>;

export function mountAgentApi(server: restify.Server, deps: AgentApiDeps): void {
  const now = deps.now ?? (() => new Date());
  const scope = (agent: AgentIdentity) => tenantScope(agent, deps.tenantId);
  const canSee = (agent: AgentIdentity, ticket: Ticket) => canAgentSee(agent, ticket, deps.tenantId);

  /** Errors never leak details: the message is ours, the log gets the rest. */
  const guarded = (handler: Handler): Handler => async (req, res) => {
    res.header('Cache-Control', 'no-store');
    try {
      await handler(req, res);
    } catch (error) {
      deps.logger.error({ path: req.path(), err: { message: (error as Error).message } }, 'agent api request failed');
      if (!res.headersSent) sendError(res, 500, 'InternalError', 'Something went wrong; please try again. / 잠시 후 다시 시도해 주세요.');
    }
  };

  const withAgent = (handler: AgentHandler): Handler =>
    guarded(async (req, res) => {
      const outcome = await deps.auth.authenticate(req.headers.authorization);
      if (!outcome.ok) {
        if (outcome.status === 401) res.header('WWW-Authenticate', 'Bearer');
        sendError(res, outcome.status, outcome.code, outcome.message);
        return;
      }
      // An agent whose console asks for anything is there to answer customers.
      await deps.presence?.seen(outcome.agent, 'console');
      await handler(req, res, outcome.agent);
    });

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

  const detail = async (ticket: Ticket): Promise<TicketDetail> => {
    const queue = ticket.status === 'waiting' ? await deps.tickets.queueInfo(ticket.id) : undefined;
    return {
      ...publicTicket(ticket),
      waitingMinutes: waitingMinutes(ticket, now()),
      ...(queue ? { position: queue.position, expectedWaitMinutes: queue.expectedWaitMinutes } : {}),
      transcriptUrl: `/api/agent/tickets/${encodeURIComponent(ticket.id)}/transcript`,
    };
  };

  server.post(
    '/api/agent/session',
    jsonBody(),
    guarded(async (req, res) => {
      const body = req.body as { username?: unknown; password?: unknown } | undefined;
      if (typeof body?.username !== 'string' || typeof body.password !== 'string' || body.username === '' || body.password === '') {
        sendError(res, 400, 'BadRequest', 'Send {"username", "password"}. / 아이디와 비밀번호를 입력해 주세요.');
        return;
      }
      if (!deps.auth.passwordEnabled) {
        sendError(res, 401, 'PasswordLoginDisabled', 'Password sign-in is not enabled; open the console in Teams. / 비밀번호 로그인이 꺼져 있습니다. Teams에서 열어 주세요.');
        return;
      }
      const client = deps.clientOf?.(req) ?? req.socket?.remoteAddress ?? 'unknown';
      const outcome = await deps.auth.login(body.username, body.password, client);
      if (!outcome.ok) {
        if (outcome.status === 429) {
          res.header('Retry-After', String(outcome.retryAfterSeconds));
          deps.logger.warn({ event: 'agent.login.limited', client }, 'agent sign-in rate limited');
          sendError(res, 429, outcome.code, 'Too many failed sign-ins; try again later. / 로그인 실패가 너무 많습니다. 잠시 후 다시 시도해 주세요.');
        } else if (outcome.status === 503) {
          res.header('Retry-After', String(outcome.retryAfterSeconds));
          deps.logger.warn({ event: 'agent.login.busy', client }, 'agent sign-in busy');
          sendError(res, 503, outcome.code, 'Too many sign-ins at once; try again in a moment. / 로그인 요청이 몰려 있습니다. 잠시 후 다시 시도해 주세요.');
        } else {
          deps.logger.warn({ event: 'agent.login.failed', client }, 'agent sign-in failed');
          sendError(res, 401, outcome.code, 'Wrong username or password. / 아이디 또는 비밀번호가 틀렸습니다.');
        }
        return;
      }
      deps.logger.info({ event: 'agent.login', agentId: outcome.agent.id }, 'agent signed in');
      res.send(200, { token: outcome.token, expiresIn: outcome.expiresIn, agent: { id: outcome.agent.id, name: outcome.agent.name } });
    }),
  );

  // Before any sign-in, the page learns which doors are open (and says so instead of failing a submit).
  server.get(
    '/api/agent/sign-in',
    guarded(async (_req, res) => {
      const options: SignInOptions = { password: deps.auth.passwordEnabled, teams: deps.auth.teamsEnabled };
      res.send(200, options);
    }),
  );

  const labels = deps.labels ?? loadConsoleLabels();
  server.get(
    '/api/agent/labels',
    withAgent(async (_req, res) => {
      res.send(200, labels);
    }),
  );

  server.get(
    '/api/agent/me',
    withAgent(async (_req, res, agent) => {
      res.send(200, { agent });
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
          res.send(409, { error: { code: 'Taken', message: `${result.by.name} 상담원이 이미 맡았습니다. / ${result.by.name} already took this ticket.`, by: result.by.name } });
        } else if (result.reason === 'not_found') {
          sendError(res, 404, 'NotFound', 'No such ticket. / 해당 상담 요청이 없습니다.');
        } else {
          sendError(res, 409, 'NotWaiting', 'This ticket is no longer waiting. / 더 이상 대기 중인 요청이 아닙니다.');
        }
        return;
      }
      deps.logger.info({ event: 'ticket.accepted', ticketId: ticket.id, agentId: agent.id }, 'ticket accepted');
      await runHook(deps, 'onAccepted', () => deps.onAccepted?.(result.ticket, agent));
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
      if (!CLOSE_REASONS.includes(requested as CloseReason)) {
        sendError(res, 400, 'BadRequest', `reason must be one of ${CLOSE_REASONS.join(', ')}. / 잘못된 종료 사유입니다.`);
        return;
      }
      const result = await deps.tickets.close(ticket.id, requested as CloseReason, agent.id);
      if (!result.ok) {
        if (result.reason === 'not_assignee') sendError(res, 403, 'NotAssignee', 'Only the agent who accepted this ticket can close it. / 맡은 상담원만 종료할 수 있습니다.');
        else if (result.reason === 'not_open') sendError(res, 409, 'NotOpen', 'This ticket is already closed. / 이미 종료된 요청입니다.');
        else sendError(res, 404, 'NotFound', 'No such ticket. / 해당 상담 요청이 없습니다.');
        return;
      }
      deps.logger.info({ event: 'ticket.closed', ticketId: ticket.id, agentId: agent.id, reason: requested }, 'ticket closed');
      await runHook(deps, 'onClosed', () => deps.onClosed?.(result.ticket));
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
        sendError(res, 410, 'CallbackUnrecoverable', 'The number can no longer be decrypted (the key changed). / 번호를 복호화할 수 없습니다 (키가 바뀌었습니다).');
        return;
      }
      res.send(200, { phone, phoneMasked: ticket.callback.phoneMasked, ...(ticket.callback.preferredTime ? { preferredTime: ticket.callback.preferredTime } : {}) });
    }),
  );
}

function listItem(ticket: Ticket, now: Date, position: number | undefined): TicketListItem {
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

/** Waiting so far while waiting; otherwise until someone accepted it or it ended. */
function waitingMinutes(ticket: Ticket, now: Date): number {
  const end = ticket.assignedAt ?? ticket.closedAt ?? now.toISOString();
  return Math.max(0, Math.floor((Date.parse(end) - Date.parse(ticket.createdAt)) / 60_000));
}

/** Queue first (oldest first), then assigned and callbacks, then finished tickets newest first. */
function listOrder(a: Ticket, b: Ticket): number {
  const byStatus = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  if (byStatus !== 0) return byStatus;
  const byAge = a.createdAt.localeCompare(b.createdAt);
  return a.status === 'waiting' ? byAge : -byAge;
}

async function runHook(deps: AgentApiDeps, name: string, hook: () => Promise<void> | undefined): Promise<void> {
  try {
    await hook();
  } catch (error) {
    deps.logger.error({ hook: name, err: { message: (error as Error).message } }, 'agent api hook failed');
  }
}

function sendError(res: restify.Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

function queryOf(req: restify.Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

/**
 * The shared JSON body reader for one route (caps and nesting checked before reading or parsing),
 * with its refusals answered in this API's error format.
 */
function jsonBody(): restify.RequestHandler {
  return jsonBodyParser({ maxBytes: MAX_BODY_BYTES, requireJsonType: true }, (res, error) => {
    res.header('Cache-Control', 'no-store');
    sendError(res, error.status, 'BadRequest', 'The body must be a small JSON object. / 요청 형식이 올바르지 않습니다.');
  });
}
