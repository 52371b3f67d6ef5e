// Test helpers shared by this folder's tests (not a test file itself).
import restify from 'restify';
import { MemoryStorage, type Activity } from 'botbuilder';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { WebSocket } from 'ws';
import { DirectLineChannel, type DirectLineOptions } from './channel.js';
import { StorageConversationLog } from './conversation-log.js';

export const TEST_SECRET = 'test-secret-0123456789abcdef';

export interface RunningChannel {
  channel: DirectLineChannel;
  server: restify.Server;
  /** e.g. http://127.0.0.1:PORT/v3/directline */
  base: string;
  /** Every activity handed to the bot, in order. */
  delivered: Activity[];
  storage: MemoryStorage;
  close(): Promise<void>;
}

export async function startChannel(
  overrides: Partial<DirectLineOptions> & { onDeliver?: (activity: Activity, channel: DirectLineChannel) => Promise<void> } = {},
): Promise<RunningChannel> {
  const { onDeliver, ...options } = overrides;
  const server = restify.createServer({ handleUncaughtExceptions: false } as restify.ServerOptions);
  const storage = new MemoryStorage();
  const delivered: Activity[] = [];
  const channel: DirectLineChannel = new DirectLineChannel({
    secret: TEST_SECRET,
    log: new StorageConversationLog(storage),
    deliverToBot: async (activity) => {
      delivered.push(activity);
      await onDeliver?.(activity, channel);
    },
    ...options,
  });
  channel.mount(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    channel,
    server,
    base: `http://127.0.0.1:${port}/v3/directline`,
    delivered,
    storage,
    async close() {
      await channel.close();
      server.server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** A JSON call with `Authorization: Bearer <credential>`; `raw` sends a string body as-is. */
export async function api<T = any>(
  url: string,
  { method = 'GET', credential, json, raw }: { method?: string; credential?: string; json?: unknown; raw?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (credential) headers.Authorization = `Bearer ${credential}`;
  let body: string | undefined;
  if (json !== undefined) body = JSON.stringify(json);
  if (raw !== undefined) body = raw;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T };
}

/** Starts a conversation the way Web Chat does: token from generateToken, then POST /conversations. */
export async function startConversation(running: RunningChannel, userId?: string): Promise<{ conversationId: string; token: string; streamUrl: string }> {
  const { token } = await running.channel.generateToken(userId ? { userId } : {});
  const started = await api(`${running.base}/conversations`, { method: 'POST', credential: token });
  if (started.status !== 201) throw new Error(`start conversation failed: ${started.status} ${JSON.stringify(started.body)}`);
  return started.body;
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Gives Node the browser globals botframework-directlinejs needs: XMLHttpRequest
 * (xmlhttprequest-ssl) and WebSocket (ws). A browser's XHR also sends FormData bodies (the upload
 * path); the Node XHR cannot, so FormData is encoded exactly as fetch encodes it and the bytes are
 * handed over with the multipart Content-Type. Returns a function that restores the globals.
 */
export function installBrowserGlobals(): () => void {
  const require = createRequire(import.meta.url);
  const NodeXMLHttpRequest = require('xmlhttprequest-ssl') as new () => any;
  const g = globalThis as any;
  const saved = { XMLHttpRequest: g.XMLHttpRequest, WebSocket: g.WebSocket };
  g.XMLHttpRequest = function BrowserLikeXMLHttpRequest() {
    const xhr = new NodeXMLHttpRequest();
    const send = xhr.send;
    xhr.send = (body: unknown) => {
      if (!(body instanceof FormData)) return send.call(xhr, body);
      const encoded = new Response(body);
      void encoded.arrayBuffer().then((bytes) => {
        xhr.setRequestHeader('Content-Type', encoded.headers.get('content-type'));
        send.call(xhr, Buffer.from(bytes));
      });
    };
    return xhr;
  };
  g.WebSocket = WebSocket;
  return () => Object.assign(g, saved);
}
