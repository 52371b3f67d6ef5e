import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/**
 * Start-up. A bad setting or a broken content file stops the process with one readable line
 * (the key, or the file, path and reason) before anything listens.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, logger);
  const url = await app.listen();
  logger.info(
    { url, storage: config.STORAGE, auth: config.MicrosoftAppId ? 'bot-framework' : 'local (anonymous, Emulator)' },
    `인증서 도우미 is listening: open ${config.publicBaseUrl}/`,
  );
  if (!config.MicrosoftAppId && !['127.0.0.1', 'localhost', '::1'].includes(config.HOST)) {
    // Local mode accepts anonymous Bot Framework traffic (Emulator): fine on a developer's machine,
    // never on an address others can reach, where anyone could pose as Teams or a channel.
    logger.warn({ host: config.HOST }, 'no MicrosoftAppId: /api/messages accepts anonymous requests (loopback serviceUrls only) — set the Bot Framework keys before exposing this server');
  }
  if (!config.PUBLIC_BASE_URL && !['127.0.0.1', 'localhost', '::1'].includes(config.HOST)) {
    // URLs are never taken from request headers: other machines need the public address configured.
    logger.warn({ host: config.HOST }, `PUBLIC_BASE_URL is not set: Direct Line stream and file URLs will name ${config.publicBaseUrl}, which other machines may not reach`);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.close().finally(() => process.exit(0));
    });
  }
}

main().catch((error: Error) => {
  const kind = error instanceof ConfigError ? 'Configuration error' : 'Start-up failed';
  console.error(`${kind} — ${error.message.split('\n').join('; ')}`);
  process.exit(1);
});
