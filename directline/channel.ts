import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse, Server as HttpServer } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { MemoryStorage, type Activity } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import { CHANNEL_ID, isEphemeral, stampBotActivity, stampClientActivity } from './activities.js';
import { AttachmentStore } from './attachment-store.js';
import { sequenceActivityId, type ConversationLog, type ConversationMeta } from './conversation-log.js';
import { DirectLineError, sendError, sendJson } from './errors.js';
import { readJsonBody } from './http-body.js';
import { clientGone, discardUnreadBody } from '../bot/http/json-body.js';
import { fileTooLargeText, slowDownText, tooManyRequestsText } from './messages.js';
import { KeyedLock } from '../bot/storage/keyed-lock.js';
import { StreamHub, type ActivitySet } from './stream-hub.js';
import { StorageRevocationList } from './revocations.js';
import { TokenService, bearerFrom, type Principal } from './tokens.js';
import { parseUpload } from './upload.js';
import { sessionIdFor } from './session.js';
import {
  errorMessage,
  escapeRegExp,
  localeFromBody,
  newConversationId,
  parseWatermark,
  queryOf,
  refuseUpgrade,
  safeThumbnail,
  userIdFromBody,
} from './request-helpers.js';

export interface DirectLineLogger {
  info: (...args: any[]) => void;
  warn: (...args: any[]) => void;
  error: (...args: any[]) => void;
}

/** What the channel limits per client (or, for conversationMessages, per conversation). */
export type ChannelLimit = 'tokens' | 'conversations' | 'messages' | 'conversationMessages' | 'uploads';

/** A refused action: when to try again; `first` is true once per window (explain it once). */
export interface LimitRefusal {
  retryAfterSeconds: number;
  first: boolean;
}

export interface DirectLineOptions {
  /** Direct Line secret: for /tokens/generate and for conversations started with the secret. */
  secret: string;
  /** Lifetime of issued tokens. Default 1800 (as the real service). */
  tokenTtlSeconds?: number;
  /** Refreshing never extends a chain of tokens beyond this many seconds after its first token. Default 86400. */
  tokenMaxAgeSeconds?: number;
  /**
   * Conversations whose tokens were revoked when they ended (checked on every token use). Pass one
   * over durable storage so revocations survive a restart; default: in memory.
   */
  revocations?: StorageRevocationList;
  /**
   * Per-client limits, counted before the work starts; a refusal is answered 429 with Retry-After.
   * Requests made with the secret are not limited: the secret belongs to a trusted token server,
   * which may speak for many users from one address. Default: no limits.
   */
  admit?: (limit: ChannelLimit, key: string) => Promise<LimitRefusal | undefined>;
  /** The key of the client behind a request, for `admit`. Default: the TCP peer's address. */
  clientOf?: (req: IncomingMessage) => string;
  /** Per-file upload cap. Default 1 MiB. A bigger file is refused with an error activity (ko + en). */
  maxUploadBytes?: number;
  /** How long uploaded bytes stay available (in memory only, never on disk). Default 600. */
  attachmentTtlSeconds?: number;
  log: ConversationLog;
  /**
   * Called with every activity a client posts, after it got its id and was appended to the log.
   * `origin.client` is the key of the client that posted it (for limits the bot applies itself).
   */
  deliverToBot: (activity: Activity, origin: { client?: string }) => Promise<void>;
  logger?: DirectLineLogger;
  /** Injectable clock (ms since epoch) for expiry tests. */
  now?: () => number;
  /** Period of the empty keep-alive frames on WebSocket streams. Default 15000. */
  webSocketKeepAliveMs?: number;
  /** Files per upload request. Default 10. */
  maxFilesPerUpload?: number;
  /**
   * Accept client activities whose attachments link to files elsewhere (`contentUrl` not issued by
   * this channel). Default false: a bot that fetches such links could be made to request internal
   * addresses; Web Chat never sends them (it uploads files).
   */
  acceptForeignAttachmentUrls?: boolean;
  /**
   * Applied to every activity a client posts before it is stored or handed to the bot: the place to
   * mask secrets a user types (passwords, registration numbers), so they never reach the log.
   */
  sanitizeIncoming?: (activity: Activity) => Activity;
  /** Applied to a file name before the channel writes it into a message of its own (a file too large). */
  sanitizeFileName?: (name: string) => string;
  /**
   * The site's public origin (PUBLIC_BASE_URL, e.g. https://help.example.com): serviceUrl, streamUrl
   * and contentUrl start with it. Unset = the address the server is bound to. Never taken from a
   * request's Host or X-Forwarded-* headers, which any client can forge.
   */
  publicBaseUrl?: string;
  /** Whether a WebSocket upgrade's Origin may use the channel (restify's CORS gate never sees upgrades). Default: any. */
  acceptsOrigin?: (req: IncomingMessage) => boolean;
}

export interface ConversationResponse {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}

export const DEFAULT_BASE_PATH = '/v3/directline';
const MiB = 1024 * 1024;
const MAX_JSON_BODY_BYTES = 256 * 1024;
const MAX_ATTACHMENT_MEMORY_BYTES = 64 * MiB;
const READ_PAGE_SIZE = 100;
/** Longest a client's POST waits for the bot's turn; after that it is answered and the turn goes on. */
const DELIVERY_WAIT_MS = 10_000;
const CONVERSATION_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Gives a raw socket an error listener (a reset closes it, nothing more) and returns it. */
function guarded(socket: Duplex): Duplex {
  socket.on('error', () => socket.destroy());
  return socket;
}

const silentLogger: DirectLineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * An embedded Direct Line 3.0 service: the REST API, the WebSocket stream and uploads, so that
 * Web Chat and botframework-directlinejs talk to the bot in this process with no cloud service.
 */
export class DirectLineChannel {
  private readonly tokens: TokenService;
  private readonly revocations: StorageRevocationList;
  private readonly tokenTtlSeconds: number;
  private readonly attachments: AttachmentStore;
  private readonly hub: StreamHub;
  private readonly queue = new KeyedLock();
  // Clients send nothing but empty keep-alives on the stream: a small frame cap costs them nothing.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });
  private readonly logger: DirectLineLogger;
  private readonly now: () => number;
  private readonly maxUploadBytes: number;
  private readonly maxFilesPerUpload: number;
  private basePath = DEFAULT_BASE_PATH;
  private httpServer?: HttpServer;

  constructor(private readonly options: DirectLineOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 1800;
    this.revocations = options.revocations ?? new StorageRevocationList(new MemoryStorage(), this.now);
    const lifetimes = { ttlSeconds: this.tokenTtlSeconds, maxAgeSeconds: options.tokenMaxAgeSeconds ?? 24 * 60 * 60 };
    this.tokens = new TokenService(options.secret, lifetimes, this.now, this.revocations);
    this.maxUploadBytes = options.maxUploadBytes ?? MiB;
    this.maxFilesPerUpload = options.maxFilesPerUpload ?? 10;
    this.attachments = new AttachmentStore((options.attachmentTtlSeconds ?? 600) * 1000, MAX_ATTACHMENT_MEMORY_BYTES, this.now);
    this.hub = new StreamHub(options.webSocketKeepAliveMs ?? 15_000, this.logger);
  }

  mount(server: Server, basePath: string = DEFAULT_BASE_PATH): void {
    this.basePath = basePath.replace(/\/+$/, '');
    const at = (path: string): string => `${this.basePath}${path}`;
    server.post(at('/tokens/generate'), this.route((req, res) => this.handleGenerateToken(req, res)));
    server.post(at('/tokens/refresh'), this.route((req, res) => this.handleRefreshToken(req, res)));
    server.post(at('/conversations'), this.route((req, res) => this.handleStartConversation(req, res)));
    server.get(at('/conversations/:conversationId'), this.route((req, res) => this.handleReconnect(req, res)));
    server.get(at('/conversations/:conversationId/activities'), this.route((req, res) => this.handleGetActivities(req, res)));
    server.post(at('/conversations/:conversationId/activities'), this.route((req, res) => this.handlePostActivity(req, res)));
    server.post(at('/conversations/:conversationId/upload'), this.route((req, res) => this.handleUpload(req, res)));
    server.get(at('/attachments/:attachmentId'), this.route((req, res) => this.handleGetAttachment(req, res)));
    server.get(at('/session/getsessionid'), this.route((req, res) => this.handleGetSessionId(req, res)));
    this.httpServer = server.server as HttpServer;
    this.httpServer.on('upgrade', this.onUpgrade);
  }

  async generateToken(options: { userId?: string } = {}): Promise<{ conversationId: string; token: string; expires_in: number }> {
    const conversationId = newConversationId();
    return { conversationId, ...this.tokens.issue(conversationId, options.userId) };
  }

  async postFromBot(conversationId: string, activity: Partial<Activity>): Promise<{ id: string }> {
    const conversation = await this.options.log.get(conversationId);
    if (!conversation) throw new Error(`Direct Line conversation ${conversationId} does not exist`);
    const stamped = stampBotActivity(activity, conversationId, conversation.meta.userId, this.now());
    const recorded = await this.record(conversationId, stamped, { echo: true });
    if (recorded.type === 'endOfConversation') await this.endConversation(conversationId);
    return { id: recorded.id };
  }

  /**
   * Ends a conversation for its client: every token issued for it so far is refused from now on
   * (also after a restart, when `revocations` is durable) and its open streams are closed.
   * Happens by itself when the bot or the client sends `endOfConversation`.
   */
  async endConversation(conversationId: string): Promise<void> {
    await this.revocations.revoke(conversationId, this.tokenTtlSeconds);
    this.hub.closeConversation(conversationId);
    this.logger.info({ conversationId }, 'directline conversation ended: tokens revoked');
  }

  /**
   * In-process read of an uploaded file by its contentUrl (as found in the activity the bot got).
   * The URL's signature must be valid; pass `conversationId` to also require that the file was
   * uploaded into that conversation.
   */
  readAttachment(url: string, conversationId?: string): { contentType: string; name: string; bytes: Uint8Array } | undefined {
    const item = this.attachmentAt(url, conversationId);
    return item && { contentType: item.contentType, name: item.name, bytes: item.bytes };
  }

  /** Drops an uploaded file before its time is up (e.g. a private key the bot refuses to keep). */
  discardAttachment(url: string, conversationId: string): boolean {
    const item = this.attachmentAt(url, conversationId);
    return item ? this.attachments.discard(item.id) : false;
  }

  /** The stored upload a contentUrl names, if its signature is ours and it belongs to the conversation. */
  private attachmentAt(url: string, conversationId?: string) {
    let parsed: URL;
    try {
      parsed = new URL(url, 'http://localhost');
    } catch {
      return undefined;
    }
    const id = /\/attachments\/([^/]+)$/.exec(parsed.pathname)?.[1];
    const signature = parsed.searchParams.get('sig');
    if (!id || !signature || !this.tokens.verifyCapability(id, signature)) return undefined;
    const item = this.attachments.get(id);
    if (!item || (conversationId !== undefined && item.conversationId !== conversationId)) return undefined;
    return item;
  }

  async close(): Promise<void> {
    this.httpServer?.off('upgrade', this.onUpgrade);
    this.hub.closeAll();
    // Sockets still receiving their backlog are not registered in the hub yet.
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.attachments.close();
    await this.queue.idle();
  }

  // ---- routes ----

  private async handleGenerateToken(req: Request, res: Response): Promise<void> {
    await this.admit(req, 'tokens');
    const principal = await this.authenticate(req);
    if (principal.kind !== 'secret') throw new DirectLineError(403, 'Forbidden', 'Generating a token needs the Direct Line secret.');
    const body = await readJsonBody(req, MAX_JSON_BODY_BYTES);
    sendJson(res, 200, await this.generateToken({ userId: userIdFromBody(body) }));
  }

  private async handleRefreshToken(req: Request, res: Response): Promise<void> {
    await this.admit(req, 'tokens');
    const principal = await this.authenticate(req);
    if (principal.kind !== 'token') throw new DirectLineError(400, 'BadArgument', 'Only a token can be refreshed, not the secret.');
    const { conversationId, userId, chainStart } = principal.claims;
    sendJson(res, 200, { conversationId, ...this.tokens.issue(conversationId, userId, chainStart) });
  }

  private async handleStartConversation(req: Request, res: Response): Promise<void> {
    await this.admit(req, 'conversations');
    const principal = await this.authenticate(req);
    const body = await readJsonBody(req, MAX_JSON_BODY_BYTES);
    const conversationId = principal.kind === 'token' ? principal.claims.conversationId : newConversationId();
    const requestedUserId = principal.kind === 'token' ? (principal.claims.userId ?? userIdFromBody(body)) : userIdFromBody(body);
    const locale = localeFromBody(body);

    const { created, meta } = await this.queue.run(conversationId, async () => {
      const existing = await this.options.log.get(conversationId);
      if (existing) return { created: false, meta: existing.meta };
      // The bot is told who joined; a client that gave no user id gets one, bound from now on.
      const fresh: ConversationMeta = {
        createdAt: new Date(this.now()).toISOString(),
        userId: requestedUserId ?? `dl_${randomBytes(12).toString('base64url')}`,
        ...(locale ? { locale } : {}),
      };
      await this.options.log.create(conversationId, fresh);
      return { created: true, meta: fresh };
    });

    const serviceUrl = this.baseUrl();
    sendJson(res, created ? 201 : 200, this.conversationResponse(serviceUrl, conversationId, meta.userId, principal));
    if (created) {
      this.logger.info({ conversationId }, 'directline conversation started');
      void this.deliver(this.conversationUpdate(conversationId, meta, serviceUrl), req);
    }
  }

  private async handleReconnect(req: Request, res: Response): Promise<void> {
    await this.admit(req, 'tokens'); // answered with a fresh token
    const { conversationId, meta, principal } = await this.openConversation(req);
    const watermark = parseWatermark(queryOf(req).get('watermark'));
    sendJson(res, 200, this.conversationResponse(this.baseUrl(), conversationId, meta.userId, principal, watermark));
  }

  private async handleGetActivities(req: Request, res: Response): Promise<void> {
    const { conversationId, count } = await this.openConversation(req);
    const requested = Math.min(parseWatermark(queryOf(req).get('watermark')) ?? 0, count);
    const page = await this.options.log.readFrom(conversationId, requested, READ_PAGE_SIZE);
    const body: ActivitySet = { activities: page.activities, watermark: String(page.watermark) };
    sendJson(res, 200, body);
  }

  private async handlePostActivity(req: Request, res: Response): Promise<void> {
    await this.admit(req, 'messages');
    const { conversationId, meta, principal } = await this.openConversation(req);
    await this.admitToConversation(principal, conversationId);
    const body = await readJsonBody(req, MAX_JSON_BODY_BYTES);
    const activity = this.sanitize(
      stampClientActivity(body, {
        conversationId,
        boundUserId: principal.kind === 'token' ? (principal.claims.userId ?? meta.userId) : undefined,
        serviceUrl: this.baseUrl(),
        now: this.now(),
      }),
    );
    if (!this.options.acceptForeignAttachmentUrls) this.assertOwnAttachmentUrls(activity);
    // A user's own typing indicator is not echoed back to the user's streams.
    const recorded = await this.record(conversationId, activity, { echo: activity.type !== 'typing' });
    await this.deliver(recorded, req);
    sendJson(res, 200, { id: recorded.id });
    if (recorded.type === 'endOfConversation') await this.endConversation(conversationId);
  }

  private async handleUpload(req: Request, res: Response): Promise<void> {
    await this.admit(req, 'uploads');
    const { conversationId, meta, principal } = await this.openConversation(req);
    const upload = await parseUpload(req, {
      maxFileBytes: this.maxUploadBytes,
      maxFiles: this.maxFilesPerUpload,
      maxActivityBytes: MAX_JSON_BODY_BYTES,
    });
    if (upload.kind === 'fileTooLarge') {
      // Nothing was stored. The user sees why in the conversation; the client gets a 413.
      const text = fileTooLargeText(this.options.sanitizeFileName?.(upload.fileName) ?? upload.fileName, this.maxUploadBytes);
      await this.postFromBot(conversationId, { type: 'message', text, textFormat: 'plain' });
      throw new DirectLineError(413, 'MessageSizeTooBig', text);
    }

    const queryUserId = queryOf(req).get('userId') ?? undefined;
    const template = (upload.activity ?? { type: 'message' }) as Record<string, unknown>;
    const withSender = template.from || !queryUserId ? template : { ...template, from: { id: queryUserId } };
    const serviceUrl = this.baseUrl();
    // Validate before storing any file, so a bad request leaves nothing behind.
    const stamped = stampClientActivity({ ...withSender, attachments: undefined }, {
      conversationId,
      boundUserId: principal.kind === 'token' ? (principal.claims.userId ?? meta.userId) : undefined,
      serviceUrl,
      now: this.now(),
    });
    const described = Array.isArray(template.attachments) ? (template.attachments as unknown[]) : [];
    stamped.attachments = upload.files.map((file, index) => {
      const stored = this.attachments.put(conversationId, file);
      const thumbnailUrl = safeThumbnail(described[index], stored.name);
      return {
        contentType: stored.contentType,
        contentUrl: `${serviceUrl}/attachments/${stored.id}?sig=${this.tokens.signCapability(stored.id)}`,
        name: stored.name,
        ...(thumbnailUrl ? { thumbnailUrl } : {}),
      };
    });
    // Sanitised with its attachments, so file names are masked like typed text.
    const activity = this.sanitize(stamped);
    const recorded = await this.record(conversationId, activity, { echo: true });
    await this.deliver(recorded, req);
    sendJson(res, 200, { id: recorded.id });
  }

  /** The session id of the token's conversation and user (see session.ts); the secret has neither. */
  private async handleGetSessionId(req: Request, res: Response): Promise<void> {
    const principal = await this.authenticate(req);
    if (principal.kind !== 'token') throw new DirectLineError(400, 'BadArgument', 'A session belongs to a conversation: ask with that conversation\'s token.');
    const { conversationId } = principal.claims;
    const userId = principal.claims.userId ?? (await this.options.log.get(conversationId))?.meta.userId;
    if (!userId) throw new DirectLineError(404, 'NotFound', 'The conversation has not started yet.');
    sendJson(res, 200, { sessionId: sessionIdFor(this.options.secret, conversationId, userId) });
  }

  /**
   * Serves an uploaded file. Allowed with the signature that is part of its contentUrl (so an
   * <img> in Web Chat can show it without an Authorization header), or with a token of the
   * conversation it was uploaded to, or with the secret.
   */
  private async handleGetAttachment(req: Request, res: Response): Promise<void> {
    const id = String(req.params.attachmentId ?? '');
    const signature = queryOf(req).get('sig');
    const signed = signature !== null && this.tokens.verifyCapability(id, signature);
    const principal = signed ? undefined : await this.authenticate(req);
    const item = this.attachments.get(id);
    if (principal) this.tokens.authorizeConversation(principal, item?.conversationId ?? '');
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

  // ---- WebSocket stream ----

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = `${this.basePath}/conversations/`;
    if (!url.pathname.startsWith(prefix) || !url.pathname.endsWith('/stream')) {
      // Another listener may serve this path; if there is none, the socket would hang open forever.
      if (this.httpServer?.listenerCount('upgrade') === 1) refuseUpgrade(guarded(socket), new DirectLineError(404, 'NotFound', 'Nothing to upgrade here.'));
      return;
    }
    // Node hands an upgraded socket over with no error handling: a reset while the checks below
    // run must not become an uncaught 'error'.
    guarded(socket);
    if (this.options.acceptsOrigin && !this.options.acceptsOrigin(req)) {
      refuseUpgrade(socket, new DirectLineError(403, 'Forbidden', 'This site is not allowed to use the assistant.'));
      return;
    }
    let conversationId: string;
    try {
      conversationId = decodeURIComponent(url.pathname.slice(prefix.length, -'/stream'.length));
    } catch {
      refuseUpgrade(socket, new DirectLineError(400, 'BadArgument', 'The conversation id is not valid.'));
      return;
    }
    this.acceptStream(req, socket, head, conversationId, url).catch((error: unknown) => {
      const failure = error instanceof DirectLineError ? error : new DirectLineError(500, 'ServiceError', 'The stream could not be opened.');
      if (!(error instanceof DirectLineError)) this.logger.error({ err: errorMessage(error), conversationId }, 'directline stream failed');
      refuseUpgrade(socket, failure);
    });
  };

  private async acceptStream(req: IncomingMessage, socket: Duplex, head: Buffer, conversationId: string, url: URL): Promise<void> {
    // Browsers cannot set headers on a WebSocket: the stream URL carries the token (`t`).
    const credential = url.searchParams.get('t') ?? bearerFrom(req.headers.authorization);
    const principal = await this.tokens.authenticate(credential ?? undefined);
    this.tokens.authorizeConversation(principal, conversationId);
    if (!CONVERSATION_ID.test(conversationId) || !(await this.options.log.get(conversationId))) {
      throw new DirectLineError(404, 'NotFound', 'The conversation does not exist.');
    }
    const watermark = parseWatermark(url.searchParams.get('watermark'), { lenient: true }) ?? 0;
    if (socket.destroyed) return; // the client left while we looked
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // Listeners first, synchronously: a bad frame that came with the upgrade (in `head`) is
      // parsed as soon as this callback returns, long before the backlog has been read.
      this.hub.watch(conversationId, ws);
      // Inside the conversation's queue: no activity can be appended between the backlog and
      // the registration, so the client sees every activity exactly once, in order.
      this.queue
        .run(conversationId, async () => {
          await this.sendBacklog(ws, conversationId, watermark);
          this.hub.add(conversationId, ws);
        })
        .catch((error: unknown) => {
          this.logger.error({ err: errorMessage(error), conversationId }, 'directline stream backlog failed');
          ws.close(1011, 'server error');
        });
    });
  }

  private async sendBacklog(ws: WebSocket, conversationId: string, from: number): Promise<void> {
    let watermark = from;
    for (;;) {
      const page = await this.options.log.readFrom(conversationId, watermark, READ_PAGE_SIZE);
      if (page.watermark <= watermark) return;
      watermark = page.watermark;
      if (page.activities.length > 0) this.hub.send(ws, { activities: page.activities, watermark: String(watermark) });
    }
  }

  // ---- shared steps ----

  /** Gives the activity its id, stores it (unless ephemeral) and pushes it to open streams. */
  private sanitize(activity: Activity): Activity {
    return this.options.sanitizeIncoming ? this.options.sanitizeIncoming(activity) : activity;
  }

  private async record(conversationId: string, activity: Activity, { echo }: { echo: boolean }): Promise<Activity & { id: string }> {
    if (isEphemeral(activity)) {
      const live = { ...activity, id: `${conversationId}|live-${randomBytes(6).toString('base64url')}` };
      if (echo) this.hub.broadcast(conversationId, { activities: [live] });
      return live;
    }
    return this.queue.run(conversationId, async () => {
      const sequence = await this.options.log.append(conversationId, activity);
      const stored = { ...activity, id: activity.id ?? sequenceActivityId(conversationId, sequence) };
      if (echo) this.hub.broadcast(conversationId, { activities: [stored], watermark: String(sequence) });
      return stored;
    });
  }

  /** Hands an activity to the bot; its failures are logged, never turned into a client error. */
  private async deliver(activity: Activity, req: IncomingMessage): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), DELIVERY_WAIT_MS);
      timer.unref();
    });
    const delivery = this.options.deliverToBot(activity, { client: this.clientOf(req) }).then(
      () => 'done' as const,
      (error: unknown) => {
        this.logger.error({ err: errorMessage(error), conversationId: activity.conversation?.id, activityType: activity.type }, 'directline: the bot failed on an activity');
        return 'failed' as const;
      },
    );
    const outcome = await Promise.race([delivery, waited]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn({ conversationId: activity.conversation?.id }, 'directline: bot turn still running, answered the client');
  }

  private assertOwnAttachmentUrls(activity: Activity): void {
    for (const attachment of activity.attachments ?? []) {
      const url = attachment.contentUrl;
      if (url === undefined || url === null || this.isOwnAttachmentUrl(url)) continue;
      throw new DirectLineError(400, 'BadArgument', 'Attachments must be uploaded (POST …/upload); links to files elsewhere are not accepted.');
    }
  }

  private isOwnAttachmentUrl(url: unknown): boolean {
    if (typeof url !== 'string') return false;
    try {
      const parsed = new URL(url);
      const id = new RegExp(`^${escapeRegExp(this.basePath)}/attachments/([^/]+)$`).exec(parsed.pathname)?.[1];
      const signature = parsed.searchParams.get('sig');
      return id !== undefined && signature !== null && this.tokens.verifyCapability(id, signature);
    } catch {
      return false;
    }
  }

  private conversationUpdate(conversationId: string, meta: ConversationMeta, serviceUrl: string): Activity {
    const user = { id: meta.userId ?? 'user', role: 'user' };
    return {
      type: 'conversationUpdate',
      id: `${conversationId}|start`,
      channelId: CHANNEL_ID,
      serviceUrl,
      timestamp: new Date(this.now()).toISOString(),
      conversation: { id: conversationId },
      from: user,
      recipient: { id: 'bot', name: 'bot', role: 'bot' },
      membersAdded: [user],
      ...(meta.locale ? { locale: meta.locale } : {}),
    } as unknown as Activity;
  }

  /** Authenticates, checks the token is for this conversation (403 before any 404), loads it. */
  private async openConversation(req: Request): Promise<{
    conversationId: string;
    meta: ConversationMeta;
    count: number;
    principal: Principal;
  }> {
    const principal = await this.authenticate(req);
    const conversationId = String(req.params.conversationId ?? '');
    this.tokens.authorizeConversation(principal, conversationId);
    const conversation = CONVERSATION_ID.test(conversationId) ? await this.options.log.get(conversationId) : undefined;
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'The conversation does not exist.');
    return { conversationId, meta: conversation.meta, count: conversation.count, principal };
  }

  private authenticate(req: IncomingMessage): Promise<Principal> {
    return this.tokens.authenticate(bearerFrom(req.headers.authorization));
  }

  /**
   * Counts one `limit` for the client before any work; 429 when over. The secret is not limited
   * (see `admit` in the options); checking it is a constant-time compare, no storage.
   */
  private async admit(req: IncomingMessage, limit: Exclude<ChannelLimit, 'conversationMessages'>): Promise<void> {
    if (!this.options.admit) return;
    const credential = bearerFrom(req.headers.authorization);
    if (credential && this.tokens.isSecret(credential)) return;
    const refusal = await this.options.admit(limit, this.clientOf(req));
    if (refusal) throw tooManyRequests(refusal.retryAfterSeconds);
  }

  /** Counts a post to one conversation (after authorization, so no one spends another's budget); says so once in the chat. */
  private async admitToConversation(principal: Principal, conversationId: string): Promise<void> {
    if (!this.options.admit || principal.kind === 'secret') return;
    const refusal = await this.options.admit('conversationMessages', conversationId);
    if (!refusal) return;
    if (refusal.first) await this.postFromBot(conversationId, { type: 'message', text: slowDownText(refusal.retryAfterSeconds), textFormat: 'plain' });
    throw tooManyRequests(refusal.retryAfterSeconds);
  }

  private clientOf(req: IncomingMessage): string {
    return this.options.clientOf?.(req) ?? req.socket?.remoteAddress ?? 'unknown';
  }

  /** Conversation, token and stream URL; a token's chain continues (its age is bounded), the secret starts a new one. */
  private conversationResponse(serviceUrl: string, conversationId: string, userId: string | undefined, principal: Principal, watermark?: number): ConversationResponse {
    const chainStart = principal.kind === 'token' ? principal.claims.chainStart : undefined;
    const { token, expires_in } = this.tokens.issue(conversationId, userId, chainStart);
    const query = new URLSearchParams();
    if (watermark !== undefined) query.set('watermark', String(watermark));
    query.set('t', token);
    const streamUrl = `${serviceUrl.replace(/^http/, 'ws')}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
    return { conversationId, token, expires_in, streamUrl };
  }

  /** The channel's public base URL (serviceUrl, streamUrl, contentUrl): from configuration, never from the request. */
  private baseUrl(): string {
    return `${this.origin()}${this.basePath}`;
  }

  private origin(): string {
    if (this.options.publicBaseUrl) return this.options.publicBaseUrl.replace(/\/+$/, '');
    const address = this.httpServer?.address();
    if (!address || typeof address !== 'object') return 'http://localhost';
    const host = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `${this.httpServer instanceof HttpsServer ? 'https' : 'http'}://${host}:${address.port}`;
  }

  private route(handler: (req: Request, res: Response) => Promise<void>): (req: Request, res: Response) => Promise<void> {
    return async (req, res) => {
      try {
        await handler(req, res);
      } catch (error) {
        if (error instanceof DirectLineError) {
          sendError(res as unknown as ServerResponse, error);
          // Refused before its body was read (too large, compressed, unauthorised): drop the rest unbuffered and close.
          discardUnreadBody(req, res as unknown as ServerResponse);
          return;
        }
        if (clientGone(req)) return; // the client went away mid-request: nothing to answer, nothing to report
        this.logger.error({ err: errorMessage(error), path: req.getPath?.() }, 'directline request failed');
        sendError(res as unknown as ServerResponse, new DirectLineError(500, 'ServiceError', 'The request failed. Please try again.'));
      }
    };
  }
}

function tooManyRequests(retryAfterSeconds: number): DirectLineError {
  return new DirectLineError(429, 'TooManyRequests', tooManyRequestsText(retryAfterSeconds), { 'Retry-After': String(retryAfterSeconds) });
}
