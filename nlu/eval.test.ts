import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runNluScript } from './testing.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nlu-eval-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const runEval = (args: string[]) => runNluScript('nlu/eval.ts', args);

test('--file PATH prints overall and per-intent accuracy and the confusion pairs', async () => {
  const file = path.join(dir, 'mini.jsonl');
  const lines = [
    { text: '타행 인증서 해제', intent: 'deregister_other' },
    { text: '상담원 불러 주세요', intent: 'agent' },
    // Deliberately mislabelled, so a confusion pair must be printed.
    { text: '인증서 비밀번호를 잊어버렸어요', intent: 'renew' },
  ];
  await writeFile(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  const { code, stdout } = await runEval(['--file', file]);
  expect(code).toBe(0);
  expect(stdout).toContain('overall accuracy: 66.7% (2/3)');
  expect(stdout).toMatch(/deregister_other\s+100\.0%\s+\(1\/1\)/);
  expect(stdout).toMatch(/renew\s+0\.0%\s+\(0\/1\)/);
  expect(stdout).toContain('renew → trouble_password ×1: "인증서 비밀번호를 잊어버렸어요"');
}, 30_000);

test('a broken line is reported with file and line number, without a stack trace', async () => {
  const file = path.join(dir, 'broken.jsonl');
  await writeFile(file, '{"text":"안녕","intent":"greeting"}\n{"text":"x","intent":"weather"}\n');
  const { code, stderr } = await runEval(['--file', file]);
  expect(code).toBe(1);
  expect(stderr).toContain(`${file}:2: intent`);
  expect(stderr).not.toMatch(/\n\s+at /);
}, 30_000);

test('--file reads a labelled set exported by the QA workbench (content/nlu format); out_of_scope counts as none', async () => {
  const file = path.join(dir, 'misunderstood-2026-11-20_2026-11-20.json');
  const set = {
    description: 'labelled in the QA workbench',
    intents: [
      { intent: 'deregister_other', utterances: { ko: ['타행 인증서 해제'], en: [] } },
      // Deliberately mislabelled, so a confusion pair must be printed.
      { intent: 'renew', utterances: { ko: ['인증서 비밀번호를 잊어버렸어요'], en: [] } },
      { intent: 'none', utterances: { ko: ['대출 신청하고 싶어요'], en: ['what is the exchange rate today'] } },
    ],
  };
  await writeFile(file, JSON.stringify(set, null, 2));
  const { code, stdout } = await runEval(['--file', file]);
  expect(code).toBe(0);
  expect(stdout).toMatch(/overall accuracy: \d+\.\d% \(\d\/4\)/);
  expect(stdout).toMatch(/deregister_other\s+100\.0%\s+\(1\/1\)/);
  expect(stdout).toMatch(/none\s+\d+\.\d%\s+\(\d\/2\)/);
  expect(stdout).toContain('renew → trouble_password ×1: "인증서 비밀번호를 잊어버렸어요"');
}, 120_000);

test('in JSON lines too, out_of_scope counts as none', async () => {
  const lines = path.join(dir, 'oos.jsonl');
  await writeFile(lines, '{"text":"대출 신청하고 싶어요","intent":"out_of_scope"}\n');
  const { code, stdout } = await runEval(['--file', lines]);
  expect(code).toBe(0);
  expect(stdout).toMatch(/none\s+\d+\.\d%\s+\(\d\/1\)/);
}, 120_000);

test('a broken labelled set names the file and the place, without a stack trace', async () => {
  const file = path.join(dir, 'broken-set.json');
  await writeFile(file, JSON.stringify({ description: 'x', intents: [{ intent: 'weather', utterances: { ko: ['비 와요?'], en: [] } }] }));
  const { code, stderr } = await runEval(['--file', file]);
  expect(code).toBe(1);
  expect(stderr).toContain(`${file}: intents.0.intent`);
  expect(stderr).not.toMatch(/\n\s+at /);
}, 120_000);
