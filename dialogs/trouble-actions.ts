import type { Locale, Texts } from '../content/texts.js';
import type { Content } from '../content/load.js';
import type { TroubleAction } from '../content/schema.js';
import { LOCAL_CHECK_URL, type CardAction, type CardLink } from '../cards/actions.js';
import { topicAction } from '../cards/card-data.js';
import { pickerFor } from '../content/texts.js';

/** The button for a way out named in content (a procedure, a check, a trouble, a FAQ, a person). */
export function troubleActionButton(action: TroubleAction, texts: Texts, content: Content, locale: Locale): CardAction | CardLink {
  switch (action.type) {
    case 'procedure':
      return topicAction(action.kind, texts, locale);
    case 'trouble':
      return topicAction(action.trouble, texts, locale);
    case 'agent':
      return topicAction('agent', texts, locale);
    case 'check':
      // The local check runs in the page itself: its button opens the panel rather than asking the bot.
      return action.mode === 'local'
        ? { title: texts.get('check.local', locale), url: LOCAL_CHECK_URL }
        : { title: texts.get('check.upload', locale), data: { action: 'check', mode: 'upload' } };
    case 'faq': {
      const faq = content.faq.find((f) => f.id === action.id);
      return { title: faq ? pickerFor(locale)(faq.question) : texts.get('faq.title', locale), data: { action: 'faq', id: action.id } };
    }
  }
}

/** Data buttons and page links apart, without repeats (two problems may share a fix), in first-seen order. */
export function splitButtons(buttons: (CardAction | CardLink)[]): { actions: CardAction[]; links: CardLink[] } {
  const seen = new Set<string>();
  const unique = buttons.filter((button) => {
    const key = JSON.stringify('url' in button ? button.url : button.data);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    actions: unique.filter((b): b is CardAction => 'data' in b),
    links: unique.filter((b): b is CardLink => 'url' in b),
  };
}
