import { randomUUID } from 'node:crypto';
import type { Storage } from 'botbuilder';

export interface Feedback {
  procedureId: string;
  helpful: boolean;
  locale: string;
  at: string;
}

/** One record per answer to "도움이 되었나요?", keyed so that writers never conflict. */
export async function recordFeedback(storage: Storage, feedback: Feedback): Promise<void> {
  await storage.write({ [`feedback/${feedback.procedureId}/${feedback.at}/${randomUUID()}`]: { ...feedback } });
}
