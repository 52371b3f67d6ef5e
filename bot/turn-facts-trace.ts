import type { ResourceResponse, TurnContext } from 'botbuilder';
import { isTurnFactsTrace, notedTurnFacts, turnFactsTrace, TurnFactsSchema, type TurnFacts } from '../lib/turn-facts.js';

/** Turns a customer takes: what they send. Conversation updates, Teams installs and the like tell nothing. */
const CUSTOMER_TURNS = new Set(['message', 'event', 'invoke']);

/**
 * Runs a turn and ends it with its facts (lib/turn-facts.ts) as ONE `trace` activity. The trace goes
 * through the turn's send pipeline, so the transcript middleware (registered before the bot) logs it
 * with the turn's other activities, in the same batch and write; this handler then swallows it, so no
 * channel ever gets it: not Direct Line or Web Chat, not an expectReplies response (botbuilder would
 * otherwise buffer traces into it), not Teams, not even the Emulator.
 */
export async function withTurnFacts(context: TurnContext, turn: () => Promise<void>, isAgent: () => boolean): Promise<void> {
  context.onSendActivities(async (_context, activities, next): Promise<ResourceResponse[]> =>
    activities.length > 0 && activities.every(isTurnFactsTrace) ? activities.map(() => ({ id: '' })) : next(),
  );
  await turn();
  // An agent's turn (Teams) is not a customer's: the dashboard counts customers only.
  if (!CUSTOMER_TURNS.has(context.activity.type) || isAgent()) return;
  await context.sendActivity(turnFactsTrace(factsOf(context)));
}

/** What was noted, checked against the schema; a turn nothing noted (e.g. relayed to an agent) still says what came in. */
function factsOf(context: TurnContext): TurnFacts {
  const noted = { input: inputOf(context), ...notedTurnFacts(context) };
  const parsed = TurnFactsSchema.safeParse(noted);
  return parsed.success ? parsed.data : { input: noted.input };
}

function inputOf(context: TurnContext): TurnFacts['input'] {
  const { activity } = context;
  if ((activity.attachments ?? []).some((a) => a.contentUrl) || activity.name === 'certcheck/report') return 'file';
  if (activity.value !== undefined && activity.value !== null) return 'action';
  return (activity.text ?? '').trim() ? 'text' : 'none';
}
