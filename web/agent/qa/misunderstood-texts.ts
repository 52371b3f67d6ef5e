// The misunderstood-messages panel's own words, Korean first. Intent names come from the server
// (GET /api/agent/labels, the bot's own content) when it has them; INTENT_NAMES covers the rest
// (greeting, cancel, none …), so a select never shows a bare id.
import type { Lang } from '../texts.js';

const ko = {
  title: '잘못 알아들은 메시지',
  intro: '도우미가 확실하지 않았거나, 고객이 바로 정정하거나 처음으로 돌아간 메시지예요. 비슷한 것끼리 묶었어요.',
  loading: '메시지를 불러오는 중…',
  summary: (messages: number, groups: number) => `${messages}개 메시지, ${groups}개 묶음`,
  truncated: '메시지가 많아 최근 것만 보여요. 기간을 줄여 보세요.',
  empty: '이 기간에는 잘못 알아들은 메시지가 없어요.',
  group: (size: number) => (size === 1 ? '메시지 1개' : `비슷한 메시지 ${size}개`),
  examples: '예시',
  finalIntents: '고객이 결국 찾은 것',
  nothingReached: '찾지 못함',
  reasons: { unsure: '확실하지 않음', miss: '이해 못 함', corrected: '고객이 정정함', home: '바로 처음으로' } as Record<string, string>,
  recognised: (name: string) => `인식: ${name}`,
  labelFor: (text: string) => `"${text}"의 의도`,
  choose: '의도 고르기…',
  outOfScope: '범위 밖',
  save: '저장',
  saved: (name: string) => `저장했어요: ${name}`,
  labelledAs: (name: string) => `라벨: ${name}`,
  chooseFirst: '먼저 의도를 골라 주세요.',
  export: '라벨 붙인 메시지 받기 (.json)',
  exported: '라벨 붙인 메시지를 내려받았어요.',
  at: '보낸 때',
};

const en: typeof ko = {
  title: 'Misunderstood messages',
  intro: 'Messages the assistant was not sure about, or right after which the customer corrected it or went back to the start. Similar ones are grouped.',
  loading: 'Loading messages…',
  summary: (messages, groups) => `${messages} message${messages === 1 ? '' : 's'} in ${groups} group${groups === 1 ? '' : 's'}`,
  truncated: 'Too many messages: only the newest are shown. Try a shorter period.',
  empty: 'No misunderstood messages in this period.',
  group: (size) => (size === 1 ? '1 message' : `${size} similar messages`),
  examples: 'Examples',
  finalIntents: 'What customers finally reached',
  nothingReached: 'nothing',
  reasons: { unsure: 'not sure', miss: 'not understood', corrected: 'corrected by the customer', home: 'back to start at once' },
  recognised: (name) => `recognised: ${name}`,
  labelFor: (text) => `Intent of "${text}"`,
  choose: 'Choose an intent…',
  outOfScope: 'Out of scope',
  save: 'Save',
  saved: (name) => `Saved: ${name}`,
  labelledAs: (name) => `Label: ${name}`,
  chooseFirst: 'Choose an intent first.',
  export: 'Download labelled messages (.json)',
  exported: 'Labelled messages downloaded.',
  at: 'Sent',
};

export type MisunderstoodTexts = typeof ko;
export const MISUNDERSTOOD_TEXTS: Record<Lang, MisunderstoodTexts> = { ko, en };

export const INTENT_NAMES: Record<string, { ko: string; en: string }> = {
  issue: { ko: '인증서 발급', en: 'Get a certificate' },
  reissue: { ko: '인증서 재발급', en: 'Reissue a certificate' },
  renew: { ko: '인증서 갱신', en: 'Renew a certificate' },
  register_other: { ko: '타기관 인증서 등록', en: 'Register a certificate from another bank' },
  deregister_other: { ko: '타기관 인증서 해제', en: 'Remove a certificate from another bank' },
  copy_cert: { ko: '인증서 복사·이동', en: 'Copy or move a certificate' },
  trouble_password: { ko: '인증서 비밀번호 문제', en: 'Certificate password trouble' },
  trouble_expired: { ko: '인증서 만료', en: 'Expired certificate' },
  trouble_unrecognized: { ko: '인증서가 안 보임', en: 'Certificate not found' },
  check_file: { ko: '인증서 파일 확인', en: 'Check a certificate file' },
  cert_info: { ko: '인증서 안내', en: 'About certificates' },
  agent: { ko: '상담원 연결', en: 'Talk to a person' },
  greeting: { ko: '인사', en: 'Greeting' },
  cancel: { ko: '처음으로 / 취소', en: 'Start over / cancel' },
  none: { ko: '없음 (범위 밖)', en: 'None (out of scope)' },
};
