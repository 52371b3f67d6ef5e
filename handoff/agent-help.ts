import type { Activity } from 'botbuilder';
import type restify from 'restify';
import { z } from 'zod';
import { cardMessage } from '../cards/quick-replies.js';
import { agentGuardBy, jsonBody, queryOf, sendError } from './agent-api-http.js';
import type { HandoffHelpCards, HandoffLocale, HelpProblem, HelpRequest } from './ports.js';
import { ownTicketOf, type AgentRouteDeps } from './agent-own-ticket.js';

/**
 * One-click help from the console (issue 19): the agent of an accepted ticket sends the customer one
 * of the assistant's own cards — a guide's overview or one of its steps, an FAQ answer, the local-check
 * invitation — in the ticket's language, through the relay, recorded in the transcript. The panel's
 * lists come from GET /api/agent/help in the agent's language. Where the customer then is in a guide,
 * the live stream says (handoff/guide-position.ts).
 */

export interface AgentHelpDeps extends AgentRouteDeps {
  help: HandoffHelpCards;
}

const ID = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/);

/** The panel's three kinds of help; anything else (another kind, an extra field) is refused. */
export const HelpRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('procedure'), id: ID, step: z.number().int().min(1).max(100).optional() }).strict(),
  z.object({ kind: z.literal('faq'), id: ID }).strict(),
  z.object({ kind: z.literal('local_check') }).strict(),
]) satisfies z.ZodType<HelpRequest>;

export function mountAgentHelp(server: restify.Server, deps: AgentHelpDeps): void {
  const withAgent = agentGuardBy(deps.auth, deps.logger, deps.presence);
  const ownTicket = ownTicketOf(deps.tickets, deps.tenantId);
  const now = deps.now ?? (() => new Date());

  server.get(
    '/api/agent/help',
    withAgent(async (req, res) => {
      const lang = queryOf(req).get('lang') ?? 'ko';
      if (lang !== 'ko' && lang !== 'en') {
        sendError(res, 400, 'BadLanguage', 'lang must be ko or en. / lang은 ko 또는 en이어야 합니다.');
        return;
      }
      res.send(200, deps.help.catalog(lang === 'en' ? 'en-US' : 'ko-KR'));
    }),
  );

  server.post(
    '/api/agent/tickets/:id/help',
    jsonBody(),
    withAgent(async (req, res, agent) => {
      const parsed = HelpRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        sendError(res, 400, 'BadRequest', badBodyMessage(parsed.error));
        return;
      }
      const ticket = await ownTicket(req, res, agent);
      if (!ticket) return;
      const locale: HandoffLocale = deps.texts.localeOf(ticket.locale);
      const built = deps.help.card(parsed.data, locale);
      if ('problem' in built) {
        sendError(res, 400, problemCode(built), problemMessage(built, parsed.data));
        return;
      }
      const activity = { ...cardMessage(built.card, ticket.channelId), locale } as Partial<Activity>;
      await deps.relay.toCustomer(ticket, activity);
      await deps.transcripts
        ?.logActivity({
          ...activity,
          channelId: ticket.channelId,
          conversation: { id: ticket.conversationId },
          from: { id: `agent:${agent.id}`, name: ticket.agent?.name ?? agent.name, role: 'bot' },
          recipient: { id: 'customer', role: 'user' },
          timestamp: now(),
        } as Activity)
        .catch((error: Error) => deps.logger.warn({ ticketId: ticket.id, err: { message: error.message } }, 'agent help card not recorded in the transcript'));
      deps.logger.info({ event: 'ticket.agent_help', ticketId: ticket.id, agentId: agent.id, kind: parsed.data.kind }, 'agent sent a help card');
      res.send(200, { sent: parsed.data.kind });
    }),
  );
}

/** The API's error code for a help card the content cannot make. */
function problemCode(problem: HelpProblem): string {
  return problem.problem === 'step_out_of_range' ? 'StepOutOfRange' : problem.problem === 'unknown_faq' ? 'UnknownFaq' : 'UnknownProcedure';
}

function problemMessage(problem: HelpProblem, request: HelpRequest): string {
  const id = 'id' in request ? request.id : '';
  if (problem.problem === 'step_out_of_range')
    return `The guide "${id}" has steps 1 to ${problem.steps}; step ${'step' in request ? request.step : ''} does not exist. / "${id}" 안내의 단계는 1~${problem.steps}입니다.`;
  if (problem.problem === 'unknown_faq') return `There is no FAQ answer "${id}". / "${id}" 자주 묻는 질문이 없습니다.`;
  return `There is no guide "${id}". / "${id}" 안내가 없습니다.`;
}

/** What is wrong with the body, in both languages, naming the field (never the raw validator dump). */
function badBodyMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || '';
  if (issue?.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return `Unknown field(s): ${keys}. / 알 수 없는 항목: ${keys}.`;
  }
  if (field === 'kind' || !field)
    return 'The body must be {"kind":"procedure","id":…,"step"?:n}, {"kind":"faq","id":…} or {"kind":"local_check"}. / 보낼 안내의 종류(kind)가 올바르지 않습니다.';
  if (field === 'step') return 'step must be a whole number from 1. / 단계(step)는 1 이상의 정수여야 합니다.';
  return `${field} must be a content id (lowercase letters, digits, - and _). / ${field} 값이 올바른 콘텐츠 id가 아닙니다.`;
}
