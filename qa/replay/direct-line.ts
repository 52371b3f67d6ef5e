import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { pollingFeed, streamFeed } from './activity-feed.js';
import type { Script } from './script.js';
import type { Conversation, Target, TurnOutcome, UploadFile } from './target.js';

/** How the replayer tells that the bot finished a turn. */
export type EndOfTurn = 'marked' | 'silence';

interface Options {
  /**
   * 'marked' (default): the turn is over at the bot's reply to it that carries
   * `inputHint: expectingInput` (how this assistant marks a turn's last reply), or after `settleMs`
   * of silence when no such reply comes (servers that do not mark; turns with no reply).
   * 'silence': only the silence counts.
   */
  endOfTurn?: EndOfTurn;
  /** A turn is over when no new bot activity arrived for this long (the fallback). */
  settleMs?: number;
}

/** A server's per-client limit (429) is waited out this often, when it asks for at most MAX_RETRY_AFTER_S. */
const RATE_LIMIT_RETRIES = 3;
const MAX_RETRY_AFTER_S = 60;

async function call<T>(url: string, init: RequestInit & { token?: string }): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (typeof init.body === 'string') headers.set('Content-Type', 'application/json');
  let response = await fetch(url, { ...init, headers });
  // A replay machine is one client to the server: when it meets a limit, it waits as told and
  // tries again (a 429 is answered before any work, so nothing was stored or delivered).
  for (let retry = 0; response.status === 429 && retry < RATE_LIMIT_RETRIES; retry++) {
    const waitS = Number(response.headers.get('Retry-After'));
    if (!Number.isFinite(waitS) || waitS < 0 || waitS > MAX_RETRY_AFTER_S) break;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, waitS * 1000));
    response = await fetch(url, { ...init, headers });
  }
  const body = await response.text();
  if (!response.ok) {
    const message = (() => {
      try {
        return (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? body;
      } catch {
        return body;
      }
    })();
    throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname} → ${response.status} ${message}`.trim());
  }
  return (body ? JSON.parse(body) : {}) as T;
}

/**
 * Replays against a running server through its embedded Direct Line channel, as Web Chat talks to
 * it: a token from `/api/webchat/token`, activities posted, files uploaded (multipart), replies read
 * from the conversation's WebSocket stream (polling with watermarks where a stream cannot open).
 * The server's own clock and storage are used, so `now:` cannot be fixed here.
 */
export function directLineTarget(baseUrl: string, options: Options = {}): Target {
  const settleMs = options.settleMs ?? 250;
  const marked = (options.endOfTurn ?? 'marked') === 'marked';
  const api = `${baseUrl}/v3/directline`;
  return {
    description: `Direct Line ${baseUrl}${marked ? '' : ' (end of turn by silence)'}`,
    async open(script: Script): Promise<Conversation> {
      const issued = await call<{ token: string }>(`${baseUrl}/api/webchat/token`, { method: 'POST' });
      // Each script talks as a user of its own unless it names one: a user shared between scripts
      // running in parallel would mix their remembered profiles (and what a handoff ticket shows).
      const user = { id: script.user ?? `replay-${randomUUID()}` };
      const started = await call<{ conversationId: string; token: string; streamUrl?: string }>(`${api}/conversations`, {
        method: 'POST',
        token: issued.token,
        body: JSON.stringify({ locale: script.locale, user }),
      });
      const { conversationId, token } = started;
      const activitiesUrl = `${api}/conversations/${encodeURIComponent(conversationId)}/activities`;
      const poll = () => pollingFeed((watermark) => call(`${activitiesUrl}${watermark ? `?watermark=${watermark}` : ''}`, { token }));
      const feed = started.streamUrl ? await streamFeed(started.streamUrl).catch(poll) : poll();
      let userId: string | undefined;

      /**
       * Bot activities until the turn is over: the marked last reply to `replyTo` (any marked reply
       * for the greeting, which answers no activity of ours), or `settleMs` without a new one.
       */
      const collect = async (replyTo: string | undefined): Promise<Partial<Activity>[]> => {
        const replies: Partial<Activity>[] = [];
        let quietSince = Date.now();
        for (;;) {
          const arrived = await feed.next(settleMs - (Date.now() - quietSince));
          for (const activity of arrived) {
            if (activity.from?.role === 'user') userId ??= activity.from.id;
            if (activity.from?.role !== 'bot' || activity.type === 'typing') continue;
            replies.push(activity);
            quietSince = Date.now();
            if (marked && isLastOfTurn(activity, replyTo)) return replies;
          }
          if (Date.now() - quietSince >= settleMs) return replies;
        }
      };
      // Starting the conversation made the bot greet (conversationUpdate): kept for a `join` step.
      let greeting: Partial<Activity>[] | undefined = await collect(undefined);

      return {
        async send(activity, files: UploadFile[] = []): Promise<TurnOutcome> {
          if (activity.type === 'conversationUpdate') {
            const replies = greeting ?? [];
            greeting = undefined;
            return { replies, errors: [] };
          }
          greeting = undefined;
          const from = { id: userId ?? user.id, role: 'user' };
          const outgoing = { ...activity, from };
          let posted: { id?: string };
          if (files.length > 0) {
            const form = new FormData();
            form.append('activity', new Blob([JSON.stringify(outgoing)], { type: 'application/vnd.microsoft.activity' }));
            for (const file of files) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.name);
            posted = await call(`${api}/conversations/${encodeURIComponent(conversationId)}/upload?userId=${encodeURIComponent(from.id)}`, {
              method: 'POST',
              token,
              body: form,
            });
          } else {
            posted = await call(activitiesUrl, { method: 'POST', token, body: JSON.stringify(outgoing) });
          }
          return { replies: await collect(posted.id ?? ''), errors: [] };
        },
        async close() {
          feed.close();
        },
      };
    },
  };
}

/** The bot's reply that ends the turn started by `replyTo` (undefined: the greeting, no activity of ours). */
function isLastOfTurn(activity: Partial<Activity>, replyTo: string | undefined): boolean {
  if (activity.inputHint !== 'expectingInput') return false;
  return replyTo === undefined || activity.replyToId === replyTo;
}
