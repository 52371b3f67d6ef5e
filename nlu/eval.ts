/**
 * `npm run eval:nlu`: trains the recogniser as the bot does, then scores every labelled set —
 * the short questions (../shared/eval/intents-dev.jsonl, nlu/holdout.test-data.json), the
 * realistic held-out set (nlu/heldout/realistic.jsonl: per kind, none-recall, wrong-intent rate,
 * confusion pairs) and our own realistic development set — against the goals of sets.ts, and
 * prints the training time and the recognition cost per message.
 * `npm run eval:nlu -- --file PATH` scores one file instead: JSON lines, or a labelled set exported by
 * the QA workbench (`out_of_scope` counts as `none`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { evaluate, formatEvaluation, readHoldoutFile, readJsonLines, readLabelledFile, type Evaluation, type Labelled } from './devset.js';
import { createRecognizer, type Recognizer } from './index.js';
import { DEV_SET_FILE, GOALS, HOLDOUT_FILE, REALISTIC_DEV_FILE, REALISTIC_HELDOUT_FILE } from './sets.js';

function fileArgument(argv: string[]): string | undefined {
  const at = argv.indexOf('--file');
  if (at < 0) return undefined;
  const value = argv[at + 1];
  if (!value) throw new Error('--file needs a path / --file 다음에 파일 경로가 필요합니다');
  return path.resolve(value);
}

/** Mean recognition time per message over a few passes (the first pass warms the JIT up). */
export function recognitionCostMs(recognizer: Recognizer, texts: readonly string[], passes = 5): number {
  for (const text of texts) recognizer.recognize(text);
  const started = performance.now();
  for (let pass = 0; pass < passes; pass += 1) for (const text of texts) recognizer.recognize(text);
  return (performance.now() - started) / (passes * texts.length);
}

const mark = (met: boolean) => (met ? 'met' : 'NOT met');
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

function goalLines(name: string, result: Evaluation, realistic: boolean): string[] {
  if (!realistic) return [`goal ${name}: accuracy ≥ ${pct(GOALS.shortAccuracy)} — ${mark(result.accuracy >= GOALS.shortAccuracy)}`];
  const recall = result.noneRecall.total ? result.noneRecall.correct / result.noneRecall.total : 1;
  return [
    `goal ${name}: accuracy ≥ ${pct(GOALS.realisticAccuracy)} — ${mark(result.accuracy >= GOALS.realisticAccuracy)}`,
    `goal ${name}: none-recall ≥ ${pct(GOALS.noneRecall)} — ${mark(recall >= GOALS.noneRecall)}`,
  ];
}

async function main(): Promise<void> {
  const file = fileArgument(process.argv.slice(2));
  const started = performance.now();
  const recognizer = await createRecognizer();
  const trainMs = performance.now() - started;
  const sets: { title: string; file: string; items: Labelled[]; realistic: boolean; hidden?: boolean }[] = [];
  if (file) {
    sets.push({ title: 'overall accuracy', file, items: await readLabelledFile(file), realistic: false });
  } else {
    sets.push({ title: 'short questions, shared development set', file: DEV_SET_FILE, items: await readJsonLines(DEV_SET_FILE), realistic: false });
    sets.push({ title: 'short questions, held out', file: HOLDOUT_FILE, items: await readHoldoutFile(HOLDOUT_FILE), realistic: false });
    if (existsSync(REALISTIC_HELDOUT_FILE)) {
      sets.push({
        title: 'realistic messages, HELD OUT (never tuned on)',
        file: REALISTIC_HELDOUT_FILE,
        items: await readJsonLines(REALISTIC_HELDOUT_FILE),
        realistic: true,
        hidden: true,
      });
    } else {
      console.log(`(no realistic held-out set at ${REALISTIC_HELDOUT_FILE})`);
    }
    sets.push({
      title: 'realistic messages, our development set (tuned on)',
      file: REALISTIC_DEV_FILE,
      items: await readJsonLines(REALISTIC_DEV_FILE),
      realistic: true,
    });
  }
  const summary: string[] = [];
  for (const set of sets) {
    const result = evaluate(recognizer, set.items);
    console.log(`\nfile: ${set.file}`);
    console.log(formatEvaluation(set.title, result, !set.hidden));
    if (!file) summary.push(...goalLines(path.basename(set.file), result, set.realistic));
  }
  const texts = sets.flatMap((set) => set.items.map((item) => item.text));
  console.log(`\ntraining: ${trainMs.toFixed(0)} ms`);
  console.log(`recognition: ${(recognitionCostMs(recognizer, texts) * 1000).toFixed(0)} µs per message (mean over ${texts.length} messages)`);
  for (const line of summary) console.log(line);
}

main().catch((error: unknown) => {
  console.error(`eval:nlu 실패 / failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
