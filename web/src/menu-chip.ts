// The bot ends every question's chips with 처음으로 (any Direct Line client may need a way back to the
// menu). This page has that way in its header (#go-home), so here the chip would only repeat it:
// the page drops it from what it shows. The bot's replies stay the same on every channel.
import type { StoreMiddleware, WebChatActivity } from './webchat-types.js';

type SuggestedAction = NonNullable<NonNullable<WebChatActivity['suggestedActions']>['actions']>[number];

/** Is this chip the way back to the menu ({ action: 'nav', move: 'home' })? */
export function isMenuChip(action: SuggestedAction): boolean {
  const value = action.value as { action?: unknown; move?: unknown } | undefined;
  return typeof value === 'object' && value !== null && value.action === 'nav' && value.move === 'home';
}

export function withoutMenuChip(): StoreMiddleware {
  return () => (next) => (action) => {
    const activity = action.payload?.activity;
    const actions = activity?.suggestedActions?.actions;
    if (action.type !== 'DIRECT_LINE/INCOMING_ACTIVITY' || !activity || !actions?.some(isMenuChip)) return next(action);
    const kept = actions.filter((chip) => !isMenuChip(chip));
    const suggestedActions = kept.length > 0 ? { ...activity.suggestedActions, actions: kept } : undefined;
    return next({ ...action, payload: { ...action.payload, activity: { ...activity, suggestedActions } } });
  };
}
