import type { Attachment } from 'botbuilder';

export interface FetchedFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export type FetchOutcome = { ok: true; file: FetchedFile } | { ok: false; reason: 'too_large' | 'unavailable' };

type InProcessFile = { contentType: string; name: string; bytes: Uint8Array };

/** Reads an uploaded file in memory only: size-capped and time-bounded, never written anywhere. */
export interface AttachmentReader {
  read(attachment: Attachment, origin: { channelId: string; conversationId: string }): Promise<FetchOutcome>;
  /** Asks the channel to forget a file now, where it can (the embedded Direct Line channel can). */
  discard?(attachment: Attachment, origin: { channelId: string; conversationId: string }): void;
}

/**
 * Reads files from the embedded Direct Line channel in-process; any other channel's files over HTTP.
 * HTTP reads stop as soon as the cap is passed so an oversized file never sits in memory whole.
 */
export class CappedAttachmentReader implements AttachmentReader {
  constructor(
    private readonly options: {
      maxBytes: number;
      timeoutMs: number;
      inProcessChannelId?: string;
      /** The embedded channel's own files; only those of the asking conversation are readable. */
      inProcess?: (url: string, conversationId: string) => InProcessFile | undefined | Promise<InProcessFile | undefined>;
      discardInProcess?: (url: string, conversationId: string) => unknown;
      /** Which links of other channels may be fetched (local mode: loopback only, so no one steers the server elsewhere). */
      mayFetch?: (url: string) => boolean;
    },
  ) {}

  discard(attachment: Attachment, origin: { channelId: string; conversationId: string }): void {
    if (origin.channelId === this.options.inProcessChannelId && attachment.contentUrl) {
      this.options.discardInProcess?.(attachment.contentUrl, origin.conversationId);
    }
  }

  async read(attachment: Attachment, origin: { channelId: string; conversationId: string }): Promise<FetchOutcome> {
    const url = attachment.contentUrl;
    const name = attachment.name ?? 'file';
    if (!url) return { ok: false, reason: 'unavailable' };
    if (origin.channelId === this.options.inProcessChannelId) {
      // A Direct Line user can put any URL into an activity: only files uploaded to this very
      // conversation are read, never a URL fetched on the user's behalf.
      const local = await this.options.inProcess?.(url, origin.conversationId);
      if (!local) return { ok: false, reason: 'unavailable' };
      if (local.bytes.byteLength > this.options.maxBytes) return { ok: false, reason: 'too_large' };
      return { ok: true, file: { name: local.name || name, contentType: local.contentType, bytes: local.bytes } };
    }
    if (!/^https?:\/\//.test(url) || (this.options.mayFetch && !this.options.mayFetch(url))) return { ok: false, reason: 'unavailable' };
    return this.fetchOverHttp(url, name, attachment.contentType);
  }

  private async fetchOverHttp(url: string, name: string, contentType: string): Promise<FetchOutcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      const response = await fetch(url, { signal: controller.signal, redirect: 'error' });
      if (!response.ok || !response.body) return { ok: false, reason: 'unavailable' };
      const declared = Number(response.headers.get('content-length') ?? '0');
      // Aborting (not cancelling the body, which can wait on the peer) drops the connection at once.
      if (declared > this.options.maxBytes) {
        controller.abort();
        return { ok: false, reason: 'too_large' };
      }
      const chunks: Uint8Array[] = [];
      let total = 0;
      const stream = response.body.getReader();
      for (let part = await stream.read(); !part.done; part = await stream.read()) {
        total += part.value.byteLength;
        if (total > this.options.maxBytes) {
          controller.abort();
          return { ok: false, reason: 'too_large' };
        }
        chunks.push(part.value);
      }
      return { ok: true, file: { name, contentType, bytes: concat(chunks, total) } };
    } catch {
      return { ok: false, reason: 'unavailable' };
    } finally {
      clearTimeout(timer);
    }
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
