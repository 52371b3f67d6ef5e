import type { Storage } from 'botbuilder';
import type restify from 'restify';
import type { AgentAuth } from '../handoff/index.js';
import type { Logger } from '../lib/logger.js';
import { mountDashboardApi, type DashboardDeps } from '../qa/workbench/dashboard-api.js';
import { mountMisunderstoodApi } from '../qa/workbench/misunderstood-api.js';
import { qaGuard, type QaGuard } from '../qa/workbench/qa-guard.js';
import { mountReviewApi, type ReviewTranscripts } from '../qa/workbench/review-api.js';

/**
 * The QA workbench's API (/api/qa/…, issue 16) behind one guard: signed-in console users with the QA
 * role (handoff/console-roles.ts). Each part mounts itself with the guard given to it: conversation
 * review, the misunderstood messages (labels kept in `storage`) and the where-customers-fail dashboard.
 */
export function mountQaWorkbench(
  server: restify.Server,
  deps: {
    auth: Pick<AgentAuth, 'authenticate'>;
    transcripts?: ReviewTranscripts & Parameters<typeof mountMisunderstoodApi>[1]['transcripts'];
    storage: Storage;
    /** The dashboard's waiting times and funnel names. */
    tickets?: DashboardDeps['tickets'];
    procedures?: DashboardDeps['procedures'];
    tenantId?: string;
    logger: Logger;
    now: () => Date;
  },
): QaGuard {
  const guard = qaGuard(deps.auth, deps.logger, deps.tenantId);
  // Without a transcript store (TRANSCRIPTS off) there is nothing to review: the routes answer 404 as unknown paths.
  if (deps.transcripts) {
    mountReviewApi(server, { guard, transcripts: deps.transcripts, now: deps.now });
    mountMisunderstoodApi(server, { guard, transcripts: deps.transcripts, storage: deps.storage, now: deps.now, logger: deps.logger });
    mountDashboardApi(server, {
      guard,
      transcripts: deps.transcripts,
      tickets: deps.tickets,
      procedures: deps.procedures,
      onError: (error) => deps.logger.error({ err: { message: error.message } }, 'QA dashboard failed'),
    });
  }
  return guard;
}
