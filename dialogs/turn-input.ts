import type { TurnContext } from 'botbuilder';
import type { CheckOutcome } from './check-outcome.js';
import type { Recognition, Recognizer } from '../nlu/index.js';
import { actionDataOf, type ActionData } from '../cards/actions.js';
import type { CardSender } from './card-sender.js';

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
    return input;
  }
  const clicked = actionDataOf(context.activity.value) ?? (await cards.namedButton(context));
  const text = (context.activity.text ?? '').trim();
  const typed = clicked ? undefined : await cards.typedButton(context, text);
  const input: TurnInput = clicked || typed ? { action: clicked ?? typed } : text ? { recognition: recognizer.recognize(text) } : {};
  context.turnState.set(INPUT_KEY, input);
  return input;
}

export function inputOf(context: TurnContext): TurnInput {
  return (context.turnState.get(INPUT_KEY) as TurnInput | undefined) ?? {};
}
