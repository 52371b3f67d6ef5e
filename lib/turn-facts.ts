import { z } from 'zod';

/**
 * What one turn of the assistant did, for the QA workbench (issue 16): recorded as a Bot Framework
 * `trace` activity named `assistant.turn` in the redacted transcript. Trace activities are never
 * delivered to a customer's channel; the transcript keeps them, so every figure of the dashboard can
 * be traced back to the conversations it was counted from. Ids, counts and flags only: no text, no
 * personal data (the customer's own words are the transcript's redacted messages beside it).
 */
export const TURN_FACTS_TRACE = 'assistant.turn';
export const TURN_FACTS_VALUE_TYPE = 'https://cert-helper.invalid/schemas/turn-facts/v1';

const Id = z.string().min(1).max(80);

export const TurnFactsSchema = z
  .object({
    /** What the customer sent: typed text, a card button, files to check, or nothing usable. */
    input: z.enum(['text', 'action', 'file', 'none']),
    /** The intent the turn acted on (recogniser's, or the button's). */
    intent: Id.optional(),
    /** Recogniser score for typed text. */
    score: z.number().min(0).max(1).optional(),
    /**
     * Typed text only: `sure` (acted on), `unsure` (asked which one was meant), `miss` (out of scope /
     * a repeated misunderstanding), `correction` ("아니요, 다른 거요": the previous answer was wrong).
     */
    understood: z.enum(['sure', 'unsure', 'miss', 'correction']).optional(),
    /** 처음으로 / cancel (typed or pressed): the customer went back to the menu. */
    home: z.boolean().optional(),
    /** A procedure this turn: started, shown at a step, finished, or left (for another topic or home). */
    procedure: z
      .object({
        id: Id,
        event: z.enum(['start', 'step', 'finish', 'leave', 'stuck']),
        /** 1-based step shown (or left at); `steps` = how many the procedure has. */
        step: z.number().int().min(0).max(200),
        steps: z.number().int().min(1).max(200),
      })
      .optional(),
    /**
     * A procedure left this turn (for another topic, 처음으로 or a person) when `procedure` tells of
     * another one shown in the same turn: `{ id, step, steps }` of where it was left.
     */
    left: z.object({ id: Id, step: z.number().int().min(0).max(200), steps: z.number().int().min(1).max(200) }).optional(),
    /** Troubleshooting: which tree, and how it ended when it did. */
    trouble: z.object({ id: Id, outcome: z.enum(['fixed', 'procedure', 'person']).optional() }).optional(),
    /** 👍/👎 on a card (with the procedure step it was given at, when there was one). */
    feedback: z.object({ helpful: z.boolean(), procedure: Id.optional(), step: z.number().int().min(0).max(200).optional() }).optional(),
    /** An FAQ answer shown. */
    faq: Id.optional(),
    /** Live handoff: the customer asked for a person (ticket opened). */
    handoff: z.enum(['requested']).optional(),
  })
  .strict();

export type TurnFacts = z.infer<typeof TurnFactsSchema>;

/**
 * The turn's facts while it runs: the router and the dialogs note what they decide, where they
 * decide it, and the assistant sends them as one trace at the end of the turn (bot/turn-facts-trace.ts).
 * Kept in the TurnContext's turnState: nothing outlives the turn, nothing is stored but the trace.
 */
const FACTS_KEY = Symbol('turnFacts');

/** What the collector needs of a botbuilder TurnContext (its per-turn state). */
export interface TurnStateHolder {
  turnState: Map<unknown, unknown>;
}

/** Adds what was decided to this turn's facts (a later note of the same field replaces an earlier one). */
export function noteTurnFacts(context: TurnStateHolder, facts: Partial<TurnFacts>): void {
  const current = context.turnState.get(FACTS_KEY) as Partial<TurnFacts> | undefined;
  context.turnState.set(FACTS_KEY, current ? Object.assign(current, facts) : { ...facts });
}

/** What has been noted so far this turn (undefined: nothing yet). */
export function notedTurnFacts(context: TurnStateHolder): Partial<TurnFacts> | undefined {
  return context.turnState.get(FACTS_KEY) as Partial<TurnFacts> | undefined;
}

/** The trace activity carrying a turn's facts (what the transcript stores). */
export function turnFactsTrace(facts: TurnFacts): { type: 'trace'; name: string; label: string; valueType: string; value: TurnFacts } {
  return { type: 'trace', name: TURN_FACTS_TRACE, label: 'turn facts', valueType: TURN_FACTS_VALUE_TYPE, value: facts };
}

/** True for a turn-facts trace (never to be delivered to a customer's channel). */
export function isTurnFactsTrace(activity: { type?: string; name?: string } | undefined): boolean {
  return activity?.type === 'trace' && activity.name === TURN_FACTS_TRACE;
}

/**
 * The facts a stored activity carries, when it is a valid turn-facts trace the assistant sent
 * (anything else: undefined). A customer can post any activity, a trace named `assistant.turn`
 * included, and the transcript keeps what they sent (marked `from.role: user`): never counted.
 */
export function readTurnFacts(activity: unknown): TurnFacts | undefined {
  if (!activity || typeof activity !== 'object' || !isTurnFactsTrace(activity as { type?: string; name?: string })) return undefined;
  if ((activity as { from?: { role?: string } }).from?.role === 'user') return undefined;
  const parsed = TurnFactsSchema.safeParse((activity as { value?: unknown }).value);
  return parsed.success ? parsed.data : undefined;
}
