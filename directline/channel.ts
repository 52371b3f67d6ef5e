import type { Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import type { Activity } from 'botbuilder';
import type { Server } from 'restify';
import { ChannelCore, DEFAULT_BASE_PATH } from './core.js';
import type { DirectLineOptions } from './options.js';
import { mountRestRoutes, newConversationToken } from './rest-routes.js';
import { streamUpgradeHandler } from './stream.js';

export { DEFAULT_BASE_PATH };
export type { ChannelLimit, ConversationResponse, DirectLineLogger, DirectLineOptions, LimitRefusal } from './options.js';

/**
 * An embedded Direct Line 3.0 service: the REST API (rest-routes.ts), the WebSocket stream
 * (stream.ts) and uploads, so that Web Chat and botframework-directlinejs talk to the bot in this
 * process with no cloud service. This class is what the rest of the server sees of the channel.
 */
export class DirectLineChannel {
  private readonly core: ChannelCore;
  private httpServer?: HttpServer;
  private onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

  constructor(options: DirectLineOptions) {
    this.core = new ChannelCore(options);
  }

  mount(server: Server, basePath: string = DEFAULT_BASE_PATH): void {
    this.httpServer = server.server as HttpServer;
    this.core.urls.bind(this.httpServer, basePath);
    mountRestRoutes(server, this.core);
    this.onUpgrade = streamUpgradeHandler(this.core, this.httpServer);
    this.httpServer.on('upgrade', this.onUpgrade);
  }

  generateToken(options: { userId?: string } = {}): Promise<{ conversationId: string; token: string; expires_in: number }> {
    return newConversationToken(this.core, options.userId);
  }

  /** Appends a bot activity to a conversation and pushes it to the conversation's open streams. */
  postFromBot(conversationId: string, activity: Partial<Activity>): Promise<{ id: string }> {
    return this.core.postFromBot(conversationId, activity);
  }

  /**
   * Ends a conversation for its client: every token issued for it so far is refused from now on
   * (also after a restart, when `revocations` is durable) and its open streams are closed.
   * Happens by itself when the bot or the client sends `endOfConversation`.
   */
  endConversation(conversationId: string): Promise<void> {
    return this.core.endConversation(conversationId);
  }

  /**
   * In-process read of an uploaded file by its contentUrl (as found in the activity the bot got).
   * The URL's signature must be valid; pass `conversationId` to also require that the file was
   * uploaded into that conversation.
   */
  async readAttachment(url: string, conversationId?: string): Promise<{ contentType: string; name: string; bytes: Uint8Array } | undefined> {
    const item = await this.core.attachmentAt(url, conversationId);
    return item && { contentType: item.contentType, name: item.name, bytes: item.bytes };
  }

  /** Conversations whose client holds an open WebSocket stream on this instance (see options.onPresence). */
  conversationsWithStreams(): string[] {
    return this.core.hub.conversations();
  }

  /** Drops an uploaded file before its time is up (e.g. a private key the bot refuses to keep). */
  async discardAttachment(url: string, conversationId: string): Promise<boolean> {
    const item = await this.core.attachmentAt(url, conversationId);
    return item ? this.core.attachments.discard(item.id) : false;
  }

  /**
   * Drain (SIGTERM): every stream is closed with 1012 "service restart"; clients reconnect, through
   * the load balancer to another instance, and resume from their watermark. New upgrades are refused.
   */
  closeStreams(): void {
    if (this.onUpgrade) this.httpServer?.off('upgrade', this.onUpgrade);
    this.onUpgrade = undefined;
    this.core.hub.closeAll(1012, 'service restart');
    for (const socket of this.core.wss.clients) socket.close(1012, 'service restart');
  }

  async close(): Promise<void> {
    if (this.onUpgrade) this.httpServer?.off('upgrade', this.onUpgrade);
    this.core.hub.closeAll();
    // Sockets still receiving their backlog are not registered in the hub yet.
    for (const socket of this.core.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.core.wss.close(() => resolve()));
    this.core.attachments.close();
    await this.core.queue.idle();
  }
}
