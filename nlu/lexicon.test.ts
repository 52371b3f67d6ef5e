import { beforeAll, describe, expect, test } from '@jest/globals';
import { loadNluContent } from './content.js';
import { Lexicon, cueFeatures, syllableDistance } from './lexicon.js';
import { compact, normalizeText } from './normalize.js';

let lexicon: Lexicon;

beforeAll(async () => {
  lexicon = new Lexicon((await loadNluContent()).lexicon);
});

const cuesOf = (text: string) => {
  const spaced = lexicon.expand(normalizeText(text));
  return cueFeatures(lexicon.cues(lexicon.correct(compact(spaced)), spaced));
};

test('syllables are compared jamo by jamo', () => {
  expect(syllableDistance('증', '즌')).toBe(1); // final ㅇ / ㄴ
  expect(syllableDistance('서', '셔')).toBe(1); // medial
  expect(syllableDistance('서', '섭')).toBe(1); // an added final consonant
  expect(syllableDistance('인', '증')).toBe(3);
  expect(syllableDistance('a', '인')).toBe(3);
});

describe('typo correction towards the domain words', () => {
  test.each([
    ['인즌서', '인증서'],
    ['인쯩서', '인증서'],
    ['인정서가', '인증서가'],
    ['갱싱하려면', '갱신하려면'],
    ['타행인증서듣록', '타행인증서등록'],
    ['유효기간연쟝', '유효기간연장'],
    ['상당원연결', '상담원연결'],
    ['공인인쯩서재발금', '공인인증서재발급'],
  ])('%s → %s', (typo, fixed) => {
    expect(lexicon.correct(typo)).toBe(fixed);
  });

  test.each(['다행이다', '상당히', '적금해지', '이제', '분식집', '기관', '인정해요', '재발급', '공동인증서'])(
    'real words one key away from a domain word are left alone: %s',
    (text) => {
      expect(lexicon.correct(text)).toBe(text);
    },
  );

  test('abbreviations are written out', () => {
    expect(lexicon.expand('공인증 비번 어케 찾아요')).toBe('공인인증서 비밀번호 어떻게 찾아요');
    expect(lexicon.expand('공인증서 발급')).toBe('공인인증서 발급');
  });
});

describe('cue features', () => {
  test('the domain gate: a foreign anchor with no certificate in sight', () => {
    expect(cuesOf('OTP 잠겼어요')).toContain('c:foreign-only');
    expect(cuesOf('보안카드 잃어버렸어요')).toContain('c:foreign-only');
    expect(cuesOf('renew my SSL certificate')).toContain('c:foreign+cert');
    expect(cuesOf('인즌서 발급')).toEqual(['c:cert']);
  });

  test('tense with an expiry word separates renew from already expired', () => {
    expect(cuesOf('다음 주에 만료된다는데 지금 연장돼요?')).toContain('c:expiry-future');
    expect(cuesOf('지난달에 끝난 인증서 연장하고 싶어요')).toContain('c:expiry-past');
    expect(cuesOf('벌써 만료됐어요')).toContain('c:expiry-past');
    // A past tense with no expiry word is no expiry cue (지난주에 폰을 잃어버렸어요 is about a lost phone).
    expect(cuesOf('지난주에 폰을 잃어버렸어요')).not.toContain('c:expiry-past');
  });

  test('a failure after 등록 is a registration that fails; 취소 with 등록 is a registration to remove', () => {
    expect(cuesOf('타행 인증서 등록하는데 오류 나요')).toContain('c:register-fail');
    expect(cuesOf('registration keeps failing')).toContain('c:register-fail');
    expect(cuesOf('인증서가 안 보여요 오류')).toContain('c:fail');
    expect(cuesOf('타행 인증서 등록 취소하고 싶어요')).toContain('c:register-cancel');
    expect(cuesOf('취소')).toEqual([]);
  });
});

test('banking words that also come up in certificate stories are only a feature, not the gate', () => {
  expect(cuesOf('이체하려는데 만료됐다고 떠요')).toEqual(expect.arrayContaining(['c:banking-only', 'c:expiry-past']));
  expect(cuesOf('이체하려는데 만료됐다고 떠요')).not.toContain('c:foreign-only');
  expect(cuesOf('인증서는 보통 몇 년 써요')).toContain('c:general');
  expect(cuesOf('석 달 전에 만료됐어요')).toContain('c:expiry-past'); // a completed past wins over 전에
});

test('a time word of the story (어제) does not make a coming expiry a past one', () => {
  expect(cuesOf('어제 만료 안내 문자가 왔어요 만료되기 전에 연장하려면요')).toContain('c:expiry-future');
  expect(cuesOf('어제 만료됐어요')).toContain('c:expiry-past');
  expect(cuesOf('어제 기간이 끝났대요')).toContain('c:expiry-past');
});

test('재발급 / 다시 받 marks a reissue apart from a first issue', () => {
  expect(cuesOf('공동인증서 재발급받고 싶어요')).toContain('c:again');
  expect(cuesOf('인증서 다시 받으려면')).toContain('c:again');
  expect(cuesOf('인증서 처음 발급받고 싶어요')).not.toContain('c:again');
});
