// Test support (no product code imports it): conversations as the bot records them — the customer's
// message, the bot's answer and the turn's `assistant.turn` trace (lib/turn-facts.ts) — logged through
// a real transcript store, so they are redacted and stored as in production.
import type { Activity, TranscriptLogger } from 'botbuilder';
import { TURN_FACTS_TRACE, TURN_FACTS_VALUE_TYPE, type TurnFacts } from '../../lib/turn-facts.js';

export interface FixtureTurn {
  text: string;
  facts: TurnFacts;
  /** ISO time of the customer's message; default: a minute after the previous turn. */
  at?: string;
}

export const DEFAULT_START = '2026-11-20T01:00:00.000Z'; // 10:00 in Seoul

/** Shorthands for turn facts of typed text. */
export const said = {
  unsure: (text: string, intent = 'renew'): FixtureTurn => ({ text, facts: { input: 'text', intent, understood: 'unsure', score: 0.4 } }),
  miss: (text: string): FixtureTurn => ({ text, facts: { input: 'text', intent: 'none', understood: 'miss' } }),
  sure: (text: string, intent: string): FixtureTurn => ({ text, facts: { input: 'text', intent, understood: 'sure', score: 0.9 } }),
  correction: (text = '아니요, 다른 거요'): FixtureTurn => ({ text, facts: { input: 'text', understood: 'correction' } }),
  home: (text = '처음으로'): FixtureTurn => ({ text, facts: { input: 'text', intent: 'cancel', understood: 'sure', home: true } }),
  button: (text: string, intent: string): FixtureTurn => ({ text, facts: { input: 'action', intent } }),
};

export async function logConversation(store: TranscriptLogger & { flush(): Promise<void> }, id: string, turns: FixtureTurn[], start = DEFAULT_START) {
  let time = Date.parse(start);
  const common = { channelId: 'directline', conversation: { id } as Activity['conversation'] };
  for (const turn of turns) {
    time = turn.at ? Date.parse(turn.at) : time + 60_000;
    const timestamp = new Date(time).toISOString() as unknown as Date;
    const user = { id: `user-${id}`, role: 'user' };
    const bot = { id: 'bot', role: 'bot' };
    await store.logActivity({ ...common, type: 'message', text: turn.text, from: user, recipient: bot, timestamp } as Activity);
    await store.logActivity({ ...common, type: 'message', text: '네, 도와드릴게요.', from: bot, recipient: user, timestamp } as Activity);
    await store.logActivity({
      ...common,
      type: 'trace',
      name: TURN_FACTS_TRACE,
      valueType: TURN_FACTS_VALUE_TYPE,
      value: turn.facts,
      from: bot,
      recipient: user,
      timestamp,
    } as Activity);
  }
  await store.flush();
}
