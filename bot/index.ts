import { ConfigError, loadConfig } from './config.js';
import { createApp } from './app.js';
import { createLogger } from './logger.js';

// Start-up: a bad setting stops the process with one line per key, before anything listens.
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error — ${error.message.split('\n').join('; ')}`);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.LOG_LEVEL);
const app = createApp(config, logger);
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
