import { CardFactory, EventFactory, MessageFactory, type Storage, type TurnContext } from 'botbuilder';
import { cardMessage, splitCardButtons } from '../cards/quick-replies.js';
import { AgentPresence } from './agent-presence.js';
import type { BusinessHours } from './hours.js';
import { CustomerCards } from './live-handoff-cards.js';
import { newTicketFor, openTicket } from './live-handoff-tickets.js';
import { PhoneNumberError } from './phone.js';
import type { HandoffAgent, HandoffCards, HandoffDelivery, HandoffLocale, HandoffLogger, HandoffTexts, TicketLimiter } from './ports.js';
import { Relay } from './relay.js';
import { isCustomerIdle } from './ticket-decisions.js';
import type { TicketStore } from './ticket-store.js';
import { TeamsAgents } from './teams-agents.js';
import type { Ticket, TicketSummary } from './tickets.js';
import { customerWish, type WaitingWish } from './waiting-words.js';
import type { TextKey } from '../content/texts.js';

export interface LiveHandoffDeps extends HandoffDelivery {
  tickets: TicketStore;
  hours: BusinessHours;
  texts: HandoffTexts;
  cards: HandoffCards;
  storage: Storage;
  /** The Teams channel (conversation id, 19:…@thread…) agents are notified in; unset = where the app was installed last. */
  agentsChannelId?: string;
  /** Where the agent console is (the ticket card links to the ticket's transcript there). */
  consoleUrl?: string;
  /** 'teams': agents in a Teams channel; 'external': emit handoff.initiate for a contact-center platform. */
  mode: 'teams' | 'external';
  /** An assigned customer silent this long has left: the ticket closes and the agent is told. */
  customerIdleMinutes: number;
  tenantId?: string;
  logger: HandoffLogger;
  now: () => Date;
  /** New tickets per client; without it, tickets are not limited (one open per conversation still holds). */
  limits?: TicketLimiter;
  /** Who could answer now; shared with the agent API, which stamps console agents. Default: one on `storage`. */
  presence?: Presence;
}

type Presence = Pick<AgentPresence, 'seen' | 'anyAvailable'>;

export type RememberButtons = (context: TurnContext, buttons: { title: string; data: unknown }[]) => Promise<void>;
const REMEMBER_BUTTONS = Symbol('rememberCustomerButtons');

/**
 * Set by the bot for a turn: what it does with the buttons of a customer card the handoff sends in it
 * (the queue card's 대기 상태 보기, 대기 취소). The bot remembers them as it remembers its own cards',
 * so a client that names a button instead of sending its data (Botium's Direct Line connector) gets
 * the click, as with every other card.
 */
export function rememberCustomerButtons(context: TurnContext, remember: RememberButtons): void {
  context.turnState.set(REMEMBER_BUTTONS, remember);
}

/**
 * Live handoff from a web chat customer to a call-center agent: a ticket in the queue, the
 * agents told (teams-agents.ts), messages relayed both ways while the bot stays silent, the agent
 * closes, the customer rates. Only what can happen is promised: outside business hours, or with
 * no agent signed in, the customer is offered a callback at once; a waiting customer can ask
 * where they are or stop waiting; a request nobody took in time becomes a callback offer.
 */
export class LiveHandoff {
  readonly presence: Presence;
  private readonly relay: Relay;
  private readonly agents: TeamsAgents;
  private readonly cards: CustomerCards;

  constructor(private readonly deps: LiveHandoffDeps) {
    this.cards = new CustomerCards(deps);
    this.presence = deps.presence ?? new AgentPresence(deps.storage, deps.now);
    this.relay = new Relay(deps);
    this.agents = new TeamsAgents({
      ...deps,
      relay: this.relay,
      presence: this.presence,
      onAccepted: (ticket) => this.customerConnected(ticket),
      onClosed: (ticket) => this.customerEnded(ticket),
    });
  }

  /** The customer asked for a person. `summary` is what the bot knows of their problem. */
  async request(context: TurnContext, summary: TicketSummary): Promise<void> {
    const { texts } = this.deps;
    const locale = texts.localeOf(context.activity.locale);
    if (this.deps.mode === 'external') {
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { summary, locale }));
      await context.sendActivity(texts.get('handoff.external', locale));
      return;
    }
    const now = this.deps.now();
    const open = await this.deps.tickets.findOpenByConversation(context.activity.conversation.id);
    if (!open && !this.deps.hours.isOpen(now)) return this.sendCard(context, this.cards.callbackForm(locale, 'closed_hours'));
    if (!open && !(await this.presence.anyAvailable(this.deps.tenantId))) return this.sendCard(context, this.cards.callbackForm(locale, 'no_agent'));
    const opened = await openTicket(context, newTicketFor(context, summary, this.deps), this.deps);
    if (!opened) return;
    const { ticket, created } = opened;
    const queue = await this.deps.tickets.queueInfo(ticket.id);
    if (!created) {
      await context.sendActivity(texts.get('handoff.already', locale, { position: queue?.position ?? 1 }));
      return;
    }
    await this.sendCard(context, this.cards.waiting(locale, 'handoff.queued.text', queue, texts.get('handoff.queued.title', locale)));
    await this.agents.notify(ticket);
  }

  /** The callback form was sent: keep the number (sealed by the store), confirm with the masked form. */
  async requestCallback(context: TurnContext, summary: TicketSummary, phone: string, time?: string): Promise<void> {
    const { texts } = this.deps;
    const locale = texts.localeOf(context.activity.locale);
    const open = await this.deps.tickets.findOpenByConversation(context.activity.conversation.id);
    // A second press of 보내기 (or the form sent twice) saves nothing twice.
    if (open?.status === 'callback') {
      await context.sendActivity(texts.get('handoff.callback.already', locale, { phone: open.callback?.phoneMasked ?? '' }));
      return;
    }
    // Waiting and giving up on the queue for a call: the queue place is given back first.
    if (open?.status === 'waiting') await this.deps.tickets.close(open.id, 'customer_left');
    try {
      const opened = await openTicket(
        context,
        { ...newTicketFor(context, summary, this.deps), callback: { phone, preferredTime: time || undefined } },
        this.deps,
      );
      if (!opened) return;
      const text = texts.get('handoff.callback.saved', locale, { phone: opened.ticket.callback?.phoneMasked ?? '' });
      await this.sendCard(context, this.cards.callbackSaved(locale, text));
    } catch (error) {
      if (!(error instanceof PhoneNumberError)) throw error;
      // The form again, saying what is wrong, so the number can be corrected where it was typed.
      await this.sendCard(
        context,
        this.cards.callbackForm(
          locale,
          this.deps.hours.isOpen(this.deps.now()) ? 'no_agent' : 'closed_hours',
          texts.get(`handoff.callback.invalid_${error.problem}`, locale),
        ),
      );
    }
  }

  /**
   * A customer's message during a handoff. While waiting: 취소 (typed or the card's button) leaves the
   * queue; a question about the wait ("아직 기다려야 하나요?") gets the place and the ways out. While
   * an agent is assigned, everything is relayed to them. True when the message was handled.
   */
  async fromCustomer(context: TurnContext, isCancel: (text: string) => boolean): Promise<boolean> {
    const ticket = await this.deps.tickets.findOpenByConversation(context.activity.conversation.id);
    // Conversation ids are unique per channel only: another channel's caller naming the same id is not this customer.
    if (!ticket || ticket.channelId !== context.activity.channelId || (ticket.status !== 'waiting' && ticket.status !== 'assigned')) return false;
    const text = context.activity.text?.trim() ?? '';
    const wish: WaitingWish | undefined = customerWish(context.activity.value, text, isCancel);
    const locale = this.deps.texts.localeOf(context.activity.locale);
    await this.deps.tickets.heardFrom(ticket.id);
    if (wish === 'cancel') {
      await this.deps.tickets.close(ticket.id, 'customer_left');
      await this.toAgent(ticket, 'handoff.notify.customer_left');
      await context.sendActivity(this.deps.texts.get('handoff.left', locale));
      return true;
    }
    if (ticket.status === 'waiting') {
      if (wish !== 'status') return false;
      await this.sendCard(context, this.cards.waiting(locale, 'handoff.status.waiting', await this.deps.tickets.queueInfo(ticket.id)));
      return true;
    }
    if (text) await this.toAgent(ticket, 'handoff.notify.customer_says', { text });
    return true;
  }

  /**
   * A guide's button pressed while an agent is connected (a card the agent sent from the console, or the
   * assistant's next one): the assistant answers it, and it is a sign of life like a message, so a
   * customer walking a guide is not closed as gone (closeIdle).
   */
  async guideClicked(context: TurnContext): Promise<void> {
    const ticket = await this.deps.tickets.findOpenByConversation(context.activity.conversation.id);
    if (ticket?.status === 'assigned' && ticket.channelId === context.activity.channelId) await this.deps.tickets.heardFrom(ticket.id);
  }

  /**
   * Customers who closed the page never say goodbye: an assigned ticket whose customer has been
   * silent for `customerIdleMinutes` (see isCustomerIdle) is closed as customer_left, and the
   * agent is told. The sweeper calls this.
   */
  async closeIdle(now: Date = this.deps.now()): Promise<Ticket[]> {
    const closed: Ticket[] = [];
    for (const ticket of await this.deps.tickets.list(['assigned'])) {
      if (!isCustomerIdle(ticket, now, this.deps.customerIdleMinutes)) continue;
      const result = await this.deps.tickets.close(ticket.id, 'customer_left');
      if (!result.ok) continue;
      await this.toAgent(ticket, 'handoff.notify.customer_idle', { minutes: this.deps.customerIdleMinutes });
      closed.push(result.ticket);
    }
    return closed;
  }

  /** The customer's rating after the agent closed. */
  async rate(context: TurnContext, ticketId: string, score: 1 | 2 | 3 | 4 | 5): Promise<void> {
    const result = await this.deps.tickets.rate(ticketId, score);
    if (result.ok && result.ticket.conversationId === context.activity.conversation.id) {
      await context.sendActivity(this.deps.texts.get('handoff.rated', this.deps.texts.localeOf(context.activity.locale)));
    }
  }

  /** After an accept (Teams or the agent console): the customer hears who joined. */
  async customerConnected(ticket: Ticket): Promise<void> {
    const text = this.deps.texts.get('handoff.connected', this.localeOf(ticket), { agent: ticket.agent?.name ?? '' });
    // Marked: the customer's page sends its typing indicator from now on (web/src/agent-label.ts).
    await this.relay.toCustomer(ticket, { type: 'message', text, channelData: { handoff: 'connected', agent: { name: ticket.agent?.name ?? '' } } });
  }

  /** The agent closed: the customer gets the satisfaction card (marked, so the page stops sending typing). */
  async customerEnded(ticket: Ticket): Promise<void> {
    const card = cardMessage(this.cards.satisfaction(this.localeOf(ticket), ticket.id), ticket.channelId);
    await this.relay.toCustomer(ticket, { ...card, channelData: { ...card.channelData, handoff: 'ended' } });
  }

  /**
   * The agent handed the customer back (console): they hear so, rate the agent as after a close, and get
   * the assistant's menu; the ticket is closed, so their next messages go to the assistant again.
   */
  async customerHandedBack(ticket: Ticket): Promise<void> {
    const locale = this.localeOf(ticket);
    await this.relay.toCustomer(ticket, { type: 'message', text: this.deps.texts.get('handoff.handed_back', locale), channelData: { handoff: 'ended' } });
    // The menu keeps its buttons on the card: the chips under the last message are the rating's.
    const menu = this.deps.cards.menu?.(locale);
    if (menu) await this.relay.toCustomer(ticket, MessageFactory.attachment(CardFactory.adaptiveCard(menu)));
    await this.customerEnded(ticket);
  }

  /** Nobody accepted in time (the sweeper calls this): the customer is offered a callback. */
  async customerExpired(ticket: Ticket): Promise<void> {
    await this.relay.toCustomer(ticket, cardMessage(this.cards.callbackForm(this.localeOf(ticket), 'expired'), ticket.channelId));
  }

  // --- the agents' side in Teams (teams-agents.ts) -------------------------------------------------

  relayFromAgent(context: TurnContext, agent: HandoffAgent): Promise<boolean> {
    return this.agents.relayFromAgent(context, agent);
  }

  onAgentAction(context: TurnContext, agent: HandoffAgent, op: 'accept' | 'close', ticketId: string): Promise<Record<string, unknown>> {
    return this.agents.onAgentAction(context, agent, op, ticketId);
  }

  showQueue(context: TurnContext, agent: HandoffAgent): Promise<void> {
    return this.agents.showQueue(context, agent);
  }

  rememberAgentsChannel(context: TurnContext, installed = true): Promise<void> {
    return this.agents.rememberAgentsChannel(context, installed);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private async sendCard(context: TurnContext, card: Record<string, unknown>): Promise<void> {
    await context.sendActivity(cardMessage(card, context.activity.channelId));
    const remember = context.turnState.get(REMEMBER_BUTTONS) as RememberButtons | undefined;
    await remember?.(context, splitCardButtons(card).buttons);
  }

  private localeOf(ticket: Ticket): HandoffLocale {
    return this.deps.texts.localeOf(ticket.locale);
  }

  /** A line for the assigned agent, in the locale of the agent's own conversation. */
  private async toAgent(ticket: Ticket, key: TextKey, values?: Record<string, string | number>): Promise<void> {
    const locale = this.deps.texts.localeOf(ticket.agent?.conversation?.locale);
    await this.relay.toAgent(ticket, this.deps.texts.get(key, locale, values));
  }
}
