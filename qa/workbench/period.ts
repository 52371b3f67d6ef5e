/**
 * The period every QA workbench view covers: Seoul calendar days `from`..`to` (YYYY-MM-DD, both
 * inclusive), as the QA engineer picks them, and the rules all three APIs (review, dashboard,
 * misunderstood messages) read it by.
 *
 * No packages and no Node built-ins: the agent console's browser bundle imports this module too
 * (web/agent/qa/workbench.ts), so the picker's default and its limit are the server's own.
 */

/** Seoul is UTC+9 all year (no daylight saving): a Seoul day is [day 00:00 KST, next day 00:00 KST). */
const SEOUL_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
/** The longest period one request may ask for (a quarter): reading is proportional to it. */
export const MAX_PERIOD_DAYS = 92;
/** The window shown when no period is given: the last week, today included. */
export const DEFAULT_PERIOD_DAYS = 7;

/** A checked period: Seoul days from..to (both inclusive) and the instants that bound them. */
export interface Period {
  from: string;
  to: string;
  /** The first instant of `from` (00:00 KST). */
  startMs: number;
  /** Exclusive: the first instant of the day after `to`. */
  endMs: number;
  /** Every Seoul day of the period, in order. */
  days: string[];
}

/** The Seoul calendar day (YYYY-MM-DD) of an instant: a Date, an ISO time or epoch milliseconds. */
export function seoulDay(time: Date | string | number): string {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'string' ? Date.parse(time) : time;
  return new Date(ms + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant (epoch ms) of a Seoul day. */
const dayStartMs = (day: string): number => Date.parse(`${day}T00:00:00Z`) - SEOUL_OFFSET_MS;
/** The Seoul day `n` days after `day` (before, when negative). */
const addDays = (day: string, n: number): string => seoulDay(dayStartMs(day) + n * DAY_MS);

/** How many days from..to holds, both ends included. */
export const dayCount = (from: string, to: string): number => Math.round((dayStartMs(to) - dayStartMs(from)) / DAY_MS) + 1;

/** The last DEFAULT_PERIOD_DAYS Seoul days up to `to` (today when not given). */
export function lastWeek(now: Date | number, to = seoulDay(now)): { from: string; to: string } {
  return { from: addDays(to, -(DEFAULT_PERIOD_DAYS - 1)), to };
}

/** Whether an instant falls within the period. */
export function inPeriod(period: Pick<Period, 'startMs' | 'endMs'>, time: Date | string | number): boolean {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'string' ? Date.parse(time) : time;
  return ms >= period.startMs && ms < period.endMs;
}

export interface PeriodOptions {
  /**
   * When given, a missing `from`/`to` means the last DEFAULT_PERIOD_DAYS days up to `to` (up to today,
   * as of this instant). Without it both are required.
   */
  defaultAsOf?: Date;
  /** The query holds the period and nothing else: another key, or `from`/`to` given twice, is refused. */
  strict?: boolean;
}

/** Why a period is refused: each has its own words (PROBLEM_TEXTS). */
export type PeriodReason = 'missing' | 'format' | 'noSuchDay' | 'repeated' | 'unknownKey' | 'reversed' | 'tooLong';

export type PeriodOutcome = { ok: true; period: Period } | { ok: false; field: string; reason: PeriodReason; message: string };

const EXAMPLE = '2026-03-01';
/** English / Korean, after the field's name: the same words for every API that reads a period. */
const PROBLEM_TEXTS: Record<PeriodReason, string> = {
  missing: `missing: give a Seoul date as YYYY-MM-DD (e.g. ${EXAMPLE}). / 날짜가 없습니다. YYYY-MM-DD 형식으로 주세요 (예: ${EXAMPLE}).`,
  format: `not a date as YYYY-MM-DD (e.g. ${EXAMPLE}). / YYYY-MM-DD 형식의 날짜가 아닙니다 (예: ${EXAMPLE}).`,
  noSuchDay: 'no such day in the calendar. / 달력에 없는 날짜입니다.',
  repeated: 'given more than once: give it once. / 두 번 이상 주어졌습니다. 한 번만 주세요.',
  unknownKey: 'unknown parameter: only from and to are read. / 알 수 없는 항목입니다. from과 to만 받습니다.',
  reversed: 'after to: the start must not be after the end. / 시작일이 종료일보다 늦습니다.',
  tooLong: `more than ${MAX_PERIOD_DAYS} days after from: at most ${MAX_PERIOD_DAYS} days at once. / 한 번에 최대 ${MAX_PERIOD_DAYS}일까지 볼 수 있습니다.`,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day: 2026-02-30 has the right shape but is none. */
const isCalendarDay = (day: string): boolean => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);

function refused(field: string, reason: PeriodReason): PeriodOutcome {
  // A key is the caller's text: a very long one is cut so the answer stays short.
  const name = field.length > 40 ? `${field.slice(0, 40)}…` : field;
  return { ok: false, field: name, reason, message: `${name}: ${PROBLEM_TEXTS[reason]}` };
}

/** Reads `?from=&to=` (Seoul days): the period, or which field is wrong and why (English / Korean). */
export function parsePeriod(query: URLSearchParams, options: PeriodOptions = {}): PeriodOutcome {
  if (options.strict) {
    for (const key of new Set(query.keys())) {
      if (key !== 'from' && key !== 'to') return refused(key, 'unknownKey');
      if (query.getAll(key).length > 1) return refused(key, 'repeated');
    }
  }
  const given = { from: query.get('from') || undefined, to: query.get('to') || undefined };
  for (const field of ['from', 'to'] as const) {
    const day = given[field];
    if (day === undefined) {
      if (!options.defaultAsOf) return refused(field, 'missing');
    } else if (!DAY.test(day)) return refused(field, 'format');
    else if (!isCalendarDay(day)) return refused(field, 'noSuchDay');
  }
  const to = given.to ?? seoulDay(options.defaultAsOf!);
  const from = given.from ?? lastWeek(options.defaultAsOf!, to).from;
  if (from > to) return refused('from', 'reversed');
  const count = dayCount(from, to);
  if (count > MAX_PERIOD_DAYS) return refused('to', 'tooLong');
  const startMs = dayStartMs(from);
  const days = Array.from({ length: count }, (_, i) => seoulDay(startMs + i * DAY_MS));
  return { ok: true, period: { from, to, startMs, endMs: startMs + count * DAY_MS, days } };
}
