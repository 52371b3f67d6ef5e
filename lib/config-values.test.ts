import { commaList, emptyAsUndefined, problemFromThrow } from './config-values.js';

describe('commaList', () => {
  test('splits, trims and drops empty entries; unset is an empty list', () => {
    expect(commaList().parse(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(commaList().parse(undefined)).toEqual([]);
    expect(commaList().parse('')).toEqual([]);
  });

  test('reports each bad entry with its own message', () => {
    const list = commaList((entry) => (entry.startsWith('https://') ? undefined : `"${entry}" must start with https://`));
    const result = list.safeParse('https://ok.example, http://bad.example, ftp://worse.example');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      '"http://bad.example" must start with https://',
      '"ftp://worse.example" must start with https://',
    ]);
  });

  test('problemFromThrow turns a throwing check into a message', () => {
    const problem = problemFromThrow((entry) => {
      if (entry !== 'ok') throw new Error(`not ok: ${entry}`);
    });
    expect(problem('ok')).toBeUndefined();
    expect(problem('no')).toBe('not ok: no');
  });
});

test('emptyAsUndefined: only the empty string means unset', () => {
  expect(emptyAsUndefined('')).toBeUndefined();
  expect(emptyAsUndefined('0')).toBe('0');
  expect(emptyAsUndefined(undefined)).toBeUndefined();
});
