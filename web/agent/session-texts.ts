// The console's words for notifications and for signing in again mid-chat, Korean first (kept apart from
// texts.ts, which the whole console shares).
import type { Lang } from './texts.js';

const ko = {
  /** The tab title while tickets wait: "(2) 상담 콘솔 — 인증서 도우미". */
  titleWithCount: (n: number, title: string) => (n > 0 ? `(${n}) ${title}` : title),
  notifyAsk: '알림 켜기',
  notifyAskHint: '새 상담 요청이 오면 소리와 데스크톱 알림으로 알려 드려요.',
  notifyOn: '알림 켜짐',
  notifyDenied: '알림이 차단됨',
  notifyDeniedHint: '브라우저 설정에서 이 사이트의 알림을 허용하면 데스크톱 알림을 받을 수 있어요. 소리와 탭 제목 숫자는 계속 알려 드려요.',
  notificationTitle: (n: number) => (n > 1 ? `새 상담 요청 ${n}건` : '새 상담 요청'),
  notificationBody: (ids: string[], waiting: number) => `${ids.join(', ')} · 지금 대기 ${waiting}건`,
  reauthTitle: '다시 로그인해 주세요',
  reauthIntro: '로그인이 만료되었어요. 보던 상담과 작성 중인 메시지는 그대로 있어요. 다시 로그인하면 이어서 볼 수 있어요.',
  reauthTeams: 'Teams 로그인을 다시 받지 못했어요. 다시 시도하거나 Teams에서 탭을 새로 열어 주세요.',
  reauthRetry: '다시 시도',
  reauthOtherAgent: (name: string) => `${name} 계정으로 로그인해 주세요. 다른 상담원으로 바꾸려면 로그아웃하세요.`,
  reauthDone: '다시 로그인했어요. 대화를 이어서 보여 드려요.',
};

export type SessionTexts = typeof ko;

const en: SessionTexts = {
  titleWithCount: (n, title) => (n > 0 ? `(${n}) ${title}` : title),
  notifyAsk: 'Turn on alerts',
  notifyAskHint: 'A sound and a desktop notification tell you when a new request arrives.',
  notifyOn: 'Alerts on',
  notifyDenied: 'Alerts blocked',
  notifyDeniedHint: "Allow this site's notifications in the browser settings to get desktop alerts. The sound and the count in the tab title still tell you.",
  notificationTitle: (n) => (n > 1 ? `${n} new requests` : 'New request'),
  notificationBody: (ids, waiting) => `${ids.join(', ')} · ${waiting} waiting now`,
  reauthTitle: 'Please sign in again',
  reauthIntro: 'Your session has expired. The open ticket and your draft are still here; sign in again to carry on.',
  reauthTeams: 'Teams did not give a new sign-in. Try again, or reopen the tab in Teams.',
  reauthRetry: 'Try again',
  reauthOtherAgent: (name) => `Sign in as ${name}. To switch to another agent, sign out.`,
  reauthDone: 'Signed in again. The conversation carries on.',
};

export const SESSION_TEXTS: Record<Lang, SessionTexts> = { ko, en };
