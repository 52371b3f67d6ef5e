import { TurnContext } from 'botbuilder';
import type { NewTicket } from './new-ticket.js';
import type { HandoffTexts, TicketLimiter } from './ports.js';
import type { TicketStore } from './ticket-store.js';
import type { Ticket, TicketSummary } from './tickets.js';

/** Opening a customer's ticket from their turn: what it records, and the per-client budget it is counted against. */

export interface TicketOpeningDeps {
  tickets: TicketStore;
  texts: HandoffTexts;
  tenantId?: string;
  /** New tickets per client; without it, tickets are not limited (one open per conversation still holds). */
  limits?: TicketLimiter;
}

/** The ticket this turn's customer asks for. */
export function newTicketFor(context: TurnContext, summary: TicketSummary, deps: Pick<TicketOpeningDeps, 'texts' | 'tenantId'>): NewTicket {
  return {
    conversationId: context.activity.conversation.id,
    channelId: context.activity.channelId,
    serviceUrl: context.activity.serviceUrl,
    customerReference: TurnContext.getConversationReference(context.activity),
    locale: deps.texts.localeOf(context.activity.locale),
    tenantId: deps.tenantId,
    summary,
  };
}

/**
 * Creates the conversation's ticket (the store keeps it to one open ticket per conversation),
 * counted first against the client, so a script opening conversation after conversation cannot
 * fill the queue. Asking again while a ticket is open costs nothing. Undefined when the client
 * asked for too many; the customer has been told.
 */
export async function openTicket(context: TurnContext, input: NewTicket, deps: TicketOpeningDeps): Promise<{ ticket: Ticket; created: boolean } | undefined> {
  const { limits, tickets } = deps;
  if (!limits || (await tickets.findOpenByConversation(input.conversationId))) return tickets.create(input);
  const refusal = await limits.consume(context);
  if (refusal) {
    const minutes = Math.max(1, Math.ceil(refusal.retryAfterSeconds / 60));
    await context.sendActivity(deps.texts.get('handoff.too_many', deps.texts.localeOf(context.activity.locale), { minutes }));
    return undefined;
  }
  try {
    const result = await tickets.create(input);
    if (!result.created) await limits.refund(context);
    return result;
  } catch (error) {
    await limits.refund(context);
    throw error;
  }
}
