import { expect, test } from '@jest/globals';
import { textToFeatures } from './features.js';
import { compact, normalizeText } from './normalize.js';

test('normalisation folds case, full-width letters, punctuation, emoji and long repeats', () => {
  expect(normalizeText('  ＫＢ 인증서!!! 안돼요ㅠㅠㅠㅠ 😭  ')).toBe('kb 인증서 안돼요ㅠㅠ');
  expect(compact(normalizeText('타행 인증서  등록'))).toBe('타행인증서등록');
});

test('features do not depend on spacing or punctuation', () => {
  expect(textToFeatures('타행인증서등록')).toEqual(textToFeatures('타행 인증서 등록?'));
});

test('English words are stemmed, so word forms share a feature', () => {
  expect(Object.keys(textToFeatures('renewing certificates'))).toEqual(Object.keys(textToFeatures('renew certificate')));
});

test('a typo in a final consonant still shares the reduced bigram', () => {
  const typo = textToFeatures('발금');
  const right = textToFeatures('발급');
  const shared = Object.keys(typo).filter((name) => name in right);
  expect(shared.some((name) => name.startsWith('r2:'))).toBe(true);
});

test('every utterance has the same feature-vector length (L2 norm), short or long', () => {
  const norm = (text: string) => Math.hypot(...Object.values(textToFeatures(text)));
  expect(norm('취소')).toBeCloseTo(norm('다른 은행에서 받은 공동인증서를 우체국 앱에 등록하고 싶어요'), 6);
});

test('text with nothing readable gives no features', () => {
  expect(textToFeatures('🙂 !!!')).toEqual({});
});
