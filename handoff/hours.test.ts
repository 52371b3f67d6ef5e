import { describe, expect, test } from '@jest/globals';
import { BusinessHours, BusinessHoursError, formatSeoulTime } from './hours.js';

/** An instant given in Seoul local time. */
const seoul = (local: string) => new Date(`${local}+09:00`);

describe('BusinessHours.parse', () => {
  test.each([
    ['', /empty/],
    ['mon-fri', /expected "<days> <HH:MM-HH:MM>"/],
    ['monday 09:00-18:00', /unknown day "monday"/],
    ['mon-fri 9-18', /bad time range "9-18"/],
    ['mon-fri 09:00-25:00', /not a valid time/],
    ['mon-fri 09:60-18:00', /not a valid time/],
    ['mon-fri 18:00-09:00', /ends before it starts/],
    ['mon-fri 24:00-24:00', /cannot start at 24:00/],
    ['mon-fri 09:00-12:00,11:00-13:00', /overlap on mon/],
    ['mon-wed-fri 09:00-18:00', /bad day range/],
  ])('%j → %s', (spec, message) => {
    expect(() => BusinessHours.parse(spec)).toThrow(BusinessHoursError);
    expect(() => BusinessHours.parse(spec)).toThrow(message);
  });

  test('bad holidays are named', () => {
    expect(() => BusinessHours.parse('always', ['2026-02-30'])).toThrow(/holiday "2026-02-30"/);
    expect(() => BusinessHours.parse('always', ['tomorrow'])).toThrow(/holiday "tomorrow"/);
  });
});

describe('weekday office hours in Seoul', () => {
  const hours = BusinessHours.parse('mon-fri 09:00-18:00');

  test.each([
    ['2026-11-25T08:59:59', false], // Wednesday, a second before opening
    ['2026-11-25T09:00:00', true],
    ['2026-11-25T17:59:59', true],
    ['2026-11-25T18:00:00', false], // the end is exclusive
    ['2026-11-28T10:00:00', false], // Saturday
    ['2026-11-29T10:00:00', false], // Sunday
    ['2026-11-30T09:00:00', true], // Monday
  ])('%s Seoul → open %s', (local, open) => {
    expect(hours.isOpen(seoul(local))).toBe(open);
  });

  test('uses Seoul, not UTC: 01:00 UTC on Wednesday is 10:00 in Seoul', () => {
    expect(hours.isOpen(new Date('2026-11-25T01:00:00Z'))).toBe(true);
    // 23:00 UTC Friday is 08:00 Saturday in Seoul.
    expect(hours.isOpen(new Date('2026-11-27T23:00:00Z'))).toBe(false);
  });

  test('next opening: same morning, next morning, after the weekend; now while open', () => {
    expect(hours.nextOpening(seoul('2026-11-25T07:30:00'))).toEqual(seoul('2026-11-25T09:00:00'));
    expect(hours.nextOpening(seoul('2026-11-25T18:00:00'))).toEqual(seoul('2026-11-26T09:00:00'));
    expect(hours.nextOpening(seoul('2026-11-27T19:00:00'))).toEqual(seoul('2026-11-30T09:00:00'));
    const now = seoul('2026-11-25T12:00:00');
    expect(hours.nextOpening(now)).toBe(now);
    expect(hours.closesAt(now)).toEqual(seoul('2026-11-25T18:00:00'));
    expect(hours.closesAt(seoul('2026-11-25T19:00:00'))).toBeUndefined();
  });

  test('holidays close the whole Seoul day', () => {
    const withHoliday = BusinessHours.parse('mon-fri 09:00-18:00', ['2026-11-26']);
    expect(withHoliday.isOpen(seoul('2026-11-26T10:00:00'))).toBe(false);
    expect(withHoliday.nextOpening(seoul('2026-11-25T18:30:00'))).toEqual(seoul('2026-11-27T09:00:00'));
  });
});

describe('other schedules', () => {
  test('split days, Saturday mornings, Korean day names and wrapping ranges', () => {
    const hours = BusinessHours.parse('월-금 09:00-12:00,13:00-18:00; sat 09:00-13:00');
    expect(hours.isOpen(seoul('2026-11-25T12:30:00'))).toBe(false);
    expect(hours.nextOpening(seoul('2026-11-25T12:30:00'))).toEqual(seoul('2026-11-25T13:00:00'));
    expect(hours.isOpen(seoul('2026-11-28T12:59:00'))).toBe(true);
    expect(hours.isOpen(seoul('2026-11-28T13:00:00'))).toBe(false);
    const weekend = BusinessHours.parse('fri-mon 10:00-24:00');
    expect(weekend.isOpen(seoul('2026-11-29T23:59:00'))).toBe(true); // Sunday
    expect(weekend.isOpen(seoul('2026-11-25T12:00:00'))).toBe(false); // Wednesday
  });

  test('always is always open', () => {
    const hours = BusinessHours.parse('always');
    expect(hours.isOpen(seoul('2026-11-29T03:00:00'))).toBe(true);
  });

  test('formats times for the customer in both languages', () => {
    expect(formatSeoulTime(seoul('2026-11-26T09:00:00'), 'ko-KR')).toBe('11월 26일(목) 09:00');
    expect(formatSeoulTime(seoul('2026-11-26T09:00:00'), 'en-US')).toBe('Thu, Nov 26 09:00 (KST)');
  });
});
