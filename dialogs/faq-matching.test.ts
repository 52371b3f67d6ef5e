import { describe, expect, test } from '@jest/globals';
import type { Faq } from '../content/schema.js';
import { faqAskedAsWritten, faqByKeywords } from './faq-dialog.js';

// Made-up FAQ entries: the matching rules, independent of today's content files.
const faq = (id: string, ko: string, en: string, keywords: string[] = []): Faq =>
  ({ id, topic: 'fees_validity', question: { ko, en }, answer: { ko: 'a', en: 'a' }, keywords, related: [] }) as unknown as Faq;
const FAQS = [
  faq('revoke', '인증서를 폐기하려면 어떻게 하나요?', 'How do I revoke a certificate?', ['폐기', 'revoke']),
  faq('call-center', '고객센터 전화번호가 뭔가요?', 'What is the call center number?', ['고객센터+번호', '콜센터+번호', 'call center']),
  faq('call-center-hours', '고객센터 운영 시간은?', 'When is the call center open?', ['고객센터+운영+시간']),
];

describe('faqAskedAsWritten: a question typed (nearly) as the FAQ writes it', () => {
  test.each([
    ['인증서를 폐기하려면 어떻게 하나요?', 'revoke'],
    ['인증서를 폐기하려면 어떻게 하나요', 'revoke'],
    ['how do i revoke a certificate', 'revoke'],
    ['고객센터 전화번호가 뭔가요', 'call-center'],
  ])('%s → %s', (text, id) => {
    expect(faqAskedAsWritten(FAQS, text)?.id).toBe(id);
  });
  test.each(['폐기', '금융인증서요', '인증서 재발급하고 싶어요', ''])('%s is not a written question', (text) => {
    expect(faqAskedAsWritten(FAQS, text)).toBeUndefined();
  });
});

describe('faqByKeywords: words that name a topic, whatever the sentence', () => {
  test.each([
    ['인증서 폐기 방법', 'revoke'],
    ['우체국 고객센터 번호 좀', 'call-center'],
    ['콜센터 번호', 'call-center'],
    ['Call Center please', 'call-center'],
    // Every part of a "a+b" keyword must appear, and the longest match wins.
    ['고객센터 운영 시간 알려줘 번호도', 'call-center-hours'],
  ])('%s → %s', (text, id) => {
    expect(faqByKeywords(FAQS, text)?.id).toBe(id);
  });
  test.each(['고객센터', '번호', '인증서 발급', '   '])('%s names no topic', (text) => {
    expect(faqByKeywords(FAQS, text)).toBeUndefined();
  });
});
