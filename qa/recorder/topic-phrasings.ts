import { loadContent } from '../../content/load.js';

/**
 * The topics customers asked about and used to get "not sure", a wrong FAQ or "out of scope" for
 * (issue 13), each with the card it must land on and the phrasings that must reach it: spacing
 * variants, colloquial Korean, English. Used by the coverage test and the corpus recorder.
 */
const content = loadContent();
const faq = (id: string) => {
  const found = content.faq.find((f) => f.id === id);
  if (!found) throw new Error(`no FAQ ${id}`);
  return found.question;
};
const procedure = (id: string) => {
  const found = content.procedures.find((p) => p.id === id);
  if (!found) throw new Error(`no procedure ${id}`);
  return found.title;
};

export const TOPIC_PHRASINGS: { topic: string; title: { ko: string; en: string }; ko: string[]; en: string[] }[] = [
  {
    topic: '유효기간·만료일 확인',
    title: faq('expiry-check'),
    ko: ['인증서 유효기간 확인하는 법', '인증서만료일 어디서 봐요', '내 인증서 언제 만료되는지 알고 싶어요'],
    en: ['How do I check my certificate expiry date?', 'when does my certificate expire'],
  },
  {
    topic: '해제 후 다시 등록',
    title: faq('reregister'),
    ko: ['인증서 해제 후 다시 등록', '해제했는데 다시등록 하고 싶어요', '타기관 인증서 해제한 거 재등록 되나요'],
    en: ['Can I register my certificate again after removing it?'],
  },
  {
    topic: '우리은행 앱에서 타기관 인증서 해제',
    title: procedure('woori-joint-deregister-other-app'),
    ko: ['우리은행 앱에서 타기관 인증서 해제', '우리 은행 어플에서 다른기관 인증서 해제하고 싶어요', '우리WON뱅킹 앱 타행 인증서 등록 해제'],
    en: ['remove another bank certificate in the Woori Bank app'],
  },
  {
    topic: '.pfx/.p12 등록·내보내기',
    title: faq('pfx-file'),
    ko: ['pfx 파일로 인증서 등록', '인증서 pfx로 내보내기', 'p12 파일 있는데 어떻게 써요'],
    en: ['How do I export my certificate as a pfx file?'],
  },
  {
    topic: '인증서 폐기·분실 신고',
    title: faq('revoke-lost'),
    ko: ['인증서 폐기하고 싶어요', '인증서 분실 신고', '인증서 든 usb를 잃어버렸어요'],
    en: ['I want to revoke my certificate'],
  },
  {
    topic: '공용 PC에서 인증서 삭제',
    title: faq('public-pc'),
    ko: ['공용 PC에서 인증서 삭제', 'PC방에서 인증서 지우는 법', '도서관 컴퓨터에 저장한 인증서 삭제'],
    en: ['How do I delete my certificate from a public PC?'],
  },
  {
    topic: '금융인증서가 뭐예요',
    title: faq('what-is-financial'),
    ko: ['금융인증서가 뭐예요', '금융인증서란', '금융 인증서는 뭐예요?'],
    en: ['What is a financial certificate?'],
  },
  {
    topic: '공동인증서와 차이',
    title: faq('joint-vs-financial'),
    ko: ['공동인증서랑 금융인증서 차이', '공동인증서 금융인증서 뭐가 달라요', '금융인증서와 공동인증서 차이점 알려줘'],
    en: ['difference between joint and financial certificate'],
  },
  {
    topic: '정부24·홈택스',
    title: faq('public-services'),
    ko: ['정부24에서 인증서 쓰는 법', '홈택스 인증서 등록', '홈 택스 로그인 인증서'],
    en: ['How do I use my certificate on Hometax?'],
  },
  {
    topic: 'USB 백업',
    title: faq('usb-backup'),
    ko: ['인증서 USB에 백업', 'usb로 인증서 복사해 두고 싶어요', '인증서 백업하는 법'],
    en: ['How do I back up my certificate to a USB?'],
  },
  {
    topic: '새 휴대폰으로 옮기기',
    title: faq('new-phone'),
    ko: ['새 폰으로 인증서 옮기기', '핸드폰 바꿨는데 인증서 어떻게 해요', '휴대폰 교체하면 인증서는요'],
    en: ['I got a new phone, how do I move my certificate?'],
  },
  {
    topic: '휴대폰 분실과 금융인증서',
    title: faq('lost-phone-financial'),
    ko: ['휴대폰을 잃어버렸어요 금융인증서', '핸드폰 분실했는데 금융인증서 괜찮아요?', '폰 잃어버렸어요'],
    en: ['I lost my phone, what about my financial certificate?'],
  },
  {
    topic: '보안 프로그램 설치',
    title: faq('security-programs'),
    ko: ['보안 프로그램 설치', '보안프로그램 꼭 깔아야 돼요?', '인터넷뱅킹 보안 모듈 설치 방법'],
    en: ['How do I install the security program?'],
  },
  {
    topic: '비밀번호 규칙',
    title: faq('password-rules'),
    ko: ['인증서 비밀번호 규칙', '인증서 비밀번호 몇 자리로 만들어요', '비밀번호 특수문자 꼭 넣어야 돼요?'],
    en: ['What are the certificate password rules?'],
  },
  {
    topic: '계좌 개설·뱅킹 가입',
    title: faq('account-opening'),
    ko: ['계좌 개설하고 싶어요', '스마트뱅킹 가입', '인터넷 뱅킹 가입하려면 어떻게 해요'],
    en: ['How do I open an account?', 'sign up for internet banking'],
  },
  {
    topic: '고객센터 번호',
    title: faq('call-center'),
    ko: ['우체국 고객센터 전화번호', '우리은행 콜센터 번호 알려줘', '금융결제원 연락처'],
    en: ['What is the call center number?'],
  },
];
