import { WebSocket } from 'ws';
import type { Activity } from 'botbuilder';

export interface ActivitySet {
  activities: Activity[];
  watermark?: string;
}

interface Logger {
  warn: (...args: unknown[]) => void;
}

/** Most sockets kept per conversation; a further one closes the oldest (a reloaded page). */
const MAX_SOCKETS_PER_CONVERSATION = 4;

/**
 * Open WebSocket streams per conversation. Sends `{activities, watermark}` frames, an empty
 * frame every keep-alive period (what the real service does, so clients notice dead links), and
 * terminates sockets that stopped answering pings.
 */
export class StreamHub {
  private readonly byConversation = new Map<string, Set<WebSocket>>();
  private readonly alive = new WeakSet<WebSocket>();
  private readonly keepAliveTimer: NodeJS.Timeout;

  constructor(
    keepAliveMs: number,
    private readonly logger: Logger,
  ) {
    this.keepAliveTimer = setInterval(() => this.keepAlive(), keepAliveMs);
    this.keepAliveTimer.unref();
  }

  /**
   * Error and message handling for a socket that was just accepted, before anything async: a bad
   * frame (invalid UTF-8, over maxPayload) makes ws emit 'error' and close that socket, nothing more.
   */
  watch(conversationId: string, socket: WebSocket): void {
    this.alive.add(socket);
    socket.on('pong', () => this.alive.add(socket));
    // Clients ping with empty text frames; nothing they send on the stream means anything.
    socket.on('message', () => undefined);
    socket.on('error', (error) => this.logger.warn({ err: error.message, conversationId }, 'directline websocket error'));
  }

  /** Registers a watched socket whose backlog has been sent (unless it closed meanwhile). */
  add(conversationId: string, socket: WebSocket): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    let sockets = this.byConversation.get(conversationId);
    if (!sockets) {
      sockets = new Set();
      this.byConversation.set(conversationId, sockets);
    }
    if (sockets.size >= MAX_SOCKETS_PER_CONVERSATION) {
      const oldest = sockets.values().next().value as WebSocket;
      sockets.delete(oldest);
      oldest.close(4000, 'collision');
    }
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.byConversation.get(conversationId) === sockets) this.byConversation.delete(conversationId);
    });
  }

  /** Conversations with at least one open stream in this process. */
  conversations(): string[] {
    return [...this.byConversation.keys()];
  }

  send(socket: WebSocket, set: ActivitySet): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(set));
  }

  broadcast(conversationId: string, set: ActivitySet): void {
    const sockets = this.byConversation.get(conversationId);
    if (!sockets) return;
    const frame = JSON.stringify(set);
    for (const socket of sockets) if (socket.readyState === WebSocket.OPEN) socket.send(frame);
  }

  /** Closes every stream of one conversation (it ended: its tokens were revoked). */
  closeConversation(conversationId: string): void {
    for (const socket of this.byConversation.get(conversationId) ?? []) socket.close(1000, 'conversation ended');
  }

  /** 1001 going away; 1012 service restart (drain: the client reconnects, to another instance, with its watermark). */
  closeAll(code: 1001 | 1012 = 1001, reason = 'server shutting down'): void {
    clearInterval(this.keepAliveTimer);
    for (const sockets of this.byConversation.values()) {
      for (const socket of sockets) socket.close(code, reason);
    }
    this.byConversation.clear();
  }

  private keepAlive(): void {
    for (const sockets of this.byConversation.values()) {
      for (const socket of sockets) {
        if (!this.alive.has(socket)) {
          socket.terminate();
          continue;
        }
        this.alive.delete(socket);
        if (socket.readyState !== WebSocket.OPEN) continue;
        socket.ping();
        socket.send('');
      }
    }
  }
}
