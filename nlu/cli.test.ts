import { expect, test } from '@jest/globals';
import { runNluScript } from './testing.js';

const runCli = (args: string[], input: string) => runNluScript('nlu/cli.ts', args, input);

test('--json prints one {text, intent, score, entities} object per non-blank input line', async () => {
  const { code, stdout, stderr } = await runCli(['--json'], '타행인증서등록\n\nhow do I renew my certificate\r\n우리 은행 인증서 PC에서 아이폰으로 옮기기\n');
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines).toHaveLength(3);
  for (const line of lines) expect(Object.keys(line)).toEqual(['text', 'intent', 'score', 'entities']);
  expect(lines.map((line) => line.intent)).toEqual(['register_other', 'renew', 'copy_cert']);
  expect(lines[1].text).toBe('how do I renew my certificate');
  expect(lines[2].entities).toEqual({ institution: 'woori', device: 'pc' });
  expect(typeof lines[0].score).toBe('number');
}, 30_000);

test('without --json it prints a readable line and says when it is not sure', async () => {
  const { code, stdout } = await runCli([], '상담원 연결해줘\n인증서\n');
  expect(code).toBe(0);
  const [first, second] = stdout.trim().split('\n');
  expect(first).toMatch(/^상담원 연결해줘\t→ agent \d\.\d\d/);
  expect(second).toMatch(/not sure: \w+ \| \w+/);
}, 30_000);
