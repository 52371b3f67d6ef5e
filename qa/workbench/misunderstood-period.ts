import type { Activity } from 'botbuilder';
import { groupMessages, MAX_GROUPED, type MisunderstoodGroup } from './misunderstood-groups.js';
import { misunderstoodIn, type MisunderstoodMessage } from './misunderstood.js';

/** What the misunderstood messages are read from: either transcript store (qa/transcripts) fits. */
export interface TranscriptSource {
  list(): Promise<{ conversationId: string; started: string; lastActivity: string }[]>;
  meta(conversationId: string): Promise<{ conversationId: string; started: string; lastActivity: string } | undefined>;
  activities(conversationId: string): Promise<Partial<Activity>[]>;
}

/** Seoul calendar days, both inclusive (the workbench's period: web/agent/qa/panel.ts). */
export interface Period {
  from: string;
  to: string;
}

/** The longest period one request reads (every conversation of it is read whole). */
export const MAX_PERIOD_DAYS = 92;
const SEOUL_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
/** Conversations read at once. */
const PARALLEL = 8;

/** The Seoul calendar day (YYYY-MM-DD) of an ISO time. */
export function seoulDay(iso: string): string {
  return new Date(Date.parse(iso) + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (value: string) => DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

/** `from`/`to` of a query, or the reason (ko/en) they are refused. */
export function parsePeriod(from: string | null, to: string | null): Period | { problem: string } {
  if (!from || !to) return { problem: 'from and to are required (YYYY-MM-DD). / 기간(from, to)을 YYYY-MM-DD 형식으로 주세요.' };
  if (!isDay(from) || !isDay(to)) return { problem: 'from and to must be dates as YYYY-MM-DD. / 날짜는 YYYY-MM-DD 형식이어야 합니다.' };
  if (from > to) return { problem: 'from must not be after to. / 시작일이 종료일보다 늦습니다.' };
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS) return { problem: `The period may be at most ${MAX_PERIOD_DAYS} days. / 기간은 최대 ${MAX_PERIOD_DAYS}일입니다.` };
  return { from, to };
}

export interface PeriodMessages {
  messages: MisunderstoodMessage[];
  /** More than MAX_GROUPED were found: only the newest are kept. */
  truncated: boolean;
}

/** Every misunderstood message of the period's conversations that was sent within the period. */
export async function messagesOfPeriod(source: TranscriptSource, period: Period): Promise<PeriodMessages> {
  const conversations = (await source.list()).filter((meta) => seoulDay(meta.started) <= period.to && seoulDay(meta.lastActivity) >= period.from);
  const found: MisunderstoodMessage[] = [];
  for (let start = 0; start < conversations.length; start += PARALLEL) {
    const batch = await Promise.all(
      conversations
        .slice(start, start + PARALLEL)
        .map(async (meta) => misunderstoodIn(meta.conversationId, await source.activities(meta.conversationId), meta.lastActivity)),
    );
    for (const messages of batch)
      for (const message of messages) if (seoulDay(message.at) >= period.from && seoulDay(message.at) <= period.to) found.push(message);
  }
  found.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  return { messages: found.slice(0, MAX_GROUPED), truncated: found.length > MAX_GROUPED };
}

/** One conversation's misunderstood message by its index, if that message is one. */
export async function findMessage(source: TranscriptSource, conversationId: string, index: number): Promise<MisunderstoodMessage | undefined> {
  const meta = await source.meta(conversationId);
  if (!meta) return undefined;
  return misunderstoodIn(conversationId, await source.activities(conversationId), meta.lastActivity).find((message) => message.index === index);
}

export type { MisunderstoodGroup };
export { groupMessages };
