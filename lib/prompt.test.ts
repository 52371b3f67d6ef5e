import { expect, test } from '@jest/globals';
import { PassThrough, Readable } from 'node:stream';
import { PromptCancelled, readHiddenLine, readPipedLines } from './prompt.js';

/** A fake terminal: records raw mode, and what was written to it. */
function terminal() {
  const stdin = new PassThrough() as PassThrough & { setRawMode: (on: boolean) => void; raw: boolean[] };
  stdin.raw = [];
  stdin.setRawMode = (on) => void stdin.raw.push(on);
  const out = new PassThrough();
  let written = '';
  out.on('data', (chunk) => (written += String(chunk)));
  return { stdin, out, written: () => written };
}

test('readHiddenLine: reads to Enter, backspace removes a whole character, nothing typed is echoed', async () => {
  const t = terminal();
  const line = readHiddenLine('비밀번호: ', t.stdin as unknown as NodeJS.ReadStream, t.out);
  t.stdin.write('사랑x\u007f1004\r');
  expect(await line).toBe('사랑1004');
  expect(t.written()).toBe('비밀번호: \n');
  expect(t.stdin.raw).toEqual([true, false]);
});

test('readHiddenLine: Ctrl+C rejects and leaves raw mode', async () => {
  const t = terminal();
  const line = readHiddenLine('> ', t.stdin as unknown as NodeJS.ReadStream, t.out);
  t.stdin.write('abc\u0003');
  await expect(line).rejects.toBeInstanceOf(PromptCancelled);
  expect(t.stdin.raw).toEqual([true, false]);
});

test('readPipedLines splits CRLF and LF lines', async () => {
  expect(await readPipedLines(Readable.from([Buffer.from('pw 1\r\n880202'), Buffer.from('-1234567\nlast')]))).toEqual(['pw 1', '880202-1234567', 'last']);
});
