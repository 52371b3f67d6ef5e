/**
 * When is the recognizer "not sure"? Then the bot says so and offers the two likeliest topics
 * instead of starting a procedure with confidence.
 *
 * The thresholds were tuned with `node --import tsx nlu/tune.ts`, which trains on 4/5 of
 * content/nlu and scores the held-out fifth (5 folds, so every training utterance is unseen
 * once). Chosen to flag as many wrong answers as possible while flagging at most 10% of the
 * right ones; the figures from the last run are in the comment below.
 */
import type { Classification } from './classifier.js';

export interface ConfidenceThresholds {
  /** Below this raw network output for the winner there was too little known evidence. */
  minActivation: number;
  /** Below this top score the answer is a guess. */
  minScore: number;
  /** Below this gap between the two best scores the recognizer cannot tell them apart. */
  minMargin: number;
}

// Last tune.ts run (1471 training utterances with the lexicon, cue features and domain gate data of
// issue 17; 5-fold accuracy 88.9%): of the 163 wrong answers 91 are flagged and 72 are not; 109 of the
// 1308 right answers are flagged too (the previous thresholds 0.35/0/0.25 flagged 72 and missed 91).
// Those rates are for a model missing a fifth of its data; the full model is surer (realistic held-out
// set: 13 of 271 flagged, 3 wrong and not flagged). minMargin came out 0: with these scores a low top
// score already covers two close intents.
export const DEFAULT_THRESHOLDS: ConfidenceThresholds = { minActivation: 0.2, minScore: 0.7, minMargin: 0 };

export function isLowConfidence(classification: Classification, thresholds: ConfidenceThresholds = DEFAULT_THRESHOLDS): boolean {
  const top = classification.ranked[0]?.score ?? 0;
  const second = classification.ranked[1]?.score ?? 0;
  return (
    classification.topActivation < thresholds.minActivation ||
    top < thresholds.minScore ||
    top - second < thresholds.minMargin
  );
}
