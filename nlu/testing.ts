/** Shared by the NLU tests: one trained recognizer per test file (training takes ~1 s). */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { INTENTS } from './intents.js';
import { createRecognizer, type Recognizer } from './index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..');
export const DEV_SET_FILE = path.resolve(REPO_ROOT, '../shared/eval/intents-dev.jsonl');
export const HOLDOUT_FILE = path.join(HERE, 'holdout.test-data.json');

let shared: Promise<Recognizer> | undefined;

export function sharedRecognizer(): Promise<Recognizer> {
  shared ??= createRecognizer();
  return shared;
}

const holdoutSchema = z.object({
  description: z.string(),
  items: z.array(z.object({ text: z.string().min(1), intent: z.enum(INTENTS) })).min(1),
});

export async function readHoldout() {
  return holdoutSchema.parse(JSON.parse(await readFile(HOLDOUT_FILE, 'utf8'))).items;
}

/** Runs one of the NLU's command-line scripts (nlu/cli.ts, nlu/eval.ts) as a user would, optionally with stdin. */
export function runNluScript(script: string, args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
