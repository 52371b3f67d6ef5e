import { ActivityTypes, type Activity, type ConversationReference } from 'botbuilder';
import type { HandoffDelivery } from './ports.js';
import type { Ticket } from './tickets.js';

const DIRECT_LINE = 'directline';

/** Sends into conversations other than the current turn's: a customer's, an agent's, the agents' channel. */
export class Relay {
  constructor(private readonly delivery: HandoffDelivery) {}

  async toCustomer(ticket: Ticket, activity: Partial<Activity>): Promise<void> {
    if (ticket.channelId === DIRECT_LINE) {
      await this.delivery.postToDirectLine(ticket.conversationId, activity);
      return;
    }
    if (ticket.customerReference) await this.to(ticket.customerReference, activity);
  }

  async toAgent(ticket: Ticket, text: string): Promise<void> {
    if (ticket.agent?.conversation) await this.to(ticket.agent.conversation, { type: ActivityTypes.Message, text });
  }

  async to(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<void> {
    if (!this.delivery.adapter) return;
    await this.delivery.adapter.continueConversationAsync(this.delivery.appId, reference, async (context) => {
      await context.sendActivity(activity);
    });
  }
}
