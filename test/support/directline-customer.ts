import { waitFor } from '../../directline/test-support.js';

export interface SeenActivity {
  type?: string;
  from: { id?: string; role?: string };
  text?: string;
  channelId?: string;
  serviceUrl?: string;
  attachments?: { content?: unknown; contentUrl?: string; name?: string }[];
}

/**
 * A web chat customer over raw HTTP, as an attacker on the public page would be: a token from
 * POST /api/webchat/token, then any JSON they like on the Direct Line routes.
 */
export async function directLineCustomer(url: string, options: { userId?: string } = {}) {
  const { token, conversationId } = (await (await fetch(`${url}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const auth = { Authorization: `Bearer ${token}` };
  const base = `${url}/v3/directline/conversations/${conversationId}`;
  const started = await fetch(`${url}/v3/directline/conversations`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(options.userId ? { user: { id: options.userId } } : {}),
  });
  const { streamUrl } = (await started.json()) as { streamUrl: string };
  let watermark = '';
  const seen: SeenActivity[] = [];
  const read = async () => {
    const page = (await (await fetch(`${base}/activities?watermark=${watermark}`, { headers: auth })).json()) as {
      activities: SeenActivity[];
      watermark: string;
    };
    watermark = page.watermark;
    seen.push(...page.activities);
    return seen;
  };
  const botSaid = (pattern: RegExp) => seen.find((a) => a.from.role === 'bot' && pattern.test(`${a.text ?? ''} ${JSON.stringify(a.attachments ?? [])}`));
  return {
    conversationId,
    token,
    auth,
    base,
    streamUrl,
    seen,
    read,
    /** Posts any activity JSON (the service stamps what it owns); resolves with the HTTP status. */
    async post(activity: object): Promise<number> {
      const response = await fetch(`${base}/activities`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'u' }, locale: 'ko-KR', ...activity }),
      });
      await response.arrayBuffer();
      return response.status;
    },
    async expect(pattern: RegExp, timeoutMs = 15_000) {
      return waitFor(async () => {
        await read();
        return botSaid(pattern);
      }, timeoutMs);
    },
    /** True when, after the bot had time to answer, nothing it said matches. */
    async never(pattern: RegExp, settleMs = 500): Promise<boolean> {
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      await read();
      return botSaid(pattern) === undefined;
    },
  };
}
