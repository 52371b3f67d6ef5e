import type restify from 'restify';
import { jsonBodyParser } from '../lib/http/json-body.js';
import type { AgentAuth, AgentIdentity } from './agent-auth.js';
import { hasRole, type ConsoleRole } from './console-roles.js';

/** The agent API's way of answering over HTTP: its error format, its guards and its body reader. */

export interface AgentApiLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export type Handler = (req: restify.Request, res: restify.Response) => Promise<void>;
export type AgentHandler = (req: restify.Request, res: restify.Response, agent: AgentIdentity) => Promise<void>;

const MAX_BODY_BYTES = 4 * 1024;

export function sendError(res: restify.Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

export function queryOf(req: restify.Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

/** Wraps a handler so that errors never leak details: the message is ours, the log gets the rest. */
export function guardedBy(logger: AgentApiLogger): (handler: Handler) => Handler {
  return (handler) => async (req, res) => {
    res.header('Cache-Control', 'no-store');
    try {
      await handler(req, res);
    } catch (error) {
      logger.error({ path: req.path(), err: { message: (error as Error).message } }, 'agent api request failed');
      if (!res.headersSent) sendError(res, 500, 'InternalError', 'Something went wrong; please try again. / 잠시 후 다시 시도해 주세요.');
    }
  };
}

const ROLE_REFUSALS: Record<ConsoleRole, string> = {
  agent: 'Only agents may use the live queue. / 상담원만 상담 대기열을 쓸 수 있습니다.',
  qa: 'Only QA may use the QA workbench. / QA 담당자만 QA 작업대를 쓸 수 있습니다.',
};

/**
 * Wraps a handler that needs a signed-in user with `role` (default: agent; `any`: every console
 * user, e.g. "who am I"): 401/403 from `auth` otherwise, 403 NotAllowed without the role. Agents
 * are stamped present (a QA user is not there to answer customers).
 */
export function agentGuardBy(
  auth: Pick<AgentAuth, 'authenticate'>,
  logger: AgentApiLogger,
  presence?: { seen(agent: AgentIdentity, via: 'console'): Promise<void> },
  role: ConsoleRole | 'any' = 'agent',
): (handler: AgentHandler) => Handler {
  const guarded = guardedBy(logger);
  return (handler) =>
    guarded(async (req, res) => {
      const outcome = await auth.authenticate(req.headers.authorization);
      if (!outcome.ok) {
        if (outcome.status === 401) res.header('WWW-Authenticate', 'Bearer');
        sendError(res, outcome.status, outcome.code, outcome.message);
        return;
      }
      if (role !== 'any' && !hasRole(outcome.agent, role)) {
        sendError(res, 403, 'NotAllowed', ROLE_REFUSALS[role]);
        return;
      }
      // An agent whose console asks for anything is there to answer customers.
      if (hasRole(outcome.agent, 'agent')) await presence?.seen(outcome.agent, 'console');
      await handler(req, res, outcome.agent);
    });
}

/** Runs a hook after the action it follows: its failure is logged, the action stands. */
export async function runHook(logger: AgentApiLogger, name: string, hook: () => Promise<void> | undefined): Promise<void> {
  try {
    await hook();
  } catch (error) {
    logger.error({ hook: name, err: { message: (error as Error).message } }, 'agent api hook failed');
  }
}

/**
 * The shared JSON body reader for one route (caps and nesting checked before reading or parsing),
 * with its refusals answered in this API's error format.
 */
export function jsonBody(): restify.RequestHandler {
  return jsonBodyParser({ maxBytes: MAX_BODY_BYTES, requireJsonType: true }, (res, error) => {
    res.header('Cache-Control', 'no-store');
    sendError(res, error.status, 'BadRequest', 'The body must be a small JSON object. / 요청 형식이 올바르지 않습니다.');
  });
}
