import type { RecordContext } from './context.js';
import { recordFaq } from './faq.js';
import { recordFlows } from './flows.js';
import { recordProcedures } from './procedures.js';
import { recordTopics } from './topics.js';
import { recordTroubles } from './troubles.js';
import { recordUploads } from './uploads.js';

/** Everything the corpus recorder records, area by area. */
export async function recordPlans(ctx: RecordContext): Promise<void> {
  await recordProcedures(ctx);
  await recordTroubles(ctx);
  await recordUploads(ctx);
  await recordFaq(ctx);
  await recordFlows(ctx);
  await recordTopics(ctx);
}
