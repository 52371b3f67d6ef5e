import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TurnContext } from 'botbuilder';
import restify from 'restify';
import type { DirectLineChannel } from '../directline/index.js';
import { tooManyRequestsText } from '../directline/messages.js';
import type { CertAdapter } from './adapter.js';
import { handleMessages } from './messages-route.js';
import type { Logger } from '../lib/logger.js';
import type { RateLimits } from '../lib/rate-limits.js';
import { rootDir } from '../lib/paths.js';
import { jsonBodyParser } from '../lib/http/json-body.js';
import { integrityLookup, sendPage } from './pages.js';
import { mountBundles } from './web-bundles.js';
import { StaticAssets } from './static-assets.js';
import { installWebSecurity, type WebSecurity } from './web-security.js';
import { mountCustomerPage } from './customer-page.js';
import { healthz, type HealthAnswer } from '../storage/postgres/health.js';

export interface ServerDeps {
  adapter: CertAdapter;
  logic: (context: TurnContext) => Promise<void>;
  /** No MicrosoftAppId: /api/messages is anonymous and serves the Emulator on loopback only. */
  localMode: boolean;
  directLine: DirectLineChannel;
  logger: Logger;
  maxActivityBytes?: number;
  /** Per-client limits (the page's token endpoint counts against `tokens`); none when absent. */
  limits?: RateLimits;
  /** The key of the client behind a request. Default: the TCP peer's address. */
  clientOf?: (req: restify.Request) => string;
  /** GET /readyz for the load balancer: 503 while draining or when the database is unreachable. Default: ready. */
  ready?: () => Promise<HealthAnswer>;
  /** Security headers, HEAD, and which other sites may embed the page and call the API (server/web-security.ts). */
  security: WebSecurity;
}

/** Static files of the agent console, by URL path (the customer page: server/customer-page.ts). Browser bundles come from node_modules: no CDN. */
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  // 상담 콘솔 / Agent console (the Teams static tab; also works in a plain browser).
  '/agent': { file: path.join(rootDir, 'web', 'agent', 'index.html'), type: 'text/html; charset=utf-8' },
  '/agent/': { file: path.join(rootDir, 'web', 'agent', 'index.html'), type: 'text/html; charset=utf-8' },
  '/agent/agent.css': { file: path.join(rootDir, 'web', 'agent', 'agent.css'), type: 'text/css; charset=utf-8' },
  '/vendor/teams-js.js': {
    file: path.join(rootDir, 'node_modules', '@microsoft', 'teams-js', 'dist', 'umd', 'MicrosoftTeams.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
};

/** Where compressed copies are kept between starts (as for the customer page). */
const ASSET_CACHE_DIR = path.join(rootDir, 'node_modules', '.cache', 'cert-helper');

const BODY_ERROR_CODES = { 400: 'BadArgument', 413: 'MessageSizeTooBig', 415: 'UnsupportedMediaType' } as const;

export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'cert-helper', handleUncaughtExceptions: false });
  installWebSecurity(server, deps.security);

  // Bot Framework channels and the Emulator. JSON is parsed only here: the Direct Line upload route
  // must see its multipart body untouched. Size, encoding and nesting are refused before reading.
  server.post(
    '/api/messages',
    jsonBodyParser({ maxBytes: deps.maxActivityBytes ?? 256 * 1024, requireJsonType: true }, (res, error) => {
      res.send(error.status, { error: { code: BODY_ERROR_CODES[error.status], message: error.message } });
    }),
    async (req: restify.Request, res: restify.Response) => {
      const problem = activityProblem(req.body);
      if (problem) {
        res.send(400, { error: { code: 'BadArgument', message: problem } });
        return;
      }
      await handleMessages(deps, req, res);
    },
  );

  server.post('/api/webchat/token', async (req: restify.Request, res: restify.Response) => {
    // Every token starts a conversation: counted per client before one is made (same budget as /v3/directline/tokens/*).
    const refusal = await deps.limits?.consume('tokens', deps.clientOf?.(req) ?? req.socket?.remoteAddress ?? 'unknown');
    if (refusal) {
      res.header('Retry-After', String(refusal.retryAfterSeconds));
      res.header('Cache-Control', 'no-store');
      res.send(429, { error: { code: 'TooManyRequests', message: tooManyRequestsText(refusal.retryAfterSeconds) } });
      return;
    }
    const { token, conversationId, expires_in } = await deps.directLine.generateToken();
    res.header('Cache-Control', 'no-store');
    res.send(200, { token, conversationId, expires_in });
  });

  // /healthz: the process answers (a restart would not help otherwise); /readyz: send traffic here.
  const health = (answer: () => HealthAnswer | Promise<HealthAnswer>) => async (_req: restify.Request, res: restify.Response) => {
    const { status, body } = await answer();
    res.header('Cache-Control', 'no-store');
    res.send(status, body);
  };
  server.get('/healthz', health(healthz));
  server.get('/readyz', health(deps.ready ?? healthz));

  deps.directLine.mount(server);
  mountCustomerPage(server, deps.logger);

  // The console's files and the browser bundles are served as the customer page's are (server/static-assets.ts).
  const assets = new StaticAssets(ASSET_CACHE_DIR);
  const integrity = integrityLookup((urlPath) => STATIC_FILES[urlPath]?.file);
  for (const [route, entry] of Object.entries(STATIC_FILES)) {
    if (entry.type.startsWith('text/html')) {
      server.get(route, async (_req: restify.Request, res: restify.Response) => sendPage(res, entry.file, integrity));
      continue;
    }
    server.get(route, async (req: restify.Request, res: restify.Response) => {
      try {
        await assets.serveOnDemand(route, async () => ({ bytes: await readFile(entry.file), type: entry.type, versioned: false }), req, res);
      } catch {
        res.send(404, { error: { code: 'NotFound', message: 'Not found' } });
      }
    });
  }
  mountBundles(server, assets, (error) => deps.logger.error({ err: { message: error.message } }, 'web bundle failed'));

  server.on('restifyError', (req: restify.Request, _res: restify.Response, error: Error & { statusCode?: number }, callback: () => void) => {
    if ((error.statusCode ?? 500) >= 500) deps.logger.error({ path: req.path(), err: { message: error.message } }, 'request failed');
    callback();
  });
  return server;
}

/** Returns why a posted body is not an activity we can process, or undefined when it is one. */
export function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be a JSON activity object.';
  const activity = body as Record<string, unknown>;
  if (typeof activity.type !== 'string' || activity.type.length === 0) return 'The activity needs a "type".';
  for (const field of ['conversation', 'from', 'recipient'] as const) {
    const value = activity[field];
    if (value !== undefined && (typeof value !== 'object' || value === null || typeof (value as { id?: unknown }).id !== 'string')) {
      return `"${field}" must be an object with a string "id".`;
    }
  }
  if (typeof activity.conversation !== 'object') return 'The activity needs a "conversation".';
  if (typeof activity.serviceUrl !== 'string' || !/^https?:\/\//.test(activity.serviceUrl)) return 'The activity needs an http(s) "serviceUrl".';
  if (activity.text !== undefined && typeof activity.text !== 'string') return '"text" must be a string.';
  if (activity.attachments !== undefined && !Array.isArray(activity.attachments)) return '"attachments" must be an array.';
  return undefined;
}
