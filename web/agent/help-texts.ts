// The help panel's own words (web/agent/help-panel.ts), Korean first. The guides' and FAQ answers'
// names are not here: the server sends them (GET /api/agent/help) from the content the bot speaks.
import type { Lang } from './texts.js';

const ko = {
  title: '원클릭 안내',
  hint: '도우미가 쓰는 카드를 그대로 고객에게 보내요. 고객이 카드의 버튼을 누르면 도우미가 다음 단계를 보여 줘요.',
  procedure: '절차 안내',
  step: '보낼 카드',
  overview: '개요 (첫 카드)',
  stepOption: (n: number, title: string) => `${n}단계. ${title}`,
  sendProcedure: '안내 보내기',
  faq: '자주 묻는 질문',
  sendFaq: '답변 보내기',
  sendLocalCheck: '내 기기에서 인증서 점검 안내 보내기',
  loading: '목록을 불러오는 중…',
  sent: { procedure: '절차 안내를 보냈어요.', faq: '답변을 보냈어요.', local_check: '점검 안내를 보냈어요.' },
  whereTitle: '고객이 보고 있는 안내',
  nowhere: '아직 절차 안내를 보고 있지 않아요.',
  atOverview: (title: string) => `개요 · ${title}`,
  atStep: (n: number, total: number, title: string) => `${n} / ${total}단계 · ${title}`,
  atDone: (title: string) => `완료 카드 · ${title}`,
};

export type HelpTexts = typeof ko;

const en: HelpTexts = {
  title: 'One-click help',
  hint: "Sends the customer the assistant's own card. When the customer presses its buttons, the assistant shows the next step.",
  procedure: 'Guide',
  step: 'Card to send',
  overview: 'Overview (first card)',
  stepOption: (n, title) => `Step ${n}. ${title}`,
  sendProcedure: 'Send guide',
  faq: 'FAQ',
  sendFaq: 'Send answer',
  sendLocalCheck: 'Send the on-device certificate check',
  loading: 'Loading the lists…',
  sent: { procedure: 'Guide sent.', faq: 'Answer sent.', local_check: 'Check invitation sent.' },
  whereTitle: 'Where the customer is',
  nowhere: 'Not in a guide yet.',
  atOverview: (title) => `Overview · ${title}`,
  atStep: (n, total, title) => `Step ${n} / ${total} · ${title}`,
  atDone: (title) => `Finished · ${title}`,
};

export const HELP_TEXTS: Record<Lang, HelpTexts> = { ko, en };
