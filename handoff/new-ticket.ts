import type { ConversationReference } from 'botbuilder';
import { maskPhone, normalizePhone, type PhoneSealer } from './phone.js';
import { TicketSchema, type Ticket, type TicketSummary } from './tickets.js';

export interface NewTicket {
  conversationId: string;
  channelId: string;
  serviceUrl?: string;
  customerReference?: Partial<ConversationReference>;
  locale: string;
  tenantId?: string;
  teamId?: string;
  summary: TicketSummary;
  /** Outside business hours: the number to call back (validated, masked and sealed here). */
  callback?: { phone: string; preferredTime?: string };
}

/** A new ticket as first stored: waiting for an agent, or (with a number) pending a callback. */
export function newTicket(input: NewTicket, id: string, now: Date, sealer: PhoneSealer): Ticket {
  const callback = input.callback
    ? {
        phoneMasked: maskPhone(input.callback.phone),
        phoneSealed: sealer.seal(normalizePhone(input.callback.phone), id),
        ...(input.callback.preferredTime ? { preferredTime: input.callback.preferredTime.slice(0, 100) } : {}),
      }
    : undefined;
  return TicketSchema.parse({
    id,
    conversationId: input.conversationId,
    channelId: input.channelId,
    serviceUrl: input.serviceUrl,
    customerReference: input.customerReference,
    locale: input.locale,
    status: callback ? 'callback' : 'waiting',
    createdAt: now.toISOString(),
    tenantId: input.tenantId,
    teamId: input.teamId,
    summary: input.summary,
    callback,
  });
}
