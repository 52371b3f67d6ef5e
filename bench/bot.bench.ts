// npm run bench — turn throughput and latency of POST /api/messages (expectReplies) against a bare
// restify echo measured in the same run, and p99 with 10 vs 10,000 conversations already stored.
// Machines are shared and noisy: read the ratios, not the absolute numbers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { LowdbStorage } from '../storage/lowdb-storage.js';
import { messageTurn } from './message-turn.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = 3;

/** The run with the median p99 latency (its throughput is reported with it). */
function medianRun(runs: autocannon.Result[]): autocannon.Result {
  return [...runs].sort((a, b) => a.latency.p99 - b.latency.p99)[Math.floor(runs.length / 2)];
}
const CONNECTIONS = 50;

async function startServer(kind: 'bot' | 'bare', env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'servers.ts'), kind], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), child };
}

async function load(url: string, label: string): Promise<autocannon.Result> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { 'content-type': 'application/json' },
    // One conversation per connection: 50 concurrent conversations taking message turns.
    setupClient: (client) => client.setBody(messageTurn(`bench-${label}-${Math.random().toString(36).slice(2)}`)),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

async function withServer<T>(kind: 'bot' | 'bare', env: Record<string, string>, run: (url: string) => Promise<T>): Promise<T> {
  const { url, child } = await startServer(kind, env);
  try {
    await load(url, 'warmup-' + kind).catch(() => undefined);
    return await run(url);
  } finally {
    child.kill();
  }
}

async function seed(dataDir: string, conversations: number): Promise<void> {
  // The same keys ConversationState writes, so the stored conversations are real neighbours.
  const storage = new LowdbStorage(path.join(dataDir, 'store'));
  for (let i = 0; i < conversations; i += 500) {
    const batch: Record<string, object> = {};
    for (let j = i; j < Math.min(i + 500, conversations); j++) {
      batch[`emulator/conversations/seeded-${j}/`] = { conversationData: { turns: 3, lastTopic: 'trouble' } };
    }
    await storage.write(batch);
  }
}

const row = (name: string, r: autocannon.Result) =>
  `${name.padEnd(42)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms`;

const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-'));
try {
  console.log(`autocannon: ${CONNECTIONS} connections (one conversation each), ${DURATION}s per run\n`);
  const bare = await withServer('bare', {}, (url) => load(url, 'bare'));
  const botMemory = await withServer('bot', { STORAGE: 'memory' }, (url) => load(url, 'memory'));

  const small = path.join(tmp, 'small');
  const large = path.join(tmp, 'large');
  await seed(small, 10);
  const seedStart = Date.now();
  await seed(large, 10_000);
  console.log(`seeded 10,000 stored conversations in ${((Date.now() - seedStart) / 1000).toFixed(1)} s\n`);
  // The two stored-conversation sizes are compared in alternating rounds on servers that both stay
  // up, and the medians are reported: a noisy neighbour then hits both sides alike.
  const small10 = await startServer('bot', { STORAGE: 'lowdb', DATA_DIR: small });
  const large10k = await startServer('bot', { STORAGE: 'lowdb', DATA_DIR: large });
  const rounds: { small: autocannon.Result[]; large: autocannon.Result[] } = { small: [], large: [] };
  try {
    await load(small10.url, 'warmup-small').catch(() => undefined);
    await load(large10k.url, 'warmup-large').catch(() => undefined);
    for (let round = 0; round < ROUNDS; round++) {
      rounds.small.push(await load(small10.url, `lowdb10-${round}`));
      rounds.large.push(await load(large10k.url, `lowdb10k-${round}`));
    }
  } finally {
    small10.child.kill();
    large10k.child.kill();
  }
  const lowdbSmall = medianRun(rounds.small);
  const lowdbLarge = medianRun(rounds.large);

  console.log(row('bare restify JSON echo', bare));
  console.log(row('bot turn, memory storage', botMemory));
  console.log(row('bot turn, lowdb, 10 stored (median)', lowdbSmall));
  console.log(row('bot turn, lowdb, 10,000 stored (median)', lowdbLarge));
  console.log('');
  console.log(`ratio bot(memory)/bare throughput:        ${(botMemory.requests.average / bare.requests.average).toFixed(2)}`);
  console.log(`ratio bot(lowdb)/bare throughput:         ${(lowdbSmall.requests.average / bare.requests.average).toFixed(2)}`);
  console.log(`ratio p99 lowdb 10,000 / 10 stored:       ${(lowdbLarge.latency.p99 / Math.max(1, lowdbSmall.latency.p99)).toFixed(2)}   (near 1: a turn does not rewrite every conversation)`);
  console.log(`ratio p50 lowdb 10,000 / 10 stored:       ${(lowdbLarge.latency.p50 / Math.max(1, lowdbSmall.latency.p50)).toFixed(2)}`);
  console.log(`ratio throughput lowdb 10,000 / 10 stored: ${(lowdbLarge.requests.average / lowdbSmall.requests.average).toFixed(2)}`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
