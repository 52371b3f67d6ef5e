// The live conversation's own words (typing, hand back, canned answers), Korean first. Kept apart from
// texts.ts so that the helpers working on the console each add their words without touching one file.
import type { Lang } from './texts.js';

const ko = {
  customerTyping: '고객이 입력하는 중…',
  handBack: '도우미에게 넘기기',
  handBackHint: '상담을 끝내고 고객에게 도우미 메뉴와 만족도 평가를 보내요.',
  handedBack: (id: string) => `${id} 상담을 도우미에게 넘겼어요.`,
  canned: '자주 쓰는 답변',
  cannedHint: '누르면 입력란에 들어가요. 고쳐서 보내세요.',
  cannedFilled: (label: string) => `"${label}" 답변을 입력란에 넣었어요.`,
};

export type LiveTexts = typeof ko;

const en: LiveTexts = {
  customerTyping: 'The customer is typing…',
  handBack: 'Hand back to the assistant',
  handBackHint: 'Ends the conversation; the customer gets the assistant’s menu and the satisfaction rating.',
  handedBack: (id) => `Ticket ${id} handed back to the assistant.`,
  canned: 'Canned answers',
  cannedHint: 'A click puts the answer in the reply box. Edit it, then send.',
  cannedFilled: (label) => `"${label}" is in the reply box.`,
};

export const LIVE_TEXTS: Record<Lang, LiveTexts> = { ko, en };
