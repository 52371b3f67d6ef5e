import { expect, test } from '@jest/globals';
import type { Classification } from './classifier.js';
import { isLowConfidence } from './confidence.js';

const thresholds = { minActivation: 0.35, minScore: 0.6, minMargin: 0.25 }; // fixed here, independent of tuning

function classification(scores: [string, number][], topActivation: number): Classification {
  return { ranked: scores.map(([intent, score]) => ({ intent: intent as never, score })), topActivation };
}

test('a clear winner with enough evidence is confident', () => {
  expect(
    isLowConfidence(
      classification(
        [
          ['renew', 0.9],
          ['trouble_expired', 0.1],
        ],
        1,
      ),
      thresholds,
    ),
  ).toBe(false);
});

test('too little evidence is not sure, however peaked the relative scores', () => {
  expect(
    isLowConfidence(
      classification(
        [
          ['greeting', 0.99],
          ['none', 0.01],
        ],
        0.2,
      ),
      thresholds,
    ),
  ).toBe(true);
});

test('a low top score is not sure', () => {
  expect(
    isLowConfidence(
      classification(
        [
          ['issue', 0.5],
          ['reissue', 0.2],
          ['renew', 0.2],
        ],
        1,
      ),
      thresholds,
    ),
  ).toBe(true);
});

test('two close intents are not sure', () => {
  expect(
    isLowConfidence(
      classification(
        [
          ['register_other', 0.62],
          ['trouble_unrecognized', 0.38],
        ],
        1,
      ),
      thresholds,
    ),
  ).toBe(true);
});

test('no classification at all is not sure', () => {
  expect(isLowConfidence(classification([], 0), thresholds)).toBe(true);
});
