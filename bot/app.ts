import type { AddressInfo } from 'node:net';
import type { Storage } from 'botbuilder';
import { DirectLineChannel, StorageConversationLog } from '../directline/index.js';
import { createAdapter, processInProcess } from './adapter.js';
import { CertAssistant } from './assistant.js';
import { createAssistant, loadResources } from './create-assistant.js';
import { CappedAttachmentReader } from './attachments.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { redactDeep, redactText } from './redact.js';
import { createServer } from './server.js';
import { StorageTranscriptStore, createTranscriptMiddleware, scheduleTranscriptPurge } from '../qa/transcripts/index.js';
import { createStorage } from './storage/index.js';

export interface App {
  listen(): Promise<string>;
  close(): Promise<void>;
  storage: Storage;
  directLine: DirectLineChannel;
  transcripts?: StorageTranscriptStore;
}

/**
 * Wires config, content, recogniser, storage, adapter, bot, channel and HTTP server together.
 * Broken content stops the start here, before anything listens. Tests build it on port 0.
 */
export async function createApp(config: Config, logger: Logger, overrides: { storage?: Storage; now?: () => Date } = {}): Promise<App> {
  const resources = await loadResources();
  const storage = overrides.storage ?? createStorage(config);
  const adapter = createAdapter(config);
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
  });
  const bot = createAssistant(resources, { storage, attachments, logger, now: overrides.now, agentUserIds: config.AGENT_MODE_USER_IDS });
  const logic = (context: Parameters<CertAssistant['run']>[0]) => bot.run(context);

  directLine = new DirectLineChannel({
    secret: config.directLineSecret,
    tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    log: new StorageConversationLog(storage),
    deliverToBot: (activity) => processInProcess(adapter, config, directLine, activity, logic),
    // What a user types is masked before the log or the bot sees it; uploaded files are untouched.
    sanitizeIncoming: (activity) => ({ ...activity, text: activity.text && redactText(activity.text), value: redactDeep(activity.value) }),
    logger,
  });

  const server = createServer({ adapter, logic, directLine, logger });

  return {
    storage,
    directLine,
    transcripts,
    listen: () =>
      new Promise((resolve) => {
        server.listen(config.PORT, config.HOST, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${config.HOST}:${address.port}`);
        });
      }),
    close: async () => {
      stopPurge();
      await transcripts?.flush();
      await directLine.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
