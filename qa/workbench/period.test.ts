import { describe, expect, test } from '@jest/globals';
import { periodOf } from './period.fixtures.js';
import { dayCount, inPeriod, lastWeek, MAX_PERIOD_DAYS, parsePeriod, seoulDay, type PeriodOptions, type PeriodReason } from './period.js';

const parse = (query: string, options?: PeriodOptions) => parsePeriod(new URLSearchParams(query), options);

describe('Seoul days', () => {
  test('a Seoul day runs from 15:00 UTC the day before: 23:59 KST is still that day, 00:00 KST the next', () => {
    const lastMinute = '2026-11-20T14:59:59.999Z'; // 2026-11-20 23:59:59.999 KST
    const midnight = '2026-11-20T15:00:00.000Z'; // 2026-11-21 00:00 KST
    for (const time of [lastMinute, new Date(lastMinute), Date.parse(lastMinute)]) expect(seoulDay(time)).toBe('2026-11-20');
    for (const time of [midnight, new Date(midnight), Date.parse(midnight)]) expect(seoulDay(time)).toBe('2026-11-21');
    const period = periodOf('2026-11-20', '2026-11-20');
    expect(period).toEqual({
      from: '2026-11-20',
      to: '2026-11-20',
      startMs: Date.parse('2026-11-19T15:00:00Z'),
      endMs: Date.parse(midnight),
      days: ['2026-11-20'],
    });
    expect([
      inPeriod(period, '2026-11-19T14:59:59.999Z'),
      inPeriod(period, '2026-11-19T15:00:00Z'),
      inPeriod(period, lastMinute),
      inPeriod(period, midnight),
    ]).toEqual([false, true, true, false]);
  });

  test('every day of a period, across a month end; both ends counted', () => {
    expect(periodOf('2026-02-27', '2026-03-02').days).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(dayCount('2026-02-27', '2026-03-02')).toBe(4);
  });
});

describe('the default window (review: defaultAsOf)', () => {
  const now = new Date('2026-03-10T16:00:00Z'); // 2026-03-11 01:00 in Seoul
  test('nothing given: the last 7 Seoul days up to today', () => {
    const parsed = parse('', { defaultAsOf: now });
    expect(parsed.ok && [parsed.period.from, parsed.period.to, parsed.period.days.length]).toEqual(['2026-03-05', '2026-03-11', 7]);
    expect(lastWeek(now)).toEqual({ from: '2026-03-05', to: '2026-03-11' });
  });
  test('only `to`: the 7 days up to it; only `from`: from it up to today', () => {
    const upTo = parse('to=2026-02-01', { defaultAsOf: now });
    expect(upTo.ok && [upTo.period.from, upTo.period.to]).toEqual(['2026-01-26', '2026-02-01']);
    const since = parse('from=2026-03-01', { defaultAsOf: now });
    expect(since.ok && [since.period.from, since.period.to]).toEqual(['2026-03-01', '2026-03-11']);
  });
  test('an empty value counts as not given', () => {
    const parsed = parse('from=&to=', { defaultAsOf: now });
    expect(parsed.ok && parsed.period.to).toBe('2026-03-11');
  });
});

describe('refusals: the field, the reason, and words in English and Korean', () => {
  test.each<[string, string, PeriodOptions, string, PeriodReason, RegExp]>([
    ['from missing (required)', 'to=2026-11-20', {}, 'from', 'missing', /^from: missing: .* \/ 날짜가 없습니다/],
    ['to missing (required)', 'from=2026-11-20', {}, 'to', 'missing', /^to: missing/],
    ['an empty from (required)', 'from=&to=2026-11-20', {}, 'from', 'missing', /^from: missing/],
    ['bad format', 'from=2026-11-20&to=2026-11-2', {}, 'to', 'format', /^to: not a date as YYYY-MM-DD .* \/ YYYY-MM-DD 형식의 날짜가 아닙니다/],
    ['day first', 'from=20-11-2026&to=2026-11-20', {}, 'from', 'format', /^from: not a date as YYYY-MM-DD/],
    ['a NUL', 'from=%00&to=2026-11-21', {}, 'from', 'format', /^from: not a date/],
    ['a huge value', `from=${'9'.repeat(5000)}&to=2026-11-21`, {}, 'from', 'format', /^from: not a date/],
    ['bad format with a default', 'to=2026-3-1', { defaultAsOf: new Date() }, 'to', 'format', /^to: not a date/],
    ['an impossible date', 'from=2026-02-30&to=2026-03-01', {}, 'from', 'noSuchDay', /^from: no such day in the calendar\. \/ 달력에 없는 날짜입니다/],
    ['month 13', 'from=2026-13-01&to=2026-12-01', {}, 'from', 'noSuchDay', /^from: no such day/],
    ['from after to', 'from=2026-11-21&to=2026-11-20', {}, 'from', 'reversed', /^from: after to.* \/ 시작일이 종료일보다 늦습니다/],
    ['93 days', 'from=2026-01-01&to=2026-04-03', {}, 'to', 'tooLong', /^to: more than 92 days after from: at most 92 days at once\. \/ 한 번에 최대 92일/],
    ['an unknown key (strict)', 'from=2026-11-20&to=2026-11-21&x=1', { strict: true }, 'x', 'unknownKey', /^x: unknown parameter.* \/ 알 수 없는 항목입니다/],
    [
      'a repeated key (strict)',
      'from=2026-11-20&to=2026-11-21&to=2026-11-22',
      { strict: true },
      'to',
      'repeated',
      /^to: given more than once.* \/ .*한 번만 주세요/,
    ],
  ])('%s', (_name, query, options, field, reason, message) => {
    expect(parse(query, options)).toEqual({ ok: false, field, reason, message: expect.stringMatching(message) });
  });

  test('a very long unknown key is cut in the answer', () => {
    const parsed = parse(`${'k'.repeat(500)}=1&from=2026-11-20&to=2026-11-21`, { strict: true });
    expect(!parsed.ok && [parsed.reason, parsed.field.length, parsed.message.length < 400]).toEqual(['unknownKey', 41, true]);
  });
});

describe('options', () => {
  test('92 days is the most, and the limit is one constant', () => {
    expect(MAX_PERIOD_DAYS).toBe(92);
    expect(periodOf('2026-01-01', '2026-04-02').days).toHaveLength(MAX_PERIOD_DAYS);
  });
  test('not strict: other keys are some other reader’s business, and a repeated key counts once', () => {
    const parsed = parse('from=2026-11-20&to=2026-11-21&to=2030-01-01&intent=renew');
    expect(parsed.ok && [parsed.period.from, parsed.period.to]).toEqual(['2026-11-20', '2026-11-21']);
  });
  test('strict: the same period alone is read', () => {
    expect(parse('from=2026-11-20&to=2026-11-21', { strict: true }).ok).toBe(true);
  });
  test('without a default, nothing given is refused rather than guessed', () => {
    expect(parse('')).toMatchObject({ ok: false, field: 'from', reason: 'missing' });
  });
});
