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
