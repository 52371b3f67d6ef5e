import { expect, test } from '@jest/globals';
import { FeatureExtractor, requestSentence, splitSentences } from './features.js';
import { compact, normalizeText } from './normalize.js';

const plain = new FeatureExtractor();
const names = (features: Record<string, number>) => Object.keys(features).sort();

test('normalisation folds case, full-width letters, punctuation, emoji and long repeats', () => {
  expect(normalizeText('  ＫＢ 인증서!!! 안돼요ㅠㅠㅠㅠ 😭  ')).toBe('kb 인증서 안돼요ㅠㅠ');
  expect(compact(normalizeText('타행 인증서  등록'))).toBe('타행인증서등록');
});

test('features do not depend on spacing or punctuation', () => {
  expect(plain.features('타행인증서등록')).toEqual(plain.features('타행 인증서 등록?'));
});

test('English words are stemmed, so word forms share a feature', () => {
  expect(names(plain.features('renewing certificates'))).toEqual(names(plain.features('renew certificate')));
});

test.each([
  ['발금', '발급'],
  ['제발급', '재발급'],
  ['헤제', '해제'],
])('a typo Koreans make by ear (%s for %s) still shares the by-ear bigram', (typo, right) => {
  const expected = plain.features(right);
  const shared = Object.keys(plain.features(typo)).filter((name) => name in expected);
  expect(shared.some((name) => name.startsWith('r2:'))).toBe(true);
});

test('English typos are corrected towards the training vocabulary', () => {
  const extractor = FeatureExtractor.fromTrainingTexts(['renew my certificate', 'forgot the password']);
  expect(names(extractor.features('renw my certificat'))).toEqual(names(extractor.features('renew my certificate')));
  expect(names(extractor.features('forgot pasword'))).toEqual(names(extractor.features('forgot password')));
  // Unknown words far from the vocabulary are kept as they are.
  expect(Object.keys(extractor.features('pizza'))).toContain('w:pizza');
});

test('every utterance has the same feature-vector length (L2 norm), short or long', () => {
  const norm = (text: string) => Math.hypot(...Object.values(plain.features(text)));
  expect(norm('취소')).toBeCloseTo(norm('다른 은행에서 받은 공동인증서를 우체국 앱에 등록하고 싶어요'), 6);
});

test('text with nothing readable gives no features', () => {
  expect(plain.features('🙂 !!!')).toEqual({});
});

test('a long message is split into sentences and the asking one is found', () => {
  const text = '작년에 이사하면서 옛날 컴퓨터를 버렸어요. 그 안에 인증서가 있었는데 백업을 안 했네요 다시 받으려면 어떻게 해요?';
  const sentences = splitSentences(text);
  expect(sentences).toEqual(['작년에 이사하면서 옛날 컴퓨터를 버렸어요', '그 안에 인증서가 있었는데 백업을 안 했네요', '다시 받으려면 어떻게 해요']);
  expect(requestSentence(sentences)).toBe(2);
  expect(requestSentence(['인증서가 만료됐어요', '오늘 알았어요'])).toBe(1); // no request: the last one
  expect(splitSentences('처음부터 다 취소')).toEqual(['처음부터 다 취소']); // 다 as a word is no sentence end
});

test('the asking sentence weighs more than the backstory', () => {
  const features = plain.features('컴퓨터를 버렸어요. 다시 받으려면?');
  expect(features['k2:다시']).toBeGreaterThan(features['k2:컴퓨']);
});

test('a word the customer says they do NOT want (… 말고, … 아니고) gives no features', () => {
  const names = Object.keys(plain.features('갱신 말고 재발급'));
  expect(names).not.toContain('k2:갱신');
  expect(names).toContain('k2:재발');
  expect(Object.keys(plain.features('인증서 빼고 싶어요'))).toContain('k2:인증'); // 빼고 싶어요 is "remove", not "except"
});
