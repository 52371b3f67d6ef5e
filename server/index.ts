// Longer than most files on purpose: this is the ONE wiring file (config → storage → adapter → bot →
// channel → routes → listen), so a newcomer reads the whole start-up in one place (issue 11).
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Activity, Storage } from 'botbuilder';
import type { JWTVerifyGetKey } from 'jose';
import { DirectLineChannel, StorageRevocationList } from '../directline/index.js';
import {
  createHandoffRuntime,
  mountAgentApi,
  mountAgentConversation,
  mountAgentHelp,
  Relay,
  TICKET_STATUSES,
  type LiveHandoff,
  type TicketStore,
} from '../handoff/index.js';
import { handoffPorts } from '../bot/handoff-ports.js';
import { helpCards } from '../bot/help-cards.js';
import type { TranscriptArchive } from '../qa/transcripts/index.js';
import { CappedAttachmentReader } from '../bot/attachments.js';
import { CertAssistant } from '../bot/assistant.js';
import { AgentGate, withCaller } from '../bot/caller.js';
import { createAssistant, loadResources } from '../bot/create-assistant.js';
import { HeldSecrets } from '../bot/held-secrets.js';
import { mayHoldPrivateKey } from '../bot/private-files.js';
import { DirectLineDoor } from '../bot/incoming.js';
import { createStorage, type ListableStorage } from '../storage/index.js';
import { ClientAddresses, withClient } from '../lib/client-address.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { createRateLimits } from '../lib/rate-limits.js';
import { Drain, onFirstSigterm } from '../lib/drain.js';
import { healthz, type HealthAnswer } from '../storage/postgres/health.js';
import { createAdapter, processInProcess, type BotFrameworkEndpoints } from './adapter.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { conversationFeed } from './conversation-feed.js';
import { startHandoff } from './handoff.js';
import { mountQaWorkbench } from './qa-workbench.js';
import { isLoopbackUrl, LOOPBACK_HOSTS } from './loopback.js';
import { openSharedDatabase, publishNotice, type SharedDatabase } from './postgres.js';
import { keepRecords } from './records.js';
import type { Retention } from './retention.js';
import { createServer } from './routes.js';
import { startEmbedDemoIfLocal } from './embed-demo.js';
import { webSecurityFrom } from './web-security.js';

const REVOCATION_CACHE_MS = 2_000;

/**
 * THE start-up, read top to bottom: config → content → storage → adapter → records → limits →
 * handoff → bot → Direct Line channel → routes → listen. `npm start` runs `main()`; tests build the
 * same app in-process with `createApp` on port 0 (test/support/app.ts).
 */

export interface App {
  listen(): Promise<string>;
  close(): Promise<void>;
  storage: Storage;
  retention: Retention;
  directLine: DirectLineChannel;
  transcripts?: TranscriptArchive;
  tickets: TicketStore;
  handoff: LiveHandoff;
  /** STORAGE=postgres: the shared database (its pool counts statements for the bench). */
  database?: SharedDatabase;
  /**
   * SIGTERM: /readyz 503 for the notice period (DRAIN_NOTICE_MS unless given), then stop accepting,
   * close streams with 1012, let turns in flight finish; then `close`.
   */
  drain(options?: { timeoutMs?: number; noticeMs?: number }): Promise<{ unfinished: number }>;
  /** Every HTTP route the server registered (the adversarial suite checks it attacks them all). */
  routes(): { method: string; path: string }[];
}

/** Builds the whole service; broken content stops the start here, before anything listens. */
export async function createApp(
  config: Config,
  logger: Logger,
  overrides: { storage?: ListableStorage; now?: () => Date; jwks?: JWTVerifyGetKey; botFramework?: BotFrameworkEndpoints } = {},
): Promise<App> {
  const now = overrides.now ?? (() => new Date());
  // Local mode (no app id): nobody is authenticated on /api/messages, so nothing it says is fetched
  // from beyond this machine and nothing it says makes it Teams or an agent.
  const localMode = !config.MicrosoftAppId;

  const resources = await loadResources();
  // STORAGE=postgres: state, the Direct Line log, limits and timers are shared by every instance.
  const database = config.STORAGE === 'postgres' && !overrides.storage ? await openSharedDatabase(config, logger) : undefined;
  const storage = overrides.storage ?? database?.storage ?? createStorage(config);
  const adapter = createAdapter(config, overrides.botFramework);
  adapter.onTurnError = (context, error) => CertAssistant.onTurnError(context, error, resources.texts, logger);
  // STORAGE=postgres: the turn's state keys in one query (first, so every later read can use it).
  if (database) adapter.use(database.turnReads);
  const records = keepRecords(config, storage, adapter, logger, now, {
    conversationLog: database?.conversationLog,
    transcriptRows: database?.transcriptRows,
    schedule: database?.scheduler,
  });
  // Turns in flight, so a SIGTERM drain lets them finish before the database closes.
  const drain = new Drain();

  // The console's live conversation follows the Direct Line log (server/conversation-feed.ts).
  const { log: conversationLog, feed, customerTyped } = conversationFeed(records.conversationLog, database);

  // Per-client limits (lib/rate-limits.ts); a client is its TCP peer address unless TRUST_PROXY says otherwise.
  const limits = createRateLimits(config, database?.limiter);
  const clients = new ClientAddresses(config.TRUST_PROXY);
  const clientOf = (req: Parameters<ClientAddresses['of']>[0]) => clients.of(req);
  const loginLimiters = { perUser: limits.limiter('agentLogins'), perClient: limits.limiter('agentLoginsPerClient') };
  const runtime = createHandoffRuntime(config, { jwks: overrides.jwks, now, loginLimiters });

  let directLine!: DirectLineChannel;
  const handoff = startHandoff({
    config,
    runtime,
    storage,
    ticketRecords: database?.ticketRecords,
    adapter,
    texts: resources.texts,
    limits,
    logger,
    now,
    postToDirectLine: (conversationId, activity) => directLine.postFromBot(conversationId, activity),
    streamsOpen: () => directLine.conversationsWithStreams(),
    schedule: database?.scheduler,
  });

  // The bot. The callback form's phone number passes from the channel's door to its handler in memory only.
  // Per process on purpose, also with STORAGE=postgres: secrets never persist, and the door and the
  // turn that reads them run in the same process (the instance that received the POST).
  const heldSecrets = new HeldSecrets();
  const attachments = new CappedAttachmentReader({
    maxBytes: config.MAX_UPLOAD_BYTES,
    timeoutMs: 10_000,
    inProcessChannelId: 'directline',
    inProcess: (url, conversationId) => directLine.readAttachment(url, conversationId),
    discardInProcess: (url, conversationId) =>
      directLine
        .discardAttachment(url, conversationId)
        .catch((error: Error) => logger.warn({ err: { message: error.message } }, 'discarding an upload failed (it expires anyway)')),
    ...(localMode ? { mayFetch: isLoopbackUrl } : {}),
  });
  const gate = AgentGate.fromConfig(config, runtime.tenantId);
  const bot = createAssistant(resources, { storage, attachments, logger, now, gate, handoff: handoff.live, heldSecrets, limits });
  const logic = (context: Parameters<CertAssistant['run']>[0]) => drain.track(() => bot.run(context));

  const security = webSecurityFrom(config);
  // The embedded Direct Line channel for the customer page.
  const door = new DirectLineDoor(heldSecrets);
  directLine = new DirectLineChannel({
    secret: config.directLineSecret,
    tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
    tokenMaxAgeSeconds: config.DIRECTLINE_TOKEN_MAX_AGE_SECONDS,
    // Every request asks whether its conversation's tokens were revoked: the answer is kept 2 s
    // here (a revocation by another instance is seen within that; this one's at once).
    revocations: new StorageRevocationList(storage, Date.now, REVOCATION_CACHE_MS),
    admit: (limit, key) => limits.consume(limit, key),
    clientOf,
    acceptsOrigin: security.origins.admits,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    // STORAGE=postgres: uploads in the shared table, except anything that may hold a private key,
    // which stays in this process's memory for the turn that refuses it (secrets never persist).
    sharedAttachments: database?.attachments,
    keepsInProcess: mayHoldPrivateKey,
    log: conversationLog,
    notices: database && {
      subscribe: (conversationId, onNotice) =>
        database.listener.subscribe(conversationId, ({ live, ended }) => onNotice({ live: live as Activity | undefined, ended })),
      publish: async (conversationId, { live, ended }) =>
        void (await publishNotice(database.pool, { conversationId, live: live as Record<string, unknown> | undefined, ended })),
    },
    // The turn learns which client sent the activity (for the ticket limit) without it being stored.
    deliverToBot: (activity, origin) => {
      // The customer's typing reaches the agent's console (relayed, never stored); the bot still gets it.
      if (activity.type === 'typing' && activity.conversation?.id) {
        void customerTyped(activity.conversation.id).catch((error: Error) => logger.warn({ err: { message: error.message } }, 'customer typing not relayed'));
      }
      return processInProcess(adapter, config, directLine, activity, withCaller({ via: 'directline' }, withClient(logic, origin.client)));
    },
    publicBaseUrl: config.PUBLIC_BASE_URL,
    // What a user types or names is masked before the log or the bot sees it; uploaded bytes are untouched.
    sanitizeIncoming: door.sanitizeIncoming,
    sanitizeFileName: door.sanitizeFileName,
    // A waiting customer's place in the queue is kept while their chat is open (handoff/customer-presence.ts).
    onPresence: (conversationId, signal) => handoff.presence.signal(conversationId, signal),
    logger,
  });

  // Routes: /api/messages, /api/webchat/token, Direct Line, pages, and the agent API.
  const ready = async (): Promise<HealthAnswer> =>
    database ? database.ready(() => drain.draining) : drain.draining ? { status: 503, body: { ok: false, reason: 'draining' } } : healthz();
  const server = createServer({ adapter, logic, directLine, logger, localMode, limits, clientOf, security, ready });
  mountAgentApi(server, {
    clientOf,
    tickets: handoff.tickets,
    transcripts: records.transcripts,
    auth: runtime.auth,
    tenantId: runtime.tenantId,
    presence: handoff.live.presence,
    onAccepted: (ticket) => handoff.live.customerConnected(ticket),
    onClosed: (ticket) => handoff.live.customerEnded(ticket),
    now,
    logger,
  });
  // The routes on an accepted ticket (issue 19): its conversation, live, with the agent's replies, and
  // one-click help (the assistant's own cards, sent by the agent of the ticket).
  const postToDirectLine = (conversationId: string, activity: Partial<Activity>) => directLine.postFromBot(conversationId, activity);
  const ticketRoutes = {
    tickets: handoff.tickets,
    auth: runtime.auth,
    tenantId: runtime.tenantId,
    relay: new Relay({ adapter, appId: config.MicrosoftAppId ?? '', postToDirectLine }),
    texts: handoffPorts(resources.texts, limits).texts,
    transcripts: records.transcripts,
    presence: handoff.live.presence,
    now,
    logger,
  };
  const consoleStreams = mountAgentConversation(server, {
    ...ticketRoutes,
    feed,
    onHandedBack: (ticket) => handoff.live.customerHandedBack(ticket),
  });
  mountAgentHelp(server, { ...ticketRoutes, help: helpCards(resources.texts, resources.content) });
  // The QA workbench (issue 16): the console's sign-in, the QA role.
  mountQaWorkbench(server, {
    auth: runtime.auth,
    transcripts: records.transcripts,
    storage,
    tickets: () => handoff.tickets.list(TICKET_STATUSES),
    procedures: resources.content.procedures,
    tenantId: runtime.tenantId,
    logger,
    now,
  });

  return {
    storage,
    retention: records.retention,
    directLine,
    transcripts: records.transcripts,
    tickets: handoff.tickets,
    handoff: handoff.live,
    database,
    drain: ({ timeoutMs = 25_000, noticeMs = config.DRAIN_NOTICE_MS } = {}) =>
      drain.drain({
        server: server.server,
        closeConnections: async () => {
          consoleStreams.closeAll();
          await directLine.closeStreams();
        },
        timeoutMs,
        noticeMs,
      }),
    routes: () => Object.values(server.router.getRoutes()).map((route) => ({ method: route.method, path: String(route.path) })),
    listen: () =>
      new Promise((resolve) => {
        server.listen(config.PORT, config.HOST, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${config.HOST}:${address.port}`);
        });
      }),
    close: async () => {
      records.stop();
      handoff.stop();
      await records.transcripts?.flush();
      await directLine.close();
      consoleStreams.closeAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database?.close();
    },
  };
}

/**
 * `npm start`. A bad setting or a broken content file stops the process with one readable line
 * (the key, or the file, path and reason) before anything listens.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // Last line of defence: nothing one client does may end the service for everyone. Each known
  // cause is handled where it arises (test/adversarial/ proves it); what slips through is logged
  // loudly — the adversarial suite fails on such a line — and the server keeps answering.
  process.on('uncaughtException', (error) => logger.fatal({ err: { message: error.message, stack: error.stack } }, 'uncaught exception (kept running)'));
  process.on('unhandledRejection', (reason) =>
    logger.fatal({ err: { message: String((reason as Error)?.message ?? reason) } }, 'unhandled rejection (kept running)'),
  );
  // Local mode only: a stand-in bank site on another port embeds the assistant (README "Embedding").
  const demo = await startEmbedDemoIfLocal(config);
  const app = await createApp(config, logger);
  const url = await app.listen();
  logger.info(
    { url, storage: config.STORAGE, auth: config.MicrosoftAppId ? 'bot-framework' : 'local (anonymous, Emulator)' },
    `인증서 도우미 is listening: open ${config.publicBaseUrl}/`,
  );
  if (demo) logger.info({ url: demo.url }, `embedding demo (a stand-in bank site): open ${demo.url}/`);
  const listensOnLoopback = LOOPBACK_HOSTS.includes(config.HOST);
  if (!config.MicrosoftAppId && !listensOnLoopback) {
    // Local mode accepts anonymous Bot Framework traffic (Emulator): fine on a developer's machine,
    // never on an address others can reach, where anyone could pose as Teams or a channel.
    logger.warn(
      { host: config.HOST },
      'no MicrosoftAppId: /api/messages accepts anonymous requests (loopback serviceUrls only) — set the Bot Framework keys before exposing this server',
    );
  }
  if (!config.PUBLIC_BASE_URL && !listensOnLoopback) {
    // URLs are never taken from request headers: other machines need the public address configured.
    logger.warn(
      { host: config.HOST },
      `PUBLIC_BASE_URL is not set: Direct Line stream and file URLs will name ${config.publicBaseUrl}, which other machines may not reach`,
    );
  }
  process.once('SIGINT', () => {
    Promise.all([app.close(), demo?.close()]).finally(() => process.exit(0));
  });
  // SIGTERM (a rolling restart): /readyz turns 503 (DRAIN_NOTICE_MS while still serving), then the
  // listener closes, streams close with 1012 so clients reconnect elsewhere, turns in flight finish;
  // then the pool closes. A second SIGTERM exits at once.
  onFirstSigterm(async () => {
    const { unfinished } = await app.drain();
    if (unfinished > 0) logger.warn({ unfinished }, 'drain timed out with turns still running');
    await Promise.all([app.close(), demo?.close()]).catch((error: Error) => logger.warn({ err: { message: error.message } }, 'close after drain failed'));
    process.exit(0);
  });
}

// Run only as the entry point (`node --import tsx server/index.ts`), not when a test imports createApp.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: Error) => {
    const kind = error instanceof ConfigError ? 'Configuration error' : 'Start-up failed';
    console.error(`${kind} — ${error.message.split('\n').join('; ')}`);
    process.exit(1);
  });
}
