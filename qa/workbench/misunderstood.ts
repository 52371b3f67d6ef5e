import type { Activity } from 'botbuilder';
import { redactText } from '../../lib/redact.js';
import { TURN_FACTS_TRACE, TurnFactsSchema, type TurnFacts } from '../../lib/turn-facts.js';

/**
 * Misunderstood messages of one stored (redacted) conversation, from the turn facts H5's dialogs
 * record beside each turn (lib/turn-facts.ts):
 *  - `unsure` / `miss`: the recogniser was not sure, or did not understand — the message itself;
 *  - `correction` ("아니요, 다른 거요") and an immediate 처음으로 (`home`): the customer says the
 *    previous answer was wrong — the message that led there (the customer's typed message of the
 *    turn just before) is the misunderstood one, not the "아니요" / "처음으로" itself.
 * Each carries the intent the customer finally reached: the first later turn (within FOLLOW_TURNS)
 * acted on with confidence (`sure`) or by a button, on a real topic.
 */

/** Why a message counts as misunderstood. */
export type MissReason = 'unsure' | 'miss' | 'corrected' | 'home';

export interface MisunderstoodMessage {
  /** Stable: the conversation id (base64url) and the activity's 1-based index in the stored transcript. */
  id: string;
  conversationId: string;
  index: number;
  /** The stored (redacted) text. */
  text: string;
  language: 'ko' | 'en';
  reasons: MissReason[];
  /** ISO time of the message (its timestamp, else the conversation's). */
  at: string;
  /** What the recogniser made of it, when the turn facts say. */
  recognised?: string;
  /** The intent the customer reached afterwards, if any. */
  finalIntent?: string;
}

/** How many following turns may still tell what the customer was after. */
export const FOLLOW_TURNS = 3;
/** Intents that are not a topic the customer was after. */
const NOT_A_TOPIC = new Set(['cancel', 'none', 'greeting']);

export function messageId(conversationId: string, index: number): string {
  return `${Buffer.from(conversationId, 'utf8').toString('base64url')}.${index}`;
}

/** The conversation id and index of a message id; undefined for anything that is not one. */
export function parseMessageId(id: string): { conversationId: string; index: number } | undefined {
  const match = /^([A-Za-z0-9_-]{1,400})\.([1-9][0-9]{0,6})$/.exec(id);
  if (!match) return undefined;
  const conversationId = Buffer.from(match[1], 'base64url').toString('utf8');
  // Only the canonical spelling: one message, one id (and one label key).
  if (!conversationId || messageId(conversationId, Number(match[2])) !== id) return undefined;
  return { conversationId, index: Number(match[2]) };
}

/** Korean when it has Hangul, English otherwise (the content files' two utterance lists). */
export function languageOf(text: string): 'ko' | 'en' {
  return /[\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]/.test(text) ? 'ko' : 'en';
}

/**
 * True when a stored text still looks like it holds personal data: lib/redact masks something more
 * when run again (a transcript from before a redaction rule existed). Such a text is never listed,
 * labelled or exported.
 */
export function stillPersonal(text: string): boolean {
  return redactText(text) !== text;
}

interface Turn {
  index: number;
  activity: Partial<Activity>;
  text?: string;
  facts?: TurnFacts;
}

/** What the customer sent (as the transcript store tells it: qa/transcripts/turn-batches.ts); each starts a turn. */
const CUSTOMER_TURNS = new Set(['message', 'event', 'invoke']);
const fromCustomer = (a: Partial<Activity>) =>
  CUSTOMER_TURNS.has(a.type ?? '') && (a.from?.role === 'user' || (a.from?.role === undefined && a.recipient?.role === 'bot'));

function factsOf(activity: Partial<Activity>): TurnFacts | undefined {
  if (activity.type !== 'trace' || activity.name !== TURN_FACTS_TRACE) return undefined;
  const parsed = TurnFactsSchema.safeParse(activity.value);
  return parsed.success ? parsed.data : undefined;
}

/** The customer's turns in order: each with the turn facts recorded after it (before the customer's next activity). */
function turnsOf(activities: readonly Partial<Activity>[]): Turn[] {
  const turns: Turn[] = [];
  activities.forEach((activity, at) => {
    if (fromCustomer(activity)) {
      const text = activity.type === 'message' && typeof activity.text === 'string' && activity.text.trim() ? activity.text.trim() : undefined;
      turns.push({ index: at + 1, activity, text });
      return;
    }
    const facts = factsOf(activity);
    const current = turns[turns.length - 1];
    if (facts && current && !current.facts) current.facts = facts;
  });
  return turns;
}

const typed = (turn: Turn | undefined): turn is Turn & { text: string } => !!turn?.text && (turn.facts?.input ?? 'text') === 'text';

function finalIntent(turns: Turn[], after: number): string | undefined {
  for (const turn of turns.slice(after + 1, after + 1 + FOLLOW_TURNS)) {
    const facts = turn.facts;
    if (!facts?.intent || NOT_A_TOPIC.has(facts.intent)) continue;
    if (facts.understood === 'sure' || facts.input === 'action') return facts.intent;
  }
  return undefined;
}

/**
 * The misunderstood messages of one conversation, in conversation order.
 * @param fallbackTime the conversation's time, for a message without a timestamp
 */
export function misunderstoodIn(conversationId: string, activities: readonly Partial<Activity>[], fallbackTime: string): MisunderstoodMessage[] {
  const turns = turnsOf(activities);
  const reasons = new Map<number, Set<MissReason>>();
  const add = (turn: number, reason: MissReason) => reasons.set(turn, (reasons.get(turn) ?? new Set()).add(reason));
  turns.forEach((turn, at) => {
    const facts = turn.facts;
    if (!facts) return;
    if (typed(turn) && (facts.understood === 'unsure' || facts.understood === 'miss')) add(at, facts.understood);
    // The previous typed message led here: only an immediate correction or 처음으로 says so.
    if (at > 0 && typed(turns[at - 1]) && facts.understood === 'correction') add(at - 1, 'corrected');
    if (at > 0 && typed(turns[at - 1]) && facts.home && !turns[at - 1].facts?.home) add(at - 1, 'home');
  });
  const found: MisunderstoodMessage[] = [];
  for (const [at, why] of [...reasons].sort((a, b) => a[0] - b[0])) {
    const turn = turns[at];
    const text = turn.text!;
    if (stillPersonal(text)) continue;
    found.push({
      id: messageId(conversationId, turn.index),
      conversationId,
      index: turn.index,
      text,
      language: languageOf(text),
      reasons: [...why],
      at: timeOf(turn.activity) ?? fallbackTime,
      ...(turn.facts?.intent ? { recognised: turn.facts.intent } : {}),
      ...optional('finalIntent', finalIntent(turns, at)),
    });
  }
  return found;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function timeOf(activity: Partial<Activity>): string | undefined {
  const stamp = activity.timestamp instanceof Date ? activity.timestamp.toISOString() : activity.timestamp;
  const ms = typeof stamp === 'string' ? Date.parse(stamp) : NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
