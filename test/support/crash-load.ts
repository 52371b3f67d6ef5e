import { expect } from '@jest/globals';

/**
 * Customers of the SIGKILL tests (test/adversarial/sigkill.test.ts on lowdb, test/scale/crash.test.ts
 * on PostgreSQL): raw Direct Line over HTTP, every acknowledged post remembered so that a test can
 * prove none was lost.
 */
export interface Conversation {
  id: string;
  token: string;
  /** Ids the server answered 200 for: they must all be in the log after any crash. */
  acknowledged: string[];
}

export type Activity = { id: string; from: { role?: string }; replyToId?: string };

export async function call(url: string, conversation: Conversation, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    ...init,
    headers: { Authorization: `Bearer ${conversation.token}`, 'Content-Type': 'application/json' },
    signal: AbortSignal.timeout(20_000),
  });
}

export async function startConversation(base: string): Promise<Conversation> {
  const { token, conversationId } = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const conversation = { id: conversationId, token, acknowledged: [] };
  const started = await call(`${base}/v3/directline/conversations`, conversation, { method: 'POST' });
  expect(started.status).toBe(201);
  return conversation;
}

/** The posted activity's id when the server acknowledged it (200), else undefined. */
export async function post(base: string, conversation: Conversation, text: string): Promise<string | undefined> {
  const response = await call(`${base}/v3/directline/conversations/${conversation.id}/activities`, conversation, {
    method: 'POST',
    body: JSON.stringify({ type: 'message', from: { id: 'customer' }, text }),
  });
  if (response.status !== 200) return undefined;
  return ((await response.json()) as { id: string }).id;
}

/** Every activity from `from` on, following watermarks until they stop moving. */
export async function readAll(base: string, conversation: Conversation, from = 0): Promise<{ activities: Activity[]; watermark: number }> {
  const activities: Activity[] = [];
  let watermark = from;
  for (;;) {
    const response = await call(`${base}/v3/directline/conversations/${conversation.id}/activities?watermark=${watermark}`, conversation);
    const page = (await response.json()) as { activities: Activity[]; watermark: string };
    activities.push(...page.activities);
    if (Number(page.watermark) === watermark) return { activities, watermark };
    watermark = Number(page.watermark);
  }
}

export const countAcknowledged = (conversations: Conversation[]) => conversations.reduce((sum, conversation) => sum + conversation.acknowledged.length, 0);
