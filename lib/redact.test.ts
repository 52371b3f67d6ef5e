import { describe, expect, test } from '@jest/globals';
import { luhnValid, normalizeForMatching, REDACTED, redactActivity, redactText } from './redact.js';

const P = REDACTED.password;

describe('redactText: passwords after a cue', () => {
  test.each([
    ['비밀번호는 abc123!@ 예요', `비밀번호는 ${P} 예요`],
    ['비밀번호는 abc123!@이에요', `비밀번호는 ${P}이에요`],
    ['제 인증서 비밀번호 qwer1234! 인데 안 돼요', `제 인증서 비밀번호 ${P} 인데 안 돼요`],
    ['비번: 1q2w3e4r', `비번: ${P}`],
    ['암호가 Sunshine 인데요', `암호가 ${P} 인데요`],
    ['패스워드=P@ssw0rd', `패스워드=${P}`],
    ['핀번호는 123456이에요', `핀번호는 ${P}이에요`],
    ['PIN 123456', `PIN ${P}`],
    ['my password is hunter2.', `my password is ${P}.`],
    ['password: sunshine', `password: ${P}`],
    ['Password:Tr0ub4dor&3 and pwd abcd!234', `Password:${P} and pwd ${P}`],
  ])('%s', (input, expected) => expect(redactText(input)).toBe(expected));

  test.each([
    '비밀번호를 잊어버렸어요',
    '인증서 비밀번호가 틀렸대요',
    '비밀번호를 5번 틀렸어요',
    '비밀번호 10자리 이상이어야 하나요?',
    '비밀번호 변경은 어떻게 해요',
    '암호화 방식은 SEED 인가요',
    'my password is wrong',
    'I forgot my password',
    'password reset please',
    'PIN 번호 6자리',
    'PIN locked after 5 tries',
    'spin the wheel 1234',
  ])('leaves %s alone', (input) => expect(redactText(input)).toBe(input));
});

describe('redactText: registration numbers', () => {
  test.each([
    ['주민번호 900101-1234567 이에요', `주민번호 ${REDACTED.rrn} 이에요`],
    ['9001012234567', REDACTED.rrn],
    ['외국인등록번호 851231-5123456', `외국인등록번호 ${REDACTED.rrn}`],
    ['900101 - 1234567', REDACTED.rrn],
    ['사업자번호 123-45-67890 입니다', `사업자번호 ${REDACTED.businessNumber} 입니다`],
  ])('%s', (input, expected) => expect(redactText(input)).toBe(expected));

  test.each(['2026-11-25', '20261125'])('leaves %s alone', (input) => expect(redactText(input)).toBe(input));

  test('13 digits that are no registration number are still masked, as an account number', () => {
    expect(redactText('9013011234567 (month 13)')).toBe(`${REDACTED.account} (month 13)`);
    expect(redactText('9001019234567 (no such 7th digit)')).toBe(`${REDACTED.account} (no such 7th digit)`);
  });

  test('an implausible RRN with a hyphen is still masked, as an account number', () => {
    expect(redactText('901301-1234567')).toBe(REDACTED.account);
  });
});

describe('redactText: card, account and phone numbers', () => {
  test('Luhn check', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  test.each([
    ['카드 4111 1111 1111 1111 로 결제', `카드 ${REDACTED.card} 로 결제`],
    ['4111-1111-1111-1111', REDACTED.card],
    ['4111111111111111', REDACTED.card],
    ['4111 1111 1111 1112', REDACTED.card], // grouped like a card: masked even when the check digit is wrong
    ['amex 3782-822463-10005', `amex ${REDACTED.card}`],
    ['계좌 110-123-456789 로 보내요', `계좌 ${REDACTED.account} 로 보내요`],
    ['1002-123-456789', REDACTED.account],
    ['계좌번호는 110123456789', `계좌번호는 ${REDACTED.account}`],
    ['account number: 12345678901', `account number: ${REDACTED.account}`],
    ['010-1234-5678로 연락주세요', '010-****-5678로 연락주세요'],
    ['01012345678', '010****5678'],
    ['010 1234 5678', '010 **** 5678'],
    ['+82 10-1234-5678', '+82 10-****-5678'],
    ['02-123-4567', '02-***-4567'],
    ['031-1234-5678', '031-****-5678'],
  ])('%s', (input, expected) => expect(redactText(input)).toBe(expected));

  test.each([
    '2026-11-25 09:00에 만료돼요',
    '수수료는 10,000원이에요',
    '1,000,000원',
    '4,400원 / 연 4.5%',
    '고객센터 1588-1234',
    '2026년 11월 25일',
    '5번 틀렸어요',
    '주문번호 12345678901234',
    '버전 4.23.3',
    '1 / 5',
  ])('leaves %s alone', (input) => expect(redactText(input)).toBe(input));

  test('several secrets in one message', () => {
    expect(redactText('주민번호 900101-1234567, 카드 4111-1111-1111-1111, 비번 abcd1234')).toBe(`주민번호 ${REDACTED.rrn}, 카드 ${REDACTED.card}, 비번 ${P}`);
  });
});

describe('redactActivity', () => {
  test('masks text, speak, value and card texts; files keep only name, type and size', () => {
    const activity = {
      type: 'message',
      text: '비밀번호는 abc123!@ 예요',
      speak: '900101-1234567',
      value: { answer: '4111 1111 1111 1111', nested: ['010-1234-5678'] },
      attachments: [
        { contentType: 'application/x-x509-ca-cert', name: 'signCert.der', contentUrl: 'http://x/v3/directline/attachments/1?sig=abc' },
        { contentType: 'image/png', name: 'shot.png', contentUrl: 'data:image/png;base64,AAAABBBB' },
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: '주민번호 9001011234567 확인' }], actions: [] },
        },
      ],
    };
    const before = JSON.stringify(activity);
    const stored = redactActivity(activity);
    expect(JSON.stringify(activity)).toBe(before);
    const json = JSON.stringify(stored);
    for (const secret of ['abc123', '1234567', '4111', '1234-5678', 'sig=abc', 'data:', 'AAAABBBB']) expect(json).not.toContain(secret);
    expect(stored.attachments).toEqual([
      { contentType: 'application/x-x509-ca-cert', name: 'signCert.der' },
      { contentType: 'image/png', name: 'shot.png', size: 6 },
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: `주민번호 ${REDACTED.rrn} 확인` }], actions: [] },
      },
    ]);
    expect(stored.value).toEqual({ answer: REDACTED.card, nested: ['010-****-5678'] });
  });

  test('a callback form keeps only a number masked at the door; any other spelling of it goes', () => {
    const form = (phone: string) => (redactActivity({ type: 'message', value: { action: 'callback', phone } }).value as { phone: string }).phone;
    expect(form('010-****-5678')).toBe('010-****-5678');
    expect(form('010 1234-5678')).toBe('[redacted:phone]');
    expect(form('010-1234-5678')).toBe('010-****-5678');
  });

  test('display names of people are dropped, the bot keeps its own', () => {
    const stored = redactActivity({
      type: 'message',
      from: { id: 'u', name: '홍길동', role: 'user' },
      recipient: { id: 'bot', name: '인증서 도우미', role: 'bot' },
    });
    expect(stored.from).toEqual({ id: 'u', role: 'user' });
    expect(stored.recipient).toEqual({ id: 'bot', name: '인증서 도우미', role: 'bot' });
  });

  test('quick replies are masked like card texts, every time, and each stored copy is its own', () => {
    const chips = {
      actions: [
        { type: 'messageBack', title: '010-1234-5678로 전화', text: '비밀번호는 abc123!@ 예요', value: { phone: '010-1234-5678', action: 'nav' } },
        { type: 'imBack', title: '처음으로', value: '처음으로' },
      ],
      to: [],
    };
    const first = redactActivity({ type: 'message', suggestedActions: chips });
    const second = redactActivity({ type: 'message', suggestedActions: structuredClone(chips) });
    for (const stored of [first, second]) {
      expect(JSON.stringify(stored)).not.toMatch(/1234-5678|abc123/);
      expect(stored.suggestedActions!.actions[0].title).toBe('010-****-5678로 전화');
      expect(stored.suggestedActions!.actions[1]).toEqual(chips.actions[1]);
    }
    expect(second).toEqual(first);
    expect(second.suggestedActions).not.toBe(first.suggestedActions);
    first.suggestedActions!.actions.pop();
    expect(redactActivity({ type: 'message', suggestedActions: chips }).suggestedActions!.actions).toHaveLength(2);
    expect(chips.actions[0].title).toBe('010-1234-5678로 전화'); // the original is never changed
  });

  test('an activity without secrets is unchanged apart from being a copy', () => {
    const activity = { type: 'message', text: '2026-11-25 만료', value: { action: 'nav', move: 'next' } };
    expect(redactActivity(activity)).toEqual(activity);
  });
});

test('redacting twice changes nothing (web chat text is masked on arrival and again for transcripts)', () => {
  for (const text of [
    '인증서 비밀번호는 Qwer1234! 이에요',
    '주민번호 900101-1234567',
    'password: S3cret!!',
    '카드 4111 1111 1111 1111 이요',
    '010-1234-5678로 연락 주세요',
  ]) {
    const once = redactText(text);
    expect(once).not.toBe(text);
    expect(redactText(once)).toBe(once);
  }
});

test('texts of ASCII and Hangul syllables skip the per-character normalisation and come out the same as through it', () => {
  const hangul = /[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7FF\uFFA0-\uFFDC]/;
  const slow = (text: string) =>
    [...text.replace(/[\u00AD\u200B-\u200F\uFEFF]/g, '')]
      .map((c) => (hangul.test(c) ? c : c.normalize('NFKC')))
      .join('')
      .replace(/[\u2010-\u2015\u2212\uFF0D]/g, '-');
  for (const text of [
    '인증서 비밀번호는 abc123!@ 예요',
    'tab\tand\nnew line',
    '공동인증서 (1/3단계) - 다음',
    '０１０－１２３４－５６７８',
    'ｐａｓｓｗｏｒｄ ㅋㅋ',
    'x\u200By',
    '010\u20131234',
  ]) {
    expect(normalizeForMatching(text)).toBe(slow(text));
  }
});
