import { MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { renderCard, type CardName } from '../cards/index.js';
import { normaliseTyped, type ActionData, type CardAction } from './actions.js';

/**
 * Sends cards and remembers the buttons of the last one, so that a user who types a button's
 * title ("다음", "우체국") gets exactly what the click would have done.
 */
export class CardSender {
  constructor(private readonly lastButtons: StatePropertyAccessor<CardAction[]>) {}

  async send<Data extends { actions?: CardAction[] }>(context: TurnContext, name: CardName, data: Data): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(renderCard(name, data)));
    await this.lastButtons.set(context, data.actions ?? []);
  }

  /** The data of the last card's button whose title the user typed, if any. */
  async typedButton(context: TurnContext, text: string): Promise<ActionData | undefined> {
    const typed = normaliseTyped(text);
    if (!typed) return undefined;
    const buttons = await this.lastButtons.get(context, []);
    return buttons.find((button) => normaliseTyped(button.title) === typed)?.data;
  }
}
