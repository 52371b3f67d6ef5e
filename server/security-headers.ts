import type restify from 'restify';

/**
 * The headers a bank's security review asks for, on every response (pages, bundles, API answers).
 *
 * CSP: scripts only from this origin, no inline script, no eval — the pages load every script by
 * URL (with SRI, server/pages.ts). The one exception is the customer page's import map (integrity of
 * its run-time chunks): allowed by its hash for that page's responses only (allowInlineScripts). Styles allow 'unsafe-inline':
 * Web Chat (emotion) and Adaptive Cards write <style> elements at run time; inline *styles* cannot
 * run code, and a nonce would make browsers ignore 'unsafe-inline' and break those libraries.
 * blob:/data: are what Web Chat's uploads use (file previews, the upload read of a picked file).
 *
 * frame-ancestors: the customer page may be framed by this site and EMBED_ALLOWED_ORIGINS (the
 * launcher's panel); the agent console only by Teams (TEAMS_FRAME_ANCESTORS, plus TEAMS_EXTRA_FRAME_ORIGINS
 * for the government clouds) — not even by this site; nothing else by anyone.
 * In report-only mode the policy is reported, not enforced — except frame-ancestors, which browsers
 * ignore in a report-only policy and which therefore stays enforced in a header of its own.
 */
export interface SecurityHeaderOptions {
  /** PUBLIC_BASE_URL (or the local address): HSTS only when it is https. */
  publicBaseUrl: string;
  embedOrigins: readonly string[];
  /** TEAMS_EXTRA_FRAME_ORIGINS: Teams hosts besides TEAMS_FRAME_ANCESTORS that may frame the console. */
  teamsExtraOrigins: readonly string[];
  cspMode: 'enforce' | 'report-only';
  reportUri?: string;
}

/**
 * The hosts Microsoft documents for a Teams tab's frame-ancestors (Teams web, its subdomains, and
 * the cloud.microsoft domain Teams is moving to): learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements
 */
export const TEAMS_FRAME_ANCESTORS = ['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://teams.cloud.microsoft'];

/** Browser features the assistant never uses, switched off for it and for anything it frames. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'midi=()',
  'display-capture=()',
].join(', ');

export const HSTS = 'max-age=31536000; includeSubDomains';

/** Where a path's document may be framed. */
export function frameAncestorsFor(path: string, embedOrigins: readonly string[], teamsExtraOrigins: readonly string[]): string {
  // The console: Teams only. Not 'self': no page of this site frames it, so 'self' would only let
  // something injected into one of them (e.g. an uploaded file shown inline) dress up the console.
  if (path === '/agent' || path.startsWith('/agent/')) return [...TEAMS_FRAME_ANCESTORS, ...teamsExtraOrigins].join(' ');
  if (path === '/') return ["'self'", ...embedOrigins].join(' ');
  return "'none'";
}

/** The policy without frame-ancestors (the same for every response). */
export function contentPolicy(reportUri?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self' blob:",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    ...(reportUri ? [`report-uri ${reportUri}`] : []),
  ].join('; ');
}

/** restify `pre` handler setting every security header (routes may still override one, e.g. an upload's sandbox CSP). */
export function securityHeaders(options: SecurityHeaderOptions): restify.RequestHandler {
  const policy = contentPolicy(options.reportUri);
  const https = options.publicBaseUrl.startsWith('https:');
  return (req, res, next) => {
    const frameAncestors = `frame-ancestors ${frameAncestorsFor(req.path(), options.embedOrigins, options.teamsExtraOrigins)}`;
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    res.header('Permissions-Policy', PERMISSIONS_POLICY);
    res.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (https) res.header('Strict-Transport-Security', HSTS);
    if (options.cspMode === 'enforce') {
      res.header('Content-Security-Policy', `${policy}; ${frameAncestors}`);
    } else {
      res.header('Content-Security-Policy-Report-Only', policy);
      res.header('Content-Security-Policy', frameAncestors);
    }
    next();
  };
}

/**
 * Lets this response's document run the inline scripts with exactly these hashes ('sha256-…'): a
 * script-src-elem directive added to the policy already set (enforced or report-only). Only script
 * elements get the hashes; inline event handlers and eval stay under script-src 'self'.
 */
export function allowInlineScripts(res: restify.Response, hashes: readonly string[]): void {
  if (hashes.length === 0) return;
  for (const name of ['Content-Security-Policy', 'Content-Security-Policy-Report-Only']) {
    const policy = res.getHeader(name);
    if (typeof policy !== 'string' || !/(^|; )script-src /.test(policy)) continue;
    res.setHeader(name, `${policy}; script-src-elem 'self' ${hashes.map((hash) => `'${hash}'`).join(' ')}`);
  }
}

/**
 * HEAD is answered wherever GET is (load balancers' health checks use it): the request is routed as
 * the GET, and Node sends the GET's status and headers without a body (a HEAD response never has one).
 */
export function headAsGet(req: restify.Request, _res: restify.Response, next: restify.Next): void {
  if (req.method === 'HEAD') req.method = 'GET';
  next();
}
