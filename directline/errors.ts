import type { ServerResponse } from 'node:http';

/**
 * Error codes used by the Direct Line 3.0 service in its `{ error: { code, message } }` body.
 * Clients (botframework-directlinejs, Web Chat) react to the HTTP status, the code is for humans and logs.
 */
export type DirectLineErrorCode =
  | 'BadArgument'
  | 'MissingProperty'
  | 'MessageSizeTooBig'
  | 'Unauthorized'
  | 'Forbidden'
  | 'TokenExpired'
  | 'NotFound'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'ServiceError';

/** A request failure that maps one-to-one to an HTTP error response. */
export class DirectLineError extends Error {
  constructor(
    readonly status: number,
    readonly code: DirectLineErrorCode,
    message: string,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DirectLineError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(payload)),
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: DirectLineError, extraHeaders: Record<string, string> = {}): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, { ...error.headers, ...extraHeaders });
}
