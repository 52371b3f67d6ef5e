import type { Activity } from 'botbuilder';
import { cardView } from './bot.js';

/**
 * A customer on POST /api/messages with `deliveryMode: expectReplies` (the real adapter; the replies of
 * a turn come back in its HTTP response), clicking buttons by their titles as a person would.
 */
export function expectRepliesCustomer(url: string, conversationId: string, options: { channelId?: string; locale?: string } = {}) {
  let last: Partial<Activity>[] = [];
  let n = 0;
  const send = async (fields: Record<string, unknown>): Promise<Partial<Activity>[]> => {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `${conversationId}-${++n}`,
        channelId: options.channelId ?? 'emulator',
        serviceUrl: 'http://127.0.0.1:9/unused',
        deliveryMode: 'expectReplies',
        from: { id: `user-${conversationId}`, role: 'user' },
        recipient: { id: 'bot', role: 'bot' },
        conversation: { id: conversationId },
        locale: options.locale ?? 'ko-KR',
        timestamp: new Date().toISOString(),
        ...fields,
      }),
    });
    if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
    last = ((await response.json()) as { activities: Partial<Activity>[] }).activities;
    return last;
  };
  /** Every button of the last turn's replies, in the order a person sees them. */
  const buttons = () => last.flatMap((activity) => cardView(activity)?.actions ?? []);
  return {
    replies: () => last,
    buttons,
    say: (text: string) => send({ text }),
    send,
    /** Presses the first button whose title matches. */
    async click(title: RegExp | string): Promise<Partial<Activity>[]> {
      const button = buttons().find((b) => (typeof title === 'string' ? b.title === title : title.test(b.title)));
      if (!button)
        throw new Error(
          `no button ${String(title)} among ${buttons()
            .map((b) => b.title)
            .join(' | ')}`,
        );
      return send({ value: button.data });
    },
  };
}
