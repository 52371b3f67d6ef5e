import type { Storage } from 'botbuilder';
import type restify from 'restify';
import { jsonBodyParser } from '../../lib/http/json-body.js';
import { groupMessages } from './misunderstood-groups.js';
import { exportLabelledSet, LabelBodySchema, LABELS, MisunderstoodLabels } from './misunderstood-labels.js';
import { findMessage, messagesOfPeriod, type TranscriptSource } from './misunderstood-source.js';
import { parseMessageId } from './misunderstood.js';
import { parsePeriod, type Period } from './period.js';

/**
 * The misunderstood-messages API of the QA workbench (issue 16). JSON; errors are
 * `{ error: { code, message } }` as in the agent API; every route runs through `guard`, which lets
 * only an authenticated QA user in (qa/workbench/qa-guard.ts).
 *
 *   GET  /api/qa/misunderstood?from=YYYY-MM-DD&to=YYYY-MM-DD   → groups, biggest first
 *   PUT  /api/qa/misunderstood/:id/label  {"intent": "<intent>" | "out_of_scope"}
 *   GET  /api/qa/misunderstood/export?from&to                  → the labelled set, as a file
 */

export type QaHandler = (req: restify.Request, res: restify.Response, user?: { id?: string }) => Promise<void>;
/** Wraps a handler so that it runs only for an authenticated QA user (answering 401/403 otherwise). */
export type QaGuard = (handler: QaHandler) => restify.RequestHandler;

export interface MisunderstoodApiDeps {
  guard: QaGuard;
  transcripts: TranscriptSource;
  /** Where labels are kept: the product's storage (memory, lowdb or PostgreSQL). */
  storage: Storage;
  now?: () => Date;
  logger?: { error(details: object, message: string): void };
}

const MAX_BODY_BYTES = 1024;

function sendError(res: restify.Response, status: number, code: string, message: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.send(status, { error: { code, message } });
}

/** The precise reason a label body is refused (ko/en). */
function labelProblem(body: unknown, issue: { code: string; message: string }): string {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return 'The body must be a JSON object {"intent": "..."}. / {"intent": "..."} 형식이어야 합니다.';
  if (issue.code === 'unrecognized_keys') return 'Only "intent" may be sent. / intent만 보낼 수 있습니다.';
  if (!('intent' in body)) return 'intent is required. / intent가 필요합니다.';
  return issue.message;
}

const queryOf = (req: restify.Request) => new URL(req.url ?? '/', 'http://localhost').searchParams;

export function mountMisunderstoodApi(server: restify.Server, deps: MisunderstoodApiDeps): void {
  const labels = new MisunderstoodLabels(deps.storage, deps.now);
  /** Our own last line: a failure is logged and answered without its details. */
  const safely =
    (handler: QaHandler): QaHandler =>
    async (req, res, user) => {
      try {
        await handler(req, res, user);
      } catch (error) {
        deps.logger?.error({ path: req.path(), err: { message: (error as Error).message } }, 'misunderstood api request failed');
        if (!res.headersSent) sendError(res, 500, 'InternalError', 'Something went wrong; please try again. / 잠시 후 다시 시도해 주세요.');
      }
    };
  const route = (handler: QaHandler) => deps.guard(safely(handler));

  const period = (req: restify.Request, res: restify.Response): Period | undefined => {
    const parsed = parsePeriod(queryOf(req));
    if (!parsed.ok) {
      sendError(res, 400, 'BadPeriod', parsed.message);
      return undefined;
    }
    return parsed.period;
  };

  server.get(
    '/api/qa/misunderstood',
    route(async (req, res) => {
      const asked = period(req, res);
      if (!asked) return;
      const { messages, truncated } = await messagesOfPeriod(deps.transcripts, asked);
      const given = await labels.of(messages.map((message) => message.id));
      const labelled = messages.map((message) => ({ ...message, ...(given.has(message.id) ? { label: given.get(message.id)!.intent } : {}) }));
      res.setHeader('Cache-Control', 'no-store');
      res.send(200, { period: { from: asked.from, to: asked.to }, total: messages.length, truncated, labels: LABELS, groups: groupMessages(labelled) });
    }),
  );

  server.get(
    '/api/qa/misunderstood/export',
    route(async (req, res) => {
      const asked = period(req, res);
      if (!asked) return;
      const { messages } = await messagesOfPeriod(deps.transcripts, asked);
      const given = await labels.of(messages.map((message) => message.id));
      const file = exportLabelledSet([...given.values()], asked);
      res.setHeader('Cache-Control', 'no-store');
      res.header('Content-Disposition', `attachment; filename="misunderstood-${asked.from}_${asked.to}.json"`);
      res.header('Content-Type', 'application/json; charset=utf-8');
      res.send(200, file);
    }),
  );

  server.put(
    '/api/qa/misunderstood/:id/label',
    // Too large → 413, compressed or not JSON → 415, malformed → 400: the reader's own status.
    jsonBodyParser({ maxBytes: MAX_BODY_BYTES, requireJsonType: true }, (res, error) =>
      sendError(res, error.status, 'BadRequest', 'The body must be a small JSON object: {"intent": "..."}. / 요청 형식이 올바르지 않습니다.'),
    ),
    route(async (req, res, user) => {
      const id = parseMessageId(String(req.params?.id ?? ''));
      if (!id) return sendError(res, 400, 'BadId', 'That is not a message id. / 메시지 id가 올바르지 않습니다.');
      const body = LabelBodySchema.safeParse(req.body);
      if (!body.success) return sendError(res, 400, 'BadLabel', labelProblem(req.body, body.error.issues[0]));
      const message = await findMessage(deps.transcripts, id.conversationId, id.index);
      if (!message) return sendError(res, 404, 'NotFound', 'No such misunderstood message. / 해당 메시지가 없습니다.');
      const label = await labels.label(message, body.data.intent, user?.id);
      res.setHeader('Cache-Control', 'no-store');
      res.send(200, { label: { id: label.id, intent: label.intent, labelledAt: label.labelledAt } });
    }),
  );
}
