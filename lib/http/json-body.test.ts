import { describe, expect, test } from '@jest/globals';
import { BodyError, isJsonContentType, nestingExceeds, parseJsonText } from './json-body.js';

describe('nesting is counted on the text, before JSON.parse builds anything', () => {
  test.each([
    ['{}', 1, false],
    ['{"a":[1,{"b":[]}]}', 4, false],
    ['{"a":[1,{"b":[]}]}', 3, true],
    ['[[[]]]', 2, true],
    // Brackets inside strings (with escaped quotes and backslashes) do not count.
    ['{"text":"[[[[[[[[{{{{{{"}', 1, false],
    ['{"text":"a \\" [[[[ \\\\"}', 1, false],
    ['["\\\\",[[["x"]]]]', 3, true],
    ['[' + '{"a":'.repeat(100) + '1' + '}'.repeat(100) + ']', 64, true],
  ])('%s with at most %i levels → too deep: %s', (text, maxDepth, expected) => {
    expect(nestingExceeds(text, maxDepth)).toBe(expected);
  });

  test('parseJsonText: blank is undefined, bad JSON and deep JSON are 400 with a specific message', () => {
    expect(parseJsonText('  \n')).toBeUndefined();
    expect(parseJsonText('{"a":[1]}')).toEqual({ a: [1] });
    const deep = () => parseJsonText('['.repeat(100_000) + ']'.repeat(100_000));
    expect(deep).toThrow(BodyError);
    expect(deep).toThrow(/nests deeper than 64 levels/);
    expect(() => parseJsonText('{"a":')).toThrow(/not valid JSON/);
  });
});

test.each([
  ['application/json', true],
  ['application/json; charset=utf-8', true],
  ['Application/JSON', true],
  ['application/vnd.microsoft.activity+json', true],
  ['text/plain', false],
  ['application/x-www-form-urlencoded', false],
  [undefined, false],
])('content type %s is JSON: %s', (type, expected) => {
  expect(isJsonContentType(type)).toBe(expected);
});
