import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets must never reach a log line: besides never passing them,
 * these paths are censored in case a whole object (an activity, a request) is logged.
 */
const SECRET_PATHS = [
  'password',
  '*.password',
  'rrn',
  '*.rrn',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'activity.text',
  'activity.value',
  'text',
  'value',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: SECRET_PATHS, censor: '[redacted]' }, base: { service: 'cert-helper' } }, destination);
}
