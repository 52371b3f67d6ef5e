import type { IncomingMessage } from 'node:http';
import { BodyError, parseJsonText, readJsonBody as readSharedJsonBody } from '../lib/http/json-body.js';
import { DirectLineError, type DirectLineErrorCode } from './errors.js';

/**
 * The channel's JSON bodies, read by the shared reader (lib/http/json-body.ts: caps before reading,
 * nesting before parsing) with its failures as Direct Line errors. The channel reads bodies itself,
 * never through a global restify body parser, so the multipart upload route gets its body untouched.
 * An empty body yields `undefined`.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  try {
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

const CODES: Record<BodyError['status'], DirectLineErrorCode> = { 400: 'BadArgument', 413: 'MessageSizeTooBig', 415: 'UnsupportedMediaType' };

function asDirectLineError(error: unknown): unknown {
  return error instanceof BodyError ? new DirectLineError(error.status, CODES[error.status], error.message) : error;
}
