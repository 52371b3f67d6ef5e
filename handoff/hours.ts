/**
 * Business hours of the agents, always in Asia/Seoul. Korea has used UTC+09:00 without daylight
 * saving since 1988, so a fixed offset is exact and keeps this independent of the ICU data the
 * Node build carries.
 *
 * Syntax (HANDOFF_HOURS): segments separated by ";", each "<days> <from>-<to>[,<from>-<to>…]":
 *   "mon-fri 09:00-18:00"                       weekdays 9 to 6
 *   "mon-fri 09:00-12:00,13:00-18:00; sat 09:00-13:00"
 *   "always"                                    open around the clock
 * Days: mon tue wed thu fri sat sun (or 월 화 수 목 금 토 일), single, comma lists or ranges
 * ("fri-mon" wraps). Times are HH:MM, the end after the start ("24:00" allowed); an overnight
 * shift is written as two segments.
 */

const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

// Index = JavaScript getUTCDay() (0 = Sunday).
const DAY_NAMES: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  일: 0,
  월: 1,
  화: 2,
  수: 3,
  목: 4,
  금: 5,
  토: 6,
};
const KOREAN_DAY = ['일', '월', '화', '수', '목', '금', '토'];
const ENGLISH_DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export class BusinessHoursError extends Error {}

/** Minutes since local midnight, [start, end). */
interface Window {
  start: number;
  end: number;
}

export class BusinessHours {
  private constructor(
    /** Windows per weekday (0 = Sunday), sorted by start. */
    private readonly week: Window[][],
    /** Seoul dates (YYYY-MM-DD) on which nobody works. */
    private readonly holidays: ReadonlySet<string>,
  ) {}

  /** Parses HANDOFF_HOURS and HANDOFF_HOLIDAYS; throws BusinessHoursError naming the bad part. */
  static parse(spec: string, holidays: readonly string[] = []): BusinessHours {
    const week: Window[][] = [[], [], [], [], [], [], []];
    const text = spec.trim();
    if (text === '') throw new BusinessHoursError('business hours are empty (e.g. "mon-fri 09:00-18:00" or "always")');
    if (/^(always|24\/7)$/i.test(text)) {
      for (const day of week) day.push({ start: 0, end: 24 * 60 });
    } else {
      for (const segment of text
        .split(';')
        .map((part) => part.trim())
        .filter(Boolean)) {
        const match = /^(\S+)\s+(\S+)$/.exec(segment);
        if (!match) throw new BusinessHoursError(`"${segment}": expected "<days> <HH:MM-HH:MM>", e.g. "mon-fri 09:00-18:00"`);
        const days = parseDays(match[1], segment);
        const windows = match[2].split(',').map((range) => parseRange(range, segment));
        for (const day of days) week[day].push(...windows);
      }
      for (const [day, windows] of week.entries()) {
        windows.sort((a, b) => a.start - b.start);
        for (let i = 1; i < windows.length; i += 1) {
          if (windows[i].start < windows[i - 1].end) {
            throw new BusinessHoursError(
              `hours overlap on ${ENGLISH_DAY[day].toLowerCase()}: ${formatMinutes(windows[i - 1].start)}-${formatMinutes(windows[i - 1].end)} and ${formatMinutes(windows[i].start)}-${formatMinutes(windows[i].end)}`,
            );
          }
        }
      }
    }
    return new BusinessHours(week, new Set(holidays.map(parseHoliday)));
  }

  isOpen(now: Date): boolean {
    const local = seoulParts(now);
    if (this.holidays.has(local.date)) return false;
    return this.week[local.weekday].some((window) => local.minute >= window.start && local.minute < window.end);
  }

  /**
   * When agents are next available: `now` itself while open, otherwise the start of the next
   * window; undefined when the schedule never opens (no windows, or only holidays for a year).
   */
  nextOpening(now: Date): Date | undefined {
    if (this.isOpen(now)) return now;
    const midnight = seoulMidnight(now);
    for (let offset = 0; offset <= 370; offset += 1) {
      const dayStart = midnight + offset * DAY_MS;
      const local = seoulParts(new Date(dayStart));
      if (this.holidays.has(local.date)) continue;
      for (const window of this.week[local.weekday]) {
        const opening = dayStart + window.start * MINUTE_MS;
        if (opening > now.getTime()) return new Date(opening);
      }
    }
    return undefined;
  }

  /** The end of the window that is open at `now`, or undefined when closed. */
  closesAt(now: Date): Date | undefined {
    const local = seoulParts(now);
    if (this.holidays.has(local.date)) return undefined;
    const window = this.week[local.weekday].find((entry) => local.minute >= entry.start && local.minute < entry.end);
    return window ? new Date(seoulMidnight(now) + window.end * MINUTE_MS) : undefined;
  }
}

/** "11월 26일(목) 09:00" / "Thu, Nov 26 09:00" in Seoul time, for messages to the customer. */
export function formatSeoulTime(date: Date, locale: string): string {
  const local = seoulParts(date);
  const [, month, day] = local.date.split('-').map(Number);
  const time = formatMinutes(local.minute);
  if (locale.toLowerCase().startsWith('ko')) return `${month}월 ${day}일(${KOREAN_DAY[local.weekday]}) ${time}`;
  const monthName = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1];
  return `${ENGLISH_DAY[local.weekday]}, ${monthName} ${day} ${time} (KST)`;
}

interface SeoulParts {
  date: string;
  weekday: number;
  /** Minutes since Seoul midnight, fractional (seconds count for the boundary decisions). */
  minute: number;
}

function seoulParts(date: Date): SeoulParts {
  const shifted = new Date(date.getTime() + SEOUL_OFFSET_MS);
  const sinceMidnight = shifted.getTime() - Math.floor(shifted.getTime() / DAY_MS) * DAY_MS;
  return { date: shifted.toISOString().slice(0, 10), weekday: shifted.getUTCDay(), minute: sinceMidnight / MINUTE_MS };
}

/** The instant of the Seoul midnight that starts `date`'s Seoul day. */
function seoulMidnight(date: Date): number {
  const shifted = date.getTime() + SEOUL_OFFSET_MS;
  return Math.floor(shifted / DAY_MS) * DAY_MS - SEOUL_OFFSET_MS;
}

function parseDays(text: string, segment: string): number[] {
  const days = new Set<number>();
  for (const item of text.toLowerCase().split(',')) {
    const [from, to, extra] = item.split('-');
    if (extra !== undefined) throw new BusinessHoursError(`"${segment}": bad day range "${item}"`);
    const first = dayNumber(from, segment);
    const last = to === undefined ? first : dayNumber(to, segment);
    // Ranges follow the week and may wrap ("fri-mon").
    for (let day = first; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === last) break;
    }
  }
  return [...days];
}

function dayNumber(name: string, segment: string): number {
  const day = DAY_NAMES[name];
  if (day === undefined) throw new BusinessHoursError(`"${segment}": unknown day "${name}" (use mon tue wed thu fri sat sun)`);
  return day;
}

function parseRange(text: string, segment: string): Window {
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) throw new BusinessHoursError(`"${segment}": bad time range "${text}" (expected HH:MM-HH:MM)`);
  const start = clock(Number(match[1]), Number(match[2]), text, segment);
  const end = clock(Number(match[3]), Number(match[4]), text, segment);
  if (start >= 24 * 60) throw new BusinessHoursError(`"${segment}": a range cannot start at 24:00`);
  if (end <= start) {
    throw new BusinessHoursError(`"${segment}": "${text}" ends before it starts (write an overnight shift as two segments)`);
  }
  return { start, end };
}

function clock(hours: number, minutes: number, text: string, segment: string): number {
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) {
    throw new BusinessHoursError(`"${segment}": "${text}" is not a valid time of day`);
  }
  return hours * 60 + minutes;
}

function parseHoliday(text: string): string {
  const trimmed = text.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const parsed = new Date(`${trimmed}T00:00:00Z`);
  // Round trip rejects dates that do not exist ("2026-02-30" would otherwise roll over).
  const valid = match && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === trimmed;
  if (!valid) throw new BusinessHoursError(`holiday "${text}" is not a date (YYYY-MM-DD)`);
  return trimmed;
}

function formatMinutes(minutes: number): string {
  const whole = Math.floor(minutes);
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}
