import type { Activity } from 'botbuilder';
import { MAX_GROUPED } from './misunderstood-groups.js';
import { misunderstoodIn, type MisunderstoodMessage } from './misunderstood.js';
import { inPeriod, type Period } from './period.js';

/** What the misunderstood messages are read from: either transcript store (qa/transcripts) fits. */
export interface TranscriptSource {
  list(): Promise<{ conversationId: string; started: string; lastActivity: string }[]>;
  meta(conversationId: string): Promise<{ conversationId: string; started: string; lastActivity: string } | undefined>;
  activities(conversationId: string): Promise<Partial<Activity>[]>;
}

/** Conversations read at once. */
const PARALLEL = 8;

export interface PeriodMessages {
  messages: MisunderstoodMessage[];
  /** More than MAX_GROUPED were found: only the newest are kept. */
  truncated: boolean;
}

/** Every misunderstood message of the period's conversations that was sent within the period. */
export async function messagesOfPeriod(source: TranscriptSource, period: Pick<Period, 'startMs' | 'endMs'>): Promise<PeriodMessages> {
  // A conversation overlaps the period when it started before its end and was active after its start.
  const conversations = (await source.list()).filter((meta) => Date.parse(meta.started) < period.endMs && Date.parse(meta.lastActivity) >= period.startMs);
  const found: MisunderstoodMessage[] = [];
  for (let start = 0; start < conversations.length; start += PARALLEL) {
    const batch = await Promise.all(
      conversations
        .slice(start, start + PARALLEL)
        .map(async (meta) => misunderstoodIn(meta.conversationId, await source.activities(meta.conversationId), meta.lastActivity)),
    );
    for (const messages of batch) for (const message of messages) if (inPeriod(period, message.at)) found.push(message);
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
