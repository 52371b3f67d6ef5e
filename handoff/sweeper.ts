import type { TicketStore } from './ticket-store.js';
import type { Ticket } from './tickets.js';

/**
 * Runs `expireStale` on a timer so that a ticket nobody accepts ends even when no message
 * arrives, and hands each expired ticket to the bot (which tells the customer). Overlapping runs
 * are skipped rather than queued. Returns a function that stops the timer.
 */
export function startExpirySweeper(options: {
  tickets: TicketStore;
  everyMs?: number;
  onExpired(ticket: Ticket): Promise<void>;
  logger: { error(details: object, message: string): void };
  /**
   * Claims each period's sweep (server/scheduler.ts): with several instances on one database only
   * one of them expires a ticket and tells its customer. Default: a plain interval in this process.
   */
  schedule?: (job: string, everyMs: number, work: () => Promise<void>, onError: (error: Error) => void) => () => void;
}): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      for (const ticket of await options.tickets.expireStale()) {
        await options.onExpired(ticket).catch((error: unknown) => {
          options.logger.error({ ticketId: ticket.id, err: { message: (error as Error).message } }, 'telling the customer about an expired ticket failed');
        });
      }
    } catch (error) {
      options.logger.error({ err: { message: (error as Error).message } }, 'expiring stale tickets failed');
    } finally {
      running = false;
    }
  };
  if (options.schedule) return options.schedule('ticket-expiry', options.everyMs ?? 30_000, sweep, () => undefined);
  const timer = setInterval(() => void sweep(), options.everyMs ?? 30_000);
  timer.unref();
  return () => clearInterval(timer);
}
