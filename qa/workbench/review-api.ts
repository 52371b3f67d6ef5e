import type { Activity } from 'botbuilder';
import type restify from 'restify';
import type { TranscriptMeta } from '../transcripts/index.js';
import { FEEDBACKS, matches, OUTCOMES, summarise, type ReviewFilter } from './conversation-summary.js';
import { inPeriod, parsePeriod } from './period.js';
import { sendQaError, type QaGuard } from './qa-guard.js';
import { replayFileName, replayScript } from './replay-script.js';
import type { ConversationListResponse, ConversationResponse, ConversationSummary } from './review-types.js';

export type { ConversationListResponse, ConversationResponse } from './review-types.js';

/**
 * Conversation review (issue 16), under the QA guard:
 *  - GET /api/qa/conversations?from&to&intent&procedure&outcome&feedback: the stored conversations
 *    started in the period (Seoul days) that match, newest first, as summaries (ids and counts);
 *  - GET /api/qa/conversations/:id: one conversation's redacted activities, as stored;
 *  - GET /api/qa/conversations/:id/replay: the same as a replay script (`*.test.yaml`) to download.
 */

/** What review reads of the transcript store (StorageTranscriptStore and PostgresTranscriptStore both fit). */
export interface ReviewTranscripts {
  list(): Promise<TranscriptMeta[]>;
  /** Conversations active since `since`, read from the day index only (when the store has one). */
  listSince?(since: Date): Promise<TranscriptMeta[]>;
  meta(conversationId: string): Promise<TranscriptMeta | undefined>;
  exportTranscript(conversationId: string): Promise<Partial<Activity>[] | undefined>;
}

export interface ReviewApiDeps {
  guard: QaGuard;
  transcripts: ReviewTranscripts;
  now?: () => Date;
  /** Conversations read for one list, newest first; more are left out and the answer says so. Default 1000. */
  maxScanned?: number;
}

const READ_AHEAD = 8;
const ID = /^[A-Za-z0-9_.-]{1,80}$/;
const CONVERSATION_ID = /^[A-Za-z0-9_.:@|;=+-]{1,256}$/;

function queryOf(req: restify.Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

/** The filters of a query, or the message saying which one is wrong. */
export function parseFilter(query: URLSearchParams): { ok: true; filter: ReviewFilter } | { ok: false; message: string } {
  const filter: ReviewFilter = {};
  for (const key of ['intent', 'procedure'] as const) {
    const value = query.get(key);
    if (!value) continue;
    if (!ID.test(value)) return { ok: false, message: `${key} must be an id of letters, digits, . _ - (at most 80). / ${key} 값이 올바르지 않습니다.` };
    filter[key] = value;
  }
  const outcome = query.get('outcome');
  if (outcome) {
    if (!(OUTCOMES as readonly string[]).includes(outcome))
      return { ok: false, message: `outcome must be one of ${OUTCOMES.join(', ')}. / 결과 값이 올바르지 않습니다.` };
    filter.outcome = outcome as ReviewFilter['outcome'];
  }
  const feedback = query.get('feedback');
  if (feedback) {
    if (!(FEEDBACKS as readonly string[]).includes(feedback))
      return { ok: false, message: `feedback must be one of ${FEEDBACKS.join(', ')}. / 피드백 값이 올바르지 않습니다.` };
    filter.feedback = feedback as ReviewFilter['feedback'];
  }
  return { ok: true, filter };
}

export function mountReviewApi(server: restify.Server, deps: ReviewApiDeps): void {
  const now = deps.now ?? (() => new Date());
  const maxScanned = deps.maxScanned ?? 1000;

  /** The conversation named in the path with its activities in time order; answers 400/404 itself otherwise. */
  const stored = async (req: restify.Request, res: restify.Response) => {
    const id = String(req.params?.id ?? '');
    if (!CONVERSATION_ID.test(id)) {
      sendQaError(res, 400, 'BadRequest', 'Not a conversation id. / 대화 ID가 올바르지 않습니다.');
      return undefined;
    }
    const [meta, activities] = await Promise.all([deps.transcripts.meta(id), deps.transcripts.exportTranscript(id)]);
    if (!meta || !activities) {
      sendQaError(res, 404, 'NotFound', 'No stored conversation has this id. / 해당 대화 기록이 없습니다.');
      return undefined;
    }
    return { meta, activities };
  };

  server.get(
    '/api/qa/conversations',
    deps.guard(async (req, res) => {
      const query = queryOf(req);
      const parsed = parsePeriod(query, { defaultAsOf: now() });
      if (!parsed.ok) return sendQaError(res, 400, 'BadRequest', parsed.message);
      const { period } = parsed;
      const filter = parseFilter(query);
      if (!filter.ok) return sendQaError(res, 400, 'BadRequest', filter.message);
      const metas = (deps.transcripts.listSince ? await deps.transcripts.listSince(new Date(period.startMs)) : await deps.transcripts.list())
        .filter((meta) => inPeriod(period, meta.started))
        .sort((a, b) => b.started.localeCompare(a.started));
      const scanned = metas.slice(0, maxScanned);
      const conversations: ConversationSummary[] = [];
      // A few reads at a time: on PostgreSQL each is a round trip, and the pool is shared with the bot.
      for (let i = 0; i < scanned.length; i += READ_AHEAD) {
        const batch = scanned.slice(i, i + READ_AHEAD);
        const read = await Promise.all(batch.map((meta) => deps.transcripts.exportTranscript(meta.conversationId)));
        batch.forEach((meta, j) => {
          const summary = summarise(meta, read[j] ?? []);
          if (matches(summary, filter.filter)) conversations.push(summary);
        });
      }
      res.send(200, {
        period: { from: period.from, to: period.to },
        conversations,
        truncated: metas.length > scanned.length,
      } satisfies ConversationListResponse);
    }),
  );

  server.get(
    '/api/qa/conversations/:id',
    deps.guard(async (req, res) => {
      const found = await stored(req, res);
      if (!found) return;
      // Typing indicators say nothing about the conversation; everything else is as stored (redacted).
      const activities = found.activities.filter((activity) => activity.type !== 'typing');
      res.send(200, { conversation: summarise(found.meta, activities), activities } satisfies ConversationResponse);
    }),
  );

  server.get(
    '/api/qa/conversations/:id/replay',
    deps.guard(async (req, res) => {
      const found = await stored(req, res);
      if (!found) return;
      const file = replayScript({ conversationId: found.meta.conversationId, started: found.meta.started, activities: found.activities });
      res.writeHead(200, {
        'Content-Type': 'application/yaml; charset=utf-8',
        'Content-Disposition': `attachment; filename="${replayFileName(found.meta.conversationId)}"`,
        'Content-Length': Buffer.byteLength(file),
        'Cache-Control': 'no-store',
      });
      res.end(file);
    }),
  );
}
