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
