// The bank's look for the official Web Chat: its blue, rounded bubbles, our own avatar, and choices as
// chips that wrap under the message instead of a tall stack of full-width buttons.
import avatarUrl from '../images/avatar.svg';
import type { PageLanguage } from './texts.js';

export const BRAND_BLUE = '#0b5cad';

export function styleOptions(language: PageLanguage): Record<string, unknown> {
  return {
    accent: BRAND_BLUE,
    primaryFont: "system-ui, 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans CJK KR', sans-serif",
    backgroundColor: '#ffffff',
    botAvatarImage: avatarUrl,
    botAvatarInitials: language === 'en' ? 'Help' : '도움',
    userAvatarInitials: language === 'en' ? 'Me' : '나',
    avatarSize: 36,
    bubbleBackground: '#f1f4f8',
    bubbleBorderColor: '#dbe2ea',
    bubbleBorderRadius: 14,
    bubbleFromUserBackground: BRAND_BLUE,
    bubbleFromUserBorderColor: BRAND_BLUE,
    bubbleFromUserBorderRadius: 14,
    bubbleFromUserTextColor: '#ffffff',
    bubbleMaxWidth: 560,
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: BRAND_BLUE,
    suggestedActionBorderRadius: 18,
    suggestedActionBorderWidth: 1,
    suggestedActionTextColor: BRAND_BLUE,
    suggestedActionHeight: 36,
    sendBoxButtonColor: BRAND_BLUE,
    hideUploadButton: false,
    // Sent as soon as it is chosen (after the page's private-key check), not after a second press.
    sendAttachmentOn: 'attach',
    uploadAccept: '.der,.cer,.crt,.pem,.zip,.png,.jpg,.jpeg,.pdf,.txt',
    uploadMultiple: true,
  };
}

/** Adaptive Cards in the bank's style: compact spacing, buttons that wrap side by side. */
export const adaptiveCardsHostConfig = {
  fontFamily: "system-ui, 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans CJK KR', sans-serif",
  // Cards' "style": "heading" TextBlocks become role=heading; screen readers need their level.
  textBlock: { headingLevel: 2 },
  spacing: { small: 4, default: 8, medium: 12, large: 16, extraLarge: 20, padding: 12 },
  actions: {
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
    buttonSpacing: 6,
    maxActions: 5,
    spacing: 'default',
    showCard: { actionMode: 'inline' },
  },
  containerStyles: { default: { foregroundColors: { accent: { default: BRAND_BLUE, subtle: BRAND_BLUE } } } },
};
