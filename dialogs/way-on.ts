import type { TurnContext } from 'botbuilder';
import { localeOf } from '../content/texts.js';
import { offerOnNextCard } from './card-sender.js';
import type { DialogDeps } from './deps.js';
import { topicAction } from '../cards/card-data.js';
import { noteUnderstood } from './turn-notes.js';

/** After this many misunderstood messages in a row, a person is offered on the card. */
export const MISSES_BEFORE_AGENT = 2;

const MISSED_KEY = Symbol('missedThisTurn');

/**
 * The user typed something the card in front of them cannot use (or something off-topic): say so
 * in one line, with an example of what works, before the card is shown again. The second miss in a
 * row adds a person to that card. Returns how many misses in a row this makes.
 */
export async function sayMissed(context: TurnContext, deps: DialogDeps): Promise<number> {
  const locale = localeOf(context.activity.locale);
  const misses = await countMiss(context, deps);
  const twice = misses >= MISSES_BEFORE_AGENT;
  await context.sendActivity(deps.texts.get(twice ? 'missed.again' : 'missed.once', locale));
  if (twice) offerAgent(context, deps);
  return misses;
}

/** One more message in a row the assistant could not use; returns how many so far. */
export async function countMiss(context: TurnContext, deps: DialogDeps): Promise<number> {
  if (context.turnState.get(MISSED_KEY)) return (await deps.profile.get(context, {})).misses ?? 1;
  const profile = await deps.profile.get(context, {});
  const misses = (profile.misses ?? 0) + 1;
  noteUnderstood(context, 'miss');
  await deps.profile.set(context, { ...profile, misses });
  context.turnState.set(MISSED_KEY, true);
  return misses;
}

/** A person, on the next card of this turn. */
export function offerAgent(context: TurnContext, deps: DialogDeps): void {
  offerOnNextCard(context, topicAction('agent', deps.texts, localeOf(context.activity.locale)));
}

/** Called once a turn has been handled: a turn that was understood ends a run of misses. */
export async function settleMisses(context: TurnContext, deps: DialogDeps): Promise<void> {
  if (context.turnState.get(MISSED_KEY)) return;
  const profile = await deps.profile.get(context, {});
  if (profile.misses) await deps.profile.set(context, { ...profile, misses: 0 });
}

/** A button from an older card that no longer fits: say so before the current card is shown again. */
export async function sayStale(context: TurnContext, deps: DialogDeps): Promise<void> {
  await context.sendActivity(deps.texts.get('stale.text', localeOf(context.activity.locale)));
}
