import { z } from 'zod';

/** Seoul is UTC+9 all year (no daylight saving): a Seoul day is [day 00:00 KST, next day 00:00 KST). */
const SEOUL_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
/** The longest period one request may ask for (a quarter): reading is proportional to it. */
export const MAX_PERIOD_DAYS = 92;

/** The Seoul calendar day (YYYY-MM-DD) of an instant. */
export const seoulDay = (ms: number): string => new Date(ms + SEOUL_OFFSET_MS).toISOString().slice(0, 10);

/** A checked period: Seoul days from..to (both inclusive) and the instants that bound them. */
export interface DashboardPeriod {
  from: string;
  to: string;
  startMs: number;
  /** Exclusive: the start of the Seoul day after `to`. */
  endMs: number;
  days: string[];
}

const Day = z
  .string({ error: (issue) => (issue.input === undefined ? 'missing / 없습니다' : 'give it once / 한 번만 주세요') })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD / YYYY-MM-DD 형식으로 주세요')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), {
    message: 'no such day / 없는 날짜입니다',
  });

const PeriodQuery = z
  .object({ from: Day, to: Day })
  .strict()
  .refine(({ from, to }) => from <= to, { message: '`from` is after `to` / 시작일이 종료일보다 늦습니다', path: ['from'] })
  .refine(({ from, to }) => daysBetween(from, to) <= MAX_PERIOD_DAYS, {
    message: `at most ${MAX_PERIOD_DAYS} days / 최대 ${MAX_PERIOD_DAYS}일까지 볼 수 있습니다`,
    path: ['to'],
  });

const dayStartMs = (day: string): number => Date.parse(`${day}T00:00:00Z`) - SEOUL_OFFSET_MS;
const daysBetween = (from: string, to: string): number => Math.round((dayStartMs(to) - dayStartMs(from)) / DAY_MS) + 1;

/** Reads `?from=&to=`: the period, or what is wrong with it (field by field, Korean / English). */
export function parsePeriod(query: URLSearchParams): { period: DashboardPeriod } | { problem: string } {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    raw[key] = values.length === 1 ? values[0] : values;
  }
  const parsed = PeriodQuery.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || 'query';
    const message = issue.code === 'unrecognized_keys' ? `unknown parameter ${issue.keys.join(', ')} / 알 수 없는 항목입니다` : issue.message;
    return { problem: `${field}: ${message}` };
  }
  const { from, to } = parsed.data;
  const startMs = dayStartMs(from);
  const endMs = dayStartMs(to) + DAY_MS;
  const days = Array.from({ length: daysBetween(from, to) }, (_, i) => seoulDay(startMs + i * DAY_MS));
  return { period: { from, to, startMs, endMs, days } };
}
