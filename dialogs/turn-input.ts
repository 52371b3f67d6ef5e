import type { TurnContext } from 'botbuilder';
import type { CheckOutcome } from './check-outcome.js';
import type { Recognition, Recognizer } from '../nlu/index.js';
import { actionDataOf, type ActionData } from '../cards/actions.js';
import type { CardSender } from './card-sender.js';
import { noteTurnFacts } from '../lib/turn-facts.js';
import { saysCorrection } from './turn-notes.js';

/** What the user did this turn, worked out once and shared by every dialog of the turn. */
export interface TurnInput {
  /** A button's data: clicked, or its title typed. */
  action?: ActionData;
  /** Free text that is not a button: what the recogniser made of it. */
  recognition?: Recognition;
  /** The result of checking the user's certificate files (an upload, or the page's local check). */
  check?: CheckOutcome;
}

const INPUT_KEY = Symbol('turnInput');

export async function understandTurn(context: TurnContext, recognizer: Recognizer, cards: CardSender, check?: CheckOutcome): Promise<TurnInput> {
  if (check) {
    const input = { check };
    context.turnState.set(INPUT_KEY, input);
    noteTurnFacts(context, { input: 'file' });
    return input;
  }
  const clicked = actionDataOf(context.activity.value) ?? (await cards.namedButton(context));
  const text = (context.activity.text ?? '').trim();
  const typed = clicked ? undefined : await cards.typedButton(context, text);
  const input: TurnInput = clicked || typed ? { action: clicked ?? typed } : text ? { recognition: recognizer.recognize(text) } : {};
  context.turnState.set(INPUT_KEY, input);
  noteInput(context, input);
  return input;
}

export function inputOf(context: TurnContext): TurnInput {
  return (context.turnState.get(INPUT_KEY) as TurnInput | undefined) ?? {};
}

const INTENT_NAME = /^[a-z][a-z_]{0,39}$/;

/** The turn's facts start with what came in: a button (and its intent), or typed text as understood. */
function noteInput(context: TurnContext, { action, recognition }: TurnInput): void {
  // A button's data comes from the client: only an intent-shaped name is kept, never whatever text was sent.
  if (action) noteTurnFacts(context, { input: 'action', ...(action.action === 'topic' && INTENT_NAME.test(action.intent) ? { intent: action.intent } : {}) });
  else if (recognition)
    noteTurnFacts(context, {
      input: 'text',
      intent: recognition.intent,
      score: Math.round(Math.min(1, Math.max(0, recognition.score)) * 1000) / 1000,
      understood: saysCorrection(recognition.text) ? 'correction' : 'sure',
    });
  else noteTurnFacts(context, { input: 'none' });
}
