/**
 * The labelled sets the recogniser is measured on, and the bar each must clear (issue 17).
 * None of them is ever trained on (recognizer.test.ts and realistic.test.ts check for leaks).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSharedFile } from './devset.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..');

/** Short questions: the shared development set and our own held-out short questions. */
export const DEV_SET_FILE = findSharedFile(REPO_ROOT, 'eval/intents-dev.jsonl');
export const HOLDOUT_FILE = path.join(HERE, 'holdout.test-data.json');
/** Realistic messages in the six kinds, written blind to the training data: measured, never tuned on. */
export const REALISTIC_HELDOUT_FILE = path.join(HERE, 'heldout', 'realistic.jsonl');
/** Realistic messages we wrote ourselves while working: used to tune, so not a measure of generalisation. */
export const REALISTIC_DEV_FILE = path.join(HERE, 'realistic', 'dev.jsonl');

export const GOALS = {
  /** Short-question sets. */
  shortAccuracy: 0.97,
  /** All six kinds of realistic message together. */
  realisticAccuracy: 0.92,
  /** Out-of-scope messages recognised as none. */
  noneRecall: 0.9,
} as const;
