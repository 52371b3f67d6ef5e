// The format table of issue 10 (item 13): every way a secret was typed past the mask, and the
// numbers a certificate conversation is full of, which must come through untouched.
import { describe, expect, test } from '@jest/globals';
import { REDACTED, redactText } from './redact.js';

const P = REDACTED.password;
const R = REDACTED.rrn;
const C = REDACTED.card;
const A = REDACTED.account;

/** [what was typed, what is kept] — the secret part must be gone, everything else readable. */
const MASKED: [string, string][] = [
  // passwords after a cue (ASCII, Hangul, spaced cues, full-width colon, "my password is")
  ['비밀번호는 abc123!@ 예요', `비밀번호는 ${P} 예요`],
  ['비밀번호: Qwer1234', `비밀번호: ${P}`],
  ['비밀번호：Qwer1234', `비밀번호:${P}`],
  ['비밀번호 ： Qwer1234', `비밀번호 : ${P}`],
  ['비밀 번호는 qwer1234 입니다', `비밀 번호는 ${P} 입니다`],
  ['비 밀 번 호 asdf5678', `비 밀 번 호 ${P}`],
  ['인증서 비밀번호는 ㅂㅈㄷㄱ1234!', `인증서 비밀번호는 ${P}`],
  ['비번은 사랑해1004 이에요', `비번은 ${P} 이에요`],
  ['비밀번호: 사랑해요', `비밀번호: ${P}`],
  ['암호는 홍길동99!', `암호는 ${P}`],
  ['my password is sunshine', `my password is ${P}`],
  ['My password is Sunshine', `My password is ${P}`],
  ['my password is: sunshine', `my password is: ${P}`],
  ['the password was letmein', `the password was ${P}`],
  ['password = hunter2', `password = ${P}`],
  ['PW : zxcv!234', `PW : ${P}`],
  ['ｐａｓｓｗｏｒｄ： Ｈｕｎｔｅｒ２', `password: ${P}`],
  ['핀번호 ８８８８', `핀번호 ${P}`],
  ['비밀번호는\u200Babc123!@', `비밀번호는${P}`],
  ['간편 비밀번호 135790', `간편 비밀번호 ${P}`],
  // passwords with no cue word at all
  ['Sup3r!Secret#77', P],
  ['이거 써 보세요 Qwer1234!@ 맞나요', `이거 써 보세요 ${P} 맞나요`],
  ['abc123!@', P],
  ['tr0ub4dor&3 이렇게 쳤어요', `${P} 이렇게 쳤어요`],
  ['P@ssw0rd', P],
  // resident / foreigner registration numbers in every spelling
  ['900101-1234567', R],
  ['900101–1234567', R],
  ['900101—1234567', R],
  ['900101−1234567', R],
  ['900101.1234567', R],
  ['900101 1234567', R],
  ['900101 - 1234567', R],
  ['９００１０１－１２３４５６７', R],
  ['９００１０１-１２３４５６７', R],
  ['900101-123\u200B4567', R],
  ['9001\u200C01-1234567', R],
  ['9001011234567', R],
  ['주민번호 900101-2234567 이에요', `주민번호 ${R} 이에요`],
  ['외국인등록번호 851231-5123456', `외국인등록번호 ${R}`],
  ['주민등록번호 앞자리 900101', `주민등록번호 앞자리 ${R}`],
  ['앞자리 900101', `앞자리 ${R}`],
  ['뒷자리 1234567', `뒷자리 ${R}`],
  ['뒷자리는 2234567이에요', `뒷자리는 ${R}이에요`],
  ['뒤 7자리 1234567', `뒤 7자리 ${R}`],
  ['생년월일 900101', `생년월일 ${R}`],
  // card numbers: any separator, Luhn or not when grouped like a card, contiguous with Luhn or a cue
  ['4111 1111 1111 1111', C],
  ['4111-1111-1111-1111', C],
  ['4111.1111.1111.1111', C],
  ['4111–1111–1111–1111', C],
  ['４１１１ １１１１ １１１１ １１１１', C],
  ['4111111111111111', C],
  ['4111 1111 1111 1112', C],
  ['1234-5678-9012-3456', C],
  ['1234.5678.9012.3456', C],
  ['카드 1234567890123456', `카드 ${C}`],
  ['card number 5500 0000 0000 0004', `card number ${C}`],
  ['amex 3782-822463-10005', `amex ${C}`],
  ['4111\u200B1111\u200B1111\u200B1111', C],
  // account numbers: cue or not, any separator
  ['1234567890123', A],
  ['1002991234567 로 보내 주세요', `${A} 로 보내 주세요`],
  ['110123456789', A],
  ['계좌 110-123-456789 로 보내요', `계좌 ${A} 로 보내요`],
  ['110 123 456789', A],
  ['1002 123 456789', A],
  ['110.123.456789', A],
  ['1002-123-456789', A],
  ['계좌번호는 1101234567', `계좌번호는 ${A}`],
  ['account no. 12345678901', `account no. ${A}`],
  ['국민 123456-01-123456', `국민 ${A}`],
  ['901301-1234567', A],
  // phone numbers: last four digits stay
  ['010-1234-5678', '010-****-5678'],
  ['010.1234.5678', '010.****.5678'],
  ['010 1234 5678', '010 **** 5678'],
  ['01012345678', '010****5678'],
  ['010–1234–5678', '010-****-5678'],
  ['０１０-１２３４-５６７８', '010-****-5678'],
  ['+82 10-1234-5678', '+82 10-****-5678'],
  ['+82.10.1234.5678', '+82.10.****.5678'],
  ['02-123-4567', '02-***-4567'],
  ['02.123.4567', '02.***.4567'],
  ['031-1234-5678', '031-****-5678'],
  ['031.1234.5678', '031.****.5678'],
  ['연락처 010.9876.5432 입니다', '연락처 010.****.5432 입니다'],
  // business registration numbers
  ['사업자번호 123-45-67890 입니다', `사업자번호 ${REDACTED.businessNumber} 입니다`],
];

/** Ordinary numbers of a certificate conversation: dates, amounts, orders, serials, times, steps. */
const KEPT: string[] = [
  // Identifiers that start with a cue word (card data ids, file names) are not a cue followed by a password.
  'password-rules',
  'faq pin_code reset',
  'pw.txt 파일을 열었어요',
  // dates
  '2026-11-25',
  '2026.11.25',
  '2026/11/25',
  '20261125',
  '2026년 11월 25일',
  '2026-11-25 09:00에 만료돼요',
  '유효기간 2025.11.25 ~ 2026.11.24',
  '2026. 11. 25.',
  '26.11.25',
  // amounts
  '수수료는 10,000원이에요',
  '1,000,000원',
  '4,400원 / 연 4.5%',
  '₩50,000',
  '1000000원',
  '12,345,678,901원',
  // order, receipt and reference numbers
  '주문번호 12345678901234',
  '주문번호 ORD-2026-1125-001',
  'order #A12345678',
  '접수번호 2026112500012',
  '송장번호 123456789012',
  // certificate serials and error codes
  '일련번호 1A2B3C4D',
  '일련번호 2093847561012',
  'serial 0x1a2b3c4d5e6f',
  '인증서 serial 3f12345678901234ab',
  'clientActivityID a1b2c3d4e5f61234567890',
  '시리얼 5F:3A:9C:01:22',
  '오류코드 -2146893792',
  '에러 0x800B0109',
  'error 10001',
  // times
  '09:30',
  '오후 3시 30분',
  '2026-11-25 09:00:00',
  '20261125093000',
  '영업시간 09:00-18:00',
  // procedure steps, counts, versions
  '3단계에서 막혔어요',
  'step 2 of 5',
  '1 / 5',
  '1단계 → 2단계',
  '5번 틀렸어요',
  '비밀번호를 5번 틀렸어요',
  '비밀번호 10자리 이상이어야 하나요?',
  '버전 4.23.3',
  '192.168.0.1',
  '고객센터 1588-1234',
  // words around a cue that are not secrets
  '비밀번호를 잊어버렸어요',
  '인증서 비밀번호가 틀렸대요',
  'my password is wrong',
  'my password is not working',
  'my password is definitely correct',
  'I forgot my password',
  'PIN 번호 6자리',
  'PIN locked after 5 tries',
  '비밀번호는 어떻게 바꿔요?',
  '비밀번호는 몰라요',
  '윈도우10에서 안 돼요',
  'Windows11 에서 돼요?',
  'signCert.der 파일을 올렸어요',
  'hong@example.com 으로 보내 주세요',
  'https://www.yessign.or.kr/ 에서 받았어요',
];

describe('redactText: masked formats', () => {
  test.each(MASKED)('%s', (input, expected) => expect(redactText(input)).toBe(expected));
});

describe('redactText: numbers that must survive', () => {
  test.each(KEPT)('%s', (input) => expect(redactText(input)).toBe(input));
});

test('the table covers at least 100 formats, both ways', () => {
  expect(MASKED.length + KEPT.length).toBeGreaterThanOrEqual(100);
  expect(KEPT.length).toBeGreaterThanOrEqual(40);
});

describe('redactText: a registration number split over two messages', () => {
  test('the back part after a message that gave or named the front part', () => {
    for (const previous of ['앞자리 900101', `주민번호 앞자리 ${R}`, '주민등록번호 알려드릴게요', `앞자리 ${R}`]) {
      expect(redactText('1234567', { previous })).toBe(R);
      expect(redactText('2234567 이요', { previous })).toBe(`${R} 이요`);
    }
  });

  test('a 7-digit number without that context is left alone', () => {
    expect(redactText('1234567')).toBe('1234567');
    expect(redactText('1234567', { previous: '인증서 갱신하려고요' })).toBe('1234567');
  });
});

test('a message without secrets is kept exactly, even with full-width or zero-width characters', () => {
  for (const text of ['ＡＢＣ 은행 앱', '확인\u200B했어요', 'ㅋㅋㅋ 감사합니다', '２０２６년']) expect(redactText(text)).toBe(text);
});

test('masking is idempotent over the whole table (the door masks, transcripts mask again)', () => {
  for (const [input] of MASKED) {
    const once = redactText(input);
    expect(redactText(once)).toBe(once);
  }
});
