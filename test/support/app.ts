import { MemoryStorage } from 'botbuilder';
import pino from 'pino';
import { createApp, type App } from '../../bot/app.js';
import { parseConfig, type Config } from '../../bot/config.js';

/** The whole assistant on a random local port with memory storage, as `npm start` wires it. */
export async function startTestApp(env: Record<string, string> = {}): Promise<{ app: App; url: string; config: Config }> {
  const config = parseConfig({ PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, pino({ level: 'silent' }), { storage: new MemoryStorage() });
  const url = await app.listen();
  return { app, url, config };
}
