import { randomUUID } from 'node:crypto';
import type { Storage } from 'botbuilder';

export interface Feedback {
  procedureId: string;
  helpful: boolean;
  locale: string;
  at: string;
}

/** Feedback is kept in day buckets (`feedback/<YYYY-MM-DD>/…`), which retention deletes whole. */
export const FEEDBACK_PREFIX = 'feedback';

/** One record per answer to "도움이 되었나요?", keyed so that writers never conflict. */
export async function recordFeedback(storage: Storage, feedback: Feedback): Promise<void> {
  await storage.write({ [`${FEEDBACK_PREFIX}/${feedback.at.slice(0, 10)}/${randomUUID()}`]: { ...feedback } });
}
