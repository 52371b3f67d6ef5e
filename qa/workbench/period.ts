import { z } from 'zod';

/**
 * The period a workbench view covers: Seoul calendar days `from`..`to` (YYYY-MM-DD, both inclusive),
 * as the QA engineer picks them. Missing → the last 7 days up to today; at most 92 days, so one
 * request never reads a whole year of transcripts.
 */

export interface Period {
  from: string;
  to: string;
}

export const MAX_PERIOD_DAYS = 92;
const DEFAULT_DAYS = 7;
const DAY_MS = 86_400_000;
const SEOUL_OFFSET_MS = 9 * 3_600_000;

const SeoulDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'not a calendar date');

/** The Seoul calendar day of an instant. */
export function seoulDay(time: Date | string): string {
  const ms = typeof time === 'string' ? Date.parse(time) : time.getTime();
  return new Date(ms + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instants the period covers: [start, end). */
export function periodRange(period: Period): { start: Date; end: Date } {
  const start = Date.parse(`${period.from}T00:00:00Z`) - SEOUL_OFFSET_MS;
  const end = Date.parse(`${period.to}T00:00:00Z`) - SEOUL_OFFSET_MS + DAY_MS;
  return { start: new Date(start), end: new Date(end) };
}

export function inPeriod(period: Period, time: string): boolean {
  const day = seoulDay(time);
  return day >= period.from && day <= period.to;
}

export type PeriodOutcome = { ok: true; period: Period } | { ok: false; message: string };

/** Reads `from` and `to` of a query; the error says which one is wrong, in Korean and English. */
export function parsePeriod(query: URLSearchParams, now: Date): PeriodOutcome {
  const today = seoulDay(now);
  const to = query.get('to') || today;
  const from = query.get('from') || seoulDay(new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * DAY_MS || now.getTime()));
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    const checked = SeoulDay.safeParse(value);
    if (!checked.success)
      return { ok: false, message: `${name}: ${checked.error.issues[0].message} (e.g. 2026-03-01). / ${name} 날짜 형식이 올바르지 않습니다 (예: 2026-03-01).` };
  }
  if (from > to) return { ok: false, message: 'from must not be after to. / 시작일이 종료일보다 늦습니다.' };
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS) return { ok: false, message: `At most ${MAX_PERIOD_DAYS} days at once. / 한 번에 ${MAX_PERIOD_DAYS}일까지 볼 수 있습니다.` };
  return { ok: true, period: { from, to } };
}
