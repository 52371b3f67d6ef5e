import { expect, test } from '@jest/globals';
import { maskOwnerName } from './mask.js';

test.each([
  ['홍길동', '홍*동'],
  ['김철', '김*'],
  ['남궁민수', '남**수'],
  ['이', '*'],
  ['', ''],
  ['HKD', 'H*D'],
])('maskOwnerName(%s) = %s', (name, masked) => {
  expect(maskOwnerName(name)).toBe(masked);
});
