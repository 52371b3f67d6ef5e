// The page's own words (the bot's words live in content/texts.json). Korean first; English is shown
// beside it when the page is in English (?lang=en).
export type PageLanguage = 'ko' | 'en';

export interface Bilingual {
  ko: string;
  en: string;
}

export const PAGE_TEXTS = {
  startFailed: { ko: '채팅을 시작하지 못했어요. 잠시 후 페이지를 새로 고쳐 주세요.', en: 'The chat could not start. Please reload the page in a moment.' },
  maskedNotice: {
    ko: '입력하신 내용 중 비밀번호·주민등록번호 같은 정보는 가려서 저장했어요. 안전을 위해 이곳에는 비밀번호나 주민등록번호를 입력하지 마세요.',
    en: 'Passwords, resident registration numbers and similar details you typed were hidden before anything was stored. For your safety, please never type them here.',
  },
  keyStopped: {
    ko: '{name} 파일은 개인키가 들어 있어서 올리지 않았어요. 개인키는 서버로 보내지 않아요. 대신 이 기기 안에서만 확인하는 창을 열었어요.',
    en: '{name} contains a private key, so it was not uploaded. Private keys never go to the server; the on-device check has opened instead.',
  },
  home: { ko: '처음으로', en: 'Menu' },
  /** Beside a live agent's name above their messages (agent-label.ts). */
  agentRole: { ko: '상담원', en: 'Agent' },
} satisfies Record<string, Bilingual>;

export function pageLanguage(): PageLanguage {
  return new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'ko';
}

/** One sentence for the page's language, with `{name}` placeholders filled in. */
export function say(text: Bilingual, language: PageLanguage, values: Record<string, string> = {}): string {
  return (language === 'en' ? text.en : text.ko).replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}
