// `node --import tsx bench/cpu-profile.ts [memory|lowdb] [seconds]` — where a turn of ours goes.
// Starts `bench/servers.ts bot` under `node --cpu-prof`, loads it like `npm run bench` (autocannon,
// 50 conversations, expectReplies message turns) after a warm-up, stops it with SIGTERM (the profile
// is written on exit), and prints the functions with the most self time and the packages with the
// most samples. Samples before the measured load (start-up, NLU training, warm-up) are left out.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { messageTurn } from './message-turn.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/<pkg>` (scoped too), `node:` internals, V8 pseudo-frames, or our folder. */
function ownerOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const root = path.resolve(import.meta.dirname, '..');
  const local = url.replace('file://', '');
  return local.startsWith(root) ? path.relative(root, local).split('/')[0] + '/' : url;
}

function label(frame: CallFrame): string {
  const root = path.resolve(import.meta.dirname, '..');
  const file = frame.url
    .replace('file://', '')
    .replace(root + '/', '')
    .replace(/.*node_modules\//, '');
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
}

/** Self-time shares by function and by package, and inclusive shares of our own functions. */
export function summarise(profile: CpuProfile, skipMicros: number, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const owners = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let at = profile.startTime;
  let counted = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    if (at - profile.startTime < skipMicros) return;
    counted++;
    const frame = byId.get(id)!.callFrame;
    self.set(label(frame), (self.get(label(frame)) ?? 0) + 1);
    owners.set(ownerOf(frame), (owners.get(ownerOf(frame)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n)!.callFrame;
      const owner = ownerOf(f);
      if (owner.endsWith('/') && !seen.has(label(f))) {
        seen.add(label(f));
        inclusive.set(label(f), (inclusive.get(label(f)) ?? 0) + 1);
      }
    }
  });
  const pct = (n: number) => `${((100 * n) / counted).toFixed(1).padStart(5)}%`;
  const list = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, count]) => `  ${pct(count)}  ${name}`)
      .join('\n');
  return [
    `${counted} samples under load`,
    `\nself time by package:\n${list(owners, 15)}`,
    `\nself time by function:\n${list(self, top)}`,
    `\ninclusive time, our functions:\n${list(inclusive, top)}`,
  ].join('\n');
}

async function profileServer(storage: string, seconds: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cpu-profile-'));
  try {
    const spawned = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', path.join(import.meta.dirname, 'servers.ts'), 'bot'], {
      env: { ...process.env, STORAGE: storage, DATA_DIR: path.join(dir, 'data') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = String((await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next()).value).trim();
    const load = (duration: number, name: string) =>
      autocannon({
        url,
        method: 'POST',
        connections: 50,
        duration,
        headers: { 'content-type': 'application/json' },
        setupClient: (client) => client.setBody(messageTurn(`profile-${name}-${Math.random().toString(36).slice(2)}`)),
      });
    await load(3, 'warmup');
    const skip = Number(process.hrtime.bigint() - spawned) / 1000;
    const result = await load(seconds, 'measured');
    child.kill('SIGTERM');
    await once(child, 'exit');
    const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('no .cpuprofile written');
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
    if (process.env.KEEP_PROFILE) await import('node:fs/promises').then((fs) => fs.copyFile(path.join(dir, file), process.env.KEEP_PROFILE!));
    return `STORAGE=${storage}: ${result.requests.average.toFixed(0)} turns/s, p99 ${result.latency.p99} ms, load average ${os.loadavg()[0].toFixed(1)}\n${summarise(profile, skip)}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  console.log(await profileServer(process.argv[2] ?? 'memory', Number(process.argv[3] ?? 15)));
}
