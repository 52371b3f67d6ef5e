import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';

/**
 * A live-handoff ticket as stored. Secrets never enter it: the callback number is kept masked
 * for display and sealed (AES-256-GCM, see phone.ts) for the agent who calls back.
 */

export const TICKET_STATUSES = ['waiting', 'assigned', 'closed', 'expired', 'callback'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** Statuses in which a ticket still needs someone: kept in the open index. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['waiting', 'assigned', 'callback'];

export const CLOSE_REASONS = ['resolved', 'customer_left', 'no_agent', 'agent_timeout', 'handed_back'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

const isoDate = z.iso.datetime({ offset: true });
// Conversation references come from botbuilder and are passed back to it unchanged.
const conversationReference = z.custom<Partial<ConversationReference>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be a conversation reference object',
);

export const TicketAgentSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  tenantId: z.string().min(1).optional(),
  /** Where the relay reaches the agent (the Teams chat in which they accepted), when known. */
  conversation: conversationReference.optional(),
});
export type TicketAgent = z.infer<typeof TicketAgentSchema>;

export const CertCheckSummarySchema = z.object({
  ok: z.boolean(),
  codes: z.array(z.string()),
  ca: z.string().nullable().optional(),
  daysLeft: z.number().nullable().optional(),
});

export const TicketSummarySchema = z.object({
  intent: z.string().optional(),
  institution: z.string().optional(),
  certType: z.string().optional(),
  /** Procedure ids / troubleshooting nodes the customer already went through. */
  stepsDone: z.array(z.string()),
  certCheck: CertCheckSummarySchema.optional(),
});
export type TicketSummary = z.infer<typeof TicketSummarySchema>;

export const TicketCallbackSchema = z.object({
  phoneMasked: z.string().min(1),
  /** The full number sealed with CALLBACK_ENCRYPTION_KEY; never sent to a client as is. */
  phoneSealed: z.string().min(1),
  preferredTime: z.string().max(100).optional(),
});

export const TicketSchema = z.object({
  id: z.string().min(1),
  conversationId: z.string().min(1),
  channelId: z.string().min(1),
  serviceUrl: z.string().optional(),
  /** The customer's conversation as botbuilder captured it, for proactive messages. */
  customerReference: conversationReference.optional(),
  locale: z.string().min(1),
  status: z.enum(TICKET_STATUSES),
  createdAt: isoDate,
  assignedAt: isoDate.optional(),
  closedAt: isoDate.optional(),
  closeReason: z.enum(CLOSE_REASONS).optional(),
  /** The customer's last sign of life (a message, an open page): a ticket of a customer who left is ended. */
  customerSeenAt: isoDate.optional(),
  agent: TicketAgentSchema.optional(),
  tenantId: z.string().min(1).optional(),
  teamId: z.string().min(1).optional(),
  summary: TicketSummarySchema,
  callback: TicketCallbackSchema.optional(),
  satisfaction: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).optional(),
});
export type Ticket = z.infer<typeof TicketSchema>;
export type Satisfaction = NonNullable<Ticket['satisfaction']>;

export function isOpenStatus(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * The ticket as an agent's browser may see it: the sealed number and the raw conversation
 * references (service URLs, internal ids) stay on the server.
 */
export type PublicTicket = Omit<Ticket, 'callback' | 'customerReference' | 'agent'> & {
  callback?: { phoneMasked: string; preferredTime?: string };
  agent?: Omit<TicketAgent, 'conversation'>;
};

export function publicTicket(ticket: Ticket): PublicTicket {
  const { callback, customerReference: _reference, agent, ...rest } = ticket;
  const result: PublicTicket = { ...rest };
  if (callback) result.callback = { phoneMasked: callback.phoneMasked, ...(callback.preferredTime ? { preferredTime: callback.preferredTime } : {}) };
  if (agent) result.agent = { id: agent.id, name: agent.name, ...(agent.tenantId ? { tenantId: agent.tenantId } : {}) };
  return result;
}
