// node --import tsx bench/login-burst.bench.ts — bot turn latency (POST /api/messages,
// expectReplies, lowdb storage) before and during a burst of 200 wrong agent passwords from 200
// addresses (behind a trusted proxy, so the per-address limits do not stop them: only the bound on
// concurrent scrypt checks does). Production scrypt cost. Read the ratio, not the milliseconds.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../server/index.js';
import { parseConfig } from '../server/config.js';
import { createLogger } from '../lib/logger.js';
import { hashPassword } from '../handoff/agent-accounts.js';

const TURNS = 30;
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'login-burst-'));
const config = parseConfig({
  PORT: '0',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  TRUST_PROXY: '127.0.0.1',
  AGENT_ACCOUNTS: `alice:${await hashPassword('correct horse battery')}`,
});
const app = await createApp(config, createLogger('silent'));
const url = await app.listen();

async function turn(conversationId: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text: '인증서 갱신하려면?',
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9/unused',
      deliveryMode: 'expectReplies',
      from: { id: 'u' },
      recipient: { id: 'bot' },
      conversation: { id: conversationId },
      locale: 'ko-KR',
    }),
  });
  await response.arrayBuffer();
  return performance.now() - started;
}

async function medianTurn(label: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < TURNS; i += 1) times.push(await turn(`${label}-${i}`));
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/** 200 wrong sign-ins at once, each from its own address; resolves with the answers' statuses. */
async function burstOfGuesses(round: number): Promise<Record<number, number>> {
  const statuses = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      fetch(`${url}/api/agent/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.51.${round}.${i}` },
        body: JSON.stringify({ username: 'alice', password: `guess-${i}` }),
      }).then(
        async (response) => (await response.arrayBuffer(), response.status),
        () => 0,
      ),
    ),
  );
  return statuses.reduce<Record<number, number>>((all, status) => ({ ...all, [status]: (all[status] ?? 0) + 1 }), {});
}

/** Median latency of turns taken one after another while `during` is pending (at least 5). */
async function turnsWhile(label: string, during: Promise<unknown>): Promise<number> {
  let pending = true;
  void during.finally(() => (pending = false));
  const times: number[] = [];
  while (pending || times.length < 5) times.push(await turn(`${label}-${times.length}`));
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

await medianTurn('warm-up');
const rounds: Array<{ quiet: number; burst: number; answers: Record<number, number> }> = [];
for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round += 1) {
  const quiet = await medianTurn(`quiet-${round}`);
  const guesses = burstOfGuesses(round);
  const burst = await turnsWhile(`burst-${round}`, guesses);
  rounds.push({ quiet: Math.round(quiet), burst: Math.round(burst), answers: await guesses });
  console.error(JSON.stringify(rounds.at(-1)));
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const quiet = median(rounds.map((r) => r.quiet));
const burst = median(rounds.map((r) => r.burst));
console.log(JSON.stringify({ rounds, quietMedianMs: quiet, burstMedianMs: burst, ratio: Number((burst / quiet).toFixed(2)) }));
await app.close();
await rm(dataDir, { recursive: true, force: true });
