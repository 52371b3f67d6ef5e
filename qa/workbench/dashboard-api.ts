import type { Request, Response, Server } from 'restify';
import { DashboardCounter, handoffWaits, type DashboardReport } from './dashboard-counts.js';
import { parsePeriod, type Period } from './period.js';

/** Wraps a handler so that it runs only for an authenticated QA user (qa/workbench/qa-guard.ts fits it). */
export type QaGuard = (handler: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) => Promise<void>;

/** What the dashboard reads of the transcript archive (StorageTranscriptStore or PostgresTranscriptStore). */
export interface DashboardTranscripts {
  list(): Promise<readonly { conversationId: string; started: string; lastActivity: string }[]>;
  activities(conversationId: string): Promise<readonly unknown[]>;
}

export interface DashboardDeps {
  guard: QaGuard;
  transcripts: DashboardTranscripts;
  /**
   * Handoff tickets, read only, for waiting times (e.g. `() => ticketStore.list(TICKET_STATUSES)`):
   * the store keeps closed tickets only for its list window, so older periods have no waits.
   * Without it the report has the handoff rate (from the turn facts) and no waits.
   */
  tickets?: () => Promise<readonly { createdAt: string; assignedAt?: string }[]>;
  /** The content's procedures: their titles (and their steps') name the funnels for the console. */
  procedures?: readonly NamedProcedure[];
  onError?: (error: Error) => void;
}

interface Bilingual {
  ko: string;
  en: string;
}
export interface NamedProcedure {
  id: string;
  title: Bilingual;
  steps: readonly { title: Bilingual }[];
}

/** The report as the API answers it: each funnel with the names the customer saw. */
export type NamedDashboardReport = Omit<DashboardReport, 'procedures'> & {
  procedures: (DashboardReport['procedures'][number] & { title?: Bilingual; stepTitles?: Bilingual[] })[];
};

export const DASHBOARD_PATH = '/api/qa/dashboard';
/** Conversations read at once: enough to hide storage latency, few enough not to crowd out live turns. */
const READ_PARALLEL = 8;

/** `GET /api/qa/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD` (Seoul days): where customers fail, for QA users. */
export function mountDashboardApi(server: Server, deps: DashboardDeps): void {
  server.get(
    DASHBOARD_PATH,
    deps.guard(async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      const parsed = parsePeriod(new URL(req.url ?? '/', 'http://localhost').searchParams, { strict: true });
      if (!parsed.ok) {
        res.send(400, { error: { code: 'BadPeriod', message: parsed.message } });
        return;
      }
      try {
        res.send(200, await dashboardReport(deps, parsed.period));
      } catch (error) {
        deps.onError?.(error instanceof Error ? error : new Error(String(error)));
        res.send(500, { error: { code: 'InternalError', message: 'Something went wrong; please try again. / 잠시 후 다시 시도해 주세요.' } });
      }
    }),
  );
}

/** Reads the conversations that were active in the period and counts them (see DashboardCounter). */
export async function dashboardReport(deps: Pick<DashboardDeps, 'transcripts' | 'tickets' | 'procedures'>, period: Period): Promise<NamedDashboardReport> {
  const metas = (await deps.transcripts.list()).filter((meta) => Date.parse(meta.lastActivity) >= period.startMs && Date.parse(meta.started) < period.endMs);
  const counter = new DashboardCounter(period);
  for (let i = 0; i < metas.length; i += READ_PARALLEL) {
    const batch = metas.slice(i, i + READ_PARALLEL);
    const read = await Promise.all(
      batch.map(async (meta) => ({ conversationId: meta.conversationId, activities: await deps.transcripts.activities(meta.conversationId) })),
    );
    for (const conversation of read) counter.add(conversation);
  }
  const report = counter.report(deps.tickets ? handoffWaits(await deps.tickets(), period) : undefined);
  const named = new Map((deps.procedures ?? []).map((p) => [p.id, p]));
  return {
    ...report,
    procedures: report.procedures.map((funnel) => {
      const procedure = named.get(funnel.id);
      // A procedure since removed from the content keeps its counts under its id.
      return procedure && procedure.steps.length === funnel.steps
        ? { ...funnel, title: procedure.title, stepTitles: procedure.steps.map((step) => step.title) }
        : funnel;
    }),
  };
}
