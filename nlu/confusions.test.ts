/**
 * The confusion pairs issue 17 reported on realistic messages, each kept apart here with messages
 * written for this test (never training utterances: the last test checks).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { loadNluContent } from './content.js';
import type { Intent, Recognizer } from './index.js';
import { compact, normalizeText } from './normalize.js';
import { sharedRecognizer } from './testing.js';

let recognizer: Recognizer;

beforeAll(async () => {
  recognizer = await sharedRecognizer();
});

const PAIRS: { pair: string; cases: [string, Intent][] }[] = [
  {
    pair: 'issue vs register_other',
    cases: [
      ['우체국에서 인증서를 처음 만들고 싶어요 다른 은행 인증서는 없어요', 'issue'],
      ['국민은행 앱에서 새 인증서 발급받으려면?', 'issue'],
      ['은행 인증서가 하나도 없어서 새로 받을래요', 'issue'],
      ['국민은행 인증서를 우체국에서도 쓰고 싶어요', 'register_other'],
    ],
  },
  {
    pair: 'deregister_other vs register_other',
    cases: [
      ['우리은행에 등록해 둔 농협 인증서 등록 취소해 주세요', 'deregister_other'],
      ['다른 은행 인증서 등록했던 거 이제 풀어 주세요', 'deregister_other'],
      ['예전에 등록한 타기관 인증서 지우는 방법', 'deregister_other'],
      ['하나은행 인증서를 여기에 등록하려면', 'register_other'],
    ],
  },
  {
    pair: 'trouble_expired vs renew',
    cases: [
      ['지난달에 끝난 인증서 연장하고 싶어요', 'trouble_expired'],
      ['어제 만료된 공동인증서도 갱신이 되나요', 'trouble_expired'],
      ['유효기간이 벌써 지나버린 인증서 기간 늘릴 수 있어요?', 'trouble_expired'],
      ['다음 주에 만료된다는데 지금 연장돼요?', 'renew'],
      ['유효기간 보름 남은 인증서 미리 연장 가능해요?', 'renew'],
    ],
  },
  {
    pair: 'register_other vs a registration that fails (trouble_unrecognized)',
    cases: [
      ['신한 인증서 등록하는데 마지막에 오류가 나요', 'trouble_unrecognized'],
      ['다른 은행 인증서 등록 누르면 실패했다고만 떠요', 'trouble_unrecognized'],
      ['신한 인증서를 여기 등록하는 방법 알려주세요', 'register_other'],
    ],
  },
  {
    pair: 'none vs trouble_unrecognized / cert_info',
    cases: [
      ['인증번호 문자가 안 와요', 'none'],
      ['OTP가 인식이 안 돼요', 'none'],
      ['보안카드를 분실했는데 어떻게 하나요', 'none'],
      ['졸업증명서 발급 비용이 얼마예요', 'none'],
      ['자격증 유효기간이 몇 년이에요', 'none'],
      ['계좌 비밀번호가 기억이 안 나요', 'none'],
      ['인증서가 목록에 안 보여요', 'trouble_unrecognized'],
      ['금융인증서 유효기간이 몇 년이에요', 'cert_info'],
    ],
  },
];

describe.each(PAIRS)('$pair', ({ cases }) => {
  test.each(cases)('%s → %s', (text, intent) => {
    const result = recognizer.recognize(text);
    expect(result.intent).toBe(intent);
  });
});

test('none of these messages is a training utterance', async () => {
  const key = (text: string) => compact(normalizeText(text));
  const training = new Set((await loadNluContent()).examples.map((example) => key(example.text)));
  const copied = PAIRS.flatMap(({ cases }) => cases.map(([text]) => text)).filter((text) => training.has(key(text)));
  expect(copied).toEqual([]);
});
