import type { TurnContext } from 'botbuilder';
import { LOCAL_CHECK_URL } from '../cards/actions.js';
import { choiceCardData, homeAction, topicAction, welcomeCardData, type TopicIntent } from '../cards/card-data.js';
import { localeOf, type Locale, type TextKey, type Texts } from '../content/texts.js';
import type { DialogDeps } from './deps.js';
import { MENU_CHOICES } from './menu.js';
import { countMiss, MISSES_BEFORE_AGENT, offerAgent } from './way-on.js';

/** The replies the router gives itself, outside any dialog: the menu, help, notices, how to check a file, "not ours", "not sure". */

/** The main menu. */
export async function sendWelcome(context: TurnContext, deps: DialogDeps): Promise<void> {
  await deps.cards.send(context, 'welcome', welcomeCardData(deps.texts, localeOf(context.activity.locale)));
}

/** A grouped menu topic: its choices and the way home. */
export async function sendMenu(context: TurnContext, deps: DialogDeps, topic: keyof typeof MENU_CHOICES): Promise<void> {
  const { texts } = deps;
  const locale = localeOf(context.activity.locale);
  const group = MENU_CHOICES[topic];
  await deps.cards.send(
    context,
    'choice',
    choiceCardData({
      title: texts.get(`menu.${topic}`, locale),
      text: texts.get(group.prompt, locale),
      actions: [...group.intents.map((intent) => topicAction(intent, texts, locale)), homeAction(texts, locale)],
    }),
  );
}

/** How to use the assistant, in one line. */
export async function sendHelp(context: TurnContext, deps: DialogDeps): Promise<void> {
  const locale = localeOf(context.activity.locale);
  await context.sendActivity(`${deps.texts.get('help.title', locale)}: ${deps.texts.get('help.text', locale)}`);
}

/** A card with a title, a text and the way home. */
export async function sendNotice(context: TurnContext, deps: DialogDeps, titleKey: TextKey, bodyKey: TextKey): Promise<void> {
  const { texts } = deps;
  const locale = localeOf(context.activity.locale);
  await deps.cards.send(
    context,
    'choice',
    choiceCardData({
      title: texts.get(titleKey, locale),
      text: texts.get(bodyKey, locale),
      actions: [homeAction(texts, locale)],
    }),
  );
}

/** How to check a certificate: attach the public file here, or check everything on the device. */
export async function explainCheck(context: TurnContext, deps: DialogDeps, mode: 'upload' | 'local'): Promise<void> {
  await deps.cards.send(context, 'choice', checkCardData(mode, deps.texts, localeOf(context.activity.locale)));
}

/** The card of explainCheck; with 'local' it is the local-check invitation the agent console sends too. */
export function checkCardData(mode: 'upload' | 'local', texts: Texts, locale: Locale) {
  const local = { title: texts.get('check.local', locale), url: LOCAL_CHECK_URL };
  return choiceCardData({
    title: texts.get(`check.${mode}.title`, locale),
    text: texts.get(`check.${mode}.text`, locale),
    links: [local],
    actions: [homeAction(texts, locale)],
  });
}

/** Off-topic or nonsense: one short card saying what the assistant does; a person from the second miss in a row. */
export async function sendOutOfScope(context: TurnContext, deps: DialogDeps): Promise<void> {
  const { texts } = deps;
  const locale = localeOf(context.activity.locale);
  const twice = (await countMiss(context, deps)) >= MISSES_BEFORE_AGENT;
  await deps.cards.send(
    context,
    'choice',
    choiceCardData({
      title: texts.get('none.title', locale),
      text: `${texts.get('none.text', locale)}${twice ? `\n\n${texts.get('none.agent', locale)}` : ''}`,
      lead: twice ? topicAction('agent', texts, locale) : undefined,
      actions: [homeAction(texts, locale)],
    }),
  );
}

/** Not sure: offer the `likely` topics and the menu (a person too from the second miss in a row), never a procedure with false confidence. */
export async function sendUnsure(context: TurnContext, deps: DialogDeps, likely: readonly TopicIntent[]): Promise<void> {
  const { texts } = deps;
  const locale = localeOf(context.activity.locale);
  if ((await countMiss(context, deps)) >= MISSES_BEFORE_AGENT && !likely.includes('agent')) offerAgent(context, deps);
  await deps.cards.send(
    context,
    'choice',
    choiceCardData({
      title: texts.get('unsure.title', locale),
      text: texts.get('unsure.text', locale),
      actions: [...likely.map((intent) => topicAction(intent, texts, locale)), homeAction(texts, locale)],
    }),
  );
}
