import type { Server as HttpServer } from 'node:http';
import { Server as HttpsServer } from 'node:https';

/**
 * The channel's public URLs (serviceUrl, streamUrl, contentUrl): built from configuration (or the
 * bound address), never from a request's Host or X-Forwarded-* headers, which any client can forge.
 */
export class PublicUrls {
  basePath: string;
  private httpServer?: HttpServer;

  constructor(
    private readonly publicBaseUrl: string | undefined,
    basePath: string,
  ) {
    this.basePath = basePath;
  }

  /** Called when the channel is mounted: the path it serves under and the server it listens on. */
  bind(httpServer: HttpServer, basePath: string): void {
    this.httpServer = httpServer;
    this.basePath = basePath.replace(/\/+$/, '');
  }

  /** The serviceUrl: the public origin and the channel's path. */
  base(): string {
    return `${this.origin()}${this.basePath}`;
  }

  /** Browsers cannot set headers on a WebSocket: the stream URL carries the token (`t`). */
  streamUrl(serviceUrl: string, conversationId: string, token: string, watermark?: number): string {
    const query = new URLSearchParams();
    if (watermark !== undefined) query.set('watermark', String(watermark));
    query.set('t', token);
    return `${serviceUrl.replace(/^http/, 'ws')}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
  }

  /** The contentUrl of an upload: its id and a signature that lets an <img> fetch it without a header. */
  attachmentUrl(serviceUrl: string, id: string, signature: string): string {
    return `${serviceUrl}/attachments/${id}?sig=${signature}`;
  }

  /** The attachment id and signature a contentUrl of this channel names (relative or absolute), if it is one. */
  attachmentRef(url: unknown): { id: string; signature: string } | undefined {
    if (typeof url !== 'string') return undefined;
    let parsed: URL;
    try {
      parsed = new URL(url, 'http://localhost');
    } catch {
      return undefined;
    }
    const prefix = `${this.basePath}/attachments/`;
    if (!parsed.pathname.startsWith(prefix)) return undefined;
    const id = parsed.pathname.slice(prefix.length);
    const signature = parsed.searchParams.get('sig');
    return id && !id.includes('/') && signature ? { id, signature } : undefined;
  }

  private origin(): string {
    if (this.publicBaseUrl) return this.publicBaseUrl.replace(/\/+$/, '');
    const address = this.httpServer?.address();
    if (!address || typeof address !== 'object') return 'http://localhost';
    const host = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `${this.httpServer instanceof HttpsServer ? 'https' : 'http'}://${host}:${address.port}`;
  }
}
