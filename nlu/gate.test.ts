import { expect, test } from '@jest/globals';
import type { Classification } from './classifier.js';
import { applyDomainGate } from './gate.js';

const classification = (foreignOnly: boolean, ...scores: [string, number][]): Classification => ({
  ranked: scores.map(([intent, score]) => ({ intent: intent as never, score })),
  topActivation: 1,
  foreignOnly,
});

test('another domain and no certificate: none goes first with the winner score, the rest stays sorted', () => {
  const gated = applyDomainGate(classification(true, ['trouble_expired', 0.7], ['renew', 0.2], ['none', 0.1]));
  expect(gated.ranked).toEqual([
    { intent: 'none', score: 0.7 },
    { intent: 'renew', score: 0.2 },
    { intent: 'trouble_expired', score: 0.1 },
  ]);
});

test('a person, a greeting or starting over is not about certificates: left alone', () => {
  for (const intent of ['agent', 'greeting', 'cancel', 'none']) {
    const input = classification(true, [intent, 0.8], ['issue', 0.2]);
    expect(applyDomainGate(input)).toBe(input);
  }
});

test('no foreign anchor (or a certificate named too): left alone', () => {
  const input = classification(false, ['renew', 0.9], ['none', 0.1]);
  expect(applyDomainGate(input)).toBe(input);
});
