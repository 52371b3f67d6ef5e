import type { JWTVerifyGetKey } from 'jose';
import type pino from 'pino';
import type { BotFrameworkEndpoints } from '../../server/adapter.js';
import { createApp, type App } from '../../server/index.js';
import { parseConfig, type Config } from '../../server/config.js';
import { createLogger } from '../../lib/logger.js';
import { ListableMemoryStorage, type ListableStorage } from '../../bot/storage/index.js';

/**
 * The whole assistant on a random local port, wired as `npm start` wires it (memory storage unless given).
 * `jwks` stands in for Microsoft's Teams SSO signing keys (a locally generated key set in tests);
 * `botFramework` for the Bot Connector's signing keys and outbound tokens (test/support/bot-framework.ts).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { storage?: ListableStorage; log?: pino.DestinationStream; now?: () => Date; jwks?: JWTVerifyGetKey; botFramework?: BotFrameworkEndpoints } = {},
): Promise<{ app: App; url: string; config: Config }> {
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: options.log ? 'trace' : 'silent', ...env });
  const logger = createLogger(config.LOG_LEVEL, options.log);
  const app = await createApp(config, logger, { storage: options.storage ?? new ListableMemoryStorage(), now: options.now, jwks: options.jwks, botFramework: options.botFramework });
  const url = await app.listen();
  return { app, url, config };
}
