/**
 * `node --import tsx nlu/tune.ts`: picks the low-confidence thresholds (confidence.ts) on a
 * held-out split of OUR training data — never on the shared dev set.
 *
 * 5-fold cross-validation, stratified per intent: every training utterance is classified once
 * by a model that never saw it. A grid search then minimises
 *   3 × (wrong answers NOT flagged) + 1 × (right answers flagged)
 * because a confidently wrong procedure costs the user more than one "I'm not sure" question,
 * among the settings that flag at most 10% of the right answers (the cost surface is flat, and
 * without that bound the optimum jumps between very different settings from one data edit to
 * the next; asking back too often is a cost the formula above does not see).
 */
import { trainClassifier, type Classification, type LabelledText } from './classifier.js';
import { DEFAULT_THRESHOLDS, isLowConfidence, type ConfidenceThresholds } from './confidence.js';
import { loadNluContent } from './content.js';
import { Lexicon } from './lexicon.js';

const FOLDS = 5;
const WRONG_CONFIDENT_COST = 3;
const MAX_RIGHT_FLAGGED_SHARE = 0.1;

interface Outcome {
  correct: boolean;
  classification: Classification;
}

function stratifiedFolds(examples: readonly LabelledText[]): LabelledText[][] {
  const folds: LabelledText[][] = Array.from({ length: FOLDS }, () => []);
  const seenPerIntent = new Map<string, number>();
  for (const example of examples) {
    const seen = seenPerIntent.get(example.intent) ?? 0;
    folds[seen % FOLDS].push(example);
    seenPerIntent.set(example.intent, seen + 1);
  }
  return folds;
}

async function crossValidate(examples: readonly LabelledText[], lexicon: Lexicon): Promise<Outcome[]> {
  const folds = stratifiedFolds(examples);
  const outcomes: Outcome[] = [];
  for (let k = 0; k < FOLDS; k += 1) {
    const classifier = await trainClassifier(folds.filter((_, i) => i !== k).flat(), lexicon);
    for (const example of folds[k]) {
      const classification = classifier.classify(example.text);
      outcomes.push({ correct: classification.ranked[0].intent === example.intent, classification });
    }
  }
  return outcomes;
}

interface Tally {
  thresholds: ConfidenceThresholds;
  wrongConfident: number;
  wrongFlagged: number;
  rightFlagged: number;
  cost: number;
}

function tally(outcomes: readonly Outcome[], thresholds: ConfidenceThresholds): Tally {
  let wrongConfident = 0;
  let wrongFlagged = 0;
  let rightFlagged = 0;
  for (const { correct, classification } of outcomes) {
    const flagged = isLowConfidence(classification, thresholds);
    if (!correct && flagged) wrongFlagged += 1;
    if (!correct && !flagged) wrongConfident += 1;
    if (correct && flagged) rightFlagged += 1;
  }
  return { thresholds, wrongConfident, wrongFlagged, rightFlagged, cost: WRONG_CONFIDENT_COST * wrongConfident + rightFlagged };
}

function grid(): ConfidenceThresholds[] {
  const steps = (from: number, to: number, step: number) =>
    Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Number((from + i * step).toFixed(2)));
  const result: ConfidenceThresholds[] = [];
  for (const minActivation of steps(0, 0.9, 0.05))
    for (const minScore of steps(0, 0.9, 0.05)) for (const minMargin of steps(0, 0.8, 0.05)) result.push({ minActivation, minScore, minMargin });
  return result;
}

function describe(name: string, t: Tally, total: number, wrong: number): string {
  const { minActivation, minScore, minMargin } = t.thresholds;
  return (
    `${name}: minActivation=${minActivation} minScore=${minScore} minMargin=${minMargin} → ` +
    `wrong & not flagged ${t.wrongConfident}/${wrong}, wrong & flagged ${t.wrongFlagged}/${wrong}, ` +
    `right but flagged ${t.rightFlagged}/${total - wrong} (cost ${t.cost})`
  );
}

async function main(): Promise<void> {
  const { examples, lexicon } = await loadNluContent();
  const outcomes = await crossValidate(examples, new Lexicon(lexicon));
  const wrong = outcomes.filter((o) => !o.correct).length;
  console.log(
    `${FOLDS}-fold accuracy on training data: ${(((outcomes.length - wrong) / outcomes.length) * 100).toFixed(1)}% (${outcomes.length - wrong}/${outcomes.length})`,
  );
  // Ties are broken towards the smaller thresholds (first in grid order): flag no more than needed.
  const right = outcomes.length - wrong;
  const best = grid()
    .map((thresholds) => tally(outcomes, thresholds))
    .filter((candidate) => candidate.rightFlagged <= MAX_RIGHT_FLAGGED_SHARE * right)
    .reduce((a, b) => (b.cost < a.cost ? b : a));
  console.log(describe('best', best, outcomes.length, wrong));
  console.log(describe('current', tally(outcomes, DEFAULT_THRESHOLDS), outcomes.length, wrong));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
