import type { AddressInfo } from 'node:net';
import type { Storage } from 'botbuilder';
import { DirectLineChannel, StorageConversationLog } from '../directline/index.js';
import { createAdapter, processInProcess } from './adapter.js';
import { CertAssistant } from './assistant.js';
import { createAssistant, loadResources } from './create-assistant.js';
import { CappedAttachmentReader } from './attachments.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { createServer } from './server.js';
import { createStorage } from './storage/index.js';

export interface App {
  listen(): Promise<string>;
  close(): Promise<void>;
  storage: Storage;
  directLine: DirectLineChannel;
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

  let directLine!: DirectLineChannel;
  const attachments = new CappedAttachmentReader({
    maxBytes: config.MAX_UPLOAD_BYTES,
    timeoutMs: 10_000,
    inProcessChannelId: 'directline',
    inProcess: (url, conversationId) => directLine.readAttachment(url, conversationId),
  });
  const bot = createAssistant(resources, { storage, attachments, logger, now: overrides.now });
  const logic = (context: Parameters<CertAssistant['run']>[0]) => bot.run(context);

  directLine = new DirectLineChannel({
    secret: config.directLineSecret,
    tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    log: new StorageConversationLog(storage),
    deliverToBot: (activity) => processInProcess(adapter, config, directLine, activity, logic),
    logger,
  });

  const server = createServer({ adapter, logic, directLine, logger });

  return {
    storage,
    directLine,
    listen: () =>
      new Promise((resolve) => {
        server.listen(config.PORT, config.HOST, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://${config.HOST}:${address.port}`);
        });
      }),
    close: async () => {
      await directLine.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
