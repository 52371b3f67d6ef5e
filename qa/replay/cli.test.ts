import { expect, test } from '@jest/globals';
import { parseArgs, UsageError } from './cli.js';

test('replay options: defaults, values in both spellings, the URL trimmed', () => {
  expect(parseArgs([])).toEqual({ paths: ['test/transcripts'], update: false });
  expect(
    parseArgs([
      '--url',
      'http://127.0.0.1:3978/',
      'a.test.yaml',
      '--update',
      '--filter=결제',
      '--concurrency=3',
      '--timeout',
      '500',
      '--end-of-turn',
      'silence',
    ]),
  ).toEqual({
    paths: ['a.test.yaml'],
    update: true,
    url: 'http://127.0.0.1:3978',
    filter: '결제',
    concurrency: 3,
    timeoutMs: 500,
    endOfTurn: 'silence',
  });
});

test.each([
  [['--junit'], /--junit/],
  [['--bogus'], /--bogus/],
  [['--timeout', '0'], /--timeout must be a positive whole number/],
  [['--url', 'ftp://x'], /--url must look like/],
  [['--end-of-turn', 'never'], /marked or silence/],
  [['-h'], /^$/],
])('%j is a usage error', (argv, message) => {
  expect(() => parseArgs(argv)).toThrow(UsageError);
  expect(() => parseArgs(argv)).toThrow(message);
});
