/** Reading labelled utterance files (the shared dev set, our holdout sets) and scoring them. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { labelledSetSchema } from './content.js';
import { INTENTS, type Intent } from './intents.js';
import type { Recognizer } from './index.js';

/** The six kinds of realistic message of issue 17 (long stories, 반말/사투리, typos, English, look-alikes, not ours). */
export const KINDS = ['long', 'colloquial', 'typo', 'english', 'lookalike', 'out_of_scope'] as const;
export type Kind = (typeof KINDS)[number];

/** The QA workbench's label for a message outside the assistant's topics: the recogniser's `none`. */
const OUT_OF_SCOPE = 'out_of_scope';
const labelledSchema = z.object({
  text: z.string().min(1),
  intent: z.preprocess((value) => (value === OUT_OF_SCOPE ? 'none' : value), z.enum(INTENTS)),
  kind: z.enum(KINDS).optional(),
});
export type Labelled = z.infer<typeof labelledSchema>;

/**
 * The shared development set lives in `shared/eval/` next to the checkout (../shared from the main
 * checkout, ../../shared from a worktree under wt/): the first one found walking up from `root`.
 */
export function findSharedFile(root: string, relative: string): string {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), 'shared', relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(root, '..', 'shared', relative);
  }
}

const holdoutSchema = z.object({ description: z.string(), items: z.array(labelledSchema).min(1) });

/** nlu/holdout.test-data.json: {"description", "items": [{"text", "intent"}]}. */
export async function readHoldoutFile(file: string): Promise<Labelled[]> {
  return holdoutSchema.parse(JSON.parse(await readFile(file, 'utf8'))).items;
}

/** One JSON object a line: {"text": "...", "intent": "...", "kind"?: "..."} (blank lines ignored). */
export async function readJsonLines(file: string): Promise<Labelled[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const items: Labelled[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${index + 1}: invalid JSON (${(error as Error).message})`, { cause: error });
    }
    const parsed = labelledSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}:${index + 1}: ${issue.path.join('.') || '(line)'}: ${issue.message}`);
    }
    items.push(parsed.data);
  });
  return items;
}

/**
 * `eval:nlu --file`: a labelled set exported by the QA workbench (one JSON object, the format of
 * content/nlu/intents/*.json: nlu/content.ts labelledSetSchema) or JSON lines as readJsonLines.
 */
export async function readLabelledFile(file: string): Promise<Labelled[]> {
  const raw = await readFile(file, 'utf8');
  let whole: unknown;
  try {
    whole = JSON.parse(raw);
  } catch {
    return readJsonLines(file);
  }
  if (!whole || typeof whole !== 'object' || Array.isArray(whole) || !('intents' in whole)) return readJsonLines(file);
  const parsed = labelledSetSchema.safeParse(whole);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data.intents.flatMap((entry) => [...entry.utterances.ko, ...entry.utterances.en].map((text) => ({ text, intent: entry.intent })));
}

export interface Tally {
  correct: number;
  total: number;
  /** Wrong AND not flagged as unsure: the customer is sent down the wrong path with confidence. */
  wrongConfident: number;
  /** Flagged as unsure (the bot offers the two likeliest topics), right or wrong. */
  unsure: number;
}

export interface IntentAccuracy extends Tally {
  intent: Intent;
}

export interface KindAccuracy extends Tally {
  kind: Kind;
}

export interface Evaluation extends Tally {
  accuracy: number;
  perIntent: IntentAccuracy[];
  /** Only for files whose lines carry a kind. */
  perKind: KindAccuracy[];
  /** Out-of-scope lines (intent none) recognised as none. */
  noneRecall: { correct: number; total: number };
  /** expected → predicted, most frequent first. */
  confusions: { expected: Intent; predicted: Intent; count: number; examples: string[] }[];
}

const emptyTally = (): Tally => ({ correct: 0, total: 0, wrongConfident: 0, unsure: 0 });

export function evaluate(recognizer: Recognizer, items: readonly Labelled[]): Evaluation {
  const perIntent = new Map<Intent, IntentAccuracy>();
  const perKind = new Map<Kind, KindAccuracy>();
  const confusions = new Map<string, Evaluation['confusions'][number]>();
  const overall = emptyTally();
  for (const item of items) {
    const recognition = recognizer.recognize(item.text);
    const predicted = recognition.intent;
    const right = predicted === item.intent;
    const rows: Tally[] = [overall, perIntent.get(item.intent) ?? { intent: item.intent, ...emptyTally() }];
    perIntent.set(item.intent, rows[1] as IntentAccuracy);
    if (item.kind) {
      rows.push(perKind.get(item.kind) ?? { kind: item.kind, ...emptyTally() });
      perKind.set(item.kind, rows[2] as KindAccuracy);
    }
    for (const row of rows) {
      row.total += 1;
      if (right) row.correct += 1;
      if (recognition.lowConfidence) row.unsure += 1;
      else if (!right) row.wrongConfident += 1;
    }
    if (!right) {
      const key = `${item.intent}→${predicted}`;
      const pair = confusions.get(key) ?? { expected: item.intent, predicted, count: 0, examples: [] };
      pair.count += 1;
      pair.examples.push(item.text);
      confusions.set(key, pair);
    }
  }
  const none = perIntent.get('none');
  return {
    ...overall,
    accuracy: items.length ? overall.correct / items.length : 0,
    perIntent: INTENTS.filter((intent) => perIntent.has(intent)).map((intent) => perIntent.get(intent)!),
    perKind: KINDS.filter((kind) => perKind.has(kind)).map((kind) => perKind.get(kind)!),
    noneRecall: { correct: none?.correct ?? 0, total: none?.total ?? 0 },
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count),
  };
}

const percent = (part: number, whole: number) => `${whole ? ((part / whole) * 100).toFixed(1) : '—'}%`;

function tallyLine(name: string, row: Tally): string {
  return (
    `  ${name.padEnd(22)} ${percent(row.correct, row.total).padStart(6)}  (${row.correct}/${row.total})` +
    `  wrong & sure ${row.wrongConfident}, unsure ${row.unsure}`
  );
}

/**
 * @param showTexts false for the realistic held-out set: its confusion pairs are printed as counts
 * only, so that working on the recogniser never means reading (and then fitting) its messages.
 */
export function formatEvaluation(title: string, result: Evaluation, showTexts = true): string {
  const lines = [`${title}: ${percent(result.correct, result.total)} (${result.correct}/${result.total})`];
  lines.push(
    `wrong-intent rate (wrong and not flagged unsure): ${percent(result.wrongConfident, result.total)} (${result.wrongConfident}/${result.total}); unsure: ${result.unsure}`,
  );
  if (result.noneRecall.total) {
    lines.push(
      `none-recall (out of scope recognised as such): ${percent(result.noneRecall.correct, result.noneRecall.total)} (${result.noneRecall.correct}/${result.noneRecall.total})`,
    );
  }
  if (result.perKind.length) {
    lines.push('per kind:');
    for (const row of result.perKind) lines.push(tallyLine(row.kind, row));
  }
  lines.push('per intent:');
  for (const row of result.perIntent) lines.push(tallyLine(row.intent, row));
  lines.push(result.confusions.length ? 'confusions (expected → predicted):' : 'confusions: none');
  for (const pair of result.confusions) {
    const examples = showTexts ? `: ${pair.examples.map((t) => JSON.stringify(t)).join(', ')}` : '';
    lines.push(`  ${pair.expected} → ${pair.predicted} ×${pair.count}${examples}`);
  }
  return lines.join('\n');
}
