import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { TurnContext } from 'botbuilder';
import restify from 'restify';
import { browserBundleCode } from '../cert-core/bundle.js';
import { agentConsoleBundle } from '../web/agent/bundle.js';
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
import { installWebSecurity, type WebSecurity } from './web-security.js';

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
  /** Security headers, HEAD, and which other sites may embed the page and call the API (server/web-security.ts). */
  security: WebSecurity;
}

/** Static files the page needs, by URL path. Browser bundles come from node_modules: no CDN. */
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: path.join(rootDir, 'web', 'index.html'), type: 'text/html; charset=utf-8' },
  '/app.js': { file: path.join(rootDir, 'web', 'app.js'), type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: path.join(rootDir, 'web', 'app.css'), type: 'text/css; charset=utf-8' },
  '/check.js': { file: path.join(rootDir, 'web', 'check.js'), type: 'text/javascript; charset=utf-8' },
  '/vendor/webchat.js': { file: path.join(rootDir, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js'), type: 'text/javascript; charset=utf-8' },
  // 상담 콘솔 / Agent console (the Teams static tab; also works in a plain browser).
  '/agent': { file: path.join(rootDir, 'web', 'agent', 'index.html'), type: 'text/html; charset=utf-8' },
  '/agent/': { file: path.join(rootDir, 'web', 'agent', 'index.html'), type: 'text/html; charset=utf-8' },
  '/agent/agent.css': { file: path.join(rootDir, 'web', 'agent', 'agent.css'), type: 'text/css; charset=utf-8' },
  '/vendor/teams-js.js': { file: path.join(rootDir, 'node_modules', '@microsoft', 'teams-js', 'dist', 'umd', 'MicrosoftTeams.min.js'), type: 'text/javascript; charset=utf-8' },
};

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

  server.get('/health', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'ok' });
  });

  deps.directLine.mount(server);

  const integrity = integrityLookup((urlPath) => STATIC_FILES[urlPath]?.file);
  for (const [route, entry] of Object.entries(STATIC_FILES)) {
    const page = entry.type.startsWith('text/html');
    server.get(route, async (_req: restify.Request, res: restify.Response) => (page ? sendPage(res, entry.file, integrity) : sendFile(res, entry.file, entry.type)));
  }
  mountBundles(server, (error) => deps.logger.error({ err: { message: error.message } }, 'web bundle failed'));

  // Scripts built from TypeScript on first request, then kept in memory: the local certificate check runs
  // cert-core in the browser; the agent console is web/agent/ with Preact.
  for (const [route, build] of Object.entries(BUNDLES)) {
    server.get(route, async (_req: restify.Request, res: restify.Response) => {
      try {
        const code = await bundle(route, build);
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': Buffer.byteLength(code), 'Cache-Control': 'no-cache' });
        res.end(code);
      } catch (error) {
        deps.logger.error({ route, err: { message: (error as Error).message } }, 'browser bundle failed');
        res.send(500, { error: { code: 'BundleFailed', message: 'This script is unavailable.' } });
      }
    });
  }

  server.on('restifyError', (req: restify.Request, _res: restify.Response, error: Error & { statusCode?: number }, callback: () => void) => {
    if ((error.statusCode ?? 500) >= 500) deps.logger.error({ path: req.path(), err: { message: error.message } }, 'request failed');
    callback();
  });
  return server;
}

const BUNDLES: Record<string, () => Promise<string>> = {
  '/vendor/cert-core.js': browserBundleCode,
  '/agent/agent.js': agentConsoleBundle,
};
const bundles = new Map<string, Promise<string>>();

/** One build per process and route; a failed build is retried on the next request instead of being cached. */
function bundle(route: string, build: () => Promise<string>): Promise<string> {
  let built = bundles.get(route);
  if (!built) {
    built = build().catch((error: unknown) => {
      bundles.delete(route);
      throw error;
    });
    bundles.set(route, built);
  }
  return built;
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

async function sendFile(res: restify.Response, file: string, type: string): Promise<void> {
  try {
    const info = await stat(file);
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': 'no-cache' });
    createReadStream(file).pipe(res);
  } catch {
    res.send(404, { error: { code: 'NotFound', message: 'Not found' } });
  }
}
