import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Request, Response, Server } from 'restify';
import type { ConversationMeta } from './conversation-log.js';
import type { ChannelCore } from './core.js';
import { DirectLineError, sendError, sendJson } from './errors.js';
import { readJsonBody } from './http-body.js';
import { clientGone, discardUnreadBody } from '../lib/http/json-body.js';
import { fileTooLargeText } from './messages.js';
import { localeFromBody, newConversationId, parseWatermark, queryOf, safeThumbnail, userIdFromBody, errorMessage } from './request-helpers.js';
import { sessionIdFor } from './session.js';
import { READ_PAGE_SIZE } from './stream.js';
import type { ActivitySet } from './stream-hub.js';
import { parseUpload } from './upload.js';

const MAX_JSON_BODY_BYTES = 256 * 1024;

type Handler = (core: ChannelCore, req: Request, res: Response) => Promise<void>;

/** The Direct Line 3.0 REST API under the channel's base path. */
export function mountRestRoutes(server: Server, core: ChannelCore): void {
  const at = (path: string): string => `${core.urls.basePath}${path}`;
  const route = (handler: Handler) => guardedRoute(core, handler);
  server.post(at('/tokens/generate'), route(generateToken));
  server.post(at('/tokens/refresh'), route(refreshToken));
  server.post(at('/conversations'), route(startConversation));
  server.get(at('/conversations/:conversationId'), route(reconnect));
  server.get(at('/conversations/:conversationId/activities'), route(getActivities));
  server.post(at('/conversations/:conversationId/activities'), route(postActivity));
  server.post(at('/conversations/:conversationId/upload'), route(upload));
  server.get(at('/attachments/:attachmentId'), route(getAttachment));
  server.get(at('/session/getsessionid'), route(getSessionId));
}

/** A token for a new conversation, for a trusted token server holding the secret. */
export async function newConversationToken(core: ChannelCore, userId?: string): Promise<{ conversationId: string; token: string; expires_in: number }> {
  const conversationId = newConversationId();
  return { conversationId, ...(await core.tokens.issue(conversationId, userId)) };
}

async function generateToken(core: ChannelCore, req: Request, res: Response): Promise<void> {
  await core.admit(req, 'tokens');
  const principal = await core.authenticate(req);
  if (principal.kind !== 'secret') throw new DirectLineError(403, 'Forbidden', 'Generating a token needs the Direct Line secret.');
  const body = await readJsonBody(req, MAX_JSON_BODY_BYTES);
  sendJson(res, 200, await newConversationToken(core, userIdFromBody(body)));
}

async function refreshToken(core: ChannelCore, req: Request, res: Response): Promise<void> {
  await core.admit(req, 'tokens');
  const principal = await core.authenticate(req);
  if (principal.kind !== 'token') throw new DirectLineError(400, 'BadArgument', 'Only a token can be refreshed, not the secret.');
  const { conversationId, userId, chainStart } = principal.claims;
  sendJson(res, 200, { conversationId, ...(await core.tokens.issue(conversationId, userId, chainStart)) });
}

async function startConversation(core: ChannelCore, req: Request, res: Response): Promise<void> {
  await core.admit(req, 'conversations');
  const principal = await core.authenticate(req);
  const body = await readJsonBody(req, MAX_JSON_BODY_BYTES);
  const conversationId = principal.kind === 'token' ? principal.claims.conversationId : newConversationId();
  const requestedUserId = principal.kind === 'token' ? (principal.claims.userId ?? userIdFromBody(body)) : userIdFromBody(body);
  const locale = localeFromBody(body);

  const { created, meta } = await core.queue.run(conversationId, async () => {
    const existing = await core.options.log.get(conversationId);
    if (existing) return { created: false, meta: existing.meta };
    // The bot is told who joined; a client that gave no user id gets one, bound from now on.
    const fresh: ConversationMeta = {
      createdAt: new Date(core.now()).toISOString(),
      userId: requestedUserId ?? `dl_${randomBytes(12).toString('base64url')}`,
      ...(locale ? { locale } : {}),
    };
    await core.options.log.create(conversationId, fresh);
    return { created: true, meta: fresh };
  });

  const serviceUrl = core.urls.base();
  sendJson(res, created ? 201 : 200, await core.conversationResponse(serviceUrl, conversationId, meta.userId, principal));
  if (created) {
    core.logger.info({ conversationId }, 'directline conversation started');
    void core.deliver(core.conversationUpdate(conversationId, meta, serviceUrl), req);
  }
}

async function reconnect(core: ChannelCore, req: Request, res: Response): Promise<void> {
  await core.admit(req, 'tokens'); // answered with a fresh token
  const { conversationId, meta, principal } = await core.openConversation(req);
  const watermark = parseWatermark(queryOf(req).get('watermark'));
  sendJson(res, 200, await core.conversationResponse(core.urls.base(), conversationId, meta.userId, principal, watermark));
}

async function getActivities(core: ChannelCore, req: Request, res: Response): Promise<void> {
  const { conversationId, count } = await core.openConversation(req);
  const requested = Math.min(parseWatermark(queryOf(req).get('watermark')) ?? 0, count);
  const page = await core.options.log.readFrom(conversationId, requested, READ_PAGE_SIZE);
  const body: ActivitySet = { activities: page.activities, watermark: String(page.watermark) };
  sendJson(res, 200, body);
}

async function postActivity(core: ChannelCore, req: Request, res: Response): Promise<void> {
  await core.admit(req, 'messages');
  const { conversationId, meta, principal } = await core.openForPost(req);
  await core.admitToConversation(principal, conversationId);
  const body = await readJsonBody(req, MAX_JSON_BODY_BYTES);
  const activity = core.sanitize(core.stampFromClient(body, conversationId, meta, principal));
  if (!core.options.acceptForeignAttachmentUrls) {
    for (const attachment of activity.attachments ?? []) {
      const url = attachment.contentUrl;
      if (url === undefined || url === null || core.signedAttachmentId(url) !== undefined) continue;
      throw new DirectLineError(400, 'BadArgument', 'Attachments must be uploaded (POST …/upload); links to files elsewhere are not accepted.');
    }
  }
  // A user's own typing indicator is not echoed back to the user's streams.
  const recorded = await core.record(conversationId, activity, { echo: activity.type !== 'typing' });
  await core.deliver(recorded, req);
  sendJson(res, 200, { id: recorded.id });
  if (recorded.type === 'endOfConversation') await core.endConversation(conversationId);
}

async function upload(core: ChannelCore, req: Request, res: Response): Promise<void> {
  await core.admit(req, 'uploads');
  const { conversationId, meta, principal } = await core.openForPost(req);
  const parsed = await parseUpload(req, { maxFileBytes: core.maxUploadBytes, maxFiles: core.maxFilesPerUpload, maxActivityBytes: MAX_JSON_BODY_BYTES });
  if (parsed.kind === 'fileTooLarge') {
    // Nothing was stored. The user sees why in the conversation; the client gets a 413.
    const text = fileTooLargeText(core.options.sanitizeFileName?.(parsed.fileName) ?? parsed.fileName, core.maxUploadBytes);
    await core.postFromBot(conversationId, { type: 'message', text, textFormat: 'plain' });
    throw new DirectLineError(413, 'MessageSizeTooBig', text);
  }

  const queryUserId = queryOf(req).get('userId') ?? undefined;
  const template = (parsed.activity ?? { type: 'message' }) as Record<string, unknown>;
  const withSender = template.from || !queryUserId ? template : { ...template, from: { id: queryUserId } };
  const serviceUrl = core.urls.base();
  // Validate before storing any file, so a bad request leaves nothing behind.
  const stamped = core.stampFromClient({ ...withSender, attachments: undefined }, conversationId, meta, principal, serviceUrl);
  const described = Array.isArray(template.attachments) ? (template.attachments as unknown[]) : [];
  stamped.attachments = [];
  for (const [index, file] of parsed.files.entries()) {
    const stored = await core.attachments.put(conversationId, file);
    const thumbnailUrl = safeThumbnail(described[index], stored.name);
    stamped.attachments.push({
      contentType: stored.contentType,
      contentUrl: core.urls.attachmentUrl(serviceUrl, stored.id, core.tokens.signCapability(stored.id)),
      name: stored.name,
      ...(thumbnailUrl ? { thumbnailUrl } : {}),
    });
  }
  // Sanitised with its attachments, so file names are masked like typed text.
  const activity = core.sanitize(stamped);
  const recorded = await core.record(conversationId, activity, { echo: true });
  await core.deliver(recorded, req);
  sendJson(res, 200, { id: recorded.id });
}

/** The session id of the token's conversation and user (see session.ts); the secret has neither. */
async function getSessionId(core: ChannelCore, req: Request, res: Response): Promise<void> {
  const principal = await core.authenticate(req);
  if (principal.kind !== 'token') throw new DirectLineError(400, 'BadArgument', "A session belongs to a conversation: ask with that conversation's token.");
  const { conversationId } = principal.claims;
  const userId = principal.claims.userId ?? (await core.options.log.get(conversationId))?.meta.userId;
  if (!userId) throw new DirectLineError(404, 'NotFound', 'The conversation has not started yet.');
  sendJson(res, 200, { sessionId: sessionIdFor(core.options.secret, conversationId, userId) });
}

/**
 * Serves an uploaded file. Allowed with the signature that is part of its contentUrl (so an
 * <img> in Web Chat can show it without an Authorization header), or with a token of the
 * conversation it was uploaded to, or with the secret.
 */
async function getAttachment(core: ChannelCore, req: Request, res: Response): Promise<void> {
  const id = String(req.params.attachmentId ?? '');
  const signature = queryOf(req).get('sig');
  const signed = signature !== null && core.tokens.verifyCapability(id, signature);
  const principal = signed ? undefined : await core.authenticate(req);
  const item = await core.attachments.get(id);
  if (principal) core.tokens.authorizeConversation(principal, item?.conversationId ?? '');
  if (!item) throw new DirectLineError(404, 'NotFound', 'The attachment does not exist or has expired.');
  const inlineSafe = /^image\/(png|jpeg|gif|webp)$/i.test(item.contentType);
  res.writeHead(200, {
    'Content-Type': item.contentType,
    'Content-Length': String(item.bytes.byteLength),
    'Content-Disposition': `${inlineSafe ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(item.name)}`,
    // Uploaded bytes are untrusted: never let a browser run them on this origin.
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  res.end(Buffer.from(item.bytes.buffer, item.bytes.byteOffset, item.bytes.byteLength));
}

/** Direct Line errors become their JSON answer; anything else is logged and answered 500 with no internals. */
function guardedRoute(core: ChannelCore, handler: Handler): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    try {
      await handler(core, req, res);
    } catch (error) {
      if (error instanceof DirectLineError) {
        sendError(res as unknown as ServerResponse, error);
        // Refused before its body was read (too large, compressed, unauthorised): drop the rest unbuffered and close.
        discardUnreadBody(req, res as unknown as ServerResponse);
        return;
      }
      if (clientGone(req)) return; // the client went away mid-request: nothing to answer, nothing to report
      core.logger.error({ err: errorMessage(error), path: req.getPath?.() }, 'directline request failed');
      sendError(res as unknown as ServerResponse, new DirectLineError(500, 'ServiceError', 'The request failed. Please try again.'));
    }
  };
}
