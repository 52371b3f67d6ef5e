import type { Activity } from 'botbuilder';
import { TURN_FACTS_TRACE, TurnFactsSchema, type TurnFacts } from '../../lib/turn-facts.js';
import type { ConversationSummary, Feedback, Outcome } from './review-types.js';

/**
 * One stored conversation as the review list shows and filters it, from its redacted activities and
 * the `assistant.turn` facts beside them (lib/turn-facts.ts). Ids and counts only: the list never
 * carries a customer's words; those are read one conversation at a time (GET …/conversations/:id).
 */

export type { ConversationSummary, Feedback, Outcome } from './review-types.js';

export const OUTCOMES: readonly Outcome[] = ['finished', 'left', 'fixed', 'procedure', 'person', 'handoff', 'unsure'];
export const FEEDBACKS: readonly Feedback[] = ['helpful', 'unhelpful', 'stuck', 'none'];

/** The turn facts of a stored activity, or undefined when it is not a valid `assistant.turn` trace. */
export function turnFactsOf(activity: Partial<Activity>): TurnFacts | undefined {
  if (activity.type !== 'trace' || activity.name !== TURN_FACTS_TRACE) return undefined;
  const parsed = TurnFactsSchema.safeParse(activity.value);
  return parsed.success ? parsed.data : undefined;
}

export function summarise(
  meta: { conversationId: string; channelId: string; started: string; lastActivity: string },
  activities: Partial<Activity>[],
): ConversationSummary {
  const intents = new Set<string>();
  const procedures = new Map<string, { id: string; steps: number; reached: number; finished: boolean }>();
  const outcomes = new Set<Outcome>();
  const feedback = new Set<Feedback>();
  let customerMessages = 0;
  let botMessages = 0;
  let locale: string | undefined;
  for (const activity of activities) {
    if (activity.type === 'message') {
      if (activity.from?.role === 'user') {
        customerMessages++;
        locale ??= activity.locale;
      } else botMessages++;
    }
    const facts = turnFactsOf(activity);
    if (!facts) continue;
    if (facts.intent) intents.add(facts.intent);
    if (facts.understood === 'unsure' || facts.understood === 'miss' || facts.understood === 'correction') outcomes.add('unsure');
    if (facts.procedure) {
      const { id, step, steps, event } = facts.procedure;
      const seen = procedures.get(id) ?? { id, steps, reached: 0, finished: false };
      seen.reached = Math.max(seen.reached, step);
      seen.steps = steps;
      if (event === 'finish') seen.finished = true;
      if (event === 'stuck') feedback.add('stuck');
      procedures.set(id, seen);
    }
    if (facts.trouble?.outcome) outcomes.add(facts.trouble.outcome);
    if (facts.handoff) outcomes.add('handoff');
    if (facts.feedback) feedback.add(facts.feedback.helpful ? 'helpful' : 'unhelpful');
  }
  for (const procedure of procedures.values()) outcomes.add(procedure.finished ? 'finished' : 'left');
  if (feedback.size === 0) feedback.add('none');
  return {
    id: meta.conversationId,
    channelId: meta.channelId,
    started: meta.started,
    lastActivity: meta.lastActivity,
    ...(locale ? { locale } : {}),
    customerMessages,
    botMessages,
    intents: [...intents].sort(),
    procedures: [...procedures.values()].sort((a, b) => a.id.localeCompare(b.id)),
    outcomes: OUTCOMES.filter((outcome) => outcomes.has(outcome)),
    feedback: FEEDBACKS.filter((value) => feedback.has(value)),
  };
}

export interface ReviewFilter {
  intent?: string;
  procedure?: string;
  outcome?: Outcome;
  feedback?: Feedback;
}

export function matches(summary: ConversationSummary, filter: ReviewFilter): boolean {
  if (filter.intent && !summary.intents.includes(filter.intent)) return false;
  if (filter.procedure && !summary.procedures.some((procedure) => procedure.id === filter.procedure)) return false;
  if (filter.outcome && !summary.outcomes.includes(filter.outcome)) return false;
  if (filter.feedback && !summary.feedback.includes(filter.feedback)) return false;
  return true;
}
