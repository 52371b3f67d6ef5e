import { CardFactory, MessageFactory, TurnContext, type ConversationReference, type Storage } from 'botbuilder';
import { formatSeoulTime } from './hours.js';
import type { AgentPresence } from './agent-presence.js';
import {
  localeOfReference,
  type HandoffAgent,
  type HandoffButton,
  type HandoffCards,
  type HandoffLocale,
  type HandoffLogger,
  type HandoffTexts,
} from './ports.js';
import type { Relay } from './relay.js';
import type { TicketStore } from './ticket-store.js';
import type { Ticket } from './tickets.js';
import { canAgentSee } from './visibility.js';
import type { TextKey } from '../content/texts.js';

/** Where the agents are notified: the Teams channel in which the app was installed. */
const AGENTS_CHANNEL_KEY = 'handoff/agents-channel';
const TEAMS = 'msteams';

export interface TeamsAgentsDeps {
  tickets: TicketStore;
  texts: HandoffTexts;
  cards: HandoffCards;
  storage: Storage;
  relay: Relay;
  presence?: Pick<AgentPresence, 'seen'>;
  /** The Teams channel (conversation id, 19:…@thread…) agents are notified in; unset = where the app was installed last. */
  agentsChannelId?: string;
  /** Where the agent console is (the ticket card links to the ticket's transcript there). */
  consoleUrl?: string;
  tenantId?: string;
  logger: HandoffLogger;
  /** The customer is told when an agent joins or closes (the customer side of the handoff). */
  onAccepted(ticket: Ticket): Promise<void>;
  onClosed(ticket: Ticket): Promise<void>;
}

/**
 * The agents' side in Teams: the notification card in their channel (first 수락 wins), the
 * 대기열 command, and the agent's replies relayed to the customer. Agents read in the locale of
 * their own conversation (Korean unless their Teams client is English).
 */
export class TeamsAgents {
  constructor(private readonly deps: TeamsAgentsDeps) {}

  /** An agent's message in a ticket's Teams thread goes to that customer; true when relayed. */
  async relayFromAgent(context: TurnContext, agent: HandoffAgent): Promise<boolean> {
    if (context.activity.channelId !== TEAMS) return false;
    const ticket = await this.deps.tickets.findByAgentConversation(context.activity.conversation.id);
    if (ticket?.status !== 'assigned') return false;
    await this.deps.presence?.seen(agent, 'teams');
    const text = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
    if (!text) return true;
    const name = ticket.agent?.name ?? agent.name;
    await this.deps.relay.toCustomer(ticket, {
      type: 'message',
      text: this.deps.texts.get('handoff.agent_says', this.deps.texts.localeOf(ticket.locale), { agent: name, text }),
    });
    return true;
  }

  /**
   * An agent's button on a ticket card (Teams Action.Execute, or its Action.Submit fallback): returns
   * the card that replaces it. `agent` comes from the caller gate: only a vouched-for agent gets here.
   */
  async onAgentAction(context: TurnContext, teamsAgent: HandoffAgent, op: 'accept' | 'close', ticketId: string): Promise<Record<string, unknown>> {
    const agent = { id: teamsAgent.id, name: teamsAgent.name, tenantId: teamsAgent.tenantId };
    const locale = this.deps.texts.localeOf(context.activity.locale);
    const say = (key: TextKey, values?: Record<string, string | number>) => this.deps.texts.get(key, locale, values);
    await this.deps.presence?.seen(agent, 'teams');
    if (op === 'accept') {
      const waiting = await this.deps.tickets.get(ticketId);
      if (!waiting || !canAgentSee(agent, waiting, this.deps.tenantId)) return this.ticketCard(undefined, say('handoff.not_yours'), locale);
      const result = await this.deps.tickets.accept(ticketId, agent);
      if (!result.ok) {
        const ticket = 'ticket' in result ? result.ticket : undefined;
        return this.ticketCard(ticket, ticket?.agent ? say('handoff.notify.taken', { agent: ticket.agent.name }) : say('handoff.not_yours'), locale);
      }
      // Replies in this card's thread reach the customer from now on.
      const thread = TurnContext.getConversationReference(context.activity);
      const ticket = (await this.deps.tickets.setAgentConversation(ticketId, agent.id, thread)) ?? result.ticket;
      await this.deps.onAccepted(ticket);
      return this.ticketCard(ticket, say('handoff.notify.assigned_to_you'), locale, true);
    }
    const closed = await this.deps.tickets.close(ticketId, 'resolved', agent.id);
    if (!closed.ok) return this.ticketCard('ticket' in closed ? closed.ticket : undefined, say('handoff.not_yours'), locale);
    await this.deps.onClosed(closed.ticket);
    return this.ticketCard(closed.ticket, say('handoff.notify.closed'), locale);
  }

  /** The 대기열 command in Teams: the waiting requests, each with its 수락 button. */
  async showQueue(context: TurnContext, agent: HandoffAgent): Promise<void> {
    await this.deps.presence?.seen(agent, 'teams');
    const locale = this.deps.texts.localeOf(context.activity.locale);
    const waiting = (await this.deps.tickets.list(['waiting'])).filter((ticket) => canAgentSee({ tenantId: agent.tenantId }, ticket, this.deps.tenantId));
    if (waiting.length === 0) {
      await context.sendActivity(this.deps.texts.get('handoff.queue.empty', locale));
      return;
    }
    for (const ticket of waiting.slice(0, 5)) {
      await context.sendActivity(
        MessageFactory.attachment(CardFactory.adaptiveCard(this.ticketCard(ticket, this.deps.texts.get('handoff.notify.text', locale), locale))),
      );
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
    await this.deps.storage.write({
      [AGENTS_CHANNEL_KEY]: { reference: { ...reference, conversation: { ...reference.conversation, id: channelId } }, eTag: '*' },
    });
  }

  /** A new ticket: its card in the agents' channel. */
  async notify(ticket: Ticket): Promise<void> {
    const stored = (await this.deps.storage.read([AGENTS_CHANNEL_KEY]))[AGENTS_CHANNEL_KEY] as { reference?: Partial<ConversationReference> } | undefined;
    if (!stored?.reference) {
      this.deps.logger.warn({ ticketId: ticket.id }, 'no agents channel yet: install the Teams app in the agents team');
      return;
    }
    const locale = localeOfReference(this.deps.texts, stored.reference);
    const card = this.ticketCard(ticket, this.deps.texts.get('handoff.notify.text', locale), locale);
    await this.deps.relay.to(stored.reference, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /** The ticket as agents see it: summary facts, status line, and the buttons that fit its state. */
  private ticketCard(ticket: Ticket | undefined, status: string, locale: HandoffLocale, mine = false): Record<string, unknown> {
    const { texts } = this.deps;
    const facts = ticket
      ? [
          ['handoff.summary.intent', ticket.summary.intent],
          ['handoff.summary.institution', ticket.summary.institution],
          ['handoff.summary.cert_type', ticket.summary.certType],
          ['handoff.summary.check', ticket.summary.certCheck ? `${ticket.summary.certCheck.ok ? 'OK' : ticket.summary.certCheck.codes.join(', ')}` : undefined],
        ]
          .filter((fact): fact is [TextKey, string] => Boolean(fact[1]))
          .map(([key, value]) => ({ title: texts.get(key, locale), value }))
      : [];
    const actions: HandoffButton[] =
      ticket?.status === 'waiting'
        ? [{ title: texts.get('handoff.notify.accept', locale), data: { action: 'handoff', op: 'accept', ticketId: ticket.id } }]
        : ticket?.status === 'assigned' && mine
          ? [{ title: texts.get('handoff.notify.close', locale), data: { action: 'handoff', op: 'close', ticketId: ticket.id } }]
          : [];
    const card = this.deps.cards.choice({
      title: texts.get('handoff.notify.title', locale),
      text: status,
      facts,
      links:
        ticket && this.deps.consoleUrl
          ? [{ title: texts.get('handoff.summary.transcript', locale), url: `${this.deps.consoleUrl}?ticket=${encodeURIComponent(ticket.id)}` }]
          : [],
      note: ticket ? `${ticket.id} · ${formatSeoulTime(new Date(ticket.createdAt), locale)}` : '',
      actions,
    });
    return this.deps.cards.universal(card);
  }
}
