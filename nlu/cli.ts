/**
 * `npm run -s nlu [-- --json]`: reads one utterance per line on standard input and prints one
 * result per line — JSON objects {"text","intent","score","entities"} with --json, otherwise a
 * readable line. Blank lines are skipped.
 */
import { createInterface } from 'node:readline';
import { createRecognizer, type Recognition } from './index.js';

function readableLine(result: Recognition): string {
  const entities = Object.entries(result.entities).map(([name, value]) => `${name}=${value}`);
  const unsure = result.lowConfidence
    ? `  (확실하지 않음 / not sure: ${result.alternatives
        .slice(0, 2)
        .map((a) => a.intent)
        .join(' | ')})`
    : '';
  return `${result.text}\t→ ${result.intent} ${result.score.toFixed(2)}${entities.length ? `  [${entities.join(', ')}]` : ''}${unsure}`;
}

async function main(): Promise<void> {
  const json = process.argv.slice(2).includes('--json');
  const recognizer = await createRecognizer();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    const result = recognizer.recognize(text);
    const { intent, score, entities } = result;
    process.stdout.write(`${json ? JSON.stringify({ text, intent, score, entities }) : readableLine(result)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(`nlu 실패 / failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
