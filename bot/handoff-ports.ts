import type { HandoffCards, HandoffTexts, TicketLimiter } from '../handoff/index.js';
import { renderCardJson } from '../cards/index.js';
import type { CardAction } from '../cards/actions.js';
import { withUniversalActions } from '../cards/universal-actions.js';
import { choiceCardData, welcomeCardData } from '../cards/card-data.js';
import { clientOfTurn } from '../lib/client-address.js';
import { localeOf, pickerFor, type Texts } from '../content/texts.js';
import { loadInstitutions } from '../content/load.js';
import type { Institutions } from '../content/institutions-schema.js';
import type { RateLimits } from '../lib/rate-limits.js';

/** What the live handoff needs from the bot (handoff/ports.ts): texts, our cards, the ticket limit. */
export function handoffPorts(
  texts: Texts,
  limits?: RateLimits,
  institutions: Institutions = loadInstitutions(),
): { texts: HandoffTexts; cards: HandoffCards; limits?: TicketLimiter } {
  return {
    texts: { get: (key, locale, values) => texts.get(key, locale, values), localeOf },
    cards: {
      choice: (fields) => renderCardJson('choice', choiceCardData({ ...fields, actions: fields.actions as CardAction[] })),
      // The form names the call centers too: a customer in a hurry can call instead of waiting.
      callback: (fields) => renderCardJson('callback', { ...fields, ...callCenters(texts, institutions, fields.locale) }),
      universal: withUniversalActions,
      menu: (locale) => renderCardJson('welcome', welcomeCardData(texts, locale)),
    },
    ...(limits
      ? {
          limits: {
            consume: (context) => limits.consume('tickets', clientOfTurn(context)),
            refund: (context) => limits.refund('tickets', clientOfTurn(context)),
          },
        }
      : {}),
  };
}

/** The call centers the content knows, for the callback form: name, number(s), when to call. */
function callCenters(texts: Texts, institutions: Institutions, locale: 'ko-KR' | 'en-US') {
  const pick = pickerFor(locale);
  return {
    callCenterTitle: texts.get('handoff.callback.call_center', locale),
    callCenters: Object.values(institutions).map(({ name, callCenter }) => ({
      title: pick(name),
      value: callCenter.alternative ? `${callCenter.number} (${callCenter.alternative})` : callCenter.number,
      hours: pick(callCenter.hours),
    })),
  };
}
