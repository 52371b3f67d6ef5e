import { describe, expect, test } from '@jest/globals';
import { addHandlingSample, averageHandlingMinutes, expectedWaitMinutes, queuePosition } from './queue.js';

describe('queue arithmetic', () => {
  const waiting = [
    { id: 'c', createdAt: '2026-11-25T01:02:00.000Z' },
    { id: 'a', createdAt: '2026-11-25T01:00:00.000Z' },
    { id: 'x', createdAt: '2026-11-25T00:00:00.000Z', tenantId: 'other' },
    { id: 'b', createdAt: '2026-11-25T01:01:00.000Z' },
  ];

  test('position counts older tickets of the same tenant only', () => {
    expect(queuePosition(waiting, 'a')).toBe(1);
    expect(queuePosition(waiting, 'b')).toBe(2);
    expect(queuePosition(waiting, 'c')).toBe(3);
    expect(queuePosition(waiting, 'x')).toBe(1);
    expect(queuePosition(waiting, 'missing')).toBeUndefined();
  });

  test('the configured estimate is used until three tickets were measured', () => {
    expect(averageHandlingMinutes([], 5)).toBe(5);
    expect(averageHandlingMinutes([2, 4], 5)).toBe(5);
    expect(averageHandlingMinutes([2, 4, 9], 5)).toBe(5);
    expect(averageHandlingMinutes([2, 4, 12], 5)).toBe(6);
  });

  test('expected wait is position × average, whole minutes, at least one', () => {
    expect(expectedWaitMinutes(3, 5)).toBe(15);
    expect(expectedWaitMinutes(2, 2.2)).toBe(5);
    expect(expectedWaitMinutes(1, 0)).toBe(1);
  });

  test('only the last 20 samples are kept', () => {
    let samples: number[] = [];
    for (let i = 0; i < 25; i += 1) samples = addHandlingSample(samples, i);
    expect(samples).toHaveLength(20);
    expect(samples[0]).toBe(5);
  });
});
