import { randomUUID } from 'node:crypto';
import type { Storage, TurnContext } from 'botbuilder';
import type { ActionData } from '../cards/actions.js';
import { choiceCardData, homeAction, topicAction } from '../cards/card-data.js';
import { localeOf } from '../content/texts.js';
import type { DialogDeps } from './deps.js';
import { noteTurnFacts } from '../lib/turn-facts.js';

export interface Feedback {
  procedureId: string;
  helpful: boolean;
  locale: string;
  at: string;
}

/** Feedback is kept in day buckets (`feedback/<YYYY-MM-DD>/…`), which retention deletes whole. */
export const FEEDBACK_PREFIX = 'feedback';

/** One record per answer to "도움이 되었나요?", keyed so that writers never conflict. */
export async function recordFeedback(storage: Storage, feedback: Feedback): Promise<void> {
  await storage.write({ [`${FEEDBACK_PREFIX}/${feedback.at.slice(0, 10)}/${randomUUID()}`]: { ...feedback } });
}

/** 도움이 되었나요? answered (also from an older closing card): kept, thanked, a person offered after 👎. */
export async function answerFeedback(context: TurnContext, deps: DialogDeps, action: Extract<ActionData, { action: 'feedback' }>): Promise<void> {
  const locale = localeOf(context.activity.locale);
  // 도움이 되었나요? is asked on a guide's closing card: the step it was given at is the last one.
  const procedure = deps.content.procedures.find((p) => p.id === action.procedureId);
  noteTurnFacts(context, {
    feedback: { helpful: action.helpful, ...(procedure ? { procedure: procedure.id, step: Math.max(1, procedure.steps.length) } : {}) },
  });
  await recordFeedback(deps.storage, { procedureId: action.procedureId, helpful: action.helpful, locale, at: deps.now().toISOString() });
  const home = homeAction(deps.texts, locale);
  await deps.cards.send(
    context,
    'choice',
    choiceCardData({
      title: deps.texts.get(action.helpful ? 'feedback.thanks' : 'feedback.sorry', locale),
      actions: action.helpful ? [home] : [topicAction('agent', deps.texts, locale), home],
    }),
  );
}
