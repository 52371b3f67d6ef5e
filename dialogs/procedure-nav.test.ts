import { describe, expect, test } from '@jest/globals';
import { loadTexts } from '../content/texts.js';
import { clampIndex, moveIndex, saysUnsure, typedNav } from './procedure-nav.js';

const texts = loadTexts();

describe('moving through a guide of 3 steps (-1 overview, 3 closing card)', () => {
  test.each([
    ['start', -1, 0, false],
    ['next', 0, 1, false],
    ['next', 2, 3, false],
    ['next', 3, 3, true],
    ['prev', 0, -1, false],
    ['prev', -1, -1, false],
  ] as const)('%s from %i → %i (past the end: %s)', (move, from, to, past) => {
    expect(moveIndex(move, from, 3)).toEqual({ index: to, pastTheEnd: past });
  });
  test('an old card naming a card that no longer exists is kept inside the guide', () => {
    expect(clampIndex(7, 3)).toBe(3);
    expect(clampIndex(-5, 3)).toBe(-1);
  });
});

describe('typed navigation', () => {
  test.each([
    ['다음', 'next'],
    ['다음!', 'next'],
    ['next', 'next'],
    ['시작하기', 'next'],
    ['이전', 'prev'],
    ['Back', 'prev'],
  ])('%s → %s', (typed, move) => {
    expect(typedNav(texts, typed)).toEqual({ action: 'nav', move });
  });
  test('other text is not navigation', () => {
    expect(typedNav(texts, '다음에 할게요')).toBeUndefined();
    expect(typedNav(texts, '')).toBeUndefined();
  });
  test.each(['잘 모르겠어요', '몰라요', "I don't know", 'not sure'])('%s says unsure', (typed) => {
    expect(saysUnsure(texts, typed)).toBe(true);
  });
  test('a real answer is not unsure', () => {
    expect(saysUnsure(texts, '공동인증서')).toBe(false);
  });
});
