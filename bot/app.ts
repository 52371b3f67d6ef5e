import type { AddressInfo } from 'node:net';
import type { Storage } from 'botbuilder';
import { DirectLineChannel, StorageConversationLog, StorageRevocationList, revocationKey } from '../directline/index.js';
import { createAdapter, processInProcess, type BotFrameworkEndpoints } from './adapter.js';
import { ClientAddresses, withClient } from './client-address.js';
import { createRateLimits } from './rate-limits.js';
import { CertAssistant } from './assistant.js';
import { createAssistant, loadResources } from './create-assistant.js';
import { CappedAttachmentReader } from './attachments.js';
import { AgentGate, withCaller } from './caller.js';
import { isLoopbackUrl } from './loopback.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { HeldSecrets } from './held-secrets.js';
import { DirectLineDoor } from './incoming.js';
import { createServer } from './server.js';
import { StorageTranscriptStore, createTranscriptMiddleware } from '../qa/transcripts/index.js';
import { createHandoffRuntime, mountAgentApi, startExpirySweeper, TicketStore } from '../handoff/index.js';
import type { JWTVerifyGetKey } from 'jose';
import { LiveHandoff } from './live-handoff.js';
import { createStorage, type ListableStorage } from './storage/index.js';
import { Retention, scheduleRetentionPurge, stateEraser } from './retention.js';
import { FEEDBACK_PREFIX } from '../dialogs/feedback.js';
import { webSecurityFrom } from '../server/web-security.js';

export interface App {
  listen(): Promise<string>;
  close(): Promise<void>;
  storage: Storage;
  retention: Retention;
  directLine: DirectLineChannel;
  transcripts?: StorageTranscriptStore;
  tickets: TicketStore;
  handoff: LiveHandoff;
  /** Every HTTP route the server registered (the adversarial suite checks it attacks them all). */
  routes(): { method: string; path: string }[];
}

/**
 * Wires config, content, recogniser, storage, adapter, bot, channel and HTTP server together.
 * Broken content stops the start here, before anything listens. Tests build it on port 0.
 */
export async function createApp(
  config: Config,
  logger: Logger,
  overrides: { storage?: ListableStorage; now?: () => Date; jwks?: JWTVerifyGetKey; botFramework?: BotFrameworkEndpoints } = {},
): Promise<App> {
  const resources = await loadResources();
  const storage = overrides.storage ?? createStorage(config);
  const adapter = createAdapter(config, overrides.botFramework);
  // Local mode (no app id): nobody is authenticated on /api/messages, so nothing it says is fetched
  // from beyond this machine and nothing it says makes it Teams or an agent.
  const localMode = !config.MicrosoftAppId;
  const now = overrides.now ?? (() => new Date());
  adapter.onTurnError = (context, error) => CertAssistant.onTurnError(context, error, resources.texts, logger);

  // Every conversation is recorded for QA, redacted before anything is written, and purged after retention.
  let transcripts: StorageTranscriptStore | undefined;
  let stopPurge = () => {};
  if (config.TRANSCRIPTS === 'on') {
    transcripts = new StorageTranscriptStore(storage, {
      retentionDays: config.TRANSCRIPT_RETENTION_DAYS,
      now,
      onError: (error, conversationId) => logger.warn({ err: { message: error.message }, conversationId }, 'transcript write failed'),
    });
    adapter.use(createTranscriptMiddleware(transcripts));
    stopPurge = scheduleRetentionPurge(transcripts, {
      onPurged: (count) => count && logger.info({ purged: count }, 'expired transcripts purged'),
      onError: (error) => logger.warn({ err: { message: error.message } }, 'transcript purge failed'),
    });
  }

  // After TRANSCRIPT_RETENTION_DAYS without activity, every trace of a conversation and its user goes:
  // the Direct Line log and its tokens' revocation, bot state, the transcript and that day's feedback.
  const conversationLog = new StorageConversationLog(storage);
  const retention = new Retention(storage, {
    retentionDays: config.TRANSCRIPT_RETENTION_DAYS,
    now,
    dayBuckets: [FEEDBACK_PREFIX],
    erasers: [
      stateEraser(storage),
      async ({ kind, channelId, id }) => {
        if (kind !== 'conversation') return;
        if (channelId === 'directline') {
          await conversationLog.delete(id);
          await storage.delete([revocationKey(id)]);
        }
        await transcripts?.deleteTranscript(channelId, id);
      },
    ],
  });
  adapter.use(retention.middleware((error) => logger.warn({ err: { message: error.message } }, 'retention record failed')));
  const stopRetention = scheduleRetentionPurge(retention, {
    onPurged: (count) => count && logger.info({ erased: count }, 'expired conversations erased'),
    onError: (error) => logger.warn({ err: { message: error.message } }, 'retention purge failed'),
  });

  const security = webSecurityFrom(config);
  let directLine!: DirectLineChannel;
  const attachments = new CappedAttachmentReader({
    maxBytes: config.MAX_UPLOAD_BYTES,
    timeoutMs: 10_000,
    inProcessChannelId: 'directline',
    inProcess: (url, conversationId) => directLine.readAttachment(url, conversationId),
    discardInProcess: (url, conversationId) => directLine.discardAttachment(url, conversationId),
    ...(localMode ? { mayFetch: isLoopbackUrl } : {}),
  });
  // Live handoff: tickets in the same storage, agents in Teams and in the console.
  // Per-client limits (bot/rate-limits.ts); a client is its TCP peer address unless TRUST_PROXY says otherwise.
  const limits = createRateLimits(config);
  const clients = new ClientAddresses(config.TRUST_PROXY);
  const loginLimiters = { perUser: limits.limiter('agentLogins'), perClient: limits.limiter('agentLoginsPerClient') };
  const runtime = createHandoffRuntime(config, { jwks: overrides.jwks, now, loginLimiters });
  const tickets = new TicketStore({
    storage,
    sealer: runtime.sealer,
    acceptTimeoutMinutes: config.HANDOFF_ACCEPT_TIMEOUT_MINUTES,
    averageHandlingMinutes: config.HANDOFF_AVG_HANDLING_MINUTES,
    closedListDays: config.HANDOFF_CLOSED_LIST_DAYS,
    retentionDays: config.HANDOFF_RETENTION_DAYS,
    now,
  });
  const handoff = new LiveHandoff({
    tickets,
    hours: runtime.hours,
    texts: resources.texts,
    storage,
    adapter,
    appId: config.MicrosoftAppId ?? '',
    postToDirectLine: (conversationId, activity) => directLine.postFromBot(conversationId, activity),
    mode: config.HANDOFF_MODE,
    consoleUrl: `${config.publicBaseUrl}/agent/`,
    agentsChannelId: config.HANDOFF_TEAMS_CHANNEL_ID,
    customerIdleMinutes: config.HANDOFF_CUSTOMER_IDLE_MINUTES,
    tenantId: runtime.tenantId,
    logger,
    now,
    limits,
  });
  const stopSweeper = startExpirySweeper({ tickets, onExpired: (ticket) => handoff.customerExpired(ticket), logger });
  const idleTimer = setInterval(() => {
    handoff.closeIdle().catch((error: Error) => logger.warn({ err: { message: error.message } }, 'closing idle handoffs failed'));
  }, 60_000);
  idleTimer.unref();

  // The callback form's phone number passes from the channel's door to its handler in memory only.
  const heldSecrets = new HeldSecrets();
  const door = new DirectLineDoor(heldSecrets);
  const gate = AgentGate.fromConfig(config, runtime.tenantId);
  const bot = createAssistant(resources, { storage, attachments, logger, now, gate, handoff, heldSecrets, limits });
  const logic = (context: Parameters<CertAssistant['run']>[0]) => bot.run(context);

  directLine = new DirectLineChannel({
    secret: config.directLineSecret,
    tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
    tokenMaxAgeSeconds: config.DIRECTLINE_TOKEN_MAX_AGE_SECONDS,
    revocations: new StorageRevocationList(storage),
    admit: (limit, key) => limits.consume(limit, key),
    clientOf: (req) => clients.of(req),
    acceptsOrigin: security.origins.admits,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    log: conversationLog,
    // The turn learns which client sent the activity (for the ticket limit) without it being stored.
    deliverToBot: (activity, origin) =>
      processInProcess(adapter, config, directLine, activity, withCaller({ via: 'directline' }, withClient(logic, origin.client))),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    // What a user types or names is masked before the log or the bot sees it; uploaded bytes are untouched.
    sanitizeIncoming: door.sanitizeIncoming,
    sanitizeFileName: door.sanitizeFileName,
    logger,
  });

  const server = createServer({ adapter, logic, directLine, logger, localMode, limits, clientOf: (req) => clients.of(req), security });
  mountAgentApi(server, {
    clientOf: (req) => clients.of(req),
    tickets,
    transcripts,
    auth: runtime.auth,
    tenantId: runtime.tenantId,
    onAccepted: (ticket) => handoff.customerConnected(ticket),
    onClosed: (ticket) => handoff.customerEnded(ticket),
    now,
    logger,
  });

  return {
    storage,
    retention,
    directLine,
    transcripts,
    tickets,
    handoff,
    routes: () => Object.values(server.router.getRoutes()).map((route) => ({ method: route.method, path: String(route.path) })),
    listen: () =>
      new Promise((resolve) => {
        server.listen(config.PORT, config.HOST, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${config.HOST}:${address.port}`);
        });
      }),
    close: async () => {
      stopPurge();
      stopRetention();
      stopSweeper();
      clearInterval(idleTimer);
      await transcripts?.flush();
      await directLine.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
