// Two ways to compare in ONE run, all servers up at once and loaded in alternating rounds like
// `npm run bench` (medians; on a shared, noisy machine only ratios within one run mean anything):
//
// - `BENCH_BASE=<another checkout> node --import tsx bench/compare.bench.ts` — before/after: the SDK's
//   EchoBot and our turn (memory, lowdb) from this checkout and from BENCH_BASE (e.g. an earlier commit
//   unpacked with `git archive <commit> | tar -x -C <dir>`, node_modules linked), paired per round;
// - `BENCH_VARIANTS='name:KEY=value,KEY=value;name2:…' node --import tsx bench/compare.bench.ts` — the
//   EchoBot and our turn of this checkout under each setting (memory storage unless one says otherwise;
//   a lowdb variant gets a data directory of its own), e.g.
//   `BENCH_VARIANTS='recorded:STORAGE=memory;unrecorded:TRANSCRIPTS=off'` or
//   `BENCH_VARIANTS='pool1:STORAGE=lowdb,UV_THREADPOOL_SIZE=1;pool16:STORAGE=lowdb,UV_THREADPOOL_SIZE=16'`.
//
// See bench/README.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { messageTurn } from './message-turn.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const here = path.resolve(import.meta.dirname, '..');
const base = process.env.BENCH_BASE ? path.resolve(process.env.BENCH_BASE) : undefined;
const variants = process.env.BENCH_VARIANTS ? parseVariants(process.env.BENCH_VARIANTS) : undefined;
if (!base && !variants) throw new Error("BENCH_BASE (another checkout's directory) or BENCH_VARIANTS ('name:KEY=value,…;…') is needed");

/** `name:KEY=value,KEY=value;name2:…` → the settings of each named variant. */
function parseVariants(spec: string): [string, Record<string, string>][] {
  return spec
    .split(';')
    .filter((part) => part.trim())
    .map((part) => {
      const [name, settings = ''] = part.split(/:(.*)/s);
      const env = settings.split(',').filter(Boolean);
      if (!name.trim() || env.some((pair) => !/^[A-Z_][A-Z0-9_]*=/.test(pair))) throw new Error(`BENCH_VARIANTS: "${part}" is not name:KEY=value,…`);
      return [name.trim(), Object.fromEntries(env.map((pair) => pair.split(/=(.*)/s).slice(0, 2)))];
    });
}

async function start(root: string, script: string[], env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', script[0]), ...script.slice(1)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  return { url: String(first.value ?? '').trim(), child };
}

/** CPU time (user + system, ms) the process has used: per turn it is the steadiest figure on a loaded machine. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

async function load(url: string, label: string): Promise<autocannon.Result> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: 50,
    duration: DURATION,
    headers: { 'content-type': 'application/json' },
    setupClient: (client) => client.setBody(messageTurn(`compare-${label}-${Math.random().toString(36).slice(2)}`)),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const tmp = await mkdtemp(path.join(os.tmpdir(), 'compare-'));
const servers: Record<string, { url: string; child: ChildProcess }> = {};
try {
  servers.echo = await start(here, ['echo-bot.ts']);
  for (const [name, env] of variants ?? []) {
    servers[name] = await start(here, ['servers.ts', 'bot'], { STORAGE: 'memory', DATA_DIR: path.join(tmp, name), ...env });
  }
  if (base) {
    for (const [side, root] of [
      ['after', here],
      ['before', base],
    ] as const) {
      servers[`memory ${side}`] = await start(root, ['servers.ts', 'bot'], { STORAGE: 'memory' });
      servers[`lowdb ${side}`] = await start(root, ['servers.ts', 'bot'], { STORAGE: 'lowdb', DATA_DIR: path.join(tmp, side) });
    }
  }
  const runs: Record<string, autocannon.Result[]> = {};
  const cpu: Record<string, number[]> = {};
  for (const [name, server] of Object.entries(servers)) await load(server.url, `warmup-${name}`).catch(() => undefined);
  // Alternate the order each round (a neighbour's burst should not always hit the same side), and
  // pair each round's before and after: the median of paired ratios is steadier than a ratio of medians.
  const paired: Record<string, { rps: number[]; cpu: number[] }> = { memory: { rps: [], cpu: [] }, lowdb: { rps: [], cpu: [] } };
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.entries(servers);
    if (round % 2) order.reverse();
    for (const [name, server] of order) {
      const before = await cpuMs(server.child.pid!);
      const result = await load(server.url, `${name}-${round}`.replace(/ /g, '-'));
      (cpu[name] ??= []).push(((await cpuMs(server.child.pid!)) - before) / result.requests.total);
      (runs[name] ??= []).push(result);
    }
    for (const storage of base ? ['memory', 'lowdb'] : []) {
      const [after, before] = [`${storage} after`, `${storage} before`];
      paired[storage].rps.push(runs[after][round].requests.average / runs[before][round].requests.average);
      paired[storage].cpu.push(cpu[after][round] / cpu[before][round]);
    }
  }
  const figures = Object.fromEntries(
    Object.entries(runs).map(([name, results]) => [
      name,
      {
        rps: median(results.map((r) => r.requests.average)),
        p50: median(results.map((r) => r.latency.p50)),
        p99: median(results.map((r) => r.latency.p99)),
        cpu: median(cpu[name]),
      },
    ]),
  );
  console.log(
    `${ROUNDS} alternating rounds of ${DURATION} s, 50 connections; ${base ? `before = ${base}` : `variants: ${process.env.BENCH_VARIANTS}`}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  for (const [name, f] of Object.entries(figures)) {
    const vs =
      name === 'echo'
        ? ''
        : `   ×EchoBot: turns/s ${(f.rps / figures.echo.rps).toFixed(2)}, p99 ${(f.p99 / Math.max(1, figures.echo.p99)).toFixed(2)}, CPU/turn ${(f.cpu / figures.echo.cpu).toFixed(2)}`;
    console.log(
      `${name.padEnd(14)} ${f.rps.toFixed(0).padStart(6)} turns/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(5)} ms  CPU ${f.cpu.toFixed(2)} ms/turn${vs}`,
    );
  }
  for (const storage of base ? ['memory', 'lowdb'] : []) {
    const after = figures[`${storage} after`];
    const before = figures[`${storage} before`];
    console.log(
      `${storage}: after/before turns/s ${(after.rps / before.rps).toFixed(2)}, p50 ${(after.p50 / Math.max(1, before.p50)).toFixed(2)}, p99 ${(after.p99 / Math.max(1, before.p99)).toFixed(2)}, CPU/turn ${(after.cpu / before.cpu).toFixed(2)}; ` +
        `paired per round: turns/s ${median(paired[storage].rps).toFixed(2)} [${paired[storage].rps.map((r) => r.toFixed(2)).join(' ')}], CPU/turn ${median(paired[storage].cpu).toFixed(2)} [${paired[storage].cpu.map((r) => r.toFixed(2)).join(' ')}]`,
    );
  }
} finally {
  await Promise.all(Object.values(servers).map((server) => (server.child.exitCode === null && server.child.kill() ? once(server.child, 'exit') : undefined)));
  await rm(tmp, { recursive: true, force: true });
}
