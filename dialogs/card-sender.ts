import { isDeepStrictEqual } from 'node:util';
import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { actionDataOf, normaliseTyped, type ActionData, type CardAction } from '../cards/actions.js';
import { MAX_ACTIONS_PER_SET } from '../cards/card-data.js';
import { renderCardJson, renderCardMessage, type CardName } from '../cards/index.js';
import { cardMessage } from '../cards/quick-replies.js';
import { withUniversalActions } from '../cards/universal-actions.js';

const CAPTURE_KEY = Symbol('captureCard');
const EXTRA_KEY = Symbol('extraActions');

/**
 * Buttons the next card of this turn gets on top of its own (the way back to an interrupted guide,
 * a person after repeated misunderstandings): whoever decides the card need not know about them.
 */
export function offerOnNextCard(context: TurnContext, action: CardAction): void {
  const extra = (context.turnState.get(EXTRA_KEY) as CardAction[] | undefined) ?? [];
  if (!extra.some((a) => JSON.stringify(a.data) === JSON.stringify(action.data))) extra.push(action);
  context.turnState.set(EXTRA_KEY, extra);
}

/** The card data with `extra` buttons added (choice cards keep their five-per-set groups). */
function withExtra<Data extends { actions?: CardAction[] }>(data: Data, extra: CardAction[]): Data {
  const known = new Set((data.actions ?? []).map((a) => JSON.stringify(a.data)));
  const added = extra.filter((a) => !known.has(JSON.stringify(a.data)));
  if (added.length === 0) return data;
  const groups = (data as { groups?: { actions: CardAction[] }[] }).groups;
  if (!groups) return { ...data, actions: [...(data.actions ?? []), ...added] };
  const next = groups.map((g) => ({ actions: [...g.actions] }));
  for (const action of added) {
    const last = next.at(-1);
    if (last && last.actions.length < MAX_ACTIONS_PER_SET) last.actions.push(action);
    else next.push({ actions: [action] });
  }
  return { ...data, groups: next, actions: [...(data.actions ?? []), ...added] };
}

/**
 * Sends cards and remembers the buttons of the last one, so that a user who types a button's
 * title ("다음", "우체국") gets exactly what the click would have done.
 */
export class CardSender {
  constructor(private readonly lastButtons: StatePropertyAccessor<CardAction[]>) {}

  async send<Data extends { actions?: CardAction[] }>(context: TurnContext, name: CardName, given: Data): Promise<void> {
    const extra = context.turnState.get(EXTRA_KEY) as CardAction[] | undefined;
    context.turnState.delete(EXTRA_KEY);
    const data = extra && name !== 'welcome' ? withExtra(given, extra) : given;
    const channelId = context.activity.channelId;
    // A card button clicked in Teams (adaptiveCard/action) is answered with the next card in the
    // invoke response, which replaces the clicked card in place.
    const capture = context.turnState.get(CAPTURE_KEY) as { card?: Record<string, unknown> } | undefined;
    const captured = capture && !capture.card;
    let card: Record<string, unknown> | undefined;
    let message: Partial<Activity> | undefined;
    if (captured || channelId === 'msteams') {
      card = renderCardJson(name, data);
      if (channelId === 'msteams') card = withUniversalActions(card);
    } else {
      // In Web Chat the choices become chips under the message (cards/quick-replies.ts); the
      // message is rendered once per template and data (cards/render.ts).
      message = renderCardMessage(name, data, channelId);
    }
    await this.lastButtons.set(context, data.actions ?? []);
    if (captured) {
      capture.card = card;
      return;
    }
    await context.sendActivity(message ?? cardMessage(card!, channelId));
  }

  /** A card sent by someone else (the live handoff's queue card): its buttons become the last card's. */
  async remember(context: TurnContext, buttons: { title: string; data: unknown }[]): Promise<void> {
    const valid = buttons.flatMap((button) => {
      const data = actionDataOf(button.data);
      return data ? [{ title: button.title, data }] : [];
    });
    await this.lastButtons.set(context, valid);
  }

  /** Runs `turn` and returns the first card it would have sent, instead of sending it. */
  static async captureFirstCard(context: TurnContext, turn: () => Promise<void>): Promise<Record<string, unknown> | undefined> {
    const capture: { card?: Record<string, unknown> } = {};
    context.turnState.set(CAPTURE_KEY, capture);
    try {
      await turn();
    } finally {
      context.turnState.delete(CAPTURE_KEY);
    }
    return capture.card;
  }

  /** The data of the last card's button whose title the user typed, if any. */
  async typedButton(context: TurnContext, text: string): Promise<ActionData | undefined> {
    const typed = normaliseTyped(text);
    if (!typed) return undefined;
    const buttons = await this.lastButtons.get(context, []);
    return buttons.find((button) => normaliseTyped(button.title) === typed)?.data;
  }

  /**
   * A click from a client that names the button instead of sending its data, as Botium's Direct Line
   * connector does: an event whose `name` (or `value`) is the button's payload or title, or a message
   * with no text whose `value` is the title. Only buttons of the last card sent to this conversation
   * count, so naming can never reach an action the conversation was not offered.
   */
  async namedButton(context: TurnContext): Promise<ActionData | undefined> {
    const { type, name, value, text } = context.activity;
    const names: unknown[] = type === 'event' ? [name, value] : type === 'message' && !text?.trim() ? [value] : [];
    const named = names.filter((candidate) => candidate !== undefined && candidate !== null && candidate !== '');
    if (named.length === 0) return undefined;
    const buttons = (await this.lastButtons.get(context, [])).filter((button) => button.data.action !== 'handoff');
    for (const candidate of named) {
      const button = buttons.find((b) => namesButton(candidate, b));
      if (button) return button.data;
    }
    return undefined;
  }
}

/** Exactly the button's title, or its data (as an object or as JSON text). */
function namesButton(candidate: unknown, button: CardAction): boolean {
  if (typeof candidate === 'string') {
    const text = candidate.normalize('NFC').trim();
    if (text === button.title.normalize('NFC').trim()) return true;
    if (!text.startsWith('{')) return false;
    try {
      return isDeepStrictEqual(JSON.parse(text), button.data);
    } catch {
      return false;
    }
  }
  return typeof candidate === 'object' && isDeepStrictEqual(candidate, button.data);
}
