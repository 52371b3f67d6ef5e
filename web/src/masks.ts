// The customer's own bubble is the channel's stored copy of what they typed, where secrets are masked
// ("[redacted:password]"). Shown to the customer, that token becomes words in their language, and the
// first time in a visit they are told, kindly, not to type such things here.
import { MASK_LABELS } from '../../lib/redact.js';
import { PAGE_TEXTS, say, type PageLanguage } from './texts.js';
import type { StoreMiddleware } from './webchat-types.js';

const TOKEN = /\[redacted:[a-z-]+\]/g;
const NOTICE_ID = 'masked-notice';

export function readableMasks(text: string, language: PageLanguage): string {
  return text.replace(TOKEN, (token) => {
    const label = MASK_LABELS[token];
    return label ? label[language] : language === 'en' ? '(hidden)' : '(가림)';
  });
}

export function maskedEcho(language: PageLanguage): StoreMiddleware {
  let told = false;
  return ({ dispatch }) =>
    (next) =>
    (action) => {
      const activity = action.payload?.activity;
      if (action.type !== 'DIRECT_LINE/INCOMING_ACTIVITY' || activity?.from?.role !== 'user' || typeof activity.text !== 'string') return next(action);
      if (!activity.text.includes('[redacted:')) return next(action);
      const result = next({ ...action, payload: { ...action.payload, activity: { ...activity, text: readableMasks(activity.text, language) } } });
      if (!told) {
        told = true;
        dispatch({ type: 'WEB_CHAT/SET_NOTIFICATION', payload: { id: NOTICE_ID, level: 'info', message: say(PAGE_TEXTS.maskedNotice, language) } });
      }
      return result;
    };
}
