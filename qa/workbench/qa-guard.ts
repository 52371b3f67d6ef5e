import type restify from 'restify';

/**
 * The door of every QA workbench route (/api/qa/…): the console's own sign-in (the agent API's
 * `authenticate`, password session or Teams SSO token) and the `qa` role. No token or a bad one →
 * 401, a user without the QA role (an agent only) → 403, never the handler. Errors of a handler
 * answer 500 with our message; the details go to the log only.
 *
 * qa/workbench sits below handoff/ in the layers, so the authenticator is described here by its
 * shape and given by server/qa-workbench.ts (handoff's AgentAuth fits it).
 */

export interface QaUser {
  id: string;
  name: string;
  tenantId?: string;
  roles?: readonly string[];
}

export interface QaAuthenticator {
  authenticate(authorization: string | undefined): Promise<{ ok: true; agent: QaUser } | { ok: false; status: 401 | 403 | 503; code: string; message: string }>;
}

export interface QaLogger {
  error(details: object, message: string): void;
}

export type QaHandler = (req: restify.Request, res: restify.Response, user: QaUser) => Promise<void>;
/** Wraps a handler so it runs only for an authenticated QA user: `server.get(path, guard(handler))`. */
export type QaGuard = (handler: QaHandler) => (req: restify.Request, res: restify.Response) => Promise<void>;

export function sendQaError(res: restify.Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

/** `tenantId` (HANDOFF_TENANT_ID): QA users of another tenant are refused, as agents are kept to their tenant's tickets. */
export function qaGuard(auth: QaAuthenticator, logger: QaLogger, tenantId?: string): QaGuard {
  return (handler) => async (req, res) => {
    // Redacted, but still conversations: never kept by a browser or a proxy.
    res.header('Cache-Control', 'no-store');
    try {
      const outcome = await auth.authenticate(req.headers.authorization);
      if (!outcome.ok) {
        if (outcome.status === 401) res.header('WWW-Authenticate', 'Bearer');
        sendQaError(res, outcome.status, outcome.code, outcome.message);
        return;
      }
      // Identities without roles are agents (handoff/console-roles.ts): never QA.
      if (!outcome.agent.roles?.includes('qa')) {
        sendQaError(res, 403, 'NotAllowed', 'Only QA may use the QA workbench. / QA 담당자만 QA 작업대를 쓸 수 있습니다.');
        return;
      }
      if (tenantId && outcome.agent.tenantId && outcome.agent.tenantId !== tenantId) {
        sendQaError(res, 403, 'TenantNotAllowed', 'QA of another organization may not read these conversations. / 다른 조직의 QA 담당자는 볼 수 없습니다.');
        return;
      }
      await handler(req, res, outcome.agent);
    } catch (error) {
      logger.error({ path: req.path(), err: { message: (error as Error).message } }, 'qa workbench request failed');
      if (!res.headersSent) sendQaError(res, 500, 'InternalError', 'Something went wrong; please try again. / 잠시 후 다시 시도해 주세요.');
    }
  };
}
