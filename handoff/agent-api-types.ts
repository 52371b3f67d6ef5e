// The agent API's request and response shapes, shared by the server (agent-api.ts) and the console
// (web/agent). Types only: the browser bundle imports this file with `import type`, so nothing of the
// server (zod, botbuilder) reaches the page.
import type { AgentIdentity } from './agent-auth.js';
import type { ConsoleRole } from './console-roles.js';
import type { CloseReason, PublicTicket, TicketStatus } from './tickets.js';

export type { CloseReason, ConsoleRole, TicketStatus };

/** Every refusal: `{ error: { code, message } }` (message bilingual, ours, never a stack trace). */
export interface ApiErrorBody {
  error: { code: string; message: string; by?: string };
}

/** GET /api/agent/sign-in (no token needed): which doors are open, so the page says so before a submit. */
export interface SignInOptions {
  password: boolean;
  teams: boolean;
}

/** POST /api/agent/session */
export interface SessionRequest {
  username: string;
  password: string;
}
export interface SessionResponse {
  token: string;
  /** Seconds. */
  expiresIn: number;
  agent: AgentSummary;
}

/** `roles`: what the console shows (the live desk for agents, the QA workbench for QA); absent = agent. */
export type AgentSummary = Pick<AgentIdentity, 'id' | 'name' | 'roles'>;

/** GET /api/agent/me */
export interface MeResponse {
  agent: AgentIdentity;
}

/** A row of the queue view (GET /api/agent/tickets). */
export interface TicketListItem {
  id: string;
  status: TicketStatus;
  createdAt: string;
  /** Minutes the customer waited for an agent (so far, while waiting). */
  waitingMinutes: number;
  locale: string;
  channelId: string;
  summary: { intent?: string; institution?: string; certType?: string };
  agent?: { id: string; name: string };
  /** Place in the queue, for waiting tickets. */
  position?: number;
  closeReason?: CloseReason;
  callback?: { phoneMasked: string; preferredTime?: string };
}
export interface TicketListResponse {
  tickets: TicketListItem[];
}

/** GET /api/agent/tickets/:id, and the answer of accept and close. */
export type TicketDetail = PublicTicket & { waitingMinutes: number; position?: number; expectedWaitMinutes?: number; transcriptUrl: string };
export interface TicketResponse {
  ticket: TicketDetail;
}

/** GET /api/agent/tickets/:id/transcript: the redacted activities as stored. */
export interface TranscriptResponse {
  activities: unknown[];
}

/** POST /api/agent/tickets/:id/messages: the agent's reply (masked on the server before anyone sees it). */
export interface ReplyRequest {
  text: string;
}
/** What the customer was sent: "상담원 <name>: <masked text>". */
export interface ReplyResponse {
  text: string;
}

/** Both languages of one label: the console shows the one the agent chose. */
export interface Bilingual {
  ko: string;
  en: string;
}

/**
 * GET /api/agent/labels: the names of the ids a ticket carries, from the content the bot itself speaks
 * (content/texts.json, content/nlu/entities.json, cert-core's problem texts), so the console keeps no copy.
 */
export interface ConsoleLabels {
  intents: Record<string, Bilingual>;
  institutions: Record<string, Bilingual>;
  certTypes: Record<string, Bilingual>;
  problems: Record<string, Bilingual>;
}

/** POST /api/agent/tickets/:id/typing: 202; `relayed` is false when thinned (one per ticket every few seconds). */
export interface TypingResponse {
  relayed: boolean;
}

/** POST /api/agent/tickets/:id/handback: the ticket closed as handed_back; the customer is with the assistant again. */
export interface HandbackResponse {
  ticket: { id: string; status: TicketStatus; closeReason?: CloseReason };
}

/** GET /api/agent/canned-answers?locale=: the content's canned answers in the ticket's language. */
export interface CannedAnswersResponse {
  locale: 'ko-KR' | 'en-US';
  answers: { id: string; label: string; text: string }[];
}

/** GET /api/agent/help?lang=ko|en: the guides (with their steps) and FAQ answers the help panel can send. */
export type { HelpCatalog, HelpRequest } from './ports.js';
/** POST /api/agent/tickets/:id/help answers with what was sent. */
export interface HelpResponse {
  sent: 'procedure' | 'faq' | 'local_check';
}

/**
 * Where a guide card in the live stream stands (`guide` on an activity of GET …/events): its procedure
 * and card, -1 = the overview, 0…n-1 = the steps, n = the closing card.
 */
export interface GuidePosition {
  procedureId: string;
  index: number;
}
