import type { RecordContext } from './context.js';
import { recordProcedures } from './procedures.js';
import { recordTroubles } from './troubles.js';
import { recordUploads } from './uploads.js';

/** Everything the corpus recorder records, area by area. */
export async function recordPlans(ctx: RecordContext): Promise<void> {
  await recordProcedures(ctx);
  await recordTroubles(ctx);
  await recordUploads(ctx);
}
