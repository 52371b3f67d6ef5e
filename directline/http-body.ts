import type { IncomingMessage } from 'node:http';
import { BodyError, assertNesting, parseJsonText, readJsonBody as readSharedJsonBody } from '../lib/http/json-body.js';
import { DirectLineError, type DirectLineErrorCode } from './errors.js';

/**
 * The channel's JSON bodies, read by the shared reader (caps before reading, nesting before
 * parsing) with its failures as Direct Line errors. The channel reads bodies itself instead of
 * relying on a restify body parser so that the multipart upload route is never consumed by a
 * global parser. An empty body yields `undefined`.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const preParsed = (req as IncomingMessage & { body?: unknown }).body;
  try {
    if (preParsed !== undefined && req.readableEnded) return fromPreParsed(preParsed, maxBytes);
    return await readSharedJsonBody(req, { maxBytes });
  } catch (error) {
    throw asDirectLineError(error);
  }
}

/** JSON text of a multipart activity part, with the same nesting limit. */
export function parseJson(text: string): unknown {
  try {
    return parseJsonText(text);
  } catch (error) {
    throw asDirectLineError(error);
  }
}

function fromPreParsed(body: unknown, maxBytes: number): unknown {
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    if (Buffer.byteLength(body) > maxBytes) throw new BodyError(413, 'tooLarge', `The request body is larger than ${maxBytes} bytes.`);
    return parseJsonText(body.toString());
  }
  assertNesting(body);
  return body;
}

const CODES: Record<BodyError['status'], DirectLineErrorCode> = { 400: 'BadArgument', 413: 'MessageSizeTooBig', 415: 'UnsupportedMediaType' };

function asDirectLineError(error: unknown): unknown {
  return error instanceof BodyError ? new DirectLineError(error.status, CODES[error.status], error.message) : error;
}
