import { ConfigError, parseConfig } from '../../server/config.js';

/** The one-line message a bad environment is refused with (fails the test when it is accepted). */
export function configErrorFor(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message;
  }
  throw new Error('expected a ConfigError');
}
