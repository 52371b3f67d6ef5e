import { InputHints, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';

/** What a client reads as "the bot is done with this turn, your move". */
export const END_OF_TURN_HINT = InputHints.ExpectingInput;
/** Every earlier reply of the turn: more is coming, do not answer yet. */
export const MORE_COMING_HINT = InputHints.IgnoringInput;

/** Replies a person reads; typing, traces and invoke responses pass through untouched. */
const isReply = (activity: Partial<Activity>) => activity.type === 'message' || activity.type === 'event';

/**
 * Runs one turn so that its replies say when the turn is over: each reply is held back until the
 * next one (or the end of the turn) and sent with `inputHint: ignoringInput`; the last one goes out
 * with `expectingInput`. Clients (the QA replayer, speech clients) then know a turn is complete
 * without waiting for silence. `expectingInput` is the marker rather than `acceptingInput` because
 * botbuilder stamps every plain-text reply `acceptingInput` by default, so only `expectingInput`
 * means the same thing on servers that do not mark. A turn with no reply stays silent.
 *
 * If the turn throws, what was held is sent at once (ignoringInput) and whatever the error handler
 * sends afterwards (the apology) is marked as the end.
 */
export async function markingEndOfTurn(context: TurnContext, turn: () => Promise<void>): Promise<void> {
  let held: Partial<Activity> | undefined;
  let phase: 'turn' | 'flushing' | 'after' = 'turn';

  context.onSendActivities(async (_context, activities, next): Promise<ResourceResponse[]> => {
    if (phase === 'flushing') return next();
    if (phase === 'after') {
      for (const activity of activities) if (isReply(activity)) activity.inputHint = END_OF_TURN_HINT;
      return next();
    }
    // Rewrite the batch in place (earlier handlers, e.g. the transcript logger, read the same array):
    // send what was held before, hold the newest reply back.
    const requested = activities.length;
    const outgoing: Partial<Activity>[] = [];
    for (const activity of activities) {
      if (!isReply(activity)) {
        outgoing.push(activity);
        continue;
      }
      if (held) outgoing.push({ ...held, inputHint: MORE_COMING_HINT });
      held = activity;
    }
    activities.splice(0, activities.length, ...outgoing);
    const sent = outgoing.length > 0 ? await next() : [];
    // Callers get one response per activity they asked to send; a held reply has no id yet.
    return Array.from({ length: requested }, (_, i) => sent[i] ?? { id: '' });
  });

  const release = async (hint: string) => {
    if (!held) return;
    const last = { ...held, inputHint: hint };
    held = undefined;
    phase = 'flushing';
    try {
      await context.sendActivity(last);
    } finally {
      phase = 'after';
    }
  };

  try {
    await turn();
  } catch (error) {
    await release(MORE_COMING_HINT).catch(() => undefined);
    phase = 'after';
    throw error;
  }
  await release(END_OF_TURN_HINT);
  phase = 'after';
}
