import { WebSocket } from 'ws';
import type { ConversationLog } from './conversation-log.js';
import type { ActivityNotices, DirectLineLogger, SharedNotice } from './options.js';
import type { StreamHub } from './stream-hub.js';
import type { KeyedLock } from '../storage/keyed-lock.js';
import { errorMessage } from './request-helpers.js';

const PAGE = 100;

/**
 * Streams fed from the shared log instead of from this process's appends, so several instances
 * serve one set of conversations: a reply written by instance C reaches the WebSocket held here.
 * Every socket has a watermark (what it has been sent); on each notice, and after each local
 * append, the conversation's sockets are sent what the log holds beyond it — exactly once and in
 * order, because the log numbers activities without holes and this runs in the conversation's
 * queue (one catch-up at a time per conversation in this process).
 */
export class SharedStreams {
  private readonly watermarks = new WeakMap<WebSocket, number>();
  private readonly conversations = new Map<string, { sockets: Set<WebSocket>; unsubscribe: () => void }>();

  constructor(private readonly deps: { log: ConversationLog; hub: StreamHub; queue: KeyedLock; notices: ActivityNotices; logger: DirectLineLogger }) {}

  /** Called in the conversation's queue once the socket has been sent the backlog up to `watermark`. */
  register(conversationId: string, socket: WebSocket, watermark: number): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    this.watermarks.set(socket, watermark);
    this.deps.hub.add(conversationId, socket);
    let entry = this.conversations.get(conversationId);
    if (!entry) {
      const unsubscribe = this.deps.notices.subscribe(conversationId, (notice) => this.onNotice(conversationId, notice));
      entry = { sockets: new Set(), unsubscribe };
      this.conversations.set(conversationId, entry);
    }
    const sockets = entry.sockets;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.conversations.get(conversationId) === entry) {
        entry.unsubscribe();
        this.conversations.delete(conversationId);
      }
    });
    // A commit between the backlog read and the subscription was notified to nobody here: look once more.
    void this.catchUp(conversationId);
  }

  /** Typing is best effort: a failure to publish is logged, never the sender's error. */
  async publish(conversationId: string, notice: SharedNotice): Promise<void> {
    await this.deps.notices.publish(conversationId, notice).catch((error: unknown) => {
      this.deps.logger.warn({ err: errorMessage(error), conversationId }, 'directline shared notice failed');
      // This instance's own streams still hear of it.
      this.onNotice(conversationId, notice);
    });
  }

  private onNotice(conversationId: string, notice: SharedNotice): void {
    // Typing is never stored: pushed as it came, with no watermark (as a local one would be).
    if (notice.live) return this.deps.hub.broadcast(conversationId, { activities: [notice.live] });
    const caughtUp = this.catchUp(conversationId);
    // Ended: the streams first get what the log holds (the endOfConversation itself), then close.
    if (notice.ended) void caughtUp.then(() => this.deps.hub.closeConversation(conversationId));
  }

  /** Sends every open socket of the conversation what the log holds beyond its watermark. */
  catchUp(conversationId: string): Promise<void> {
    const entry = this.conversations.get(conversationId);
    if (!entry) return Promise.resolve();
    return this.deps.queue
      .run(conversationId, async () => {
        const byWatermark = new Map<number, WebSocket[]>();
        for (const socket of entry.sockets) {
          if (socket.readyState !== WebSocket.OPEN) continue;
          const from = this.watermarks.get(socket) ?? 0;
          byWatermark.set(from, [...(byWatermark.get(from) ?? []), socket]);
        }
        for (const [from, sockets] of byWatermark) await this.sendFrom(conversationId, from, sockets);
      })
      .catch((error: unknown) => this.deps.logger.error({ err: errorMessage(error), conversationId }, 'directline shared stream read failed'));
  }

  private async sendFrom(conversationId: string, from: number, sockets: WebSocket[]): Promise<void> {
    let watermark = from;
    for (;;) {
      const page = await this.deps.log.readFrom(conversationId, watermark, PAGE);
      if (page.watermark <= watermark) return;
      watermark = page.watermark;
      for (const socket of sockets) {
        this.watermarks.set(socket, watermark);
        if (page.activities.length > 0) this.deps.hub.send(socket, { activities: page.activities, watermark: String(watermark) });
      }
    }
  }
}
