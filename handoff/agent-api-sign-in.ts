import type restify from 'restify';
import type { SignInOptions } from './agent-api-types.js';
import { guardedBy, jsonBody, sendError, type AgentApiLogger } from './agent-api-http.js';
import type { AgentAuth } from './agent-auth.js';

export interface SignInRouteDeps {
  auth: AgentAuth;
  logger: AgentApiLogger;
  /** The key of the client behind a request, for the sign-in limits. Default: the TCP peer's address. */
  clientOf?: (req: restify.Request) => string;
}

/** The agent console's doors: which sign-ins are open (GET /api/agent/sign-in) and password sign-in (POST /api/agent/session). */
export function mountSignIn(server: restify.Server, deps: SignInRouteDeps): void {
  const guarded = guardedBy(deps.logger);

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
        sendError(
          res,
          401,
          'PasswordLoginDisabled',
          'Password sign-in is not enabled; open the console in Teams. / 비밀번호 로그인이 꺼져 있습니다. Teams에서 열어 주세요.',
        );
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
      res.send(200, {
        token: outcome.token,
        expiresIn: outcome.expiresIn,
        agent: { id: outcome.agent.id, name: outcome.agent.name, roles: outcome.agent.roles },
      });
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
}
