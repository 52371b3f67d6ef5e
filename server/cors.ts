import type { IncomingMessage } from 'node:http';
import type restify from 'restify';

/**
 * Who may call the token endpoint and Direct Line from a browser. A request without an Origin
 * header is no browser page's (curl, a bank's token server) and is left to the routes' own checks.
 * Otherwise the origin must be this site's own or one listed in EMBED_ALLOWED_ORIGINS, compared as
 * whole strings: `null` (sandboxed frames, file:), look-alikes (https://bank.example.evil.com) and
 * prefixes (https://bank.example.co) are refused with 403 before any work is done — a plain CORS
 * omission would still let a foreign page's simple POST start a conversation it cannot read.
 */
export type OriginVerdict = 'none' | 'same' | 'allowed' | 'refused';

/** The API paths a page calls: the token endpoint and every Direct Line route. */
export const CROSS_ORIGIN_PATHS = /^\/(api\/webchat\/token|v3\/directline)(\/|$)/;

const ALLOWED_HEADERS = ['authorization', 'content-type', 'x-ms-bot-agent', 'x-requested-with'];

export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  /**
   * @param allowed EMBED_ALLOWED_ORIGINS.
   * @param ownOrigin The origin of PUBLIC_BASE_URL; unset = this server's own origin is the one the request's Host names.
   */
  constructor(
    allowed: readonly string[],
    private readonly ownOrigin?: string,
  ) {
    this.allowed = new Set(allowed);
  }

  verdict(origin: string | undefined, host: string | undefined): OriginVerdict {
    if (origin === undefined) return 'none';
    if (this.allowed.has(origin)) return 'allowed';
    return this.isOwn(origin, host) ? 'same' : 'refused';
  }

  /** For the WebSocket upgrade, which bypasses restify: true when the request may go on. */
  readonly admits = (req: IncomingMessage): boolean => this.verdict(single(req.headers.origin), req.headers.host) !== 'refused';

  private isOwn(origin: string, host: string | undefined): boolean {
    if (this.ownOrigin) return origin === this.ownOrigin;
    // No public address configured (local mode, tests): a browser always sends the Host it connected
    // to, so a page of this very server sends an Origin naming that host. A forged Host only fools
    // the forger, who could as well have left Origin out.
    try {
      const url = new URL(origin);
      return url.origin === origin && host !== undefined && url.host === host.toLowerCase();
    } catch {
      return false;
    }
  }
}

/** restify `pre` handler: CORS answers (preflight included) and refusals for the cross-origin paths. */
export function corsHandler(policy: OriginPolicy): restify.RequestHandler {
  return (req, res, next) => {
    if (!CROSS_ORIGIN_PATHS.test(req.path())) return next();
    res.header('Vary', 'Origin');
    const origin = single(req.headers.origin);
    const verdict = policy.verdict(origin, req.headers.host);
    if (verdict === 'refused') {
      res.header('Cache-Control', 'no-store');
      res.send(403, {
        error: {
          code: 'OriginNotAllowed',
          message: `이 사이트(${origin})에서는 상담을 시작할 수 없어요. / This site (${origin}) is not allowed to use the assistant: add it to EMBED_ALLOWED_ORIGINS.`,
        },
      });
      return next(false);
    }
    if (verdict === 'allowed') {
      res.header('Access-Control-Allow-Origin', origin);
      res.header('Access-Control-Expose-Headers', 'Retry-After');
    }
    if (req.method === 'OPTIONS') {
      res.header('Access-Control-Allow-Methods', 'GET, POST');
      res.header('Access-Control-Allow-Headers', requestedHeaders(req.headers['access-control-request-headers']));
      res.header('Access-Control-Max-Age', '600');
      res.header('Allow', 'GET, POST, HEAD, OPTIONS');
      res.writeHead(204);
      res.end();
      return next(false);
    }
    return next();
  };
}

/** The headers a preflight asked for that the API reads (Authorization, Content-Type, …); others are not granted. */
function requestedHeaders(asked: string | string[] | undefined): string {
  const names =
    single(asked)
      ?.split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean) ?? [];
  const granted = names.filter((name) => ALLOWED_HEADERS.includes(name));
  return (granted.length > 0 ? granted : ALLOWED_HEADERS).join(', ');
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
