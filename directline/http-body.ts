import type { IncomingMessage } from 'node:http';
import { DirectLineError } from './errors.js';

/**
 * Reads and parses a JSON request body with a byte cap. The channel reads bodies itself instead
 * of relying on a restify body parser so that the multipart upload route is never consumed by a
 * global parser and every JSON route gets the same limits and error bodies.
 * An empty body yields `undefined`.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const preParsed = (req as IncomingMessage & { body?: unknown }).body;
  if (preParsed !== undefined && req.readableEnded) return fromPreParsed(preParsed, maxBytes);

  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume(); // let the rest drain so the error response reaches the client
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  return parseJson(Buffer.concat(chunks).toString('utf8'));
}

function fromPreParsed(body: unknown, maxBytes: number): unknown {
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    if (Buffer.byteLength(body) > maxBytes) throw tooLarge(maxBytes);
    return parseJson(body.toString());
  }
  return body;
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new DirectLineError(400, 'BadArgument', 'The request body is not valid JSON.');
  }
}

function tooLarge(maxBytes: number): DirectLineError {
  return new DirectLineError(413, 'MessageSizeTooBig', `The request body is larger than ${maxBytes} bytes.`);
}
