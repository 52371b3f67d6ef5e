import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { Procedure } from '../content/schema.js';
import { notedTurnFacts, noteTurnFacts, type TurnFacts } from '../lib/turn-facts.js';

/**
 * What the dialogs note for the turn's facts (lib/turn-facts.ts), at the points where they decide.
 * Steps are 1-based as the customer sees them: 0 = the overview, `steps` = the closing card.
 */

type ProcedureEvent = NonNullable<TurnFacts['procedure']>['event'];

export function noteProcedure(context: TurnContext, procedure: Procedure, event: ProcedureEvent, step: number): void {
  const steps = Math.max(1, procedure.steps.length);
  const earlier = notedTurnFacts(context)?.procedure;
  // Left one guide and shown another (or the same again) in one turn: the leaving is kept apart.
  if (earlier?.event === 'leave' && event !== 'leave') noteTurnFacts(context, { left: { id: earlier.id, step: earlier.step, steps: earlier.steps } });
  noteTurnFacts(context, { procedure: { id: procedure.id, event, step: Math.min(Math.max(0, step), steps), steps } });
}

/** The 1-based step of a procedure card index (-1 = overview → 0; past the end → the closing card). */
export const stepOf = (index: number, procedure: Procedure): number => Math.min(index + 1, procedure.steps.length);

/**
 * Everything open is about to be closed for something else (another topic, 처음으로, a person): a guide
 * not yet finished is left at its step, a troubleshooting tree is noted so its way out can be told.
 */
export function noteLeaving(dc: DialogContext, procedures: readonly Procedure[]): void {
  for (const instance of dc.stack) {
    const state = instance.state as { procedureId?: string; index?: number; asking?: string; trouble?: string } | undefined;
    if (instance.id === 'procedure' && state?.procedureId) {
      const procedure = procedures.find((p) => p.id === state.procedureId);
      const index = state.index ?? -1;
      if (procedure && index < procedure.steps.length) noteProcedure(dc.context, procedure, 'leave', stepOf(index, procedure));
    }
    if (instance.id === 'trouble' && state?.trouble && !notedTurnFacts(dc.context)?.trouble) noteTurnFacts(dc.context, { trouble: { id: state.trouble } });
  }
}

/** A troubleshooting tree left this turn (or open) ended in a procedure or a person. */
export function noteTroubleExit(context: TurnContext, outcome: 'procedure' | 'person'): void {
  const trouble = notedTurnFacts(context)?.trouble;
  if (trouble && !trouble.outcome) noteTurnFacts(context, { trouble: { id: trouble.id, outcome } });
}

/** The more telling verdict wins: a correction stays one whatever came of it; "which one?" (which counts as a miss too) stays unsure. */
const VERDICT_RANK = { sure: 0, miss: 1, unsure: 2, correction: 3 } as const;

/** What the assistant made of typed text (set to `sure` when the turn began, see turn-input.ts). */
export function noteUnderstood(context: TurnContext, understood: 'unsure' | 'miss'): void {
  const earlier = notedTurnFacts(context)?.understood;
  if (!earlier || VERDICT_RANK[understood] > VERDICT_RANK[earlier]) noteTurnFacts(context, { understood });
}

/** "아니요, 다른 거요", "그거 말고요", "no, something else": the customer says the last answer was not what they meant. */
const CORRECTION =
  /^\s*(아니[요오에]?|아뇨|노|no|nope)?[\s,.!~]*(다른\s*거|딴\s*거|그거\s*말고|그게\s*아니|something\s+else|not\s+that|(?:the\s+)?other\s+one)/i;
export const saysCorrection = (text: string): boolean => CORRECTION.test(text);
