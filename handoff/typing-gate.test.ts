import { TypingGate } from './typing-gate.js';

test('one typing indicator per key per interval passes; other keys are not held up', () => {
  let now = 1_000;
  const gate = new TypingGate(2_000, () => now);
  expect(gate.admit('t1')).toBe(true);
  expect(gate.admit('t1')).toBe(false);
  expect(gate.admit('t2')).toBe(true);
  now += 1_999;
  expect(gate.admit('t1')).toBe(false);
  now += 1;
  expect(gate.admit('t1')).toBe(true);
});

test('a flood of keys keeps the memory bounded (the oldest key is forgotten)', () => {
  const now = 0;
  const gate = new TypingGate(2_000, () => now, 3);
  for (const key of ['a', 'b', 'c', 'd']) expect(gate.admit(key)).toBe(true);
  // 'a' was forgotten: it passes again; 'd' is remembered.
  expect(gate.admit('a')).toBe(true);
  expect(gate.admit('d')).toBe(false);
});

test('a thousand posts within one interval relay one', () => {
  const gate = new TypingGate(2_500, () => 42);
  expect(Array.from({ length: 1_000 }, () => gate.admit('t')).filter(Boolean)).toHaveLength(1);
});
