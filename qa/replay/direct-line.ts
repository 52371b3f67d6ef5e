import type { Activity } from 'botbuilder';
import type { Script } from './script.js';
import type { Conversation, Target, TurnOutcome, UploadFile } from './target.js';

interface Options {
  /** A turn is over when no new bot activity arrived for this long. */
  settleMs?: number;
  pollMs?: number;
}

async function call<T>(url: string, init: RequestInit & { token?: string }): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (typeof init.body === 'string') headers.set('Content-Type', 'application/json');
  const response = await fetch(url, { ...init, headers });
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

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Replays against a running server through its embedded Direct Line channel, as Web Chat talks to
 * it: a token from `/api/webchat/token`, activities posted, files uploaded (multipart), replies read
 * with watermarks. The server's own clock and storage are used, so `now:` cannot be fixed here.
 */
export function directLineTarget(baseUrl: string, options: Options = {}): Target {
  const settleMs = options.settleMs ?? 250;
  const pollMs = options.pollMs ?? 50;
  const api = `${baseUrl}/v3/directline`;
  return {
    description: `Direct Line ${baseUrl}`,
    async open(script: Script): Promise<Conversation> {
      const issued = await call<{ token: string }>(`${baseUrl}/api/webchat/token`, { method: 'POST' });
      const started = await call<{ conversationId: string; token: string }>(`${api}/conversations`, {
        method: 'POST',
        token: issued.token,
        body: JSON.stringify({ locale: script.locale }),
      });
      const { conversationId, token } = started;
      let watermark: string | undefined;
      let userId: string | undefined;

      /** Bot activities after the watermark, until none arrived for `settleMs`. */
      const collect = async (): Promise<Partial<Activity>[]> => {
        const replies: Partial<Activity>[] = [];
        let quietSince = Date.now();
        while (Date.now() - quietSince < settleMs) {
          const page = await call<{ activities: Activity[]; watermark?: string }>(
            `${api}/conversations/${encodeURIComponent(conversationId)}/activities${watermark ? `?watermark=${watermark}` : ''}`,
            { token },
          );
          watermark = page.watermark ?? watermark;
          const fromBot = page.activities.filter((a) => a.from?.role === 'bot' && a.type !== 'typing');
          for (const a of page.activities) if (a.from?.role === 'user') userId ??= a.from.id;
          if (fromBot.length > 0) {
            replies.push(...fromBot);
            quietSince = Date.now();
          }
          await delay(pollMs);
        }
        return replies;
      };
      // Starting the conversation made the bot greet (conversationUpdate): kept for a `join` step.
      let greeting: Partial<Activity>[] | undefined = await collect();

      return {
        async send(activity, files: UploadFile[] = []): Promise<TurnOutcome> {
          if (activity.type === 'conversationUpdate') {
            const replies = greeting ?? [];
            greeting = undefined;
            return { replies, errors: [] };
          }
          greeting = undefined;
          const from = { id: userId ?? 'user', role: 'user' };
          const outgoing = { ...activity, from };
          if (files.length > 0) {
            const form = new FormData();
            form.append('activity', new Blob([JSON.stringify(outgoing)], { type: 'application/vnd.microsoft.activity' }));
            for (const file of files) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.name);
            await call(`${api}/conversations/${encodeURIComponent(conversationId)}/upload?userId=${encodeURIComponent(from.id)}`, {
              method: 'POST',
              token,
              body: form,
            });
          } else {
            await call(`${api}/conversations/${encodeURIComponent(conversationId)}/activities`, {
              method: 'POST',
              token,
              body: JSON.stringify(outgoing),
            });
          }
          return { replies: await collect(), errors: [] };
        },
        async close() {},
      };
    },
  };
}
