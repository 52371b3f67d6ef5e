import type { HandoffCards, HandoffTexts, TicketLimiter } from '../handoff/index.js';
import { renderCardJson } from '../cards/index.js';
import type { CardAction } from '../dialogs/actions.js';
import { withUniversalActions } from '../dialogs/card-sender.js';
import { choiceCardData } from '../dialogs/menu.js';
import { clientOfTurn } from '../lib/client-address.js';
import { localeOf, type Texts } from './i18n.js';
import type { RateLimits } from '../lib/rate-limits.js';

/** What the live handoff needs from the bot (handoff/ports.ts): texts, our cards, the ticket limit. */
export function handoffPorts(texts: Texts, limits?: RateLimits): { texts: HandoffTexts; cards: HandoffCards; limits?: TicketLimiter } {
  return {
    texts: { get: (key, locale, values) => texts.get(key, locale, values), localeOf },
    cards: {
      choice: (fields) => renderCardJson('choice', choiceCardData({ ...fields, actions: fields.actions as CardAction[] })),
      callback: (fields) => renderCardJson('callback', fields),
      universal: withUniversalActions,
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
