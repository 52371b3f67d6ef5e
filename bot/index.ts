import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startEmbedDemo } from '../server/embed-demo.js';

/**
 * Start-up. A bad setting or a broken content file stops the process with one readable line
 * (the key, or the file, path and reason) before anything listens.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // Last line of defence: nothing one client does may end the service for everyone. Each known
  // cause is handled where it arises (test/adversarial/ proves it); what slips through is logged
  // loudly — the adversarial suite fails on such a line — and the server keeps answering.
  process.on('uncaughtException', (error) => logger.fatal({ err: { message: error.message, stack: error.stack } }, 'uncaught exception (kept running)'));
  process.on('unhandledRejection', (reason) => logger.fatal({ err: { message: String((reason as Error)?.message ?? reason) } }, 'unhandled rejection (kept running)'));
  // Local mode only: a stand-in bank site on another port embeds the assistant (README "Embedding").
  const demo = !config.MicrosoftAppId && config.EMBED_DEMO_PORT !== undefined
    ? await startEmbedDemo({ port: config.EMBED_DEMO_PORT, host: config.HOST, assistantUrl: () => config.publicBaseUrl })
    : undefined;
  if (demo) config.EMBED_ALLOWED_ORIGINS.push(demo.url);
  const app = await createApp(config, logger);
  const url = await app.listen();
  logger.info(
    { url, storage: config.STORAGE, auth: config.MicrosoftAppId ? 'bot-framework' : 'local (anonymous, Emulator)' },
    `인증서 도우미 is listening: open ${config.publicBaseUrl}/`,
  );
  if (demo) logger.info({ url: demo.url }, `embedding demo (a stand-in bank site): open ${demo.url}/`);
  const listensOnLoopback = ['127.0.0.1', 'localhost', '::1'].includes(config.HOST);
  if (!config.MicrosoftAppId && !listensOnLoopback) {
    // Local mode accepts anonymous Bot Framework traffic (Emulator): fine on a developer's machine,
    // never on an address others can reach, where anyone could pose as Teams or a channel.
    logger.warn({ host: config.HOST }, 'no MicrosoftAppId: /api/messages accepts anonymous requests (loopback serviceUrls only) — set the Bot Framework keys before exposing this server');
  }
  if (!config.PUBLIC_BASE_URL && !listensOnLoopback) {
    // URLs are never taken from request headers: other machines need the public address configured.
    logger.warn({ host: config.HOST }, `PUBLIC_BASE_URL is not set: Direct Line stream and file URLs will name ${config.publicBaseUrl}, which other machines may not reach`);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      Promise.all([app.close(), demo?.close()]).finally(() => process.exit(0));
    });
  }
}

main().catch((error: Error) => {
  const kind = error instanceof ConfigError ? 'Configuration error' : 'Start-up failed';
  console.error(`${kind} — ${error.message.split('\n').join('; ')}`);
  process.exit(1);
});
