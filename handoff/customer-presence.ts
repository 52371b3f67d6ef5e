import type { HandoffDelivery, HandoffLogger, HandoffTexts } from './ports.js';
import { Relay } from './relay.js';
import type { TicketStore } from './ticket-store.js';
import type { Ticket } from './tickets.js';

/**
 * Customers who close the tab while waiting never say so: their ticket would keep its place in the
 * queue (the next customer told "2번째") until it expired. The embedded Direct Line channel sees
 * them instead: an open WebSocket stream, a polling GET, any request for the conversation. While a
 * customer is there, the waiting ticket's `customerSeenAt` is stamped; a waiting ticket not stamped
 * for the grace period is closed as `customer_left`, and the others move up.
 *
 * Several instances: the stream can sit on any of them, so each instance stamps the tickets of the
 * customers IT sees (the stamp is on the ticket, shared), and the drop runs once per period across
 * instances (the shared scheduler). Writes are throttled: nothing is written per request; every
 * `heartbeatMs` each instance stamps the waiting tickets of the customers it heard from since the
 * last beat (one queue read, one write per such ticket). A stream opening is stamped at once, so a
 * page navigation that reconnects late in the grace period keeps its place.
 */

/** What the channel reports (directline's PresenceSignal; the handoff does not import the channel). */
export type CustomerSignal = 'open' | 'close' | 'request';

/** Only the embedded Direct Line channel reports presence; other channels' tickets are never dropped here. */
const REPORTING_CHANNEL = 'directline';
/** Conversations remembered between two beats; beyond this, a beat comes early. */
const MAX_HEARD = 50_000;

/**
 * The decision, from the ticket alone: a waiting ticket of the reporting channel whose customer gave
 * no sign of life (stamp, or the request itself) for `graceMs` has been left.
 */
export function hasLeftQueue(ticket: Ticket, now: Date, graceMs: number): boolean {
  if (ticket.status !== 'waiting' || ticket.channelId !== REPORTING_CHANNEL) return false;
  const lastSign = Math.max(Date.parse(ticket.createdAt), ticket.customerSeenAt ? Date.parse(ticket.customerSeenAt) : 0);
  return now.getTime() - lastSign >= graceMs;
}

export interface CustomerPresenceDeps extends Pick<HandoffDelivery, 'postToDirectLine'> {
  tickets: TicketStore;
  /** How long a waiting customer may be gone (no stream, no request) before the ticket is dropped. */
  graceSeconds: number;
  /** Conversations with an open stream on this instance (the channel is made after the handoff). */
  streamsOpen: () => Iterable<string>;
  texts: HandoffTexts;
  logger: HandoffLogger;
  now: () => Date;
}

export class CustomerPresence {
  /** Conversations heard from on this instance since the last beat. */
  private heard = new Set<string>();
  private readonly relay: Relay;

  constructor(private readonly deps: CustomerPresenceDeps) {
    this.relay = new Relay({ appId: '', postToDirectLine: deps.postToDirectLine });
  }

  get graceMs(): number {
    return this.deps.graceSeconds * 1000;
  }

  /** Stamps are at most this far apart while a customer is there: a quarter of the grace period. */
  get heartbeatMs(): number {
    return Math.max(250, Math.floor(this.graceMs / 4));
  }

  /** The channel's report; never throws, never waits (an opening stream's stamp runs on its own). */
  signal(conversationId: string, signal: CustomerSignal): void {
    this.heard.add(conversationId);
    if (signal === 'open') void this.stampOne(conversationId);
    if (this.heard.size >= MAX_HEARD) void this.beat();
  }

  /** Stamps the waiting tickets of the customers this instance heard from (or holds a stream of). Returns how many. */
  async beat(): Promise<number> {
    const heard = this.heard;
    this.heard = new Set();
    for (const conversationId of this.deps.streamsOpen()) heard.add(conversationId);
    if (heard.size === 0) return 0;
    let stamped = 0;
    for (const ticket of await this.deps.tickets.list(['waiting'])) {
      if (!heard.has(ticket.conversationId) || ticket.channelId !== REPORTING_CHANNEL) continue;
      if (await this.deps.tickets.heardFrom(ticket.id)) stamped += 1;
    }
    return stamped;
  }

  /**
   * Closes the waiting tickets whose customers left (see hasLeftQueue) and tells each conversation,
   * for a customer who comes back to it. Run once per period across instances. The close is one
   * conditional write (dropIfQuiet): a stream reopened since the queue was read keeps the ticket.
   */
  async dropLeft(now: Date = this.deps.now()): Promise<Ticket[]> {
    const dropped: Ticket[] = [];
    for (const listed of await this.deps.tickets.list(['waiting'])) {
      if (!hasLeftQueue(listed, now, this.graceMs)) continue;
      // Conditional on the same quiet period: a reconnect stamped after the list was read keeps the place.
      const ticket = await this.deps.tickets.dropIfQuiet(listed.id, new Date(now.getTime() - this.graceMs));
      if (!ticket) continue;
      dropped.push(ticket);
      const text = this.deps.texts.get('handoff.left_away', this.deps.texts.localeOf(ticket.locale), { seconds: this.deps.graceSeconds });
      await this.relay.toCustomer(ticket, { type: 'message', text }).catch((error: unknown) => {
        this.deps.logger.warn(
          { ticketId: ticket.id, err: { message: (error as Error).message } },
          'telling a customer who left about the dropped ticket failed',
        );
      });
    }
    return dropped;
  }

  private async stampOne(conversationId: string): Promise<void> {
    try {
      const ticket = await this.deps.tickets.findOpenByConversation(conversationId);
      if (ticket?.status === 'waiting' && ticket.channelId === REPORTING_CHANNEL) await this.deps.tickets.heardFrom(ticket.id);
    } catch (error) {
      this.deps.logger.warn({ conversationId, err: { message: (error as Error).message } }, 'stamping a reopened stream on its ticket failed');
    }
  }
}

/**
 * The two timers: every instance beats (its own customers), and one instance per period drops the
 * tickets of customers who left (`schedule` claims the period with several instances). Returns a stop function.
 */
export function startCustomerPresence(
  presence: CustomerPresence,
  schedule: (job: string, everyMs: number, work: () => Promise<void>, onError: (error: Error) => void) => () => void,
  logger: HandoffLogger,
): () => void {
  const warn = (what: string) => (error: Error) => logger.warn({ err: { message: error.message } }, what);
  const beat = setInterval(() => void presence.beat().catch(warn('stamping present customers failed')), presence.heartbeatMs);
  beat.unref();
  const stopDrop = schedule(
    'customers-left',
    presence.heartbeatMs,
    async () => void (await presence.dropLeft()),
    warn('dropping tickets of customers who left failed'),
  );
  return () => {
    clearInterval(beat);
    stopDrop();
  };
}
