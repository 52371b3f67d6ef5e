/** Shared by the NLU tests: one trained recognizer per test file (training takes ~1 s). */
import { spawn } from 'node:child_process';
import { readHoldoutFile } from './devset.js';
import { createRecognizer, type Recognizer } from './index.js';
import { HOLDOUT_FILE, REPO_ROOT } from './sets.js';

export { DEV_SET_FILE, HOLDOUT_FILE, REPO_ROOT } from './sets.js';

let shared: Promise<Recognizer> | undefined;

export function sharedRecognizer(): Promise<Recognizer> {
  shared ??= createRecognizer();
  return shared;
}

export function readHoldout() {
  return readHoldoutFile(HOLDOUT_FILE);
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
