import type { JWTVerifyGetKey } from 'jose';
import type pino from 'pino';
import type { BotFrameworkEndpoints } from '../../server/adapter.js';
import { createApp, type App } from '../../server/index.js';
import { parseConfig, type Config } from '../../server/config.js';
import { createLogger } from '../../lib/logger.js';
import { ListableMemoryStorage, type ListableStorage } from '../../storage/index.js';

/**
 * The whole assistant on a random local port, wired as `npm start` wires it (memory storage unless given).
 * `jwks` stands in for Microsoft's Teams SSO signing keys (a locally generated key set in tests);
 * `botFramework` for the Bot Connector's signing keys and outbound tokens (test/support/bot-framework.ts).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: {
    storage?: ListableStorage;
    log?: pino.DestinationStream;
    now?: () => Date;
    jwks?: JWTVerifyGetKey;
    botFramework?: BotFrameworkEndpoints;
    /** Default true: an agent acted in Teams a moment ago, so customers are queued; false = nobody on shift. */
    agentOnShift?: boolean;
  } = {},
): Promise<{ app: App; url: string; config: Config }> {
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: options.log ? 'trace' : 'silent', ...env });
  const logger = createLogger(config.LOG_LEVEL, options.log);
  const app = await createApp(config, logger, {
    // STORAGE=postgres opens its own pool on DATABASE_URL / DATABASE_SCHEMA (several apps share one schema).
    storage: options.storage ?? (config.STORAGE === 'postgres' ? undefined : new ListableMemoryStorage()),
    now: options.now,
    jwks: options.jwks,
    botFramework: options.botFramework,
  });
  if (options.agentOnShift !== false) await app.handoff.presence.seen({ id: 'agent-on-shift', name: '상담원', tenantId: config.HANDOFF_TENANT_ID }, 'teams');
  const url = await app.listen();
  return { app, url, config };
}
