import {
  ActivityTypes,
  CardFactory,
  EventFactory,
  MessageFactory,
  TurnContext,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type Storage,
} from 'botbuilder';
import { renderCardJson } from '../cards/index.js';
import type { CardAction } from '../cards/actions.js';
import { withUniversalActions } from '../cards/universal-actions.js';
import { choiceCardData } from '../cards/card-data.js';
import { canAgentSee, formatSeoulTime, PhoneNumberError, type BusinessHours, type NewTicket, type TicketStore } from '../handoff/index.js';
import type { Ticket, TicketSummary } from '../handoff/tickets.js';
import type { TeamsAgent } from './caller.js';
import { localeOf, type Locale, type TextKey, type Texts } from '../content/texts.js';
import type { Logger } from '../lib/logger.js';
import { clientOfTurn } from '../lib/client-address.js';
import type { RateLimits } from '../lib/rate-limits.js';

/** Where the agents are notified: the Teams channel in which the app was installed. */
const AGENTS_CHANNEL_KEY = 'handoff/agents-channel';
/** When an assigned customer was last heard from. */
const heardKey = (ticketId: string) => `handoff/heard/${ticketId}`;
const TEAMS = 'msteams';

export interface LiveHandoffDeps {
  tickets: TicketStore;
  hours: BusinessHours;
  texts: Texts;
  storage: Storage;
  /** The Teams channel (conversation id, 19:…@thread…) agents are notified in; unset = where the app was installed last. */
  agentsChannelId?: string;
  /** Where the agent console is (the ticket card links to the ticket's transcript there). */
  consoleUrl?: string;
  /** Reaches other conversations (agents, customers on other channels); absent in replays. */
  adapter?: CloudAdapter;
  appId: string;
  /** Replies to embedded Direct Line conversations are appended in-process. */
  postToDirectLine(conversationId: string, activity: Partial<Activity>): Promise<unknown>;
  /** 'teams': agents in a Teams channel; 'external': emit handoff.initiate for a contact-center platform. */
  mode: 'teams' | 'external';
  /** An assigned customer silent this long has left: the ticket closes and the agent is told. */
  customerIdleMinutes: number;
  tenantId?: string;
  logger: Logger;
  now: () => Date;
  /** New tickets per client; without it, tickets are not limited (one open per conversation still holds). */
  limits?: RateLimits;
}

/**
 * Live handoff from a web chat customer to a call-center agent in Teams: a ticket in the queue, a
 * notification card in the agents' channel (first 수락 wins), messages relayed both ways while the
 * bot stays silent, the agent closes, the customer rates. Outside business hours: a callback request.
 */
export class LiveHandoff {
  constructor(private readonly deps: LiveHandoffDeps) {}

  /** The customer asked for a person. `summary` is what the bot knows of their problem. */
  async request(context: TurnContext, summary: TicketSummary): Promise<void> {
    const { texts } = this.deps;
    const locale = localeOf(context.activity.locale);
    if (this.deps.mode === 'external') {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { summary, locale }));
      await context.sendActivity(texts.get('handoff.external', locale));
      return;
    }
    const now = this.deps.now();
    if (!this.deps.hours.isOpen(now)) {
      await this.sendCallbackForm(context, locale, now);
      return;
    }
    const opened = await this.openTicket(context, this.newTicket(context, summary));
    if (!opened) return;
    const { ticket, created } = opened;
    const queue = await this.deps.tickets.queueInfo(ticket.id);
    const position = queue?.position ?? 1;
    if (!created) {
      await context.sendActivity(texts.get('handoff.already', locale, { position }));
      return;
    }
    await context.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(renderCardJson('choice', choiceCardData({
        title: texts.get('handoff.queued.title', locale),
        text: texts.get('handoff.queued.text', locale, { position, minutes: queue?.expectedWaitMinutes ?? 0 }),
        actions: [{ title: texts.get('nav.home', locale), data: { action: 'nav', move: 'home' } }],
      })))),
    );
    await this.notifyAgents(ticket);
  }

  /** The callback form was sent: keep the number (sealed by the store), confirm with the masked form. */
  async requestCallback(context: TurnContext, summary: TicketSummary, phone: string, time?: string): Promise<void> {
    const locale = localeOf(context.activity.locale);
    try {
      const opened = await this.openTicket(context, { ...this.newTicket(context, summary), callback: { phone, preferredTime: time || undefined } });
      if (!opened) return;
      const { ticket } = opened;
      const { texts } = this.deps;
      await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(renderCardJson('choice', choiceCardData({
          title: texts.get('handoff.closed_hours.title', locale),
          text: texts.get('handoff.callback.saved', locale, { phone: ticket.callback?.phoneMasked ?? '' }),
          actions: [{ title: texts.get('nav.home', locale), data: { action: 'nav', move: 'home' } }],
        })))),
      );
    } catch (error) {
      if (!(error instanceof PhoneNumberError)) throw error;
      // The form again, so the number can be corrected where it was typed.
      await this.sendCallbackForm(context, locale, this.deps.now(), this.deps.texts.get('handoff.callback.invalid', locale));
    }
  }

  /**
   * A customer's message during a handoff: cancelling (취소) leaves the queue and tells the agent;
   * while an agent is assigned, everything else is relayed to them. True when the message was handled.
   */
  async fromCustomer(context: TurnContext, isCancel: (text: string) => boolean): Promise<boolean> {
    const ticket = await this.deps.tickets.findOpenByConversation(context.activity.conversation.id);
    // Conversation ids are unique per channel only: another channel's caller naming the same id is not this customer.
    if (!ticket || ticket.channelId !== context.activity.channelId || (ticket.status !== 'waiting' && ticket.status !== 'assigned')) return false;
    const text = context.activity.text?.trim() ?? '';
    if (text && isCancel(text)) {
      await this.deps.tickets.close(ticket.id, 'customer_left');
      await this.toAgent(ticket, this.deps.texts.get('handoff.notify.customer_left', 'ko-KR'));
      await context.sendActivity(this.deps.texts.get('handoff.left', localeOf(context.activity.locale)));
      return true;
    }
    if (ticket.status !== 'assigned') return false;
    await this.heardFrom(ticket.id);
    if (text) await this.toAgent(ticket, this.deps.texts.get('handoff.notify.customer_says', 'ko-KR', { text }));
    return true;
  }

  /**
   * Customers who closed the page never say goodbye: an assigned ticket whose customer has been
   * silent for `customerIdleMinutes` (since the agent joined, or since their last message) is
   * closed as customer_left, and the agent is told. The sweeper calls this.
   */
  async closeIdle(now: Date = this.deps.now()): Promise<Ticket[]> {
    const closed: Ticket[] = [];
    for (const ticket of await this.deps.tickets.list(['assigned'])) {
      const heard = (await this.deps.storage.read([heardKey(ticket.id)]))[heardKey(ticket.id)] as { at?: string } | undefined;
      const since = new Date(heard?.at ?? ticket.assignedAt ?? ticket.createdAt).getTime();
      if (now.getTime() - since < this.deps.customerIdleMinutes * 60_000) continue;
      const result = await this.deps.tickets.close(ticket.id, 'customer_left');
      if (!result.ok) continue;
      await this.toAgent(ticket, this.deps.texts.get('handoff.notify.customer_idle', 'ko-KR', { minutes: this.deps.customerIdleMinutes }));
      await this.deps.storage.delete([heardKey(ticket.id)]);
      closed.push(result.ticket);
    }
    return closed;
  }

  private async heardFrom(ticketId: string): Promise<void> {
    await this.deps.storage.write({ [heardKey(ticketId)]: { at: this.deps.now().toISOString(), eTag: '*' } });
  }

  /** An agent's message in a ticket's Teams thread goes to that customer; true when relayed. */
  async relayFromAgent(context: TurnContext, agent: TeamsAgent): Promise<boolean> {
    if (context.activity.channelId !== TEAMS) return false;
    const ticket = await this.deps.tickets.findByAgentConversation(context.activity.conversation.id);
    if (ticket?.status !== 'assigned') return false;
    const text = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
    if (!text) return true;
    const name = ticket.agent?.name ?? agent.name;
    await this.toCustomer(ticket, { type: ActivityTypes.Message, text: this.deps.texts.get('handoff.agent_says', this.localeOf(ticket), { agent: name, text }) });
    return true;
  }

  /**
   * An agent's button on a ticket card (Teams Action.Execute, or its Action.Submit fallback): returns
   * the card that replaces it. `agent` comes from AgentGate: only a vouched-for agent gets here.
   */
  async onAgentAction(context: TurnContext, teamsAgent: TeamsAgent, op: 'accept' | 'close', ticketId: string): Promise<Record<string, unknown>> {
    const agent = { id: teamsAgent.id, name: teamsAgent.name, tenantId: teamsAgent.tenantId };
    if (op === 'accept') {
      const waiting = await this.deps.tickets.get(ticketId);
      if (!waiting || !canAgentSee(agent, waiting, this.deps.tenantId)) return this.ticketCard(undefined, this.deps.texts.get('handoff.not_yours', 'ko-KR'));
      const result = await this.deps.tickets.accept(ticketId, agent);
      if (!result.ok) {
        const ticket = 'ticket' in result ? result.ticket : undefined;
        return this.ticketCard(ticket, ticket?.agent ? this.deps.texts.get('handoff.notify.taken', 'ko-KR', { agent: ticket.agent.name }) : this.deps.texts.get('handoff.not_yours', 'ko-KR'));
      }
      // Replies in this card's thread reach the customer from now on.
      const thread = TurnContext.getConversationReference(context.activity);
      const ticket = (await this.deps.tickets.setAgentConversation(ticketId, agent.id, thread)) ?? result.ticket;
      await this.customerConnected(ticket);
      return this.ticketCard(ticket, this.deps.texts.get('handoff.notify.assigned_to_you', 'ko-KR'), true);
    }
    const closed = await this.deps.tickets.close(ticketId, 'resolved', agent.id);
    if (!closed.ok) return this.ticketCard('ticket' in closed ? closed.ticket : undefined, this.deps.texts.get('handoff.not_yours', 'ko-KR'));
    await this.customerEnded(closed.ticket);
    return this.ticketCard(closed.ticket, this.deps.texts.get('handoff.notify.closed', 'ko-KR'));
  }

  /** The customer's rating after the agent closed. */
  async rate(context: TurnContext, ticketId: string, score: 1 | 2 | 3 | 4 | 5): Promise<void> {
    const result = await this.deps.tickets.rate(ticketId, score);
    if (result.ok && result.ticket.conversationId === context.activity.conversation.id) {
      await context.sendActivity(this.deps.texts.get('handoff.rated', localeOf(context.activity.locale)));
    }
  }

  /** After an accept through the agent console (not Teams): the customer hears who joined. */
  async customerConnected(ticket: Ticket): Promise<void> {
    const agent = ticket.agent?.name ?? '';
    await this.toCustomer(ticket, { type: ActivityTypes.Message, text: this.deps.texts.get('handoff.connected', this.localeOf(ticket), { agent }) });
  }

  /** The agent closed: the customer gets the satisfaction card. */
  async customerEnded(ticket: Ticket): Promise<void> {
    const { texts } = this.deps;
    const locale = this.localeOf(ticket);
    const stars: CardAction[] = [5, 4, 3, 2, 1].map((score) => ({
      title: `${'★'.repeat(score)}${'☆'.repeat(5 - score)}`,
      data: { action: 'rate', ticketId: ticket.id, score },
    }));
    const card = renderCardJson('choice', choiceCardData({ title: texts.get('handoff.ended.title', locale), text: texts.get('handoff.ended.text', locale), actions: stars }));
    await this.toCustomer(ticket, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /** Nobody accepted in time (the sweeper calls this). */
  async customerExpired(ticket: Ticket): Promise<void> {
    await this.toCustomer(ticket, { type: ActivityTypes.Message, text: this.deps.texts.get('handoff.expired', this.localeOf(ticket)) });
  }

  /** The 대기열 command in Teams: the waiting requests, each with its 수락 button. */
  async showQueue(context: TurnContext, agent: TeamsAgent): Promise<void> {
    const waiting = (await this.deps.tickets.list(['waiting'])).filter((ticket) => canAgentSee({ tenantId: agent.tenantId }, ticket, this.deps.tenantId));
    if (waiting.length === 0) {
      await context.sendActivity(this.deps.texts.get('handoff.queue.empty', 'ko-KR'));
      return;
    }
    for (const ticket of waiting.slice(0, 5)) {
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(this.ticketCard(ticket, this.deps.texts.get('handoff.notify.text', 'ko-KR')))));
    }
  }

  /**
   * Installed in a team (or, with HANDOFF_TEAMS_CHANNEL_ID, any activity from that channel): remember
   * the channel as the place to notify agents. Other channels are ignored when one is configured.
   */
  async rememberAgentsChannel(context: TurnContext, installed = true): Promise<void> {
    const conversation = context.activity.conversation;
    if (context.activity.channelId !== TEAMS || conversation.conversationType !== 'channel') return;
    if (!installed && !this.deps.agentsChannelId) return;
    const channelId = conversation.id.split(';')[0];
    if (this.deps.agentsChannelId && channelId !== this.deps.agentsChannelId) return;
    const reference = TurnContext.getConversationReference(context.activity);
    await this.deps.storage.write({ [AGENTS_CHANNEL_KEY]: { reference: { ...reference, conversation: { ...reference.conversation, id: channelId } }, eTag: '*' } });
  }

  private async notifyAgents(ticket: Ticket): Promise<void> {
    const stored = (await this.deps.storage.read([AGENTS_CHANNEL_KEY]))[AGENTS_CHANNEL_KEY] as { reference?: Partial<ConversationReference> } | undefined;
    if (!stored?.reference) {
      this.deps.logger.warn({ ticketId: ticket.id }, 'no agents channel yet: install the Teams app in the agents team');
      return;
    }
    const card = this.ticketCard(ticket, this.deps.texts.get('handoff.notify.text', 'ko-KR'));
    await this.proactive(stored.reference, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /** Sends into another conversation (a Teams channel thread, a customer elsewhere). */
  private async proactive(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<void> {
    if (!this.deps.adapter) return;
    await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context) => {
      await context.sendActivity(activity);
    });
  }

  /** The ticket as agents see it: summary facts, status line, and the buttons that fit its state. */
  private ticketCard(ticket: Ticket | undefined, status: string, mine = false): Record<string, unknown> {
    const { texts } = this.deps;
    const locale: Locale = 'ko-KR';
    const facts = ticket
      ? ([
          ['handoff.summary.intent', ticket.summary.intent],
          ['handoff.summary.institution', ticket.summary.institution],
          ['handoff.summary.cert_type', ticket.summary.certType],
          ['handoff.summary.check', ticket.summary.certCheck ? `${ticket.summary.certCheck.ok ? 'OK' : ticket.summary.certCheck.codes.join(', ')}` : undefined],
        ] as [TextKey, string | undefined][])
          .filter((fact): fact is [TextKey, string] => Boolean(fact[1]))
          .map(([key, value]) => ({ title: texts.get(key, locale), value }))
      : [];
    const actions: CardAction[] =
      ticket?.status === 'waiting'
        ? [{ title: texts.get('handoff.notify.accept', locale), data: { action: 'handoff', op: 'accept', ticketId: ticket.id } }]
        : ticket?.status === 'assigned' && mine
          ? [{ title: texts.get('handoff.notify.close', locale), data: { action: 'handoff', op: 'close', ticketId: ticket.id } }]
          : [];
    const card = renderCardJson('choice', choiceCardData({
      title: texts.get('handoff.notify.title', locale),
      text: status,
      facts,
      links: ticket && this.deps.consoleUrl ? [{ title: texts.get('handoff.summary.transcript', locale), url: `${this.deps.consoleUrl}?ticket=${encodeURIComponent(ticket.id)}` }] : [],
      note: ticket ? `${ticket.id} · ${formatSeoulTime(new Date(ticket.createdAt), locale)}` : '',
      actions,
    }));
    return withUniversalActions(card);
  }

  private async sendCallbackForm(context: TurnContext, locale: Locale, now: Date, problem?: string): Promise<void> {
    const { texts } = this.deps;
    const opens = this.deps.hours.nextOpening(now);
    const text = texts.get('handoff.closed_hours.text', locale, { opens: opens ? formatSeoulTime(opens, locale) : '-' });
    await context.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(renderCardJson('callback', {
        title: texts.get('handoff.closed_hours.title', locale),
        text: problem ? `${problem}\n\n${text}` : text,
        phoneLabel: texts.get('handoff.callback.phone', locale),
        timeLabel: texts.get('handoff.callback.time', locale),
        submit: texts.get('handoff.callback.submit', locale),
        actions: [{ title: texts.get('nav.home', locale), data: { action: 'nav', move: 'home' } }],
      }))),
    );
  }

  /**
   * Creates the conversation's ticket (the store keeps it to one open ticket per conversation),
   * counted first against the client, so a script opening conversation after conversation cannot
   * fill the queue. Asking again while a ticket is open costs nothing. Undefined when the client
   * asked for too many; the customer has been told.
   */
  private async openTicket(context: TurnContext, input: NewTicket): Promise<{ ticket: Ticket; created: boolean } | undefined> {
    const limits = this.deps.limits;
    if (!limits || (await this.deps.tickets.findOpenByConversation(input.conversationId))) return this.deps.tickets.create(input);
    const client = clientOfTurn(context);
    const refusal = await limits.consume('tickets', client);
    if (refusal) {
      const minutes = Math.max(1, Math.ceil(refusal.retryAfterSeconds / 60));
      await context.sendActivity(this.deps.texts.get('handoff.too_many', localeOf(context.activity.locale), { minutes }));
      return undefined;
    }
    try {
      const result = await this.deps.tickets.create(input);
      if (!result.created) await limits.refund('tickets', client);
      return result;
    } catch (error) {
      await limits.refund('tickets', client);
      throw error;
    }
  }

  private newTicket(context: TurnContext, summary: TicketSummary): NewTicket {
    return {
      conversationId: context.activity.conversation.id,
      channelId: context.activity.channelId,
      serviceUrl: context.activity.serviceUrl,
      customerReference: TurnContext.getConversationReference(context.activity),
      locale: localeOf(context.activity.locale),
      tenantId: this.deps.tenantId,
      summary,
    };
  }

  private localeOf(ticket: Ticket): Locale {
    return localeOf(ticket.locale);
  }

  private async toCustomer(ticket: Ticket, activity: Partial<Activity>): Promise<void> {
    if (ticket.channelId === 'directline') {
      await this.deps.postToDirectLine(ticket.conversationId, activity);
      return;
    }
    if (ticket.customerReference) await this.proactive(ticket.customerReference, activity);
  }

  private async toAgent(ticket: Ticket, text: string): Promise<void> {
    if (ticket.agent?.conversation) await this.proactive(ticket.agent.conversation, { type: ActivityTypes.Message, text });
  }
}
