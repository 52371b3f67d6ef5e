import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Next, Request, RequestHandler, Response } from 'restify';

/**
 * The one way JSON request bodies are read (Direct Line, /api/messages, the agent API): limits are
 * checked before the work they guard. A declared length over the cap is refused before a byte is
 * read, a chunked body stops being buffered at the cap, a compressed body is refused unread (no
 * inflating of bombs), and nesting is counted on the text before JSON.parse builds anything.
 */

export type BodyProblem = 'tooLarge' | 'compressed' | 'notJson' | 'malformed' | 'tooDeep' | 'aborted';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly problem: BodyProblem,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

export interface JsonBodyLimits {
  maxBytes: number;
  /** Deepest nesting of objects and arrays accepted. Default 64: activities and cards nest far less. */
  maxDepth?: number;
  /** Refuse (415) a body whose Content-Type is not JSON. Default false (Direct Line clients vary). */
  requireJsonType?: boolean;
}

export const DEFAULT_MAX_JSON_DEPTH = 64;
/** How much more a refused sender may send, and for how long, before its connection is cut. */
const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 2_000;

/** Reads and parses the body; an empty body is `undefined`. Throws BodyError. */
export async function readJsonBody(req: IncomingMessage, limits: JsonBodyLimits): Promise<unknown> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity' && encoding !== '') throw new BodyError(415, 'compressed', 'Compressed request bodies are not accepted.');
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (limits.requireJsonType && hasBody && !isJsonContentType(req.headers['content-type'])) {
    throw new BodyError(415, 'notJson', 'The body must be sent as application/json.');
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const bytes = await readCapped(req, limits.maxBytes);
  return parseJsonText(decodeUtf8(bytes), limits.maxDepth);
}

/** JSON.parse behind a nesting check; blank text is `undefined`. Throws BodyError (400). */
export function parseJsonText(text: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  if (text.trim() === '') return undefined;
  if (nestingExceeds(text, maxDepth)) throw tooDeep(maxDepth);
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, 'malformed', 'The request body is not valid JSON.');
  }
}

/**
 * Counts bracket depth outside strings in one pass. JSON.parse itself copes with deep input, but
 * everything after it (redaction, storage, transcripts) walks the result recursively.
 */
export function nestingExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return false;
}

/**
 * After answering a request whose body was not (fully) read: a lingering close. The rest of the
 * body is dropped as it comes (never buffered), our side of the connection is closed once the
 * answer is out, and a sender that keeps going is cut off after LINGER_BYTES or LINGER_MS.
 * Closing at once instead would reset the connection under a client still sending, and its
 * kernel would drop the error response before the client read it.
 */
export function discardUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  // A body that arrived completely but was not consumed is drained by Node itself.
  if (req.complete || clientGone(req)) return;
  // Held now: Node detaches the socket from the request once the response has finished.
  const socket = req.socket!;
  let discarded = 0;
  const count = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) socket.destroy();
  };
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.on('data', count);
  socket.once('close', () => {
    clearTimeout(timer);
    socket.off('data', count);
  });
  req.resume();
  if (res.writableFinished) socket.end();
  else res.once('finish', () => socket.end());
}

/**
 * Answers a BodyError in the route's own error format and stops reading: the common end of every
 * JSON route. Nothing is answered to a client that went away.
 */
export function refuseBody(req: IncomingMessage, res: ServerResponse, error: BodyError, send: () => void): void {
  if (error.problem === 'aborted' || clientGone(req)) return;
  if (!res.headersSent) send();
  discardUnreadBody(req, res);
}

/** The connection is gone (a request stream is also "destroyed" after its body was read). */
export function clientGone(req: IncomingMessage): boolean {
  return !req.socket || req.socket.destroyed;
}

export function isJsonContentType(value: string | undefined): boolean {
  const type = (value ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function readCapped(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFailure);
      req.off('close', onFailure);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        chunks.length = 0;
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    // The client went away (or the connection broke) before the body was complete.
    const onFailure = () => {
      stop();
      reject(new BodyError(400, 'aborted', 'The request body was not received completely.'));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onFailure);
    req.once('close', onFailure);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new BodyError(400, 'malformed', 'The request body is not valid UTF-8.');
  }
}

function tooLarge(maxBytes: number): BodyError {
  return new BodyError(413, 'tooLarge', `The request body is larger than ${maxBytes} bytes.`);
}

function tooDeep(maxDepth: number): BodyError {
  return new BodyError(400, 'tooDeep', `The request body nests deeper than ${maxDepth} levels.`);
}

/**
 * A restify handler that puts the parsed body on `req.body`, or answers a BodyError with `answer`
 * (the route's own error format) and ends the chain. Other failures go to restify as errors.
 */
export function jsonBodyParser(limits: JsonBodyLimits, answer: (res: Response, error: BodyError) => void): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    readJsonBody(req, limits).then(
      (body) => {
        req.body = body;
        next();
      },
      (error: unknown) => {
        if (!(error instanceof BodyError)) return next(error as Error);
        refuseBody(req, res, error, () => answer(res, error));
        next(false);
      },
    );
  };
}
