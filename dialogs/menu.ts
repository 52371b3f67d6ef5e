import type { Activity } from 'botbuilder';
import type { Locale, Texts } from '../bot/i18n.js';

/** The main menu's topics, in the order the welcome card shows them. */
export const MENU_TOPICS = ['issue', 'register', 'trouble', 'check_file', 'agent'] as const;
export type MenuTopic = (typeof MENU_TOPICS)[number];
export type MenuChoice = MenuTopic | 'home';

const HOME_WORDS = ['처음으로', '메뉴', '도움말', '안녕', '안녕하세요', 'hello', 'hi', 'menu', 'help', 'start', 'main menu'];

const normalise = (text: string) => text.normalize('NFC').toLowerCase().replace(/[\s!?.~]+/g, '');

/**
 * What the user picked: a card button (its data), or the title of a button typed as text.
 * Free-text understanding comes with the recogniser; this only covers the menu itself.
 */
export function menuChoiceOf(activity: Partial<Activity>, texts: Texts): MenuChoice | undefined {
  const value = activity.value as { action?: unknown; topic?: unknown } | undefined;
  if (value?.action === 'menu' && typeof value.topic === 'string') {
    if (value.topic === 'home') return 'home';
    return (MENU_TOPICS as readonly string[]).includes(value.topic) ? (value.topic as MenuTopic) : undefined;
  }
  const typed = normalise(activity.text ?? '');
  if (!typed) return undefined;
  for (const topic of MENU_TOPICS) {
    if (texts.all(`menu.${topic}`).some((label) => normalise(label) === typed)) return topic;
  }
  if ([...HOME_WORDS, ...texts.all('topic.back')].some((word) => normalise(word) === typed)) return 'home';
  return undefined;
}

export function welcomeCardData(texts: Texts, locale: Locale) {
  return {
    title: texts.get('welcome.title', locale),
    body: texts.get('welcome.body', locale),
    privacy: texts.get('welcome.privacy', locale),
    prompt: texts.get('menu.prompt', locale),
    menu: MENU_TOPICS.map((topic) => ({ topic, label: texts.get(`menu.${topic}`, locale) })),
  };
}

export function topicCardData(topic: MenuTopic, texts: Texts, locale: Locale) {
  return {
    title: texts.get(`menu.${topic}`, locale),
    body: texts.get(`topic.${topic}.body`, locale),
    back: texts.get('topic.back', locale),
  };
}
