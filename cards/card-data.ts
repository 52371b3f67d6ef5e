import type { ProcedureKind, TroubleId } from '../content/schema.js';
import type { Locale, Texts } from '../content/texts.js';
import type { CardAction, CardLink } from './actions.js';

/** The main menu's topics, in the order the welcome card shows them. */
export const MENU_TOPICS = ['issue', 'register', 'trouble', 'check_file', 'agent'] as const;
export type MenuTopic = (typeof MENU_TOPICS)[number];

/** What a topic button can start: a procedure, a trouble, or one of the topics of their own. */
export type TopicIntent = ProcedureKind | TroubleId | 'cert_info' | 'check_file' | 'agent';

/** The label of a topic button for an intent, in the user's language. */
export function intentLabel(intent: TopicIntent, texts: Texts, locale: Locale): string {
  if (intent === 'cert_info' || intent === 'check_file' || intent === 'agent') return texts.get(`topic.${intent}`, locale);
  if (intent.startsWith('trouble_')) return texts.get(`trouble.${intent as TroubleId}`, locale);
  return texts.get(`kind.${intent as ProcedureKind}`, locale);
}

export const topicAction = (intent: TopicIntent, texts: Texts, locale: Locale): CardAction => ({
  title: intentLabel(intent, texts, locale),
  data: { action: 'topic', intent },
});

export const homeAction = (texts: Texts, locale: Locale): CardAction => ({
  title: texts.get('nav.home', locale),
  data: { action: 'nav', move: 'home' },
});

export function welcomeCardData(texts: Texts, locale: Locale) {
  return {
    title: texts.get('welcome.title', locale),
    body: texts.get('welcome.body', locale),
    privacy: texts.get('welcome.privacy', locale),
    prompt: texts.get('menu.prompt', locale),
    actions: MENU_TOPICS.map((topic) => ({ title: texts.get(`menu.${topic}`, locale), data: { action: 'menu' as const, topic } })),
  };
}

/** Hosts show at most five buttons in one set (Adaptive Cards' maxActions): longer lists are split. */
export const MAX_ACTIONS_PER_SET = 5;

/** The generic card: title, text, optional facts / bullet items / note, buttons. */
export function choiceCardData(fields: {
  title: string;
  text?: string;
  facts?: { title: string; value: string }[];
  items?: string[];
  note?: string;
  /** The one button that matters most now (e.g. a person after repeated failures): shown first. */
  lead?: CardAction;
  /** Buttons that open something in the page; shown above the others. */
  links?: CardLink[];
  /** For call-center agents: a block to read aloud to the customer, with its heading. */
  readAloud?: { title: string; text: string };
  actions: CardAction[];
}) {
  return {
    title: fields.title,
    text: fields.text ?? '',
    facts: fields.facts ?? [],
    items: (fields.items ?? []).map((text) => ({ text })),
    note: fields.note ?? '',
    lead: fields.lead ? [fields.lead] : [],
    links: fields.links ?? [],
    readAloudTitle: fields.readAloud?.title ?? '',
    readAloud: fields.readAloud?.text ?? '',
    groups: chunk(fields.actions, MAX_ACTIONS_PER_SET).map((actions) => ({ actions })),
    /** Not rendered as such (see lead and groups): remembered so that a typed button title works. */
    actions: fields.lead ? [fields.lead, ...fields.actions] : fields.actions,
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
