/**
 * `npm run eval:nlu [-- --file PATH]`: accuracy per intent, overall, and confusion pairs on the
 * shared development set (../shared/eval/intents-dev.jsonl relative to the repo root).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, formatEvaluation, readJsonLines } from './devset.js';
import { createRecognizer } from './index.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DEV_SET = path.resolve(REPO_ROOT, '../shared/eval/intents-dev.jsonl');

function fileArgument(argv: string[]): string {
  const at = argv.indexOf('--file');
  if (at < 0) return DEFAULT_DEV_SET;
  const value = argv[at + 1];
  if (!value) throw new Error('--file needs a path / --file 다음에 파일 경로가 필요합니다');
  return path.resolve(value);
}

async function main(): Promise<void> {
  const file = fileArgument(process.argv.slice(2));
  const items = await readJsonLines(file);
  const started = performance.now();
  const recognizer = await createRecognizer();
  const trainMs = performance.now() - started;
  console.log(`file: ${file}`);
  console.log(`training: ${trainMs.toFixed(0)} ms`);
  console.log(formatEvaluation('overall accuracy', evaluate(recognizer, items)));
}

main().catch((error: unknown) => {
  console.error(`eval:nlu 실패 / failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
