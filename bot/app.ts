import type { AddressInfo } from 'node:net';
import type { Storage } from 'botbuilder';
import { DirectLineChannel, StorageConversationLog } from '../directline/index.js';
import { createAdapter, processInProcess, type BotFrameworkEndpoints } from './adapter.js';
import { CertAssistant } from './assistant.js';
import { createAssistant, loadResources } from './create-assistant.js';
import { CappedAttachmentReader } from './attachments.js';
import { AgentGate, withCaller } from './caller.js';
import { isLoopbackUrl } from './loopback.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { redactDeep, redactText } from './redact.js';
import { createServer } from './server.js';
import { StorageTranscriptStore, createTranscriptMiddleware, scheduleTranscriptPurge } from '../qa/transcripts/index.js';
import { createHandoffRuntime, mountAgentApi, startExpirySweeper, TicketStore } from '../handoff/index.js';
import type { JWTVerifyGetKey } from 'jose';
import { LiveHandoff } from './live-handoff.js';
import { createStorage } from './storage/index.js';

export interface App {
  listen(): Promise<string>;
  close(): Promise<void>;
  storage: Storage;
  directLine: DirectLineChannel;
  transcripts?: StorageTranscriptStore;
  tickets: TicketStore;
  handoff: LiveHandoff;
}

/**
 * Masks secrets a user typed before the Direct Line log or the bot sees them. The one exception is
 * the callback form's phone number, which must reach the ticket store (it seals it at once).
 */
function sanitizeIncoming<A extends { text?: string; value?: unknown }>(activity: A): A {
  const value = activity.value as { action?: unknown; phone?: unknown } | undefined;
  const redactedValue = redactDeep(activity.value) as typeof value;
  if (value?.action === 'callback' && typeof value.phone === 'string' && redactedValue) redactedValue.phone = value.phone;
  return { ...activity, text: activity.text && redactText(activity.text), value: redactedValue };
}

/**
 * Wires config, content, recogniser, storage, adapter, bot, channel and HTTP server together.
 * Broken content stops the start here, before anything listens. Tests build it on port 0.
 */
export async function createApp(
  config: Config,
  logger: Logger,
  overrides: { storage?: Storage; now?: () => Date; jwks?: JWTVerifyGetKey; botFramework?: BotFrameworkEndpoints } = {},
): Promise<App> {
  const resources = await loadResources();
  const storage = overrides.storage ?? createStorage(config);
  const adapter = createAdapter(config, overrides.botFramework);
  // Local mode (no app id): nobody is authenticated on /api/messages, so nothing it says is fetched
  // from beyond this machine and nothing it says makes it Teams or an agent.
  const localMode = !config.MicrosoftAppId;
  adapter.onTurnError = (context, error) => CertAssistant.onTurnError(context, error, resources.texts, logger);

  // Every conversation is recorded for QA, redacted before anything is written, and purged after retention.
  let transcripts: StorageTranscriptStore | undefined;
  let stopPurge = () => {};
  if (config.TRANSCRIPTS === 'on') {
    transcripts = new StorageTranscriptStore(storage, {
      retentionDays: config.TRANSCRIPT_RETENTION_DAYS,
      onError: (error, conversationId) => logger.warn({ err: { message: error.message }, conversationId }, 'transcript write failed'),
    });
    adapter.use(createTranscriptMiddleware(transcripts));
    stopPurge = scheduleTranscriptPurge(transcripts, {
      onPurged: (count) => count && logger.info({ purged: count }, 'expired transcripts purged'),
      onError: (error) => logger.warn({ err: { message: error.message } }, 'transcript purge failed'),
    });
  }

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
  const now = overrides.now ?? (() => new Date());
  const runtime = createHandoffRuntime(config, { jwks: overrides.jwks, now });
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
  });
  const stopSweeper = startExpirySweeper({ tickets, onExpired: (ticket) => handoff.customerExpired(ticket), logger });
  const idleTimer = setInterval(() => {
    handoff.closeIdle().catch((error: Error) => logger.warn({ err: { message: error.message } }, 'closing idle handoffs failed'));
  }, 60_000);
  idleTimer.unref();

  const gate = AgentGate.fromConfig(config, runtime.tenantId);
  const bot = createAssistant(resources, { storage, attachments, logger, now, gate, handoff });
  const logic = (context: Parameters<CertAssistant['run']>[0]) => bot.run(context);

  directLine = new DirectLineChannel({
    secret: config.directLineSecret,
    tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    log: new StorageConversationLog(storage),
    deliverToBot: (activity) => processInProcess(adapter, config, directLine, activity, withCaller({ via: 'directline' }, logic)),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    // What a user types is masked before the log or the bot sees it; uploaded files are untouched.
    sanitizeIncoming,
    logger,
  });

  const server = createServer({ adapter, logic, directLine, logger, localMode });
  mountAgentApi(server, {
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
    directLine,
    transcripts,
    tickets,
    handoff,
    listen: () =>
      new Promise((resolve) => {
        server.listen(config.PORT, config.HOST, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${config.HOST}:${address.port}`);
        });
      }),
    close: async () => {
      stopPurge();
      stopSweeper();
      clearInterval(idleTimer);
      await transcripts?.flush();
      await directLine.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
