import type { Activity } from 'botbuilder';
import type restify from 'restify';
import { redactActivity, redactText } from '../lib/redact.js';
import { agentGuardBy, jsonBody, sendError } from './agent-api-http.js';
import type { AgentIdentity } from './agent-auth.js';
import { isTheirs, ownTicketOf, type AgentRouteDeps } from './agent-own-ticket.js';
import { AGENT_CHANNEL_DATA, mountLiveActions } from './agent-live-actions.js';
import { TypingGate } from './typing-gate.js';
import type { CannedAnswer } from '../content/canned-answers-schema.js';
import { loadCannedAnswers } from '../content/load.js';
import type { GuidePosition } from './agent-api-types.js';
import { guidePositionOf } from './guide-position.js';
import type { Ticket } from './tickets.js';

/**
 * The accepted ticket's conversation, live, for the console (issue 19): a Server-Sent Events stream
 * of the customer's Direct Line log and a reply box. The stream follows the log itself, from a
 * watermark (the SSE event id; `Last-Event-ID` resumes), woken by the log's change notices — with
 * PostgreSQL the same LISTEN/NOTIFY fan-out the Web Chat streams use — so it works whichever
 * instance holds it. Only the agent who accepted the ticket (of their tenant) may read or write.
 */

/** The customer's Direct Line log as the handoff may read it (the directline layer is above this one). */
export interface ConversationFeed {
  readFrom(conversationId: string, watermark: number, max?: number): Promise<{ activities: Activity[]; watermark: number }>;
  /**
   * Calls `onChange` whenever the conversation's log may have grown (any instance), and `onTyping` when
   * the customer types (any instance; never stored); returns unsubscribe.
   */
  subscribe(conversationId: string, onChange: () => void, onTyping?: () => void): () => void;
}

export interface AgentConversationDeps extends AgentRouteDeps {
  feed: ConversationFeed;
  /** Comment lines keep proxies from closing an idle stream. Default 15 s. */
  heartbeatMs?: number;
  /** The agent's typing relayed at most once per ticket this often. Default 2 s. */
  typingIntervalMs?: number;
  /** The console's canned answers; default: content/canned-answers.yaml. */
  canned?: readonly CannedAnswer[];
  /** After a hand back (agent-live-actions.ts): satisfaction card and the assistant's menu. */
  onHandedBack?(ticket: Ticket): Promise<void>;
}

export const MAX_REPLY_CHARS = 2000;
const PAGE = 100;
const WATERMARK = /^(0|[1-9][0-9]{0,8})$/;

/** Ends every open stream (shutdown or drain: the console reconnects, to another instance, with Last-Event-ID). */
export interface AgentConversationStreams {
  closeAll(): void;
}

export function mountAgentConversation(server: restify.Server, deps: AgentConversationDeps): AgentConversationStreams {
  const open = new Set<() => void>();
  const withAgent = agentGuardBy(deps.auth, deps.logger, deps.presence);
  const now = deps.now ?? (() => new Date());

  const ownTicket = ownTicketOf(deps.tickets, deps.tenantId);
  mountLiveActions(server, {
    withAgent,
    ownTicket,
    tickets: deps.tickets,
    relay: deps.relay,
    agentTyping: new TypingGate(deps.typingIntervalMs ?? 2_000),
    canned: deps.canned ?? loadCannedAnswers(),
    onHandedBack: deps.onHandedBack,
    logger: deps.logger,
  });

  server.get(
    '/api/agent/tickets/:id/events',
    withAgent(async (req, res, agent) => {
      const lastEventId = req.headers['last-event-id'];
      const resumeFrom = typeof lastEventId === 'string' ? lastEventId.trim() : '0';
      if (!WATERMARK.test(resumeFrom)) {
        sendError(res, 400, 'BadLastEventId', 'Last-Event-ID must be a watermark this stream sent (a whole number). / 이어받기 위치가 올바르지 않습니다.');
        return;
      }
      const ticket = await ownTicket(req, res, agent);
      if (!ticket) return;
      openStream(req, res, ticket, agent, Number(resumeFrom), deps, open);
    }),
  );

  server.post(
    '/api/agent/tickets/:id/messages',
    jsonBody(),
    withAgent(async (req, res, agent) => {
      const text = (req.body as { text?: unknown } | undefined)?.text;
      if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_REPLY_CHARS) {
        sendError(res, 400, 'BadRequest', `text must be 1 to ${MAX_REPLY_CHARS} characters. / 메시지는 1~${MAX_REPLY_CHARS}자여야 합니다.`);
        return;
      }
      const ticket = await ownTicket(req, res, agent);
      if (!ticket) return;
      // Masked before it leaves the server: the customer, the log and the transcript see the same copy.
      const masked = redactText(text.trim());
      const name = ticket.agent?.name ?? agent.name;
      const said = deps.texts.get('handoff.agent_says', deps.texts.localeOf(ticket.locale), { agent: name, text: masked });
      // The customer's page shows the name and the role beside the message (web/src/agent-label.ts).
      const activity = { type: 'message', text: said, textFormat: 'plain', channelData: { handoff: AGENT_CHANNEL_DATA, agent: { name } } } as const;
      await deps.relay.toCustomer(ticket, activity);
      await deps.transcripts
        ?.logActivity({
          ...activity,
          channelId: ticket.channelId,
          conversation: { id: ticket.conversationId },
          from: { id: `agent:${agent.id}`, name, role: 'bot' },
          recipient: { id: 'customer', role: 'user' },
          timestamp: now(),
        } as Activity)
        .catch((error: Error) => deps.logger.warn({ ticketId: ticket.id, err: { message: error.message } }, 'agent message not recorded in the transcript'));
      deps.logger.info({ event: 'ticket.agent_message', ticketId: ticket.id, agentId: agent.id }, 'agent message sent');
      res.send(200, { text: said });
    }),
  );
  return { closeAll: () => [...open].forEach((close) => close()) };
}

/**
 * Writes the log beyond `from` as `activities` events (id = the watermark reached), then follows it.
 * One read at a time per stream; a notice during a read is remembered and read after it. The stream
 * ends (`event: end`) once the ticket is no longer this agent's.
 */
function openStream(
  req: restify.Request,
  res: restify.Response,
  ticket: Ticket,
  agent: AgentIdentity,
  from: number,
  deps: AgentConversationDeps,
  open: Set<() => void>,
): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  let watermark = from;
  let closed = false;
  let running = false;
  let again = false;

  const close = () => {
    if (closed) return;
    closed = true;
    open.delete(close);
    unsubscribe();
    clearInterval(heartbeat);
    res.end();
  };
  const catchUp = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const current = await deps.tickets.get(ticket.id);
        for (;;) {
          const page = await deps.feed.readFrom(ticket.conversationId, watermark, PAGE);
          if (closed || page.watermark <= watermark) break;
          watermark = page.watermark;
          const activities = page.activities.map(consoleView);
          res.write(`id: ${watermark}\nevent: activities\ndata: ${JSON.stringify({ activities })}\n\n`);
        }
        if (!current || !isTheirs(current, agent)) {
          if (!closed) res.write(`event: end\ndata: ${JSON.stringify({ status: current?.status ?? 'closed' })}\n\n`);
          close();
        }
      } while (again && !closed);
    } catch (error) {
      deps.logger.error({ ticketId: ticket.id, err: { message: (error as Error).message } }, 'agent conversation stream read failed');
      close();
    } finally {
      running = false;
    }
  };

  // The customer's typing is relayed as it comes and never stored (the log and the transcript skip it).
  const typing = () => !closed && res.write(`event: typing\ndata: {"from":"customer"}\n\n`);
  const unsubscribe = deps.feed.subscribe(ticket.conversationId, () => void catchUp(), typing);
  const heartbeat = setInterval(() => !closed && res.write(': keep-alive\n\n'), deps.heartbeatMs ?? 15_000);
  heartbeat.unref();
  open.add(close);
  req.on('close', close);
  res.on('close', close);
  void catchUp();
}

/** What the console shows of an activity: redacted again (defence in depth), no internal addresses; a guide card's position (H2's help panel). */
function consoleView(activity: Activity): Partial<Activity> & { guide?: GuidePosition } {
  const { id, type, timestamp, text, attachments, from } = redactActivity(activity);
  const guide = guidePositionOf(activity);
  return { id, type, timestamp, text, attachments, from: { id: from?.id ?? '', name: from?.name ?? '', role: from?.role }, ...(guide ? { guide } : {}) };
}
