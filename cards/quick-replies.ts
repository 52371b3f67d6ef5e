import { CardFactory, MessageFactory, type Activity, type CardAction as BotCardAction } from 'botbuilder';
import { actionDataOf } from './actions.js';

/**
 * Quick replies: in the customer's Web Chat a question's choices are suggested actions (chips under
 * the message) instead of a stack of full-width card buttons, and the card keeps only what it says
 * (and its link buttons). Teams does not show suggested actions in every context (channels, group
 * chats), so its cards keep their buttons.
 */
export function showsQuickReplies(channelId: string | undefined): boolean {
  return channelId !== 'msteams';
}

/** A card's own submit buttons stay on it: they send its inputs (the callback form's phone number). */
const submitsInputs = (data: unknown) => actionDataOf(data)?.action === 'callback';

interface Found {
  title: string;
  data: unknown;
}

/** The card without its data buttons, and those buttons in the order a reader meets them. */
export function splitCardButtons(card: Record<string, unknown>): { card: Record<string, unknown>; buttons: Found[] } {
  const buttons: Found[] = [];
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const kept = node.map(strip).filter((item) => item !== DROPPED);
      return kept;
    }
    if (!node || typeof node !== 'object') return node;
    const element = node as Record<string, unknown>;
    if (element.type === 'Action.Submit' && typeof element.title === 'string' && !submitsInputs(element.data)) {
      buttons.push({ title: element.title, data: element.data });
      return DROPPED;
    }
    const copy = Object.fromEntries(Object.entries(element).map(([key, value]) => [key, strip(value)]));
    // An ActionSet left with no buttons would be an empty gap in the card.
    if (copy.type === 'ActionSet' && Array.isArray(copy.actions) && copy.actions.length === 0) return DROPPED;
    if (Array.isArray(copy.actions) && copy.actions.length === 0 && copy.type === 'AdaptiveCard') delete copy.actions;
    return copy;
  };
  return { card: strip(card) as Record<string, unknown>, buttons };
}

const DROPPED = Symbol('dropped');

/**
 * The message that shows `card` on `channelId`: for Web Chat the card's data buttons become suggested
 * actions (messageBack: the chosen title appears as the customer's bubble, the data is what the bot
 * reads, exactly as a click on the card's button would send); Teams gets the card as it is.
 */
export function cardMessage(card: Record<string, unknown>, channelId: string | undefined): Partial<Activity> {
  if (!showsQuickReplies(channelId)) return MessageFactory.attachment(CardFactory.adaptiveCard(card));
  const split = splitCardButtons(card);
  const message = MessageFactory.attachment(CardFactory.adaptiveCard(split.card));
  // 처음으로 stays the last chip on every channel: the bot cannot tell our page (which hides it behind
  // its header button, web/src/menu-chip.ts) from another Direct Line client that has no such button,
  // and the same replies on every channel keep QA's in-process and --url replays equal.
  const actions: BotCardAction[] = split.buttons.map((button) => ({
    type: 'messageBack',
    title: button.title,
    text: button.title,
    displayText: button.title,
    value: button.data,
  }));
  if (actions.length > 0) message.suggestedActions = { actions, to: [] };
  return message;
}
