// npm run bench:replay — time per user turn of `replay --url` against a running server (a child
// process), with the bot's end-of-turn mark and without it (silence), beside a Botium-style client:
// botframework-directlinejs over WebSocket as botium-connector-directline3 drives it (a click is an
// event named after the button; each expected reply is awaited, nothing more). Rounds alternate on
// one server; medians. The machine is shared and noisy: read the ratios, not the absolute numbers.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { DirectLine, ConnectionStatus } from 'botframework-directlinejs';
import { installBrowserGlobals } from '../directline/test-support.js';
import { directLineTarget, type EndOfTurn } from '../qa/replay/direct-line.js';
import { findScripts, loadScript } from '../qa/replay/load.js';
import { mapPool } from '../qa/replay/pool.js';
import { clickablesOf, runScript } from '../qa/replay/runner.js';
import { DEFAULT_NOW, type Script } from '../qa/replay/script.js';
import type { Target } from '../qa/replay/target.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SILENCE_SCRIPTS = 4; // silence costs 250 ms a turn: a few scripts tell the story

/** Scripts a plain Direct Line client can play: typed text and clicks by plain title (no uploads, no regex clicks). */
function benchScripts(): Script[] {
  return (
    findScripts([path.join(import.meta.dirname, '..', 'test', 'transcripts', 'flows')])
      .map(loadScript)
      .flatMap((loaded) => (loaded.ok ? [loaded.script] : []))
      .filter((script) => script.steps.every((step) => step.kind === 'bot' || step.kind === 'user' || (step.kind === 'click' && step.title.kind === 'text')))
      // A queue position (대기 순서 1번째) holds on a server of its own: on this shared one, the tickets
      // earlier scripts left waiting come first.
      .filter((script) => !readFileSync(script.file, 'utf8').includes('대기 순서'))
  );
}

/** Wraps a target so every user turn (not the join) is timed. */
function timed(target: Target, turns: number[]): Target {
  return {
    description: target.description,
    async open(script) {
      const conversation = await target.open(script);
      return {
        async send(activity, files) {
          if (activity.type === 'conversationUpdate') return conversation.send(activity, files);
          const started = performance.now();
          const outcome = await conversation.send(activity, files);
          turns.push(performance.now() - started);
          return outcome;
        },
        close: () => conversation.close(),
      };
    },
  };
}

async function replayTurns(base: string, scripts: Script[], endOfTurn: EndOfTurn): Promise<{ turns: number[]; failed: string[] }> {
  const turns: number[] = [];
  const target = timed(directLineTarget(base, { endOfTurn }), turns);
  const failed: string[] = [];
  for (const script of scripts) {
    const result = await runScript(script, target, { turnTimeoutMs: 15_000 });
    if (!result.passed) failed.push(`${path.relative(process.cwd(), script.file)} (${endOfTurn}): ${result.failures[0]?.label ?? 'failed'}`);
  }
  return { turns, failed };
}

/** One script the way Botium plays a convo: post, then wait for as many bot messages as the script asserts. */
async function botiumStyle(base: string, script: Script, turns: number[]): Promise<void> {
  const { token } = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as { token: string };
  const directLine = new DirectLine({ token, domain: `${base}/v3/directline`, webSocket: true } as never);
  const inbox: Activity[] = [];
  const seen: Activity[] = [];
  let wake = () => {};
  const subscription = directLine.activity$.subscribe((activity: any) => {
    if (activity.type === 'message' && activity.from?.role === 'bot') {
      inbox.push(activity);
      seen.push(activity);
      wake();
    }
  });
  /** A click as Botium sends it: an event named after a button (or chip) of the last card; an older card's button as Web Chat sends it. */
  const click = (title: string) => {
    const last = clickablesOf(seen[seen.length - 1] ?? {});
    if (last.some((button) => button.title === title)) return { type: 'event', name: title };
    const older = [...seen]
      .reverse()
      .flatMap(clickablesOf)
      .find((button) => button.title === title);
    return { type: 'message', ...(older?.activity ?? { text: title }) };
  };
  const waitFor = async (count: number) => {
    const deadline = Date.now() + 15_000;
    while (inbox.length < count) {
      if (Date.now() > deadline) throw new Error(`${script.name}: Botium-style client timed out`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
    inbox.splice(0, count);
  };
  try {
    await new Promise<void>((resolve) => directLine.connectionStatus$.subscribe((status: number) => status === ConnectionStatus.Online && resolve()));
    await waitFor(1); // the welcome card, which every convo of this bot starts with
    const steps = script.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      if (step.kind === 'bot') continue;
      let expected = 0;
      for (let j = i + 1; j < steps.length && steps[j].kind === 'bot'; j++) if (!(steps[j] as { assertion: { none?: boolean } }).assertion.none) expected++;
      const activity =
        step.kind === 'user'
          ? { type: 'message', text: step.text, locale: script.locale, from: { id: 'me' } }
          : { ...click(step.kind === 'click' && step.title.kind === 'text' ? step.title.text : ''), locale: script.locale, from: { id: 'me' } };
      const started = performance.now();
      await new Promise((resolve, reject) => directLine.postActivity(activity as never).subscribe(resolve, reject));
      await waitFor(expected);
      turns.push(performance.now() - started);
    }
  } finally {
    subscription.unsubscribe();
    directLine.end();
  }
}

const UNLIMITED = Object.fromEntries(
  ['RATE_LIMIT_TOKENS', 'RATE_LIMIT_CONVERSATIONS', 'RATE_LIMIT_MESSAGES', 'RATE_LIMIT_CONVERSATION_MESSAGES', 'RATE_LIMIT_UPLOADS', 'RATE_LIMIT_TICKETS'].map(
    (key) => [key, '1000000/1m'],
  ),
);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)] ?? NaN;

async function main(): Promise<void> {
  const restore = installBrowserGlobals();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'servers.ts'), 'bot'], {
    // One benchmark client replays many conversations from one address: lift the per-client limits.
    env: { ...process.env, STORAGE: 'memory', BENCH_NOW: DEFAULT_NOW.toISOString(), BENCH_AGENT_ON_SHIFT: '1', ...UNLIMITED },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    const base = chunk
      .toString()
      .trim()
      .replace(/\/api\/messages$/, '');
    const scripts = benchScripts();
    const turns = { marked: [] as number[], silence: [] as number[], botium: [] as number[] };
    const medians = { marked: [] as number[], silence: [] as number[], botium: [] as number[] };
    const failed: string[] = [];
    await replayTurns(base, scripts.slice(0, 2), 'marked'); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const marked = await replayTurns(base, scripts, 'marked');
      const botium: number[] = [];
      for (const script of scripts) await botiumStyle(base, script, botium);
      const silence = await replayTurns(base, scripts.slice(0, SILENCE_SCRIPTS), 'silence');
      failed.push(...marked.failed, ...silence.failed);
      for (const [key, values] of [
        ['marked', marked.turns],
        ['silence', silence.turns],
        ['botium', botium],
      ] as const) {
        turns[key].push(...values);
        medians[key].push(median(values));
      }
    }
    const throughput = async (concurrency: number) => {
      const started = performance.now();
      const target = directLineTarget(base);
      await mapPool(scripts, concurrency, (script) => runScript(script, target, { turnTimeoutMs: 15_000 }));
      return scripts.length / ((performance.now() - started) / 1000);
    };
    const one = await throughput(1);
    const four = await throughput(4);

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const rows = [
      ['replay --url, end of turn marked', turns.marked],
      ['replay --url, end of turn by silence (250 ms)', turns.silence],
      ['Botium-style client (directlinejs, WebSocket)', turns.botium],
    ] as const;
    console.log(
      `${scripts.length} scripts (test/transcripts/flows without uploads), ${ROUNDS} alternating rounds; user turns timed from the POST to the turn's last reply`,
    );
    console.log('| client | user turns | per turn, median | p90 |');
    console.log('|---|---|---|---|');
    for (const [name, values] of rows) console.log(`| ${name} | ${values.length} | ${ms(median(values))} | ${ms(p90(values))} |`);
    console.log(
      `\nmedian of round medians: marked ${ms(median(medians.marked))}, silence ${ms(median(medians.silence))}, Botium-style ${ms(median(medians.botium))}`,
    );
    console.log(
      `ratios (per turn): marked/silence ${(median(turns.marked) / median(turns.silence)).toFixed(2)}, marked/Botium-style ${(median(turns.marked) / median(turns.botium)).toFixed(2)}`,
    );
    console.log(`throughput, marked: ${one.toFixed(1)} scripts/s one at a time, ${four.toFixed(1)} scripts/s with 4 in parallel`);
    // A replay that fails measures something else than the turn it names: the figures are not reported as good.
    if (failed.length > 0) {
      console.error(`${failed.length} replays failed:\n${[...new Set(failed)].join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    child.kill();
    restore();
  }
}

await main();
process.exit(0);
