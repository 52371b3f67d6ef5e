import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { DirectLineError } from './errors.js';

// Small request/response helpers of the channel's routes, kept apart so rest-routes.ts reads as the protocol.

export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

export function queryOf(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

/** Watermarks are decimal sequence numbers; empty means "from the start". */
export function parseWatermark(value: string | null, { lenient = false } = {}): number | undefined {
  if (value === null || value === '') return undefined;
  if (/^\d{1,15}$/.test(value)) return Number(value);
  if (lenient) return undefined;
  throw new DirectLineError(400, 'BadArgument', 'The watermark is not valid.');
}

export function userIdFromBody(body: unknown): string | undefined {
  const id = (body as { user?: { id?: unknown } } | undefined)?.user?.id;
  if (id === undefined || id === null || id === '') return undefined;
  if (typeof id !== 'string' || id.length > 256) throw new DirectLineError(400, 'BadArgument', '"user.id" must be a string of at most 256 characters.');
  return id;
}

export function localeFromBody(body: unknown): string | undefined {
  const locale = (body as { locale?: unknown } | undefined)?.locale;
  return typeof locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale) ? locale : undefined;
}

/**
 * Web Chat describes each uploaded file in the activity part (same order), with a small image
 * preview as a data: URL. Keep that preview when it matches the file and is an inline image.
 */
export function safeThumbnail(description: unknown, fileName: string): string | undefined {
  if (typeof description !== 'object' || description === null) return undefined;
  const { name, thumbnailUrl } = description as { name?: unknown; thumbnailUrl?: unknown };
  if (name !== undefined && name !== fileName) return undefined;
  if (typeof thumbnailUrl !== 'string' || thumbnailUrl.length > 200_000) return undefined;
  return /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(thumbnailUrl) ? thumbnailUrl : undefined;
}

export function refuseUpgrade(socket: Duplex, error: DirectLineError): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[error.status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${error.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
