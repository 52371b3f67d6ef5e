import type { IncomingMessage } from 'node:http';
import type { Activity } from 'botbuilder';
import type { NewAttachment, SharedAttachmentStore } from './attachment-store.js';
import type { ConversationLog } from './conversation-log.js';
import type { StorageRevocationList } from './revocations.js';

// What the embedded Direct Line channel is given, and what it answers when a conversation starts.

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
  /** How long uploaded bytes stay available (never on disk). Default 600. */
  attachmentTtlSeconds?: number;
  /** Several instances: uploads are kept here, so any instance serves them. Default: this process's memory. */
  sharedAttachments?: SharedAttachmentStore;
  /**
   * With `sharedAttachments`: the files kept in this process's memory instead, decided before
   * anything is stored (files that may hold a private key never reach a shared database).
   */
  keepsInProcess?: (file: NewAttachment) => boolean;
  log: ConversationLog;
  /**
   * Several instances on one shared log: streams are fed from the log whenever any instance
   * appends (notices), not from this process's appends alone. Default: one process, no notices.
   */
  notices?: ActivityNotices;
  /**
   * Called with every activity a client posts, after it got its id and was appended to the log.
   * `origin.client` is the key of the client that posted it (for limits the bot applies itself).
   */
  deliverToBot: (activity: Activity, origin: { client?: string }) => Promise<void>;
  logger?: DirectLineLogger;
  /**
   * Told that a conversation's client is there: a stream opened or closed, or an authorised request
   * for the conversation. Called synchronously on every such event: keep it cheap (the handoff
   * stamps waiting tickets from it, throttled: handoff/customer-presence.ts).
   */
  onPresence?: (conversationId: string, signal: PresenceSignal) => void;
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

/** What the channel sees of a client: its WebSocket stream opened or closed, or it made a request. */
export type PresenceSignal = 'open' | 'close' | 'request';

export interface ConversationResponse {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}

/**
 * Tells this process that a conversation's log grew, whichever process appended to it (with
 * PostgreSQL: LISTEN/NOTIFY, storage/postgres/notify.ts). A notice carries no content: the streams
 * read the rows themselves, from their own watermark.
 */
export interface ActivityNotices {
  /** `notice.live`: an activity never stored (typing) for the streams here; `notice.ended`: close them. */
  subscribe(conversationId: string, onNotice: (notice: SharedNotice) => void): () => void;
  /** Tells every instance (this one too) what has no row: a typing activity, or that the conversation ended. */
  publish(conversationId: string, notice: SharedNotice): Promise<void>;
}

export interface SharedNotice {
  live?: Activity;
  ended?: true;
}
