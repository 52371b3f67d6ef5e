// npm run bench — a turn of POST /api/messages (expectReplies) against the SDK's own EchoBot
// (bench/echo-bot.ts, same adapter and auth settings) and a bare restify echo, measured in the same
// run; p99 with 10 vs 10,000 conversations stored; heap allocated per turn; bytes stored per conversation.
// Machines are shared and noisy: servers stay up and are loaded in alternating rounds, medians are
// reported, and the ratios are what to read, not the absolute numbers. See bench/README.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { LowdbStorage } from '../storage/lowdb-storage.js';
import { heapPerOpenConversation } from './ws-heap.js';
import { messageTurn } from './message-turn.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = 3;
const CONNECTIONS = 50;

interface Server {
  url: string;
  child: ChildProcess;
  /** The next line the server prints on stdout. */
  line(): Promise<string>;
}

async function startServer(kind: 'bot' | 'bare' | 'echo', env: Record<string, string> = {}): Promise<Server> {
  const script = kind === 'echo' ? ['echo-bot.ts'] : ['servers.ts', kind];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, script[0]), ...script.slice(1)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const line = async () => String((await lines.next()).value ?? '');
  return { url: (await line()).trim(), child, line };
}

async function load(url: string, label: string, seconds = DURATION): Promise<autocannon.Result> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    // One conversation per connection: 50 concurrent conversations taking message turns.
    setupClient: (client) => client.setBody(messageTurn(`bench-${label}-${Math.random().toString(36).slice(2)}`)),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
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

interface Figures {
  rps: number;
  p50: number;
  p99: number;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medians = (runs: autocannon.Result[]): Figures => ({
  rps: median(runs.map((r) => r.requests.average)),
  p50: median(runs.map((r) => r.latency.p50)),
  p99: median(runs.map((r) => r.latency.p99)),
});

/** Heap allocated per turn: bench/alloc-probe.ts in the server counts while a short load runs. */
async function allocPerTurn(server: Server, label: string): Promise<number> {
  server.child.kill('SIGUSR2');
  await server.line();
  const result = await load(server.url, `alloc-${label}`, Math.max(2, DURATION / 2));
  server.child.kill('SIGUSR2');
  const bytes = Number((await server.line()).split(' ')[1]);
  return bytes / result.requests.total;
}

async function footprint(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

const TWENTY_TURNS = [
  '안녕하세요',
  '인증서 파일 확인',
  '메뉴',
  '인증서 갱신하고 싶어요',
  '비밀번호를 잊어버렸어요',
  'help',
  'I lost my certificate password',
  '인증서가 안 보여요',
  '처음으로',
  '공동인증서 발급',
];

/** Bytes and files a lowdb server stores for one conversation of `turns` message turns. */
async function storedPerConversation(dataDir: string, turns: number): Promise<{ files: number; bytes: number }> {
  await mkdir(dataDir, { recursive: true });
  const server = await startServer('bot', { STORAGE: 'lowdb', DATA_DIR: dataDir });
  try {
    const before = await footprint(dataDir);
    for (let i = 0; i < turns; i++) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: messageTurn(`footprint-${turns}`, TWENTY_TURNS[i % TWENTY_TURNS.length]),
      });
      if (!response.ok) throw new Error(`footprint turn ${i}: HTTP ${response.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // writes after the reply (transcripts) settle
    const after = await footprint(dataDir);
    return { files: after.files - before.files, bytes: after.bytes - before.bytes };
  } finally {
    server.child.kill();
  }
}

const row = (name: string, f: Figures) =>
  `${name.padEnd(44)} ${f.rps.toFixed(0).padStart(8)} turns/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms`;
const ratio = (name: string, value: number, goal = '') => `${name.padEnd(52)} ${value.toFixed(2)}${goal ? `   (goal ${goal})` : ''}`;

const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-'));
const servers: Server[] = [];
try {
  console.log(`autocannon: ${CONNECTIONS} connections (one conversation each), ${DURATION}s per run, ${ROUNDS} alternating rounds\n`);
  const bareServer = await startServer('bare');
  servers.push(bareServer);
  await load(bareServer.url, 'warmup-bare').catch(() => undefined);
  const bare = medians([await load(bareServer.url, 'bare')]);
  bareServer.child.kill();

  const small = path.join(tmp, 'small');
  const large = path.join(tmp, 'large');
  await seed(small, 10);
  const seedStart = Date.now();
  await seed(large, 10_000);
  console.log(`seeded 10,000 stored conversations in ${((Date.now() - seedStart) / 1000).toFixed(1)} s\n`);

  // All measured servers stay up and take their runs in turn, round after round: a noisy neighbour
  // then hits every side alike, and the medians of the rounds are compared.
  const named = {
    echo: await startServer('echo'),
    memory: await startServer('bot', { STORAGE: 'memory' }),
    // The same turn without recording it for QA: what the transcript (redaction + storage) costs.
    unrecorded: await startServer('bot', { STORAGE: 'memory', TRANSCRIPTS: 'off' }),
    lowdb: await startServer('bot', { STORAGE: 'lowdb', DATA_DIR: small }),
    lowdb10k: await startServer('bot', { STORAGE: 'lowdb', DATA_DIR: large }),
  };
  servers.push(...Object.values(named));
  const runs: Record<keyof typeof named, autocannon.Result[]> = { echo: [], memory: [], unrecorded: [], lowdb: [], lowdb10k: [] };
  for (const [name, server] of Object.entries(named)) await load(server.url, `warmup-${name}`).catch(() => undefined);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, server] of Object.entries(named)) runs[name as keyof typeof named].push(await load(server.url, `${name}-${round}`));
  }
  const echo = medians(runs.echo);
  const memory = medians(runs.memory);
  const unrecorded = medians(runs.unrecorded);
  const lowdb = medians(runs.lowdb);
  const lowdb10k = medians(runs.lowdb10k);
  const allocEcho = await allocPerTurn(named.echo, 'echo');
  const allocMemory = await allocPerTurn(named.memory, 'memory');
  for (const server of Object.values(named)) server.child.kill();

  console.log(row('bare restify JSON echo', bare));
  console.log(row('SDK EchoBot (bench/echo-bot.ts)', echo));
  console.log(row('our turn, memory storage (median)', memory));
  console.log(row('our turn, memory, TRANSCRIPTS=off (median)', unrecorded));
  console.log(row('our turn, lowdb, 10 stored (median)', lowdb));
  console.log(row('our turn, lowdb, 10,000 stored (median)', lowdb10k));
  console.log('');
  console.log(ratio('throughput ours(memory) / EchoBot', memory.rps / echo.rps, '≥ 0.8'));
  console.log(ratio('throughput ours(lowdb) / EchoBot', lowdb.rps / echo.rps, '≥ 0.6'));
  console.log(ratio('p99 ours(memory) / EchoBot', memory.p99 / Math.max(1, echo.p99), '≤ 1.5'));
  console.log(ratio('p99 ours(lowdb) / EchoBot', lowdb.p99 / Math.max(1, echo.p99), '≤ 1.5'));
  console.log(ratio('p50 ours(memory) / EchoBot', memory.p50 / Math.max(1, echo.p50)));
  // CPU-bound, so turns/s is inverse CPU per turn: the share of a turn's CPU that recording takes.
  console.log(ratio('throughput ours(memory, TRANSCRIPTS=off) / EchoBot', unrecorded.rps / echo.rps));
  console.log(ratio('share of our turn spent recording the transcript', 1 - memory.rps / unrecorded.rps));
  console.log(ratio('throughput EchoBot / bare restify', echo.rps / bare.rps));
  console.log(ratio('p99 lowdb 10,000 / 10 stored', lowdb10k.p99 / Math.max(1, lowdb.p99), 'near 1: a turn does not rewrite every conversation'));
  console.log(ratio('throughput lowdb 10,000 / 10 stored', lowdb10k.rps / lowdb.rps));
  console.log('');
  const idle = await storedPerConversation(path.join(tmp, 'idle'), 1);
  const twenty = await storedPerConversation(path.join(tmp, 'twenty'), 20);
  const wsHeap = await heapPerOpenConversation(1000);

  console.log(
    `heap allocated per turn: EchoBot ${(allocEcho / 1024).toFixed(0)} KB, ours (memory) ${(allocMemory / 1024).toFixed(0)} KB   (ratio ${(allocMemory / allocEcho).toFixed(1)})`,
  );
  console.log(`stored on lowdb, idle conversation (1 turn):  ${(idle.bytes / 1024).toFixed(1)} KB in ${idle.files} files   (goal ≤ 10 KB)`);
  console.log(`heap per 1,000 open WebSocket conversations (Direct Line): ${((wsHeap * 1000) / 1024 / 1024).toFixed(1)} MB`);
  console.log(`stored on lowdb, 20-turn conversation:        ${(twenty.bytes / 1024).toFixed(1)} KB in ${twenty.files} files   (goal: a handful of files)`);
} finally {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill();
  await rm(tmp, { recursive: true, force: true });
}
