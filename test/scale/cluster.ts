import { createServer } from 'node:net';
import type pg from 'pg';
import { migrate } from '../../storage/postgres/migrate.js';
import { createPool } from '../../storage/postgres/pool.js';
import { dropSchema, TEST_DATABASE_URL, testSchemaName, testSettings } from '../../storage/postgres/test-support.js';
import { spawnServer, type ServerProcess } from '../support/server-process.js';
import { startNginx, type RunningNginx } from './nginx.js';

/**
 * Several real server processes (`server/index.ts`, as `npm start` runs it) on ONE fresh
 * PostgreSQL schema, with the shared secrets every instance must agree on, and optionally the
 * shipped nginx configuration in front. Each instance has a fixed port, so a killed instance
 * restarts where nginx and the clients expect it.
 */
export interface Cluster {
  schema: string;
  /** A pool on the cluster's schema, for assertions on what was stored. */
  pool: pg.Pool;
  instances: (ServerProcess | undefined)[];
  ports: number[];
  /** Base URL of instance i (the same after a restart). */
  url(i: number): string;
  nginx?: RunningNginx;
  /** (Re)starts instance i on its port. */
  start(i: number, extraEnv?: Record<string, string>): Promise<ServerProcess>;
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Every instance, nginx, the pool, and the schema. */
  stop(): Promise<void>;
}

export const SHARED_SECRETS = {
  DIRECTLINE_SECRET: 'scale-directline-secret-0123456789',
  AGENT_SESSION_SECRET: 'scale-agent-session-secret-0123456789',
  CALLBACK_ENCRYPTION_KEY: 'c2NhbGUtY2FsbGJhY2sta2V5LTAxMjM0NTY3ODlhYmM',
};

/** Scale and crash tests are not limits tests: many conversations from 127.0.0.1 must not meet per-client limits. */
export const UNLIMITED = Object.fromEntries(
  ['TOKENS', 'CONVERSATIONS', 'MESSAGES', 'CONVERSATION_MESSAGES', 'UPLOADS', 'TICKETS', 'CERT_CHECKS'].map((name) => [`RATE_LIMIT_${name}`, '100000/1m']),
);

/**
 * A port free right now, from 20000–29999: below Linux's ephemeral range (32768+), where every
 * PORT=0 server and outgoing connection of the other test files takes its ports, so that nothing
 * grabs it in the minute an instance needs to start on this busy machine.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export async function startCluster(count: number, { env = {}, nginx = false }: { env?: Record<string, string>; nginx?: boolean } = {}): Promise<Cluster> {
  const schema = testSchemaName();
  const settings = testSettings(schema, 4);
  // Migrated once here, so instances starting together do not race the test's own assertions;
  // each instance still runs its start-up migration (a no-op under the advisory lock).
  await migrate(settings);
  const pool = createPool(settings);
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  // Behind nginx, the URLs the instances hand out (stream, attachments) name nginx, and nginx's
  // X-Forwarded-For is trusted (as deploy/README.md says to run them).
  const nginxPort = nginx ? await freePort() : undefined;
  const behindNginx: Record<string, string> = nginxPort ? { PUBLIC_BASE_URL: `http://127.0.0.1:${nginxPort}`, TRUST_PROXY: '127.0.0.1' } : {};
  const instances: (ServerProcess | undefined)[] = Array.from({ length: count });
  async function startOn(i: number, extraEnv: Record<string, string>): Promise<ServerProcess> {
    instances[i] = await spawnServer(
      {
        STORAGE: 'postgres',
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: schema,
        DATABASE_POOL_SIZE: '5',
        PORT: String(ports[i]),
        TRANSCRIPTS: 'on',
        ...SHARED_SECRETS,
        ...UNLIMITED,
        ...behindNginx,
        ...env,
        ...extraEnv,
      },
      { startTimeoutMs: 180_000 }, // several instances start at once on 2 cores
    );
    return instances[i]!;
  }
  const cluster: Cluster = {
    schema,
    pool,
    instances,
    ports,
    url: (i) => `http://127.0.0.1:${ports[i]}`,
    async start(i, extraEnv = {}) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await startOn(i, extraEnv);
        } catch (error) {
          if (!/EADDRINUSE/.test((error as Error).message) || attempt === 3) throw error;
          // Taken meanwhile: before nginx points at it, move; after, wait for it to be freed.
          if (!cluster.nginx) ports[i] = await freePort();
          else await new Promise((resolve) => setTimeout(resolve, 2_000));
        }
      }
    },
    async kill(i, signal = 'SIGKILL') {
      await instances[i]?.stop(signal);
    },
    async stop() {
      await cluster.nginx?.stop();
      await Promise.all(instances.map((instance) => instance?.stop('SIGKILL')));
      await pool.end();
      await dropSchema(schema);
    },
  };
  try {
    // allSettled: when one instance fails to start, the others are still stopped below (no orphans).
    const started = await Promise.allSettled(instances.map((_, i) => cluster.start(i)));
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    if (nginxPort) cluster.nginx = await startNginx(ports, nginxPort);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
