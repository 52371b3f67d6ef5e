// Longer than most files because it is the channel's one state machine (authorise, record, deliver,
// stream, end); routes, streams, URLs, uploads and presence already live in their own files.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MemoryStorage, type Activity } from 'botbuilder';
import type { Request } from 'restify';
import { WebSocketServer } from 'ws';
import { CHANNEL_ID, isEphemeral, stampBotActivity, stampClientActivity } from './activities.js';
import { AttachmentStore, ChannelAttachments } from './attachment-store.js';
import { sequenceActivityId, type ConversationMeta } from './conversation-log.js';
import { DirectLineError } from './errors.js';
import { slowDownText, tooManyRequestsText } from './messages.js';
import { KeyedLock } from '../storage/keyed-lock.js';
import type { ChannelLimit, ConversationResponse, DirectLineLogger, DirectLineOptions, PresenceSignal } from './options.js';
import { PublicUrls } from './public-urls.js';
import { errorMessage } from './request-helpers.js';
import { StorageRevocationList } from './revocations.js';
import { SharedStreams } from './shared-streams.js';
import { StreamHub } from './stream-hub.js';
import { TokenService, bearerFrom, type Principal } from './tokens.js';

export const DEFAULT_BASE_PATH = '/v3/directline';
const MiB = 1024 * 1024;
const MAX_ATTACHMENT_MEMORY_BYTES = 64 * MiB;
/** Longest a client's POST waits for the bot's turn; after that it is answered and the turn goes on. */
const DELIVERY_WAIT_MS = 10_000;
export const CONVERSATION_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Conversations whose (unchanging) meta this process remembers; the oldest is forgotten first. */
const MAX_REMEMBERED_METAS = 10_000;

const silentLogger: DirectLineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The channel's state and the steps every route shares: authenticate and admit a client, open a
 * conversation, stamp what a client posts, record an activity (log + open streams) and hand it to
 * the bot. The routes (rest-routes.ts, stream.ts) are thin sequences of these steps.
 */
export class ChannelCore {
  readonly tokens: TokenService;
  readonly revocations: StorageRevocationList;
  readonly tokenTtlSeconds: number;
  readonly attachments: ChannelAttachments;
  readonly hub: StreamHub;
  /** One queue per conversation: appends, backlogs and stream registrations never interleave. */
  readonly queue = new KeyedLock();
  // Clients send nothing but empty keep-alives on the stream: a small frame cap costs them nothing.
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });
  readonly logger: DirectLineLogger;
  readonly now: () => number;
  readonly maxUploadBytes: number;
  readonly maxFilesPerUpload: number;
  readonly urls: PublicUrls;
  /** With several instances (options.notices): streams read what any instance appended. */
  readonly shared?: SharedStreams;
  /** A conversation's meta never changes once created: remembered, posts skip reading it again. */
  private readonly metas = new Map<string, ConversationMeta>();

  constructor(readonly options: DirectLineOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 1800;
    this.revocations = options.revocations ?? new StorageRevocationList(new MemoryStorage(), this.now);
    const lifetimes = { ttlSeconds: this.tokenTtlSeconds, maxAgeSeconds: options.tokenMaxAgeSeconds ?? 24 * 60 * 60 };
    this.tokens = new TokenService(options.secret, lifetimes, this.now, this.revocations);
    this.maxUploadBytes = options.maxUploadBytes ?? MiB;
    this.maxFilesPerUpload = options.maxFilesPerUpload ?? 10;
    const attachmentTtlMs = (options.attachmentTtlSeconds ?? 600) * 1000;
    const inMemory = new AttachmentStore(attachmentTtlMs, MAX_ATTACHMENT_MEMORY_BYTES, this.now);
    this.attachments = new ChannelAttachments(inMemory, attachmentTtlMs, options.sharedAttachments, options.keepsInProcess);
    this.hub = new StreamHub(options.webSocketKeepAliveMs ?? 15_000, this.logger);
    this.urls = new PublicUrls(options.publicBaseUrl, DEFAULT_BASE_PATH);
    if (options.notices) this.shared = new SharedStreams({ log: options.log, hub: this.hub, queue: this.queue, notices: options.notices, logger: this.logger });
  }

  async postFromBot(conversationId: string, activity: Partial<Activity>): Promise<{ id: string }> {
    const meta = await this.metaOf(conversationId);
    if (!meta) throw new Error(`Direct Line conversation ${conversationId} does not exist`);
    const stamped = stampBotActivity(activity, conversationId, meta.userId, this.now());
    const recorded = await this.record(conversationId, stamped, { echo: true });
    if (recorded.type === 'endOfConversation') await this.endConversation(conversationId);
    return { id: recorded.id };
  }

  async endConversation(conversationId: string): Promise<void> {
    await this.revocations.revoke(conversationId, this.tokenTtlSeconds);
    // Several instances: every instance's streams of it close, after they got what the log holds.
    if (this.shared) await this.shared.publish(conversationId, { ended: true });
    else this.hub.closeConversation(conversationId);
    this.logger.info({ conversationId }, 'directline conversation ended: tokens revoked');
  }

  /** The upload id a contentUrl names, if the URL is this channel's and its signature ours. */
  signedAttachmentId(url: unknown): string | undefined {
    const ref = this.urls.attachmentRef(url);
    return ref && this.tokens.verifyCapability(ref.id, ref.signature) ? ref.id : undefined;
  }

  /** The stored upload a contentUrl names, if its signature is ours and it belongs to the conversation. */
  async attachmentAt(url: unknown, conversationId?: string) {
    const id = this.signedAttachmentId(url);
    if (id === undefined) return undefined;
    const item = await this.attachments.get(id);
    if (!item || (conversationId !== undefined && item.conversationId !== conversationId)) return undefined;
    return item;
  }

  /** Validates what a client posted and stamps the fields the service owns; a token's user id wins over the claimed one. */
  stampFromClient(body: unknown, conversationId: string, meta: ConversationMeta, principal: Principal, serviceUrl = this.urls.base()): Activity {
    return stampClientActivity(body, {
      conversationId,
      boundUserId: principal.kind === 'token' ? (principal.claims.userId ?? meta.userId) : undefined,
      serviceUrl,
      now: this.now(),
    });
  }

  /** Applied to every activity a client posts before it is stored or handed to the bot. */
  sanitize(activity: Activity): Activity {
    return this.options.sanitizeIncoming ? this.options.sanitizeIncoming(activity) : activity;
  }

  /** Gives the activity its id, stores it (unless ephemeral) and pushes it to open streams. */
  async record(conversationId: string, activity: Activity, { echo }: { echo: boolean }): Promise<Activity & { id: string }> {
    if (isEphemeral(activity)) {
      const live = { ...activity, id: `${conversationId}|live-${randomBytes(6).toString('base64url')}` };
      // Several instances: the stream may be held by another one; the notice reaches this one too.
      if (echo && this.shared) await this.shared.publish(conversationId, { live });
      else if (echo) this.hub.broadcast(conversationId, { activities: [live] });
      return live;
    }
    const recorded = await this.queue.run(conversationId, async () => {
      const sequence = await this.options.log.append(conversationId, activity);
      const stored = { ...activity, id: activity.id ?? sequenceActivityId(conversationId, sequence) };
      if (echo && !this.shared) this.hub.broadcast(conversationId, { activities: [stored], watermark: String(sequence) });
      return stored;
    });
    // Shared log: the streams here read it from their watermarks (other instances hear the notice).
    if (this.shared) void this.shared.catchUp(conversationId);
    return recorded;
  }

  /** Hands an activity to the bot; its failures are logged, never turned into a client error. */
  async deliver(activity: Activity, req: IncomingMessage): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), DELIVERY_WAIT_MS);
      timer.unref();
    });
    const delivery = this.options.deliverToBot(activity, { client: this.clientOf(req) }).then(
      () => 'done' as const,
      (error: unknown) => {
        this.logger.error(
          { err: errorMessage(error), conversationId: activity.conversation?.id, activityType: activity.type },
          'directline: the bot failed on an activity',
        );
        return 'failed' as const;
      },
    );
    const outcome = await Promise.race([delivery, waited]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn({ conversationId: activity.conversation?.id }, 'directline: bot turn still running, answered the client');
  }

  conversationUpdate(conversationId: string, meta: ConversationMeta, serviceUrl: string): Activity {
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
  async openConversation(req: Request): Promise<{ conversationId: string; meta: ConversationMeta; count: number; principal: Principal }> {
    const { conversationId, principal } = await this.authorize(req);
    const conversation = CONVERSATION_ID.test(conversationId) ? await this.options.log.get(conversationId) : undefined;
    if (!conversation) throw new DirectLineError(404, 'NotFound', 'The conversation does not exist.');
    this.remember(conversationId, conversation.meta);
    return { conversationId, meta: conversation.meta, count: conversation.count, principal };
  }

  /**
   * `openConversation` for a post, which needs the meta but not the count: a remembered meta saves
   * a read. (Retention erases a conversation only long after its last token expired, so a token
   * that passes here never names an erased one.)
   */
  async openForPost(req: Request): Promise<{ conversationId: string; meta: ConversationMeta; principal: Principal }> {
    const { conversationId, principal } = await this.authorize(req);
    const meta = CONVERSATION_ID.test(conversationId) ? await this.metaOf(conversationId) : undefined;
    if (!meta) throw new DirectLineError(404, 'NotFound', 'The conversation does not exist.');
    return { conversationId, meta, principal };
  }

  /** The conversation's meta, remembered after the first read. */
  async metaOf(conversationId: string): Promise<ConversationMeta | undefined> {
    const known = this.metas.get(conversationId);
    if (known) return known;
    const meta = (await this.options.log.get(conversationId))?.meta;
    if (meta) this.remember(conversationId, meta);
    return meta;
  }

  private remember(conversationId: string, meta: ConversationMeta): void {
    this.metas.delete(conversationId);
    this.metas.set(conversationId, meta);
    if (this.metas.size > MAX_REMEMBERED_METAS) this.metas.delete(this.metas.keys().next().value as string);
  }

  private async authorize(req: Request): Promise<{ conversationId: string; principal: Principal }> {
    const principal = await this.authenticate(req);
    const conversationId = String(req.params.conversationId ?? '');
    this.tokens.authorizeConversation(principal, conversationId);
    this.present(conversationId, 'request');
    return { conversationId, principal };
  }

  /** Tells `onPresence` (if any); what it throws is logged, never a client's error. */
  present(conversationId: string, signal: PresenceSignal): void {
    try {
      this.options.onPresence?.(conversationId, signal);
    } catch (error) {
      this.logger.warn({ err: errorMessage(error), conversationId, signal }, 'directline: presence listener failed');
    }
  }

  authenticate(req: IncomingMessage): Promise<Principal> {
    return this.tokens.authenticate(bearerFrom(req.headers.authorization));
  }

  /**
   * Counts one `limit` for the client before any work; 429 when over. The secret is not limited
   * (see `admit` in the options); checking it is a constant-time compare, no storage.
   */
  async admit(req: IncomingMessage, limit: Exclude<ChannelLimit, 'conversationMessages'>): Promise<void> {
    if (!this.options.admit) return;
    const credential = bearerFrom(req.headers.authorization);
    if (credential && this.tokens.isSecret(credential)) return;
    const refusal = await this.options.admit(limit, this.clientOf(req));
    if (refusal) throw tooManyRequests(refusal.retryAfterSeconds);
  }

  /** Counts a post to one conversation (after authorization, so no one spends another's budget); says so once in the chat. */
  async admitToConversation(principal: Principal, conversationId: string): Promise<void> {
    if (!this.options.admit || principal.kind === 'secret') return;
    const refusal = await this.options.admit('conversationMessages', conversationId);
    if (!refusal) return;
    if (refusal.first) await this.postFromBot(conversationId, { type: 'message', text: slowDownText(refusal.retryAfterSeconds), textFormat: 'plain' });
    throw tooManyRequests(refusal.retryAfterSeconds);
  }

  clientOf(req: IncomingMessage): string {
    return this.options.clientOf?.(req) ?? req.socket?.remoteAddress ?? 'unknown';
  }

  /** Conversation, token and stream URL; a token's chain continues (its age is bounded), the secret starts a new one. */
  async conversationResponse(
    serviceUrl: string,
    conversationId: string,
    userId: string | undefined,
    principal: Principal,
    watermark?: number,
  ): Promise<ConversationResponse> {
    const chainStart = principal.kind === 'token' ? principal.claims.chainStart : undefined;
    const { token, expires_in } = await this.tokens.issue(conversationId, userId, chainStart);
    return { conversationId, token, expires_in, streamUrl: this.urls.streamUrl(serviceUrl, conversationId, token, watermark) };
  }
}

function tooManyRequests(retryAfterSeconds: number): DirectLineError {
  return new DirectLineError(429, 'TooManyRequests', tooManyRequestsText(retryAfterSeconds), { 'Retry-After': String(retryAfterSeconds) });
}
