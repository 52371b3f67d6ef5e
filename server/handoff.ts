import type { Activity, CloudAdapter, Storage } from 'botbuilder';
import {
  CustomerPresence,
  LiveHandoff,
  startCustomerPresence,
  startExpirySweeper,
  TicketStore,
  type HandoffRuntime,
  type TicketRecords,
} from '../handoff/index.js';
import { handoffPorts } from '../bot/handoff-ports.js';
import type { Texts } from '../content/texts.js';
import type { Logger } from '../lib/logger.js';
import type { RateLimits } from '../lib/rate-limits.js';
import type { Config } from './config.js';
import { localScheduler, type Scheduler } from './scheduler.js';

export interface Handoff {
  tickets: TicketStore;
  live: LiveHandoff;
  /** Waiting web chat customers seen by the Direct Line channel; tickets of those who left are dropped. */
  presence: CustomerPresence;
  /** Stops the expiry sweeper, the idle check, the presence timers and the ticket retention purge. */
  stop(): void;
}

/**
 * Live handoff: tickets in the same storage as everything else (STORAGE=postgres: in their own table), agents in Teams and in the console,
 * an expiry sweeper for tickets nobody accepted and a minute tick that ends idle handoffs.
 */
export function startHandoff(deps: {
  config: Config;
  runtime: HandoffRuntime;
  storage: Storage;
  /** STORAGE=postgres: tickets as rows of their own table; default: documents in `storage`. */
  ticketRecords?: TicketRecords;
  adapter: CloudAdapter;
  texts: Texts;
  limits: RateLimits;
  logger: Logger;
  now: () => Date;
  /** Appends a reply to an embedded Direct Line conversation (the channel is made after the handoff). */
  postToDirectLine: (conversationId: string, activity: Partial<Activity>) => Promise<{ id: string }>;
  /** Conversations with an open Direct Line stream on this instance (the channel is made after the handoff). */
  streamsOpen: () => Iterable<string>;
  /** Claims the sweeps: with several instances one of them expires a ticket or ends an idle handoff. */
  schedule?: Scheduler;
}): Handoff {
  const { config, runtime, logger, now } = deps;
  const tickets = new TicketStore({
    storage: deps.storage,
    ...(deps.ticketRecords ? { records: deps.ticketRecords } : {}),
    sealer: runtime.sealer,
    acceptTimeoutMinutes: config.HANDOFF_ACCEPT_TIMEOUT_MINUTES,
    averageHandlingMinutes: config.HANDOFF_AVG_HANDLING_MINUTES,
    closedListDays: config.HANDOFF_CLOSED_LIST_DAYS,
    retentionDays: config.HANDOFF_RETENTION_DAYS,
    now,
  });
  const ports = handoffPorts(deps.texts, deps.limits);
  const live = new LiveHandoff({
    tickets,
    hours: runtime.hours,
    ...ports,
    storage: deps.storage,
    adapter: deps.adapter,
    appId: config.MicrosoftAppId ?? '',
    postToDirectLine: deps.postToDirectLine,
    mode: config.HANDOFF_MODE,
    consoleUrl: `${config.publicBaseUrl}/agent/`,
    agentsChannelId: config.HANDOFF_TEAMS_CHANNEL_ID,
    customerIdleMinutes: config.HANDOFF_CUSTOMER_IDLE_MINUTES,
    tenantId: runtime.tenantId,
    logger,
    now,
  });
  const presence = new CustomerPresence({
    tickets,
    graceSeconds: config.HANDOFF_CUSTOMER_LEFT_SECONDS,
    streamsOpen: deps.streamsOpen,
    postToDirectLine: deps.postToDirectLine,
    texts: ports.texts,
    logger,
    now,
  });
  const stopSweeper = startExpirySweeper({ tickets, onExpired: (ticket) => live.customerExpired(ticket), logger, schedule: deps.schedule });
  const schedule = deps.schedule ?? localScheduler();
  const stopPresence = startCustomerPresence(presence, schedule, logger);
  const stopIdle = schedule(
    'idle-handoffs',
    60_000,
    async () => void (await live.closeIdle()),
    (error) => logger.warn({ err: { message: error.message } }, 'closing idle handoffs failed'),
  );
  const stopPurge = schedule(
    'ticket-purge',
    6 * 3_600_000,
    async () => {
      const purged = await tickets.purgeExpired();
      if (purged) logger.info({ purged }, 'closed tickets past retention deleted');
    },
    (error) => logger.warn({ err: { message: error.message } }, 'purging old tickets failed'),
  );
  return {
    tickets,
    live,
    presence,
    stop: () => {
      stopSweeper();
      stopIdle();
      stopPresence();
      stopPurge();
    },
  };
}
