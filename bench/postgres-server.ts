// Child-process entry point of the PostgreSQL benchmark (bench/postgres.bench.ts): the real app as
// `createApp` builds it, with every PostgreSQL round trip counted. pg's Pool.query goes through
// Client.query, so wrapping Client.query counts each statement sent (BEGIN and COMMIT included).
// The parent asks for the count over IPC; prints the app's URL on stdout.
import pg from 'pg';
import pino from 'pino';
import { createApp } from '../server/index.js';
import { parseConfig } from '../server/config.js';

let roundTrips = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  roundTrips++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

process.on('message', (message) => {
  if (message === 'round-trips') process.send?.({ roundTrips });
});

const config = parseConfig({ ...process.env, PORT: process.env.PORT ?? '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
const app = await createApp(config, pino({ level: 'silent' }));
const url = await app.listen();
console.log(url);
