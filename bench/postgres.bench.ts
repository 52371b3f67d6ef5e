// npm run bench (second part) — issue 12's rows, measured in one run on this machine:
// one instance on PostgreSQL vs the same on lowdb and memory; PostgreSQL round trips per turn;
// 10 vs 100,000 stored conversations on PostgreSQL; two instances vs one on the same database.
// Machines are shared and noisy: read the ratios, not the absolute numbers.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { migrate } from '../storage/postgres/migrate.js';
import { createPool, type PostgresSettings } from '../storage/postgres/pool.js';
import { messageTurn } from './message-turn.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = 50;
const ROUNDS = 3;
const DATABASE_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SHARED = {
  DIRECTLINE_SECRET: randomBytes(24).toString('base64url'),
  AGENT_SESSION_SECRET: randomBytes(32).toString('base64url'),
  CALLBACK_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
  ...Object.fromEntries(['TOKENS', 'CONVERSATIONS', 'MESSAGES', 'CONVERSATION_MESSAGES'].map((name) => [`RATE_LIMIT_${name}`, '1000000/1m'])),
};

interface Server {
  url: string;
  child: ChildProcess;
  roundTrips(): Promise<number>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'postgres-server.ts')], {
    env: { ...process.env, ...SHARED, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    url: chunk.toString().trim(),
    child,
    roundTrips: async () => {
      child.send('round-trips');
      const [message] = (await once(child, 'message')) as [{ roundTrips: number }];
      return message.roundTrips;
    },
  };
}

/** The SDK's EchoBot, as in `bench/bot.bench.ts`; its URL without the /api/messages that `load` adds. */
async function startEchoBot(): Promise<{ url: string; kill(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'echo-bot.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    url: chunk
      .toString()
      .trim()
      .replace(/\/api\/messages$/, ''),
    kill: () => child.kill(),
  };
}

async function load(url: string, label: string, connections = CONNECTIONS): Promise<autocannon.Result> {
  const result = await autocannon({
    url: `${url}/api/messages`,
    method: 'POST',
    connections,
    duration: DURATION,
    headers: { 'content-type': 'application/json' },
    setupClient: (client) => client.setBody(messageTurn(`bench-${label}-${Math.random().toString(36).slice(2)}`)),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

const median = (runs: autocannon.Result[]) => [...runs].sort((a, b) => a.latency.p99 - b.latency.p99)[Math.floor(runs.length / 2)];
const row = (name: string, r: { requests: { average: number }; latency: { p50: number; p99: number } }) =>
  `${name.padEnd(46)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms`;
const ratio = (label: string, value: number, note = '') => console.log(`${label.padEnd(52)} ${value.toFixed(2)}${note ? `   (${note})` : ''}`);

/** A fresh migrated schema; `stored` conversations inserted with ONE SQL statement (not through the bot). */
async function schemaWith(stored: number): Promise<{ settings: PostgresSettings; env: Record<string, string> }> {
  const settings: PostgresSettings = { connectionString: DATABASE_URL, schema: `bench_${randomBytes(4).toString('hex')}`, poolSize: 2 };
  await migrate(settings);
  const pool = createPool(settings);
  try {
    // Real neighbours: bot state, a Direct Line log row and a transcript row per stored conversation.
    await pool.query(
      `WITH state AS (
         INSERT INTO bot_state (key, document, etag)
         SELECT 'emulator/conversations/seeded-' || g || '/', '{"conversationData":{"turns":3,"lastTopic":"trouble"}}'::jsonb, 'seed-' || g
         FROM generate_series(1, $1) g RETURNING 1),
       log AS (
         INSERT INTO dl_conversations (id, meta) SELECT 'seeded-' || g, '{}'::jsonb FROM generate_series(1, $1) g RETURNING 1)
       INSERT INTO transcript_conversations (conversation_id, channel_id, started_at, last_activity_at, activity_count)
       SELECT 'seeded-' || g, 'directline', now(), now(), 3 FROM generate_series(1, $1) g`,
      [stored],
    );
    await pool.query('ANALYZE');
  } finally {
    await pool.end();
  }
  return { settings, env: { STORAGE: 'postgres', DATABASE_URL, DATABASE_SCHEMA: settings.schema, DATABASE_POOL_SIZE: '10' } };
}

async function dropSchemas(schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Round trips per turn: sequential turns of one conversation, the counter read before and after. */
async function roundTripsPerTurn(server: Server, turns = 40): Promise<{ messages: number; directLine: number }> {
  const conversation = `rt-${randomBytes(4).toString('hex')}`;
  const post = (text: string) =>
    fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: messageTurn(conversation, text) });
  await post('안녕하세요');
  let before = await server.roundTrips();
  for (let i = 0; i < turns; i++) await post(i % 2 ? '인증서 파일 확인' : '처음으로');
  const messages = ((await server.roundTrips()) - before) / turns;

  // The customer's path: POST to the embedded Direct Line (log append, the turn, the reply's append).
  const { token, conversationId } = (await (await fetch(`${server.url}/api/webchat/token`, { method: 'POST' })).json()) as {
    token: string;
    conversationId: string;
  };
  const headers = { Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers });
  const base = `${server.url}/v3/directline/conversations/${conversationId}/activities`;
  const say = (text: string) =>
    fetch(base, { method: 'POST', headers, body: JSON.stringify({ type: 'message', from: { id: 'dl_bench' }, text, locale: 'ko-KR' }) });
  await say('안녕하세요');
  await new Promise((resolve) => setTimeout(resolve, 500));
  before = await server.roundTrips();
  for (let i = 0; i < turns; i++) await say(i % 2 ? '인증서 파일 확인' : '처음으로');
  await new Promise((resolve) => setTimeout(resolve, 500)); // replies written after the POST returned
  const directLine = ((await server.roundTrips()) - before) / turns;
  return { messages, directLine };
}

const probe = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3_000 });
try {
  await probe.connect();
  await probe.end();
} catch (error) {
  console.log(`PostgreSQL benchmark skipped (${DATABASE_URL}: ${(error as Error).message}); start PostgreSQL or set BENCH_DATABASE_URL.`);
  process.exit(0);
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-pg-'));
const schemas: string[] = [];
const running: Server[] = [];
const start = async (env: Record<string, string>) => {
  const server = await startServer(env);
  running.push(server);
  return server;
};
try {
  console.log(`\nPostgreSQL (issue 12) — autocannon, ${CONNECTIONS} connections (one conversation each), ${DURATION}s per run\n`);
  const small = await schemaWith(10);
  schemas.push(small.settings.schema);
  const seedStart = Date.now();
  const large = await schemaWith(100_000);
  schemas.push(large.settings.schema);
  console.log(
    `seeded 100,000 stored conversations (bot state, Direct Line and transcript rows) with one statement in ${((Date.now() - seedStart) / 1000).toFixed(1)} s\n`,
  );

  // 1. One instance: the SDK's EchoBot (the issue's baseline), memory, lowdb, PostgreSQL — alternating rounds, medians.
  const echo = await startEchoBot();
  const memory = await start({ STORAGE: 'memory' });
  const lowdb = await start({ STORAGE: 'lowdb', DATA_DIR: path.join(tmp, 'lowdb') });
  const postgres = await start(small.env);
  const postgresLarge = await start(large.env);
  const runs: Record<'echo' | 'memory' | 'lowdb' | 'postgres' | 'large', autocannon.Result[]> = { echo: [], memory: [], lowdb: [], postgres: [], large: [] };
  const targets = { echo, memory, lowdb, postgres, large: postgresLarge };
  for (const [name, server] of Object.entries(targets)) await load(server.url, `warmup-${name}`).catch(() => undefined);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, server] of Object.entries(targets) as [keyof typeof runs, Server][]) runs[name].push(await load(server.url, `${name}-${round}`));
  }
  echo.kill();
  memory.child.kill();
  lowdb.child.kill();
  postgresLarge.child.kill();

  // 2. Round trips per turn on the PostgreSQL instance.
  const trips = await roundTripsPerTurn(postgres);

  // 3. Two instances vs one on the same database: the same 50 connections, split over two processes.
  const second = await start(small.env);
  await load(second.url, 'warmup-second').catch(() => undefined);
  const pairs: { one: autocannon.Result; sum: number; p99: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const one = await load(postgres.url, `one-${round}`);
    const [a, b] = await Promise.all([load(postgres.url, `pairA-${round}`, CONNECTIONS / 2), load(second.url, `pairB-${round}`, CONNECTIONS / 2)]);
    pairs.push({ one, sum: a.requests.average + b.requests.average, p99: Math.max(a.latency.p99, b.latency.p99) });
  }
  const medianPair = [...pairs].sort((x, y) => x.sum / x.one.requests.average - y.sum / y.one.requests.average)[Math.floor(pairs.length / 2)];

  const [e, m, l, p, pl] = [median(runs.echo), median(runs.memory), median(runs.lowdb), median(runs.postgres), median(runs.large)];
  console.log(row('SDK EchoBot (bench/echo-bot.ts)', e));
  console.log(row('bot turn, memory (median)', m));
  console.log(row('bot turn, lowdb (median)', l));
  console.log(row('bot turn, PostgreSQL, 10 stored (median)', p));
  console.log(row('bot turn, PostgreSQL, 100,000 stored (median)', pl));
  console.log(row('one instance, PostgreSQL (pair round, median)', medianPair.one));
  console.log(
    `${'two instances, PostgreSQL (sum, max p99)'.padEnd(46)} ${medianPair.sum.toFixed(0).padStart(8)} req/s   p99 ${String(medianPair.p99).padStart(4)} ms`,
  );
  console.log('');
  ratio('ratio throughput PostgreSQL / EchoBot:', p.requests.average / e.requests.average, 'goal ≥ 0.5');
  ratio('ratio throughput PostgreSQL / memory:', p.requests.average / m.requests.average);
  ratio('ratio throughput PostgreSQL / lowdb:', p.requests.average / l.requests.average);
  ratio('ratio p50 PostgreSQL / lowdb:', p.latency.p50 / Math.max(1, l.latency.p50));
  ratio('PostgreSQL round trips per /api/messages turn:', trips.messages, 'aim: at most 3');
  ratio('PostgreSQL round trips per Direct Line turn:', trips.directLine, 'customer post + bot turn + reply, from the POST');
  ratio('ratio p50 PostgreSQL 100,000 / 10 stored:', pl.latency.p50 / Math.max(1, p.latency.p50), 'aim: within 1.2');
  ratio('ratio p99 PostgreSQL 100,000 / 10 stored:', pl.latency.p99 / Math.max(1, p.latency.p99));
  ratio(
    'ratio throughput two instances / one:',
    medianPair.sum / medianPair.one.requests.average,
    `${os.cpus().length} cores shared by both instances, PostgreSQL and the load generator: CPU-bound, so near 1 here`,
  );
} finally {
  for (const server of running) server.child.kill();
  await dropSchemas(schemas).catch((error) => console.error(`could not drop bench schemas: ${(error as Error).message}`));
  await rm(tmp, { recursive: true, force: true });
}
