/** Reading labelled utterance files (the shared dev set, our holdout set) and scoring them. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { INTENTS, type Intent } from './intents.js';
import type { Recognizer } from './index.js';

const labelledSchema = z.object({ text: z.string().min(1), intent: z.enum(INTENTS) });
export type Labelled = z.infer<typeof labelledSchema>;

/** One JSON object a line: {"text": "...", "intent": "..."} (blank lines ignored). */
export async function readJsonLines(file: string): Promise<Labelled[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const items: Labelled[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${index + 1}: invalid JSON (${(error as Error).message})`);
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

export interface IntentAccuracy {
  intent: Intent;
  correct: number;
  total: number;
}

export interface Evaluation {
  correct: number;
  total: number;
  accuracy: number;
  perIntent: IntentAccuracy[];
  /** expected → predicted, most frequent first. */
  confusions: { expected: Intent; predicted: Intent; count: number; examples: string[] }[];
}

export function evaluate(recognizer: Recognizer, items: readonly Labelled[]): Evaluation {
  const perIntent = new Map<Intent, IntentAccuracy>();
  const confusions = new Map<string, Evaluation['confusions'][number]>();
  let correct = 0;
  for (const item of items) {
    const predicted = recognizer.recognize(item.text).intent;
    const row = perIntent.get(item.intent) ?? { intent: item.intent, correct: 0, total: 0 };
    row.total += 1;
    if (predicted === item.intent) {
      row.correct += 1;
      correct += 1;
    } else {
      const key = `${item.intent}→${predicted}`;
      const pair = confusions.get(key) ?? { expected: item.intent, predicted, count: 0, examples: [] };
      pair.count += 1;
      pair.examples.push(item.text);
      confusions.set(key, pair);
    }
    perIntent.set(item.intent, row);
  }
  return {
    correct,
    total: items.length,
    accuracy: items.length ? correct / items.length : 0,
    perIntent: INTENTS.filter((intent) => perIntent.has(intent)).map((intent) => perIntent.get(intent)!),
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count),
  };
}

export function formatEvaluation(title: string, result: Evaluation): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const lines = [`${title}: ${percent(result.accuracy)} (${result.correct}/${result.total})`, 'per intent:'];
  for (const row of result.perIntent) {
    lines.push(`  ${row.intent.padEnd(22)} ${percent(row.correct / row.total).padStart(6)}  (${row.correct}/${row.total})`);
  }
  lines.push(result.confusions.length ? 'confusions (expected → predicted):' : 'confusions: none');
  for (const pair of result.confusions) {
    lines.push(`  ${pair.expected} → ${pair.predicted} ×${pair.count}: ${pair.examples.map((t) => JSON.stringify(t)).join(', ')}`);
  }
  return lines.join('\n');
}
